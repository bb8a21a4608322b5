import { creatorById, creatorByUserId } from '../catalog/catalog.loaders';
import { requireVerifiedEmail } from '../identity/email-verification';
import { assertOwnCourses, courseIdsFrom } from '../catalog/creator-courses';
import { requireUser } from '../common/auth-checker';
import { ErrorCode, invalidInput, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { parsePrice } from '../common/money';
import { nowFor } from '../kernel/clock';
import { inTransaction } from '../kernel/transaction';
import { lockById } from '../db/row-locks';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import type { CreatePlanInput, SubscribeInput } from './commerce.types';
import { claimIdempotencyKey, storeIdempotentResult, validateIdempotencyKey } from './idempotency';
import { addInterval, membershipTopic, scheduleRenewal } from './membership-billing';
import { createMembershipOrder } from './membership-orders';
import { BillingInterval, MembershipPlanEntity } from './membership-plan.entity';
import { MembershipEntity, MembershipStatus } from './membership.entity';
import { callProvider, ProviderUnavailable } from './payments/payment-calls';
import { PaymentProviderError } from './payments/payment-provider';
import { billingCustomerFor, finishPaymentStart, PaymentSessionView, paymentSessionById, reservePayment } from './payments/payment-start';
import { claimTrial } from './trial-eligibility';

const MAX_TRIAL_DAYS = 90;

export async function createPlan(ctx: DomainContext, input: CreatePlanInput): Promise<MembershipPlanEntity> {
  const user = requireUser(ctx);
  const creator = await ctx.loaders.get(creatorByUserId).load(user.id);
  if (!creator) throw new UserFailure(ErrorCode.NOT_ENTITLED, 'Only creators can create membership plans; create a course first.');
  const name = (input.name ?? '').trim();
  if (name.length < 2 || name.length > 120) throw invalidInput('A plan name is 2 to 120 characters.', ['input', 'name']);
  const price = parsePrice(input.price, ['input', 'price']);
  if (!Object.values(BillingInterval).includes(input.interval)) throw invalidInput('interval is MONTH or YEAR.', ['input', 'interval']);
  const trialDays = input.trialDays ?? 0;
  if (!Number.isInteger(trialDays) || trialDays < 0 || trialDays > MAX_TRIAL_DAYS)
    throw invalidInput(`trialDays is 0 to ${MAX_TRIAL_DAYS}.`, ['input', 'trialDays']);
  const courseIds = courseIdsFrom(input.courseIds, ['input', 'courseIds']);
  await assertOwnCourses(ctx, creator.id, courseIds, ['input', 'courseIds']);
  return inTransaction(ctx, async ({ manager }) => {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO membership_plans (creator_id, name, price_amount, price_currency, billing_interval, trial_days) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [creator.id, name, price.amount, price.currency, input.interval, trialDays],
    );
    if (courseIds.length)
      await manager.query('INSERT INTO plan_courses (plan_id, course_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING', [
        row.id,
        [...new Set(courseIds)],
      ]);
    return manager.getRepository(MembershipPlanEntity).findOneByOrFail({ id: row.id });
  });
}

export interface Subscribed {
  membership: MembershipEntity;
  payment: PaymentSessionView | null;
}

/** With Stripe a trial needs a card: attached (a provider call) before the transaction, its fingerprint counted for the one-trial rule. */
async function trialCard(
  ctx: DomainContext,
  customerRef: string,
  paymentMethod: string | null | undefined,
): Promise<{ paymentMethod: string; fingerprint: string | null } | null> {
  if (!paymentMethod) return null;
  if (!/^[A-Za-z0-9_]{3,255}$/.test(paymentMethod)) throw invalidInput('Not a payment method id (e.g. pm_…).', ['input', 'paymentMethodId']);
  try {
    const { fingerprint } = await callProvider(ctx.config, 'attach a card', () => ctx.payments.attachPaymentMethod(customerRef, paymentMethod));
    return { paymentMethod, fingerprint };
  } catch (error) {
    if (error instanceof PaymentProviderError) throw new UserFailure(ErrorCode.PAYMENT_FAILED, error.message, ['input', 'paymentMethodId']);
    if (error instanceof ProviderUnavailable)
      throw new UserFailure(ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE, 'The payment provider is not answering right now; retry shortly.', [
        'input',
        'paymentMethodId',
      ]);
    throw error;
  }
}

