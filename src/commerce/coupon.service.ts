import type { EntityManager } from 'typeorm';
import { creatorByUserId } from '../catalog/catalog.loaders';
import { assertOwnCourses, courseIdsFrom } from '../catalog/creator-courses';
import { requireUser } from '../common/auth-checker';
import { ErrorCode, invalidInput, UserFailure } from '../common/errors';
import { isSupportedCurrency, MAX_AMOUNT } from '../common/money';
import { inTransaction } from '../kernel/transaction';
import type { DomainContext } from '../kernel/context';
import { CouponEntity, CouponKind } from './coupon.entity';
import type { CreateCouponInput } from './commerce.types';

export interface UsableCoupon {
  coupon: CouponEntity;
  /** Empty: every course of the coupon's creator. */
  courseIds: string[];
}

export function normalizeCouponCode(code: string): string {
  return code.trim().toUpperCase();
}

/** A coupon that exists, has not expired and has redemptions left; COUPON_INVALID otherwise. */
export async function findUsableCoupon(manager: EntityManager, code: string, field: string[]): Promise<UsableCoupon> {
  const coupon = await manager.getRepository(CouponEntity).findOneBy({ code: normalizeCouponCode(code) });
  const fail = (message: string) => new UserFailure(ErrorCode.COUPON_INVALID, message, field);
  if (!coupon) throw fail(`There is no coupon "${code}".`);
  if (coupon.expiresAt && coupon.expiresAt.getTime() <= Date.now())
    throw fail(`Coupon ${coupon.code} expired on ${coupon.expiresAt.toISOString().slice(0, 10)}.`);
  if (coupon.maxRedemptions != null && coupon.redemptions >= coupon.maxRedemptions) throw fail(`Coupon ${coupon.code} has been fully redeemed.`);
  const rows: Array<{ course_id: string }> = await manager.query('SELECT course_id FROM coupon_courses WHERE coupon_id = $1', [coupon.id]);
  return { coupon, courseIds: rows.map((r) => r.course_id) };
}

/**
 * Takes one redemption, atomically: the row lock serializes concurrent
 * checkouts and the WHERE clause is re-checked after each wait, so a limit of
 * N admits exactly N orders however many race for it.
 */
export async function redeemCoupon(manager: EntityManager, couponId: string, field: string[]): Promise<void> {
  // UPDATE … RETURNING comes back from TypeORM's pg driver as [rows, affectedCount].
  const [, taken]: [unknown[], number] = await manager.query(
    `UPDATE coupons SET redemptions = redemptions + 1
      WHERE id = $1 AND (max_redemptions IS NULL OR redemptions < max_redemptions) AND (expires_at IS NULL OR expires_at > now())
      RETURNING id`,
    [couponId],
  );
  if (!taken) throw new UserFailure(ErrorCode.COUPON_INVALID, 'This coupon has just been fully redeemed or expired.', field);
}

export async function createCoupon(ctx: DomainContext, input: CreateCouponInput): Promise<CouponEntity> {
  const user = requireUser(ctx);
  const creator = await ctx.loaders.get(creatorByUserId).load(user.id);
  if (!creator) throw new UserFailure(ErrorCode.NOT_ENTITLED, 'Only creators can create coupons; create a course first.');
  const code = normalizeCouponCode(input.code ?? '');
  if (!/^[A-Z0-9_-]{3,32}$/.test(code)) throw invalidInput('Coupon codes are 3 to 32 letters, digits, "-" or "_".', ['input', 'code']);
  let currency: string | null = null;
  if (input.kind === CouponKind.PERCENT) {
    if (!Number.isInteger(input.value) || input.value < 1 || input.value > 100)
      throw invalidInput('A PERCENT coupon takes a value from 1 to 100.', ['input', 'value']);
    if (input.currency) throw invalidInput('A PERCENT coupon has no currency.', ['input', 'currency']);
  } else {
    currency = (input.currency ?? '').toUpperCase();
    if (!isSupportedCurrency(currency)) throw invalidInput('A FIXED coupon needs the currency its value is in.', ['input', 'currency']);
    if (!Number.isInteger(input.value) || input.value < 1 || input.value > MAX_AMOUNT)
      throw invalidInput(`A FIXED coupon takes 1 to ${MAX_AMOUNT} minor units.`, ['input', 'value']);
  }
  if (input.maxRedemptions != null && (!Number.isInteger(input.maxRedemptions) || input.maxRedemptions < 1)) {
    throw invalidInput('maxRedemptions must be at least 1 (leave it out for no limit).', ['input', 'maxRedemptions']);
  }
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw invalidInput('expiresAt must be in the future.', ['input', 'expiresAt']);
  const courseIds = courseIdsFrom(input.courseIds, ['input', 'courseIds']);
  await assertOwnCourses(ctx, creator.id, courseIds, ['input', 'courseIds']);
  return inTransaction(ctx, async ({ manager }) => {
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO coupons (creator_id, code, kind, value, currency, max_redemptions, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [creator.id, code, input.kind, input.value, currency, input.maxRedemptions ?? null, input.expiresAt ?? null],
    );
    if (!inserted.length) throw new UserFailure(ErrorCode.ALREADY_EXISTS, `The code ${code} is taken; choose another.`, ['input', 'code']);
    if (courseIds.length) {
      await manager.query('INSERT INTO coupon_courses (coupon_id, course_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING', [
        inserted[0].id,
        [...new Set(courseIds)],
      ]);
    }
    return manager.getRepository(CouponEntity).findOneByOrFail({ id: inserted[0].id });
  });
}
