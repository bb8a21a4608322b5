import { recordAudit } from '../audit/audit-log';
import { mailRefundRejected } from './commerce-mail';
import { requireRole, requireUser } from '../common/auth-checker';
import { ErrorCode, invalidInput, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { formatMoney, parsePrice } from '../common/money';
import { inTransaction } from '../kernel/transaction';
import { nowFor } from '../kernel/clock';
import { lockById } from '../db/row-locks';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import type { RequestRefundInput } from './refund.types';
import { lockOrder } from './order-settlement';
import { OrderKind, OrderStatus } from './order.entity';
import { assertSeatPackRefundable } from './seat-packs';
import { processRefund, processRefundJob } from './refund-processing';
import { settleRefund } from './refund-settlement';
import { RefundEntity, RefundStatus } from './refund.entity';

const MAX_REASON = 1000;

/**
 * The refund policy: within REFUND_WINDOW_DAYS of payment, and only while
 * the learner has completed less than REFUND_MAX_PROGRESS_PERCENT of the
 * order's lessons (those that count: archived lessons are out of both
 * sides, as in completed_lesson_count). Admins may refund outside it.
 */
async function assertRefundPolicy(ctx: DomainContext, order: { id: string; paidAt: Date | null; buyerId: string | null }): Promise<void> {
  const { refundWindowDays, refundMaxProgressPercent } = ctx.config.commerce;
  const paidAt = order.paidAt?.getTime() ?? 0;
  if (nowFor(ctx).getTime() - paidAt > refundWindowDays * 86_400_000) {
    throw new UserFailure(ErrorCode.REFUND_NOT_ALLOWED, `Refunds are possible within ${refundWindowDays} days of payment.`, ['input', 'orderId']);
  }
  const [progress]: Array<{ done: string; total: string }> = await ctx.db.query(
    `SELECT coalesce(sum(e.completed_lesson_count), 0) AS done,
            (SELECT count(*) FROM lessons l JOIN sections s ON s.id = l.section_id JOIN order_lines ol ON ol.course_id = s.course_id
              WHERE ol.order_id = $1 AND l.archived_at IS NULL) AS total
       FROM enrollments e JOIN order_lines ol ON ol.course_id = e.course_id AND ol.order_id = $1 WHERE e.user_id = $2`,
    [order.id, order.buyerId],
  );
  const total = Number(progress?.total ?? 0);
  if (total > 0 && (Number(progress.done) * 100) / total >= refundMaxProgressPercent) {
    throw new UserFailure(ErrorCode.REFUND_NOT_ALLOWED, `Refunds are possible until you have completed ${refundMaxProgressPercent}% of the lessons.`, [
      'input',
      'orderId',
    ]);
  }
}

export async function requestRefund(ctx: DomainContext, input: RequestRefundInput): Promise<RefundEntity> {
  const user = requireUser(ctx);
  const orderId = idOfType(input.orderId, 'Order');
  if (!orderId) throw invalidInput('Not an Order ID.', ['input', 'orderId']);
  const reason = (input.reason ?? '').trim();
  if (reason.length < 3 || [...reason].length > MAX_REASON) throw invalidInput(`Give a reason of 3 to ${MAX_REASON} characters.`, ['input', 'reason']);
  const isAdmin = user.roles.includes(Role.ADMIN);
  return inTransaction(ctx, async ({ manager }) => {
    const order = await lockOrder(manager, orderId);
    if (!order || (order.buyerId !== user.id && !isAdmin)) throw notFound('There is no such order.', ['input', 'orderId']);
    if (order.status !== OrderStatus.PAID && order.status !== OrderStatus.PARTIALLY_REFUNDED) {
      throw new UserFailure(ErrorCode.REFUND_NOT_ALLOWED, `Only paid orders can be refunded; this one is ${order.status}.`, ['input', 'orderId']);
    }
    const [{ open }]: Array<{ open: string }> = await manager.query(
      `SELECT coalesce(sum(amount), 0) AS open FROM refunds WHERE order_id = $1 AND status IN ('REQUESTED', 'APPROVED', 'PROCESSING')`,
      [order.id],
    );
    const refundable = order.totalAmount - order.refundedAmount - Number(open);
    if (refundable <= 0)
      throw new UserFailure(ErrorCode.REFUND_NOT_ALLOWED, 'Nothing is left to refund on this order (a request may already be open).', ['input', 'orderId']);
    let amount = refundable;
    if (input.amount) {
      const requested = parsePrice(input.amount, ['input', 'amount']);
      if (requested.currency !== order.currency) throw invalidInput(`This order was paid in ${order.currency}.`, ['input', 'amount', 'currency']);
      if (requested.amount > refundable) {
        throw invalidInput(`At most ${formatMoney({ amount: refundable, currency: order.currency })} can be refunded on this order.`, [
          'input',
          'amount',
          'amount',
        ]);
      }
      amount = requested.amount;
    }
    if (order.kind === OrderKind.SEAT_PACK) await assertSeatPackRefundable(manager, order, amount, ['input', 'amount']);
    if (!isAdmin) await assertRefundPolicy(ctx, order);
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO refunds (order_id, requested_by, amount, currency, reason, status) VALUES ($1, $2, $3, $4, $5, 'REQUESTED') RETURNING id`,
      [order.id, user.id, amount, order.currency, reason],
    );
    return manager.getRepository(RefundEntity).findOneByOrFail({ id: row.id });
  });
}

/**
 * Admins approve or reject. Approval commits APPROVED with a durable job
 * that pays the money back through the provider (refund-processing.ts:
 * PROCESSING, retried, then SETTLED by the provider's event or FAILED); the
 * same request runs the first attempt right after the commit, so with the
 * test provider the refund comes back SETTLED. An order no provider was
 * paid through (a partner sale, a seat pack: the partner or organization
 * owes it) settles in the approving transaction, lowering what it owes.
 */
export async function resolveRefund(ctx: DomainContext, refundGlobalId: string, approve: boolean, note: string | null | undefined): Promise<RefundEntity> {
  const user = requireRole(ctx, Role.ADMIN, 'Only admins decide refunds.');
  const id = idOfType(refundGlobalId, 'Refund');
  if (!id) throw invalidInput('Not a Refund ID.', ['id']);
  if (note && [...note].length > MAX_REASON) throw invalidInput(`A note is at most ${MAX_REASON} characters.`, ['note']);
  const throughProvider = await inTransaction(ctx, async (tx) => {
    const refund = await lockById(tx.manager, RefundEntity, id);
    if (!refund) throw notFound('There is no such refund.', ['id']);
    if (refund.status !== RefundStatus.REQUESTED) throw new UserFailure(ErrorCode.CONFLICT, `This refund was already decided (${refund.status}).`, ['id']);
    const order = (await lockOrder(tx.manager, refund.orderId))!;
    const owedByPartner = order.partnerId !== null || order.organizationId !== null;
    if (approve && !owedByPartner) {
      const [payment]: Array<{ id: string } | undefined> = await tx.manager.query(
        `SELECT id FROM payments WHERE order_id = $1 AND status = 'SUCCEEDED' LIMIT 1`,
        [refund.orderId],
      );
      if (!payment) throw new UserFailure(ErrorCode.REFUND_NOT_ALLOWED, 'This order has no captured payment to refund.', ['id']);
    }
    await tx.manager.query('UPDATE refunds SET status = $2, resolved_by = $3, resolution_note = $4, resolved_at = now() WHERE id = $1', [
      refund.id,
      approve ? RefundStatus.APPROVED : RefundStatus.REJECTED,
      user.id,
      note?.trim() || null,
    ]);
    await recordAudit(tx.manager, {
      actorId: user.id,
      action: approve ? 'refund.approve' : 'refund.reject',
      subjectType: 'Refund',
      subjectId: refund.id,
      data: { orderId: refund.orderId, amount: refund.amount, currency: refund.currency, note: note?.trim() || null },
    });
    if (!approve) {
      await mailRefundRejected(ctx, tx.manager, refund, note?.trim() || null);
      return false;
    }
    if (owedByPartner) {
      await settleRefund(ctx, tx, refund.id);
      return false;
    }
    await ctx.jobs.enqueue(processRefundJob, { refundId: refund.id }, { manager: tx.manager, startAfter: new Date(Date.now() + 2_000) });
    return true;
  });
  if (throughProvider) {
    // The approval is committed and its job queued: a failure of this first attempt is the job's to retry.
    await processRefund(ctx, id).catch((error) =>
      ctx.logger.warn(`refund ${id}: first attempt failed; its job retries it`, error instanceof Error ? error.message : error),
    );
  }
  return ctx.db.getRepository(RefundEntity).findOneByOrFail({ id });
}
