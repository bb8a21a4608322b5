import type { Transaction } from '../kernel/transaction';
import { lockById } from '../db/row-locks';
import { accounts, Account, postJournal } from './ledger';
import { splitShare } from '../common/money';
import { nowFor } from '../kernel/clock';
import type { SettleServices } from './order-settlement';
import { TipEntity } from './tip.entity';
import { OrderStatus } from './order.entity';

export const tipsTopic = (creatorId: string) => `tips:${creatorId}`;

async function lockTip(tx: Transaction, tipId: string): Promise<TipEntity> {
  const tip = await lockById(tx.manager, TipEntity, tipId);
  if (!tip) throw new Error(`tip ${tipId} vanished`);
  return tip;
}

/** The tip's money arrived: PAID, the creator's share booked, the creator told after commit. */
export async function settleTipPaid(services: SettleServices, tx: Transaction, tipId: string, funding: Account): Promise<string> {
  const tip = await lockTip(tx, tipId);
  if (tip.status === OrderStatus.PAID) return 'already paid';
  const paidAt = nowFor(services);
  await tx.manager.query(`UPDATE tips SET status = 'PAID', paid_at = $2 WHERE id = $1`, [tip.id, paidAt]);
  const { share, rest } = splitShare(tip.amount, services.config.commerce.tipCreatorShareBps);
  await postJournal(tx.manager, {
    kind: 'TIP',
    tipId: tip.id,
    currency: tip.currency,
    memo: `tip ${tip.id}`,
    postedAt: paidAt,
    postings: [
      { account: funding, amount: tip.amount },
      { account: accounts.creatorPayable(tip.creatorId), amount: -share, creatorId: tip.creatorId },
      { account: accounts.platformRevenue(), amount: -rest, creatorId: tip.creatorId },
    ],
  });
  tx.afterCommit(() => services.pubsub.publish(tipsTopic(tip.creatorId), { tipId: tip.id }));
  return 'paid';
}

export async function tipPaymentFailed(tx: Transaction, tipId: string, status: OrderStatus.FAILED | OrderStatus.CANCELED): Promise<string> {
  const tip = await lockTip(tx, tipId);
  if (tip.status === OrderStatus.PAID) return `ignored: tip is ${tip.status}`;
  await tx.manager.query('UPDATE tips SET status = $2 WHERE id = $1', [tip.id, status]);
  return status.toLowerCase();
}
