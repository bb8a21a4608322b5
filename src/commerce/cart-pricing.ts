import { ErrorCode, UserFailure } from '../common/errors';
import { allocate } from '../common/money';
import { CouponKind } from './coupon.entity';
import type { UsableCoupon } from './coupon.service';

export interface CartItem {
  courseId: string;
  creatorId: string;
  title: string;
  unitAmount: number;
  currency: string;
}

export interface PricedLine extends CartItem {
  discountAmount: number;
}

export interface PricedCart {
  currency: string;
  lines: PricedLine[];
  subtotal: number;
  discount: number;
  total: number;
}

/**
 * Prices a cart with an optional coupon. The coupon applies to its creator's
 * courses (or the ones it lists); a percent discount is rounded half up on
 * the eligible subtotal, a fixed one is capped at it, and either is spread
 * over the eligible lines by largest remainder, so line discounts add up to
 * the order's discount exactly (refunds and creator statements rely on it).
 */
export function priceCart(items: CartItem[], usable: UsableCoupon | null, couponField: string[]): PricedCart {
  const currency = items[0].currency;
  const lines: PricedLine[] = items.map((item) => ({ ...item, discountAmount: 0 }));
  const subtotal = items.reduce((sum, item) => sum + item.unitAmount, 0);
  if (usable) {
    const { coupon, courseIds } = usable;
    const eligible = lines.filter((line) => line.creatorId === coupon.creatorId && (courseIds.length === 0 || courseIds.includes(line.courseId)));
    if (!eligible.length)
      throw new UserFailure(
        ErrorCode.COUPON_INVALID,
        `Coupon ${coupon.code} does not apply to ${items.length > 1 ? 'these courses' : 'this course'}.`,
        couponField,
      );
    const eligibleSubtotal = eligible.reduce((sum, line) => sum + line.unitAmount, 0);
    let discount: number;
    if (coupon.kind === CouponKind.PERCENT) {
      discount = Math.floor((eligibleSubtotal * coupon.value + 50) / 100);
    } else {
      if (coupon.currency !== currency)
        throw new UserFailure(ErrorCode.COUPON_INVALID, `Coupon ${coupon.code} is in ${coupon.currency}; this order is in ${currency}.`, couponField);
      discount = Math.min(coupon.value, eligibleSubtotal);
    }
    const parts = allocate(
      discount,
      eligible.map((line) => line.unitAmount),
    );
    eligible.forEach((line, i) => {
      line.discountAmount = parts[i];
    });
  }
  const discount = lines.reduce((sum, line) => sum + line.discountAmount, 0);
  return { currency, lines, subtotal, discount, total: subtotal - discount };
}
