import { EntityManager, In } from 'typeorm';
import { courseAccess } from '../learning/course-access.service';
import { CourseEntity, CourseStatus } from '../catalog/course.entity';
import { CreatorEntity } from '../catalog/creator.entity';
import { courseIdsFrom } from '../catalog/creator-courses';
import { requireUser } from '../common/auth-checker';
import { ErrorCode, invalidInput, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { inTransaction } from '../kernel/transaction';
import { nowFor } from '../kernel/clock';
import { recordQuoteImpression } from '../catalog/price-shown';
import { EnrollmentEntity, EnrollmentSource } from '../learning/enrollment.entity';
import { grantEnrollment } from '../learning/enrollment-grants';
import type { DomainContext } from '../kernel/context';
import { CartItem, priceCart, PricedCart } from './cart-pricing';
import type { CheckoutInput } from './commerce.types';
import { findUsableCoupon, normalizeCouponCode, redeemCoupon } from './coupon.service';
import { claimIdempotencyKey, requestHash, storeIdempotentResult, validateIdempotencyKey } from './idempotency';
import { accounts } from './ledger';
import { settleOrderPaid } from './order-settlement';
import { expireOrderJob } from './order-expiry';
import { insertOrder } from './order-records';
import { OrderEntity, OrderKind } from './order.entity';
import { billingCustomerFor, creatingPaymentOf, finishPaymentStart, reservePayment } from './payments/payment-start';

const MAX_CART = 20;

function parseCourseIds(globalIds: string[]): string[] {
  if (!Array.isArray(globalIds) || globalIds.length === 0) throw invalidInput('Choose at least one course.', ['input', 'courseIds']);
  if (globalIds.length > MAX_CART) throw invalidInput(`One checkout takes at most ${MAX_CART} courses.`, ['input', 'courseIds']);
  const ids = courseIdsFrom(globalIds, ['input', 'courseIds']);
  const twice = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (twice >= 0) throw invalidInput('This course is already in the checkout.', ['input', 'courseIds', String(twice)]);
  return ids;
}

/** What can be sold: published, paid, not the buyer's own; the cart in one currency. */
async function cartItems(manager: EntityManager, courseIds: string[], buyerId: string, field: string[]): Promise<CartItem[]> {
  const courses = await manager.getRepository(CourseEntity).findBy({ id: In(courseIds) });
  const creators = await manager.getRepository(CreatorEntity).findBy({ id: In([...new Set(courses.map((c) => c.creatorId))]) });
  const items = courseIds.map((id, i) => {
    const at = [...field, String(i)];
    const course = courses.find((c) => c.id === id);
    const creator = course && creators.find((c) => c.id === course.creatorId);
    if (!course || !creator || (course.status === CourseStatus.DRAFT && creator.userId !== buyerId)) throw notFound('There is no such course.', at);
    if (course.status !== CourseStatus.PUBLISHED) throw invalidInput(`"${course.title}" is not on sale (it is ${course.status.toLowerCase()}).`, at);
    if (creator.userId === buyerId) throw invalidInput(`"${course.title}" is your own course.`, at);
    if (course.priceAmount == null) throw invalidInput(`"${course.title}" is free; enroll with enrollFree.`, at);
    return { courseId: course.id, creatorId: course.creatorId, title: course.title, unitAmount: course.priceAmount, currency: course.priceCurrency! };
  });
  const mixed = items.findIndex((item) => item.currency !== items[0].currency);
  if (mixed >= 0)
    throw invalidInput(`One checkout is paid in one currency: this course is in ${items[mixed].currency}, the first in ${items[0].currency}.`, [
      ...field,
      String(mixed),
    ]);
  return items;
}

/** One buyer, one cart (these courses, this coupon code): at most one order waits for payment. */
function cartHash(courseIds: string[], couponCode: string | null): string {
  return requestHash({ courseIds: [...courseIds].sort(), coupon: couponCode ? normalizeCouponCode(couponCode) : null });
}

async function pendingOrderFor(manager: EntityManager, buyerId: string, hash: string): Promise<string | null> {
  const [row]: Array<{ id: string }> = await manager.query(`SELECT id FROM orders WHERE buyer_id = $1 AND cart_hash = $2 AND status = 'PENDING_PAYMENT'`, [
    buyerId,
    hash,
  ]);
  return row?.id ?? null;
}

/**
 * Buys one or more courses. Idempotent by key: a retry (or 20 at once)
 * returns the same order and creates one payment; a new key for a cart the
 * buyer already has a pending order for returns that order. The order, its
 * lines, the coupon redemption, the reserved payment and the jobs that
 * finish it (creating the provider's intent, expiring it unpaid) commit
 * together; the provider is called after that commit (payment-start.ts),
 * and its outcome settles the order through the one event path (at once
 * with the test provider, by webhook with Stripe).
 */
export async function checkout(ctx: DomainContext, input: CheckoutInput): Promise<OrderEntity> {
  const user = requireUser(ctx);
  const key = validateIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']);
  const courseIds = parseCourseIds(input.courseIds);
  const couponCode = input.couponCode?.trim() || null;
  const scope = { userId: user.id, operation: 'checkout' as const, key };
  const customer = await billingCustomerFor(ctx, user.id);
  const { orderId, paymentId } = await inTransaction(ctx, async (tx) => {
    const replay = await claimIdempotencyKey<{ orderId: string }>(tx.manager, scope, { courseIds, couponCode: couponCode?.toUpperCase() ?? null });
    if (replay) return { orderId: replay.orderId, paymentId: null };
    const hash = cartHash(courseIds, couponCode);
    const answer = async (id: string, reserved: string | null = null) => {
      await storeIdempotentResult(tx.manager, scope, { orderId: id });
      return { orderId: id, paymentId: reserved };
    };
    const pending = await pendingOrderFor(tx.manager, user.id, hash);
    if (pending) return answer(pending);
    const items = await cartItems(tx.manager, courseIds, user.id, ['input', 'courseIds']);
    const owned = await tx.manager.getRepository(EnrollmentEntity).findBy({ userId: user.id, courseId: In(courseIds) });
    const ownedAt = courseIds.findIndex((id) => owned.some((e) => e.courseId === id && e.source !== EnrollmentSource.MEMBERSHIP));
    if (ownedAt >= 0) throw new UserFailure(ErrorCode.ALREADY_ENROLLED, `You already have "${items[ownedAt].title}".`, ['input', 'courseIds', String(ownedAt)]);
    const coupon = couponCode ? await findUsableCoupon(tx.manager, couponCode, ['input', 'couponCode']) : null;
    const cart = priceCart(items, coupon, ['input', 'couponCode']);
    const expiresAt = cart.total > 0 ? new Date(Date.now() + ctx.config.commerce.pendingOrderTtlSeconds * 1000) : null;
    const order = await insertOrder(tx.manager, {
      kind: OrderKind.PURCHASE,
      createdAt: nowFor(ctx),
      buyerId: user.id,
      currency: cart.currency,
      couponId: coupon?.coupon.id ?? null,
      cartHash: hash,
      expiresAt,
      lines: cart.lines.map((l) => ({
        courseId: l.courseId,
        creatorId: l.creatorId,
        description: l.title,
        unitAmount: l.unitAmount,
        discountAmount: l.discountAmount,
      })),
    });
    // A concurrent checkout of the same cart (another key) committed first: this is its order.
    if (!order) return answer((await pendingOrderFor(tx.manager, user.id, hash))!);
    if (coupon) await redeemCoupon(tx.manager, coupon.coupon.id, ['input', 'couponCode']);
    await tx.emit({
      type: 'CheckoutPriced',
      orderId: order.id,
      buyerId: user.id,
      currency: cart.currency,
      lines: cart.lines.map((l) => ({ courseId: l.courseId, unitAmount: l.unitAmount })),
    });
    if (!expiresAt) {
      await settleOrderPaid(ctx, tx, order.id, accounts.cash('none'));
      return answer(order.id);
    }
    const reserved = await reservePayment(ctx, tx, {
      userId: user.id,
      customerRef: customer.customerRef,
      amount: cart.total,
      currency: cart.currency,
      description: `Knowpay order ${order.code}`,
      orderId: order.id,
      idempotencyKey: `order:${order.id}`,
    });
    await ctx.jobs.enqueue(expireOrderJob, { orderId: order.id }, { manager: tx.manager, startAfter: expiresAt });
    return answer(order.id, reserved);
  });
  // A retry finishes what a crashed or timed-out first attempt left CREATING.
  await finishPaymentStart(ctx, paymentId ?? (await creatingPaymentOf(ctx.db, { orderId })));
  return ctx.db.getRepository(OrderEntity).findOneByOrFail({ id: orderId });
}

/** Enrolls the viewer in a free course, or in a course a live membership of theirs includes. */
export async function enrollFree(ctx: DomainContext, courseGlobalId: string): Promise<EnrollmentEntity> {
  const user = requireUser(ctx);
  const id = idOfType(courseGlobalId, 'Course');
  if (!id) throw invalidInput('Not a Course ID.', ['courseId']);
  const course = await ctx.db.getRepository(CourseEntity).findOneBy({ id });
  if (!course || course.status === CourseStatus.DRAFT) throw notFound('There is no such course.', ['courseId']);
  if (course.status !== CourseStatus.PUBLISHED) throw invalidInput(`This course is ${course.status.toLowerCase()} and takes no new learners.`, ['courseId']);
  const access = await courseAccess(ctx, course);
  const source = access === 'MEMBERSHIP' ? EnrollmentSource.MEMBERSHIP : course.priceAmount == null ? EnrollmentSource.FREE : null;
  if (access === 'ENROLLED') throw new UserFailure(ErrorCode.ALREADY_ENROLLED, 'You are already enrolled in this course.', ['courseId']);
  if (!source) throw new UserFailure(ErrorCode.NOT_ENTITLED, 'This course is paid: buy it with checkout, or join a membership that includes it.', ['courseId']);
  const { enrollment, created } = await inTransaction(ctx, ({ manager }) => grantEnrollment(manager, { userId: user.id, courseId: course.id, source }));
  if (!created) throw new UserFailure(ErrorCode.ALREADY_ENROLLED, 'You are already enrolled in this course.', ['courseId']);
  return enrollment;
}

/** Prices one course with an optional coupon, before paying. Coupon problems come back as errors beside an undiscounted quote. */
export async function priceQuote(
  ctx: DomainContext,
  courseGlobalId: string,
  couponCode: string | null | undefined,
): Promise<{ course: CourseEntity; cart: PricedCart; couponApplied: string | null; errors: UserFailure[] }> {
  const id = idOfType(courseGlobalId, 'Course');
  const course = id ? await ctx.db.getRepository(CourseEntity).findOneBy({ id }) : null;
  if (!course || course.status !== CourseStatus.PUBLISHED) throw notFound('There is no such course on sale.', ['courseId']);
  await recordQuoteImpression(ctx, course);
  const item: CartItem = {
    courseId: course.id,
    creatorId: course.creatorId,
    title: course.title,
    unitAmount: course.priceAmount ?? 0,
    currency: course.priceCurrency ?? 'CNY',
  };
  const code = couponCode?.trim();
  if (code && course.priceAmount != null) {
    try {
      const coupon = await findUsableCoupon(ctx.db.manager, code, ['couponCode']);
      return { course, cart: priceCart([item], coupon, ['couponCode']), couponApplied: coupon.coupon.code, errors: [] };
    } catch (error) {
      if (!(error instanceof UserFailure)) throw error;
      return { course, cart: priceCart([item], null, []), couponApplied: null, errors: [error] };
    }
  }
  return { course, cart: priceCart([item], null, []), couponApplied: null, errors: [] };
}
