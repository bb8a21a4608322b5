import { defineJob } from '../jobs/job-queue';
import { inTransaction, Transaction } from '../kernel/transaction';
import { lockById } from '../db/row-locks';
import { nowFor } from '../kernel/clock';
import type { AppServices } from '../kernel/context';
import { MembershipPlanEntity, BillingInterval } from './membership-plan.entity';
import { MembershipEntity, MembershipStatus } from './membership.entity';
import type { OrderEntity } from './order.entity';
import type { SettleServices } from './order-settlement';
import { BillingCustomerEntity } from './payment.entity';
import { orderPaymentFailed } from './order-settlement';
import { finishPaymentStart, reservePayment } from './payments/payment-start';
import { createMembershipOrder } from './membership-orders';
import { scheduleRenewalReminder } from './renewal-reminder';

/**
 * Membership billing as durable jobs: a renewal job per period end (enqueued
 * with the period, in the same transaction), a retry job per failed renewal,
 * and a sweep every five minutes that catches anything due (after an outage,
 * say). Each handler re-reads the membership under a row lock and does
 * nothing when the state moved on, so duplicates and stale jobs are harmless.
 */

/** The next period end: calendar months and years, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addInterval(from: Date, interval: BillingInterval): Date {
  const next = new Date(from.getTime());
  const day = next.getUTCDate();
  next.setUTCDate(1);
  if (interval === BillingInterval.YEAR) next.setUTCFullYear(next.getUTCFullYear() + 1);
  else next.setUTCMonth(next.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, lastDay));
  return next;
}

export const membershipTopic = (userId: string) => `memberships:${userId}`;

function lockMembership(tx: Transaction, id: string): Promise<MembershipEntity | null> {
  return lockById(tx.manager, MembershipEntity, id);
}

export async function scheduleRenewal(
  services: Pick<AppServices, 'jobs' | 'config'>,
  tx: Transaction,
  membership: { id: string; currentPeriodEnd: Date },
): Promise<void> {
  await scheduleRenewalReminder(services, tx, membership);
  const periodEnd = membership.currentPeriodEnd.toISOString();
  await services.jobs.enqueue(
    renewMembership,
    { membershipId: membership.id, periodEnd },
    { manager: tx.manager, startAfter: membership.currentPeriodEnd, singletonKey: `${membership.id}:${periodEnd}` },
  );
}

/** A membership order was paid: the membership is ACTIVE through the order's period. */
export async function membershipPaid(services: SettleServices, tx: Transaction, order: OrderEntity): Promise<void> {
  const membership = await lockMembership(tx, order.membershipId!);
  if (!membership) return;
  if (membership.status === MembershipStatus.CANCELED || membership.status === MembershipStatus.EXPIRED) {
    services.logger.warn(`order ${order.code} was paid after membership ${membership.id} ended (${membership.status}); refund it from the admin panel`);
    return;
  }
  const periodEnd = order.periodEnd! > membership.currentPeriodEnd ? order.periodEnd! : membership.currentPeriodEnd;
  const periodStart = order.periodStart!;
  await tx.manager.query(
    `UPDATE memberships SET status = 'ACTIVE', current_period_start = $2, current_period_end = $3, past_due_since = NULL,
            renewal_attempts = 0, updated_at = now() WHERE id = $1`,
    [membership.id, periodStart, periodEnd],
  );
  await scheduleRenewal(services, tx, { id: membership.id, currentPeriodEnd: periodEnd });
  tx.afterCommit(() => services.pubsub.publish(membershipTopic(membership.userId), { membershipId: membership.id }));
}

/** A renewal charge failed: PAST_DUE with a retry later, or EXPIRED once the retries are used up. */
export async function membershipPaymentFailed(services: SettleServices, tx: Transaction, order: OrderEntity, reason: string): Promise<void> {
  const membership = await lockMembership(tx, order.membershipId!);
  if (!membership) return;
  if (membership.status === MembershipStatus.INCOMPLETE) return; // the first payment: the learner retries it client-side
  if (![MembershipStatus.ACTIVE, MembershipStatus.TRIALING, MembershipStatus.PAST_DUE].includes(membership.status)) return;
  const attempts = membership.renewalAttempts + 1;
  const { renewalRetries, renewalRetrySeconds } = services.config.commerce;
  if (attempts > renewalRetries) {
    await tx.manager.query(`UPDATE memberships SET status = 'EXPIRED', renewal_attempts = $2, ended_at = now(), updated_at = now() WHERE id = $1`, [
      membership.id,
      attempts,
    ]);
    services.logger.info(`membership ${membership.id} expired after ${attempts} failed renewal attempts (${reason})`);
  } else {
    await tx.manager.query(
      `UPDATE memberships SET status = 'PAST_DUE', past_due_since = coalesce(past_due_since, now()), renewal_attempts = $2, updated_at = now() WHERE id = $1`,
      [membership.id, attempts],
    );
    await services.jobs.enqueue(
      retryRenewal,
      { membershipId: membership.id, orderId: order.id, attempt: attempts },
      { manager: tx.manager, startAfter: new Date(Date.now() + renewalRetrySeconds * 1000), singletonKey: `${order.id}:${attempts}` },
    );
  }
  tx.afterCommit(() => services.pubsub.publish(membershipTopic(membership.userId), { membershipId: membership.id }));
}

