import type { Transaction } from '../kernel/transaction';
import type { MembershipPlanEntity } from './membership-plan.entity';
import type { MembershipEntity } from './membership.entity';
import { OrderKind } from './order.entity';
import { insertOrder } from './order-records';

/** The order for one membership period; the same period always yields the same order. */
export async function createMembershipOrder(
  tx: Transaction,
  { membership, plan, periodStart, periodEnd }: { membership: MembershipEntity; plan: MembershipPlanEntity; periodStart: Date; periodEnd: Date },
): Promise<string> {
  const order = await insertOrder(tx.manager, {
    kind: OrderKind.MEMBERSHIP,
    buyerId: membership.userId,
    currency: plan.priceCurrency,
    membershipId: membership.id,
    periodStart,
    periodEnd,
    lines: [
      {
        planId: plan.id,
        creatorId: plan.creatorId,
        description: `${plan.name} (${plan.interval === 'YEAR' ? 'yearly' : 'monthly'})`,
        unitAmount: plan.priceAmount,
      },
    ],
  });
  if (order) return order.id;
  const [existing] = await tx.manager.query('SELECT id FROM orders WHERE membership_id = $1 AND period_start = $2', [membership.id, periodStart]);
  return existing.id;
}