/**
 * Starts a membership. With a trial (the plan has one, and this person and
 * card never had it: trial-eligibility.ts) it is TRIALING at once and the
 * first charge runs as a job at the trial's end; without one it is
 * INCOMPLETE until the first period's payment settles (reserved here, the
 * intent created after the commit). Idempotent by key.
 */
export async function subscribe(ctx: DomainContext, input: SubscribeInput): Promise<Subscribed> {
  const user = requireUser(ctx);
  const key = validateIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']);
  const planId = idOfType(input.planId, 'MembershipPlan');
  if (!planId) throw invalidInput('Not a MembershipPlan ID.', ['input', 'planId']);
  const offered = await ctx.db.getRepository(MembershipPlanEntity).findOneBy({ id: planId });
  if (!offered || !offered.active) throw notFound('There is no such plan on offer.', ['input', 'planId']);
  const cardRequired = offered.trialDays > 0 && ctx.payments.name === 'stripe';
  if (cardRequired && !input.paymentMethodId) {
    throw invalidInput('This plan starts with a free trial: pass paymentMethodId, the card its renewals will charge (one trial per person and card).', [
      'input',
      'paymentMethodId',
    ]);
  }
  const customer = await billingCustomerFor(ctx, user.id);
  const card = await trialCard(ctx, customer.customerRef, input.paymentMethodId);
  const scope = { userId: user.id, operation: 'subscribe' as const, key };
  const result = await inTransaction(ctx, async (tx) => {
    const replay = await claimIdempotencyKey<{ membershipId: string; paymentId?: string | null }>(tx.manager, scope, { planId });
    if (replay) return { membershipId: replay.membershipId, paymentId: replay.paymentId ?? null };
    const plan = await tx.manager.getRepository(MembershipPlanEntity).findOneBy({ id: planId });
    if (!plan || !plan.active) throw notFound('There is no such plan on offer.', ['input', 'planId']);
    const creator = await ctx.loaders.get(creatorById).load(plan.creatorId);
    if (creator?.userId === user.id) throw invalidInput('This is your own plan.', ['input', 'planId']);
    const [{ email }]: Array<{ email: string }> = await tx.manager.query('SELECT email FROM users WHERE id = $1', [user.id]);
    const now = nowFor(ctx);
    // A free trial waits for a verified address (one trial per person is only as good as the address behind it).
    if (plan.trialDays > 0 && (!cardRequired || card !== null)) await requireVerifiedEmail(ctx, user.id, tx.manager);
    const trial =
      plan.trialDays > 0 &&
      (!cardRequired || card !== null) &&
      (await claimTrial(tx.manager, { planId: plan.id, userId: user.id, email, cardFingerprint: card?.fingerprint ?? null }));
    const periodEnd = trial ? new Date(now.getTime() + plan.trialDays * 86_400_000) : addInterval(now, plan.interval);
    const inserted: Array<{ id: string }> = await tx.manager.query(
      `INSERT INTO memberships (user_id, plan_id, status, current_period_start, current_period_end, trial_ends_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
      [user.id, plan.id, trial ? MembershipStatus.TRIALING : MembershipStatus.INCOMPLETE, now, periodEnd, trial ? periodEnd : null],
    );
    if (!inserted.length) throw new UserFailure(ErrorCode.ALREADY_EXISTS, 'You already have a membership of this plan.', ['input', 'planId']);
    const membership = await tx.manager.getRepository(MembershipEntity).findOneByOrFail({ id: inserted[0].id });
    let paymentId: string | null = null;
    if (trial) {
      await tx.manager.query('UPDATE trial_redemptions SET membership_id = $3 WHERE plan_id = $1 AND user_id = $2', [plan.id, user.id, membership.id]);
      if (card)
        await tx.manager.query('UPDATE billing_customers SET default_payment_method = $3 WHERE user_id = $1 AND provider = $2', [
          user.id,
          ctx.payments.name,
          card.paymentMethod,
        ]);
      await scheduleRenewal(ctx, tx, membership);
    } else {
      const orderId = await createMembershipOrder(tx, { membership, plan, periodStart: now, periodEnd });
      paymentId = await reservePayment(ctx, tx, {
        userId: user.id,
        customerRef: customer.customerRef,
        amount: plan.priceAmount,
        currency: plan.priceCurrency,
        description: `Knowpay membership: ${plan.name}`,
        orderId,
        idempotencyKey: `order:${orderId}`,
        saveForRenewals: true,
      });
    }
    tx.afterCommit(() => ctx.pubsub.publish(membershipTopic(user.id), { membershipId: membership.id }));
    const stored = { membershipId: membership.id, paymentId };
    await storeIdempotentResult(tx.manager, scope, stored);
    return stored;
  });
  await finishPaymentStart(ctx, result.paymentId);
  return {
    membership: await ctx.db.getRepository(MembershipEntity).findOneByOrFail({ id: result.membershipId }),
    payment: await paymentSessionById(ctx.db, result.paymentId),
  };
}

/** Cancels at the end of the paid (or trial) period; a membership whose first payment never settled ends now. */
export async function cancelMembership(ctx: DomainContext, membershipGlobalId: string): Promise<MembershipEntity> {
  const user = requireUser(ctx);
  const id = idOfType(membershipGlobalId, 'Membership');
  if (!id) throw invalidInput('Not a Membership ID.', ['id']);
  return inTransaction(ctx, async ({ manager, afterCommit }) => {
    const membership = await lockById(manager, MembershipEntity, id);
    if (!membership || (membership.userId !== user.id && !user.roles.includes(Role.ADMIN))) throw notFound('There is no such membership.', ['id']);
    if (membership.status === MembershipStatus.CANCELED || membership.status === MembershipStatus.EXPIRED) {
      throw new UserFailure(ErrorCode.CONFLICT, `This membership has already ended (${membership.status}).`, ['id']);
    }
    if (membership.status === MembershipStatus.INCOMPLETE) {
      await manager.query(`UPDATE memberships SET status = 'CANCELED', ended_at = now(), updated_at = now() WHERE id = $1`, [membership.id]);
      await manager.query(`UPDATE orders SET status = 'CANCELED', updated_at = now() WHERE membership_id = $1 AND status IN ('PENDING_PAYMENT', 'FAILED')`, [
        membership.id,
      ]);
    } else {
      await manager.query('UPDATE memberships SET cancel_at_period_end = true, updated_at = now() WHERE id = $1', [membership.id]);
    }
    afterCommit(() => ctx.pubsub.publish(membershipTopic(membership.userId), { membershipId: membership.id }));
    return manager.getRepository(MembershipEntity).findOneByOrFail({ id: membership.id });
  });
}

/** Saves a card (a provider payment method id) for renewals, e.g. before a trial ends. The provider is called before the write, outside it. */
export async function savePaymentMethod(ctx: DomainContext, paymentMethod: string): Promise<boolean> {
  const user = requireUser(ctx);
  if (!/^[A-Za-z0-9_]{3,255}$/.test(paymentMethod ?? '')) throw invalidInput('Not a payment method id (e.g. pm_…).', ['paymentMethodId']);
  const customer = await billingCustomerFor(ctx, user.id);
  try {
    await callProvider(ctx.config, 'attach a card', () => ctx.payments.attachPaymentMethod(customer.customerRef, paymentMethod));
  } catch (error) {
    if (error instanceof ProviderUnavailable)
      throw new UserFailure(ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE, 'The payment provider is not answering right now; retry shortly.', ['paymentMethodId']);
    throw new UserFailure(ErrorCode.PAYMENT_FAILED, (error as Error).message, ['paymentMethodId']);
  }
  await ctx.db.query('UPDATE billing_customers SET default_payment_method = $3 WHERE user_id = $1 AND provider = $2', [
    user.id,
    ctx.payments.name,
    paymentMethod,
  ]);
  return true;
}
