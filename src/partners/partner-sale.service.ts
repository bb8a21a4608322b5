import { accounts } from '../commerce/ledger';
import { requestHash, validateIdempotencyKey } from '../commerce/idempotency';
import { insertOrder } from '../commerce/order-records';
import { settleOrderPaid } from '../commerce/order-settlement';
import { OrderEntity, OrderKind } from '../commerce/order.entity';
import { ErrorCode, invalidInput, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { inTransaction } from '../kernel/transaction';
import { boundedText, normalizeEmail } from '../identity/identity.validation';
import { EnrollmentEntity } from '../learning/enrollment.entity';
import type { DomainContext } from '../kernel/context';
import { findOrInviteCustomer } from './customer-invitation';
import { requirePartner } from './partner-access';
import { PartnerEntity } from './partner.entity';
import type { PartnerSaleInput } from './partner.types';
import { recordPartnerEvent } from './webhook-events';
import { enrollmentData, orderData } from './webhook-payloads';
import { wholesaleSplit } from '../commerce/wholesale-split';
import { nowFor } from '../kernel/clock';

export interface PartnerSaleResult {
  order: OrderEntity;
  enrollment: EnrollmentEntity | null;
  invitationToken: string | null;
}

/**
 * A partner sells a course to its own customer. In one transaction:
 * claim the idempotency key, find or invite the learner, create a PAID
 * order on the partner's account (list price, less the partner's
 * commission as the discount, so the total is the wholesale price), and
 * settle it through the one settlement path: the enrollment is granted and
 * the ledger debits the partner's receivable and credits the creator's
 * payable and platform revenue. The same key with the same input returns
 * the first sale; with other input, IDEMPOTENCY_CONFLICT.
 */
export async function partnerSale(ctx: DomainContext, input: PartnerSaleInput): Promise<PartnerSaleResult> {
  const partnerId = await requirePartner(ctx, 'sales:write');
  const key = validateIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']);
  const courseId = idOfType(input.courseId, 'Course');
  if (!courseId) throw invalidInput('courseId is not a Course ID.', ['input', 'courseId']);
  const externalCustomerRef = boundedText(input.externalCustomerRef, ['input', 'externalCustomerRef'], { min: 1, max: 200 });
  const email = normalizeEmail(input.email, ['input', 'email']);
  const hash = requestHash({ courseId, externalCustomerRef, email });

  return inTransaction(ctx, async (tx) => {
    const { manager } = tx;
    const claimed = await manager.query(
      'INSERT INTO partner_sales (partner_id, idempotency_key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1',
      [partnerId, key, hash],
    );
    if (!claimed.length) return replay(ctx, partnerId, key, hash);

    const [course]: Array<{ id: string; creator_id: string; title: string; status: string; price_amount: number | null; price_currency: string | null }> =
      await manager.query(
        // NO KEY UPDATE, not SHARE: the sale bumps this row's enrollment_count below, and two SHARE locks upgrading deadlock.
        'SELECT id, creator_id, title, status, price_amount, price_currency FROM courses WHERE id = $1 FOR NO KEY UPDATE',
        [courseId],
      );
    if (!course || course.status !== 'PUBLISHED')
      throw notFound('No course for sale with this ID (it may be a draft, archived or suspended).', ['input', 'courseId']);
    if (course.price_amount == null) throw invalidInput('This course is free; your customer can enroll without a sale.', ['input', 'courseId']);
    const partner = await manager.getRepository(PartnerEntity).findOneByOrFail({ id: partnerId });

    const [known]: Array<{ user_id: string }> = await manager.query(
      'SELECT user_id FROM partner_customers WHERE partner_id = $1 AND external_customer_ref = $2',
      [partnerId, externalCustomerRef],
    );
    const customer = await findOrInviteCustomer(ctx, manager, email, { partnerId, ttlHours: ctx.config.invitationTtlHours });
    if (known && known.user_id !== customer.userId) {
      throw new UserFailure(ErrorCode.CONFLICT, 'This externalCustomerRef already belongs to a customer with another email.', ['input', 'externalCustomerRef']);
    }
    await manager.query('INSERT INTO partner_customers (partner_id, external_customer_ref, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      partnerId,
      externalCustomerRef,
      customer.userId,
    ]);
    const enrolled = await manager.query('SELECT 1 FROM enrollments WHERE user_id = $1 AND course_id = $2', [customer.userId, courseId]);
    if (enrolled.length) throw new UserFailure(ErrorCode.ALREADY_ENROLLED, 'This customer already has this course; nothing was sold.', ['input', 'email']);

    const list = { amount: course.price_amount, currency: course.price_currency! };
    const { commission } = wholesaleSplit(list, partner.commissionBps);
    const order = (await insertOrder(manager, {
      kind: OrderKind.PARTNER_SALE,
      createdAt: nowFor(ctx),
      buyerId: customer.userId,
      currency: list.currency,
      externalCustomerRef,
      partnerId,
      lines: [{ courseId, creatorId: course.creator_id, description: course.title, unitAmount: list.amount, discountAmount: commission.amount }],
    }))!;
    await settleOrderPaid(ctx, tx, order.id, accounts.partnerReceivable(partnerId));
    const enrollment = await manager.getRepository(EnrollmentEntity).findOneByOrFail({ userId: customer.userId, courseId });
    await manager.query('UPDATE partner_sales SET order_id = $3, enrollment_id = $4 WHERE partner_id = $1 AND idempotency_key = $2', [
      partnerId,
      key,
      order.id,
      enrollment.id,
    ]);

    const paid = await manager.getRepository(OrderEntity).findOneByOrFail({ id: order.id });
    await recordPartnerEvent(ctx.jobs, manager, { partnerId, type: 'order.paid', subjectId: order.id, data: { order: orderData(paid, courseId) } });
    await recordPartnerEvent(ctx.jobs, manager, {
      partnerId,
      type: 'enrollment.created',
      subjectId: enrollment.id,
      data: { enrollment: enrollmentData(enrollment, { externalCustomerRef, email }) },
    });
    return { order: paid, enrollment, invitationToken: customer.invitationToken };
  });
}

async function replay(ctx: DomainContext, partnerId: string, key: string, hash: string): Promise<PartnerSaleResult> {
  const [sale]: Array<{ request_hash: string; order_id: string | null; enrollment_id: string | null }> = await ctx.db.query(
    'SELECT request_hash, order_id, enrollment_id FROM partner_sales WHERE partner_id = $1 AND idempotency_key = $2',
    [partnerId, key],
  );
  if (sale.request_hash !== hash) {
    throw new UserFailure(ErrorCode.IDEMPOTENCY_CONFLICT, 'This idempotencyKey was already used with different input; use a new key for a new sale.', [
      'input',
      'idempotencyKey',
    ]);
  }
  if (!sale.order_id)
    throw new UserFailure(ErrorCode.CONFLICT, 'A sale with this idempotencyKey is still being processed; retry shortly.', ['input', 'idempotencyKey']);
  const order = await ctx.db.getRepository(OrderEntity).findOneByOrFail({ id: sale.order_id });
  // Null when the enrollment has ended since (a refund).
  const enrollment = await ctx.db.getRepository(EnrollmentEntity).findOneBy({ id: sale.enrollment_id! });
  return { order, enrollment, invitationToken: null };
}