/**
 * Reserves the charge of the saved card for a renewal order, in the
 * caller's transaction; with no saved card the attempt fails at once (and
 * is retried). The provider is called after the commit (finishPaymentStart),
 * with an idempotency key per order and attempt, so a duplicate job charges
 * once.
 */
async function reserveRenewalCharge(services: AppServices, tx: Transaction, orderId: string, attempt: number): Promise<string | null> {
  const order = await tx.manager.query(
    `SELECT id, buyer_id, total_amount, currency, code FROM orders WHERE id = $1 AND status IN ('PENDING_PAYMENT', 'FAILED')`,
    [orderId],
  );
  if (!order.length) return null;
  const [row] = order as Array<{ id: string; buyer_id: string; total_amount: number; currency: string; code: string }>;
  const customer = await tx.manager.getRepository(BillingCustomerEntity).findOneBy({ userId: row.buyer_id, provider: services.payments.name });
  if (!customer?.defaultPaymentMethod) {
    await orderPaymentFailed(services, tx, row.id, 'no saved payment method');
    return null;
  }
  return reservePayment(services, tx, {
    userId: row.buyer_id,
    customerRef: customer.customerRef,
    amount: row.total_amount,
    currency: row.currency,
    description: `Knowpay membership renewal ${row.code}`,
    orderId: row.id,
    idempotencyKey: `order:${row.id}:attempt:${attempt}`,
    offSessionPaymentMethod: customer.defaultPaymentMethod,
  });
}

/** At a period end: end a canceled membership, or open the next period's order and charge it. */
export const renewMembership = defineJob<{ membershipId: string; periodEnd: string }>({
  name: 'membership.renew',
  retryLimit: 10,
  async handle({ membershipId, periodEnd }, services) {
    const paymentId = await inTransaction(services, async (tx) => {
      const membership = await lockMembership(tx, membershipId);
      if (!membership || membership.currentPeriodEnd.toISOString() !== periodEnd || membership.currentPeriodEnd.getTime() > nowFor(services).getTime())
        return null;
      if (membership.cancelAtPeriodEnd || membership.status === MembershipStatus.INCOMPLETE) {
        if (![MembershipStatus.ACTIVE, MembershipStatus.TRIALING, MembershipStatus.INCOMPLETE].includes(membership.status)) return null;
        await tx.manager.query(`UPDATE memberships SET status = 'CANCELED', ended_at = now(), updated_at = now() WHERE id = $1`, [membership.id]);
        tx.afterCommit(() => services.pubsub.publish(membershipTopic(membership.userId), { membershipId: membership.id }));
        return null;
      }
      if (![MembershipStatus.ACTIVE, MembershipStatus.TRIALING].includes(membership.status)) return null;
      const plan = await tx.manager.getRepository(MembershipPlanEntity).findOneByOrFail({ id: membership.planId });
      const start = membership.currentPeriodEnd;
      const end = addInterval(start, plan.interval);
      const orderId = await createMembershipOrder(tx, { membership, plan, periodStart: start, periodEnd: end });
      return reserveRenewalCharge(services, tx, orderId, 0);
    });
    await finishPaymentStart(services, paymentId);
  },
});

export const retryRenewal = defineJob<{ membershipId: string; orderId: string; attempt: number }>({
  name: 'membership.retry-renewal',
  retryLimit: 10,
  async handle({ membershipId, orderId, attempt }, services) {
    const paymentId = await inTransaction(services, async (tx) => {
      const membership = await lockMembership(tx, membershipId);
      if (!membership || membership.status !== MembershipStatus.PAST_DUE || membership.renewalAttempts !== attempt) return null;
      return reserveRenewalCharge(services, tx, orderId, attempt);
    });
    await finishPaymentStart(services, paymentId);
  },
});

/** Every five minutes: enqueue renewals that are due but have no job (belt and braces after outages). */
export const sweepMemberships = defineJob<Record<string, never>>({
  name: 'membership.sweep',
  schedule: '*/5 * * * *',
  async handle(_data, services) {
    const due: Array<{ id: string; current_period_end: Date }> = await services.db.query(
      `SELECT id, current_period_end FROM memberships WHERE status IN ('INCOMPLETE', 'TRIALING', 'ACTIVE') AND current_period_end <= now() LIMIT 1000`,
    );
    for (const m of due) {
      const periodEnd = new Date(m.current_period_end).toISOString();
      await services.jobs.enqueue(renewMembership, { membershipId: m.id, periodEnd }, { singletonKey: `${m.id}:${periodEnd}` });
    }
  },
});
