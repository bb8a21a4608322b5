import { recordScreening, screenContent, visibilityFor } from '../kernel/screening';
import { CourseEntity, CourseStatus } from '../catalog/course.entity';
import { CreatorEntity } from '../catalog/creator.entity';
import { requireUser } from '../common/auth-checker';
import { invalidInput, notFound } from '../common/errors';
import { idOfType } from '../common/global-id';
import { majorUnits, parseAmountWithin } from '../common/money';
import { inTransaction } from '../kernel/transaction';
import type { DomainContext } from '../kernel/context';
import type { SendTipInput } from './commerce.types';
import { claimIdempotencyKey, storeIdempotentResult, validateIdempotencyKey } from './idempotency';
import { billingCustomerFor, finishPaymentStart, PaymentSessionView, paymentSessionById, reservePayment } from './payments/payment-start';
import { TipEntity } from './tip.entity';

const MAX_MESSAGE = 500;

/** A tip is at least one unit of the currency (100 for yen and won) and at most 5,000 units (500,000 for yen and won). */
export function tipBounds(currency: string): { min: number; max: number } {
  const zeroDecimal = majorUnits(currency, 1) === 1;
  return zeroDecimal ? { min: 100, max: 500_000 } : { min: majorUnits(currency, 1), max: majorUnits(currency, 5_000) };
}

export interface SentTip {
  tip: TipEntity;
  payment: PaymentSessionView | null;
}

export async function sendTip(ctx: DomainContext, input: SendTipInput): Promise<SentTip> {
  const user = requireUser(ctx);
  const key = validateIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']);
  const creatorId = idOfType(input.creatorId, 'Creator');
  if (!creatorId) throw invalidInput('Not a Creator ID.', ['input', 'creatorId']);
  const courseId = input.courseId ? idOfType(input.courseId, 'Course') : null;
  if (input.courseId && !courseId) throw invalidInput('Not a Course ID.', ['input', 'courseId']);
  const amount = parseAmountWithin(input.amount, ['input', 'amount'], tipBounds);
  const message = input.message?.trim() || null;
  if (message && [...message].length > MAX_MESSAGE) throw invalidInput(`A tip message is at most ${MAX_MESSAGE} characters.`, ['input', 'message']);
  const screening = message ? await screenContent(ctx, { kind: 'TIP', authorId: user.id, text: message, subjectId: creatorId }) : null;
  if (screening?.status === 'REJECTED') throw invalidInput(`This message cannot be sent: ${screening.reason}`, ['input', 'message']);
  const scope = { userId: user.id, operation: 'sendTip' as const, key };
  const customer = await billingCustomerFor(ctx, user.id);
  const result = await inTransaction(ctx, async (tx) => {
    const replay = await claimIdempotencyKey<{ tipId: string; paymentId?: string | null }>(tx.manager, scope, { creatorId, courseId, amount, message });
    if (replay) return { tipId: replay.tipId, paymentId: replay.paymentId ?? null };
    const creator = await tx.manager.getRepository(CreatorEntity).findOneBy({ id: creatorId });
    if (!creator) throw notFound('There is no such creator.', ['input', 'creatorId']);
    if (creator.userId === user.id) throw invalidInput('You cannot tip yourself.', ['input', 'creatorId']);
    if (courseId) {
      const course = await tx.manager.getRepository(CourseEntity).findOneBy({ id: courseId });
      if (!course || course.status !== CourseStatus.PUBLISHED) throw notFound('There is no such course.', ['input', 'courseId']);
      if (course.creatorId !== creator.id) throw invalidInput('That course is by another creator.', ['input', 'courseId']);
    }
    const [row]: Array<{ id: string }> = await tx.manager.query(
      `INSERT INTO tips (from_user_id, creator_id, course_id, amount, currency, message, message_visibility, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING_PAYMENT') RETURNING id`,
      [user.id, creator.id, courseId, amount.amount, amount.currency, message, screening ? visibilityFor(screening) : 'VISIBLE'],
    );
    if (screening) await recordScreening(tx, screening, row.id);
    const paymentId = await reservePayment(ctx, tx, {
      userId: user.id,
      customerRef: customer.customerRef,
      amount: amount.amount,
      currency: amount.currency,
      description: 'Knowpay tip',
      tipId: row.id,
      idempotencyKey: `tip:${row.id}`,
    });
    const stored = { tipId: row.id, paymentId };
    await storeIdempotentResult(tx.manager, scope, stored);
    return stored;
  });
  await finishPaymentStart(ctx, result.paymentId);
  return { tip: await ctx.db.getRepository(TipEntity).findOneByOrFail({ id: result.tipId }), payment: await paymentSessionById(ctx.db, result.paymentId) };
}
