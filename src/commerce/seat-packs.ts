import type { EntityManager } from 'typeorm';
import { ErrorCode, invalidInput, UserFailure } from '../common/errors';
import { formatMoney } from '../common/money';
import type { Transaction } from '../kernel/transaction';
import { accounts } from './ledger';
import { insertOrder } from './order-records';
import { nowFor } from '../kernel/clock';
import { settleOrderPaid, SettleServices } from './order-settlement';
import { OrderEntity, OrderKind } from './order.entity';
import { wholesaleSplit } from './wholesale-split';

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
 * the organization's pool (partners react to OrderPaid), and the partner
 * gets `order.paid`. Assigning a
 * seat uses one; revoking frees it for someone else and refunds nothing;
 * only a refund of the pack (admins) gives money back and takes its seats
 * out of the pool.
 */
export const MAX_SEATS = 1_000_000;
/** One pack's total stays within a 32-bit order total (buy larger pools in several packs). */
export const MAX_PACK_AMOUNT = 1_000_000_000;

export interface OrganizationRef {
  id: string;
  partnerId: string | null;
  /** The partner's commission in basis points (0 for an organization Knowpay sells to directly). */
  commissionBps: number;
}

export async function buySeatPack(
  services: SettleServices,
  tx: Transaction,
  org: OrganizationRef,
  seats: number,
  field: string[],
): Promise<{ order: OrderEntity; firstCourseId: string }> {
  const { manager } = tx;
  if (!Number.isInteger(seats) || seats < 1 || seats > MAX_SEATS) throw invalidInput(`A seat pack is 1 to ${MAX_SEATS} seats.`, field);
  const [{ seats_total: pool }]: Array<{ seats_total: number }> = await manager.query('SELECT seats_total FROM organizations WHERE id = $1 FOR NO KEY UPDATE', [
    org.id,
  ]);
  if (pool + seats > MAX_SEATS) throw invalidInput(`An organization holds at most ${MAX_SEATS} seats; it has ${pool}.`, field);
  const courses: Array<{ id: string; creator_id: string; title: string; price_amount: number | null; price_currency: string | null }> = await manager.query(
    `SELECT c.id, c.creator_id, c.title, c.price_amount, c.price_currency FROM organization_courses oc JOIN courses c ON c.id = oc.course_id
      WHERE oc.organization_id = $1 ORDER BY c.created_at, c.id`,
    [org.id],
  );
  const currencies = [...new Set(courses.filter((c) => c.price_amount != null).map((c) => c.price_currency!))];
  if (currencies.length > 1)
    throw invalidInput(`This organization's courses are priced in ${currencies.join(' and ')}; one pack is paid in one currency.`, field);
  const currency = currencies[0] ?? 'CNY';
  const lines = courses.map((course) => {
    const list = { amount: course.price_amount ?? 0, currency };
    const { commission } = wholesaleSplit(list, org.commissionBps);
    return {
      courseId: course.id,
      creatorId: course.creator_id,
      description: `${course.title}: ${seats} seat${seats === 1 ? '' : 's'}`,
      unitAmount: list.amount,
      quantity: seats,
      discountAmount: commission.amount * seats,
    };
  });
  const total = lines.reduce((sum, line) => sum + line.unitAmount * line.quantity - line.discountAmount, 0);
  if (total > MAX_PACK_AMOUNT) {
    throw invalidInput(
      `One pack is at most ${formatMoney({ amount: MAX_PACK_AMOUNT, currency })}; this one would be ${formatMoney({ amount: total, currency })}. Buy the seats in several packs.`,
      field,
    );
  }
  const order = (await insertOrder(manager, {
    kind: OrderKind.SEAT_PACK,
    createdAt: nowFor(services),
    buyerId: null,
    currency,
    partnerId: org.partnerId,
    organizationId: org.id,
    lines,
  }))!;
  const funding = org.partnerId ? accounts.partnerReceivable(org.partnerId) : accounts.organizationReceivable(org.id);
  await settleOrderPaid(services, tx, order.id, funding);
  return { order: await manager.getRepository(OrderEntity).findOneByOrFail({ id: order.id }), firstCourseId: courses[0].id };
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
  const [org]: Array<{ seats_total: number; seats_used: number }> = await manager.query('SELECT seats_total, seats_used FROM organizations WHERE id = $1', [
    order.organizationId,
  ]);
  const seats = amount / perSeat;
  if (org.seats_total - seats < org.seats_used) {
    throw new UserFailure(
      ErrorCode.REFUND_NOT_ALLOWED,
      `Refunding ${seats} seat(s) would leave fewer seats than the ${org.seats_used} in use; revoke seats first.`,
      field,
    );
  }
}

/** Seats a pack's refund takes out of the pool: whole seats of `amount`. */
export async function seatsRefunded(manager: EntityManager, order: OrderEntity, amount: number): Promise<number> {
  const { perSeat } = await packSeats(manager, order);
  return perSeat > 0 ? Math.floor(amount / perSeat) : 0;
}
