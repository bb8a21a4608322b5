import type { EntityManager } from 'typeorm';
import { accounts } from '../commerce/ledger';
import { insertOrder } from '../commerce/order-records';
import { settleOrderPaid, SettleServices } from '../commerce/order-settlement';
import { OrderEntity, OrderKind, OrderLineEntity } from '../commerce/order.entity';
import { ErrorCode, invalidInput, UserFailure } from '../common/errors';
import { toGlobalId } from '../common/global-id';
import { formatMoney } from '../common/money';
import type { Transaction } from '../kernel/transaction';
import { PartnerEntity } from './partner.entity';
import { recordPartnerEvent } from './webhook-events';
import { orderData } from './webhook-payloads';
import { wholesaleSplit } from './wholesale-price';

/**
 * Seats are bought in packs. A pack of N seats is one SEAT_PACK order with
 * a line per course of the organization: the course's price for a partner's
 * organization is the partner's wholesale price (list price less the
 * partner's commission, as in partner sales), for an organization Knowpay
 * sells to directly the list price; each line's quantity is N. A seat is a
 * person who may open any of the organization's courses, so one seat costs
 * the sum of those prices.
 *
 * The pack settles through the one settlement path at once, in the
 * transaction that creates it: the partner's receivable (or the
 * organization's, invoiced) is debited with the total and the creators'
 * and the platform's shares are credited, the pack's seats are added to
 * the organization's pool, and the partner gets `order.paid`. Assigning a
 * seat uses one; revoking frees it for someone else and refunds nothing;
 * only a refund of the pack (admins) gives money back and takes its seats
 * out of the pool.
 */
export const MAX_SEATS = 1_000_000;
/** One pack's total stays within a 32-bit order total (buy larger pools in several packs). */
export const MAX_PACK_AMOUNT = 1_000_000_000;

interface OrganizationRef {
  id: string;
  partnerId: string | null;
}

export async function buySeatPack(services: SettleServices, tx: Transaction, org: OrganizationRef, seats: number, field: string[]): Promise<OrderEntity> {
  const { manager } = tx;
  if (!Number.isInteger(seats) || seats < 1 || seats > MAX_SEATS) throw invalidInput(`A seat pack is 1 to ${MAX_SEATS} seats.`, field);
  const [{ seats_total: pool }]: Array<{ seats_total: number }> = await manager.query('SELECT seats_total FROM organizations WHERE id = $1 FOR NO KEY UPDATE', [org.id]);
  if (pool + seats > MAX_SEATS) throw invalidInput(`An organization holds at most ${MAX_SEATS} seats; it has ${pool}.`, field);
  const courses: Array<{ id: string; creator_id: string; title: string; price_amount: number | null; price_currency: string | null }> = await manager.query(
    `SELECT c.id, c.creator_id, c.title, c.price_amount, c.price_currency FROM organization_courses oc JOIN courses c ON c.id = oc.course_id
      WHERE oc.organization_id = $1 ORDER BY c.created_at, c.id`, [org.id]);
  const currencies = [...new Set(courses.filter((c) => c.price_amount != null).map((c) => c.price_currency!))];
  if (currencies.length > 1) throw invalidInput(`This organization's courses are priced in ${currencies.join(' and ')}; one pack is paid in one currency.`, field);
  const currency = currencies[0] ?? 'CNY';
  const commissionBps = org.partnerId ? (await manager.getRepository(PartnerEntity).findOneByOrFail({ id: org.partnerId })).commissionBps : 0;
  const lines = courses.map((course) => {
    const list = { amount: course.price_amount ?? 0, currency };
    const { commission } = wholesaleSplit(list, commissionBps);
    return { courseId: course.id, creatorId: course.creator_id, description: `${course.title}: ${seats} seat${seats === 1 ? '' : 's'}`,
      unitAmount: list.amount, quantity: seats, discountAmount: commission.amount * seats };
  });
  const total = lines.reduce((sum, line) => sum + line.unitAmount * line.quantity - line.discountAmount, 0);
  if (total > MAX_PACK_AMOUNT) {
    throw invalidInput(`One pack is at most ${formatMoney({ amount: MAX_PACK_AMOUNT, currency })}; this one would be ${formatMoney({ amount: total, currency })}. Buy the seats in several packs.`, field);
  }
  const order = (await insertOrder(manager, { kind: OrderKind.SEAT_PACK, buyerId: null, currency, partnerId: org.partnerId, organizationId: org.id, lines }))!;
  const funding = org.partnerId ? accounts.partnerReceivable(org.partnerId) : accounts.organizationReceivable(org.id);
  await settleOrderPaid(services, tx, order.id, funding);
  const paid = await manager.getRepository(OrderEntity).findOneByOrFail({ id: order.id });
  if (org.partnerId) {
    await recordPartnerEvent(services.jobs, manager, {
      partnerId: org.partnerId, type: 'order.paid', subjectId: paid.id,
      data: { order: { ...orderData(paid, courses[0].id), organizationId: toGlobalId('Organization', org.id), seats } },
    });
  }
  return paid;
}

/** Settlement of a pack (order-settlement.ts): its seats join the pool. */
export async function seatPackPaid(tx: Transaction, order: OrderEntity, lines: OrderLineEntity[]): Promise<void> {
  await tx.manager.query('UPDATE organizations SET seats_total = seats_total + $2 WHERE id = $1', [order.organizationId, lines[0]?.quantity ?? 0]);
}

async function packSeats(manager: EntityManager, order: OrderEntity): Promise<{ seats: number; perSeat: number }> {
  const [line]: Array<{ quantity: number }> = await manager.query('SELECT quantity FROM order_lines WHERE order_id = $1 ORDER BY position LIMIT 1', [order.id]);
  const seats = line?.quantity ?? 0;
  return { seats, perSeat: seats ? order.totalAmount / seats : 0 };
}

/** A refund of a pack gives back whole seats that nobody holds: the amount is a multiple of one seat's price. */
export async function assertSeatPackRefundable(manager: EntityManager, order: OrderEntity, amount: number, field: string[]): Promise<void> {
  const { perSeat } = await packSeats(manager, order);
  if (perSeat <= 0 || amount % perSeat !== 0) {
    throw invalidInput(`A seat pack is refunded by whole seats: a multiple of ${formatMoney({ amount: perSeat, currency: order.currency })}.`, field);
  }
  const [org]: Array<{ seats_total: number; seats_used: number }> = await manager.query('SELECT seats_total, seats_used FROM organizations WHERE id = $1', [order.organizationId]);
  const seats = amount / perSeat;
  if (org.seats_total - seats < org.seats_used) {
    throw new UserFailure(ErrorCode.REFUND_NOT_ALLOWED, `Refunding ${seats} seat(s) would leave fewer seats than the ${org.seats_used} in use; revoke seats first.`, field);
  }
}

/** Settlement of a pack's refund: its seats leave the pool (never below the seats in use). */
export async function seatPackRefunded(tx: Transaction, order: OrderEntity, amount: number): Promise<void> {
  const { perSeat } = await packSeats(tx.manager, order);
  const seats = perSeat > 0 ? Math.floor(amount / perSeat) : 0;
  const [, changed]: [unknown[], number] = await tx.manager.query(
    'UPDATE organizations SET seats_total = seats_total - $2 WHERE id = $1 AND seats_total - $2 >= seats_used RETURNING id', [order.organizationId, seats]);
  if (!changed) throw new UserFailure(ErrorCode.REFUND_NOT_ALLOWED, `The organization now uses more seats than would be left after refunding ${seats}; revoke seats first.`, ['id']);
}
