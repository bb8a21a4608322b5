import { updateCourse, archiveCourse } from '../src/catalog/course.service';
import { toGlobalId } from '../src/common/global-id';
import { checkout, priceQuote } from '../src/commerce/checkout.service';
import { createCoupon } from '../src/commerce/coupon.service';
import { CouponKind } from '../src/commerce/coupon.entity';
import { requestRefund, resolveRefund } from '../src/commerce/refund.service';
import { sendTip } from '../src/commerce/tip.service';
import { Role } from '../src/kernel/roles';
import { DAY_MS, HOUR_MS, MINUTE_MS, addMs, timeBetween } from './demo-clock';
import type { DemoCart } from './demo-carts';
import { actingAs, type Scene } from './demo-replay';
import type { CourseRow } from './demo-rows';
import type { SeededRandom } from './random';

/** Who is who in the replayed story: each generated user with their roles, the admin the server created, the demo creator. */
export interface DemoCast {
  roles: ReadonlyMap<string, Role[]>;
  adminId: string | null;
  moderatorId: string;
  demoCreator: { userId: string; creatorId: string };
  creatorUserIds: ReadonlyMap<string, string>;
  courses: readonly CourseRow[];
  now: Date;
}

export function as(cast: DemoCast, userId: string) {
  return { id: userId, roles: cast.roles.get(userId) ?? [Role.LEARNER] };
}

const course = (id: string) => toGlobalId('Course', id);

/** The coupon the demo creator runs; about a third of the single-course carts of their courses use it. */
export const DEMO_COUPON = 'LINWEI20';

/** What the shop remembers of orders as they are placed, for the scenes that follow them (refunds, tips). */
export interface PlacedOrders {
  /** order id by cart key */
  byCart: Map<string, string>;
}

export function couponScene(cast: DemoCast, at: Date): Scene {
  return {
    at,
    kind: 'coupon',
    async play(replay) {
      await createCoupon(actingAs(replay, as(cast, cast.demoCreator.userId)), { code: DEMO_COUPON, kind: CouponKind.PERCENT, value: 20 });
    },
  };
}

export function checkoutScene(cast: DemoCast, cart: DemoCart, placed: PlacedOrders, withCoupon: boolean): Scene {
  return {
    at: cart.at,
    kind: 'checkout',
    async play(replay) {
      const order = await checkout(actingAs(replay, as(cast, cart.buyerId)), {
        courseIds: cart.courseIds.map(course),
        idempotencyKey: cart.key,
        couponCode: withCoupon ? DEMO_COUPON : null,
      });
      if (order.status !== 'PAID') throw new Error(`demo checkout ${cart.key} ended ${order.status}, not PAID`);
      placed.byCart.set(cart.key, order.id);
    },
  };
}

/**
 * A price test on a few of the demo creator's courses: the course sold at a
 * lower price for the first half of the window, then at its price today;
 * learners who looked but did not buy asked for a quote at each price, so
 * `pricingSuggestion` has visitors and purchases at two price points.
 */
export function priceTestScenes(
  rng: SeededRandom,
  cast: DemoCast,
  tested: readonly CourseRow[],
  learnerIds: readonly string[],
  from: Date,
  switchAt: Date,
): Scene[] {
  const scenes: Scene[] = [];
  for (const row of tested) {
    for (const [start, end] of [
      [from, switchAt],
      [switchAt, cast.now],
    ] as const) {
      for (const learnerId of rng.sample(learnerIds, QUOTES_PER_PRICE)) {
        scenes.push({
          at: timeBetween(rng, addMs(start, MINUTE_MS), addMs(end, -MINUTE_MS)),
          kind: 'quote',
          async play(replay) {
            await priceQuote(actingAs(replay, as(cast, learnerId)), course(row.id), null);
          },
        });
      }
    }
    scenes.push({
      at: switchAt,
      kind: 'price change',
      async play(replay) {
        await updateCourse(actingAs(replay, as(cast, cast.demoCreator.userId)), {
          id: course(row.id),
          price: { amount: row.priceAmount!, currency: row.priceCurrency! },
        });
      },
    });
  }
  return scenes;
}

/** Learners who asked for a quote at each tested price: enough that the buyers are a share of them, not all. */
const QUOTES_PER_PRICE = 100;

/** The price a tested course sold at before the switch: about three quarters of today's, in whole units. */
export function introductoryPrice(row: CourseRow): number {
  return Math.max(100, Math.round((row.priceAmount! * 0.75) / 100) * 100);
}

/** Thanks after a good course: a tip to the creator of a course the learner bought, a day or two after buying. */
export function tipScene(cast: DemoCast, learnerId: string, row: CourseRow, at: Date, amount: number, message: string | null, key: string): Scene {
  return {
    at,
    kind: 'tip',
    async play(replay) {
      await sendTip(actingAs(replay, as(cast, learnerId)), {
        creatorId: toGlobalId('Creator', row.creatorId),
        courseId: course(row.id),
        amount: { amount, currency: row.priceCurrency! },
        message,
        idempotencyKey: key,
      });
    },
  };
}

/**
 * A learner asks for their money back a few days after buying; the admin
 * decides the next day (approved refunds go back through the test provider
 * and settle at once, as in production).
 */
export function refundScenes(cast: DemoCast, placed: PlacedOrders, cart: DemoCart, approve: boolean, reason: string, note: string): Scene[] {
  const asked = addMs(cart.at, 2 * DAY_MS + 3 * HOUR_MS);
  let refundId: string | null = null;
  const request: Scene = {
    at: asked,
    kind: 'refund request',
    async play(replay) {
      const orderId = placed.byCart.get(cart.key);
      if (!orderId) throw new Error(`no order was placed for ${cart.key}`);
      const refund = await requestRefund(actingAs(replay, as(cast, cart.buyerId)), { orderId: toGlobalId('Order', orderId), reason });
      refundId = refund.id;
    },
  };
  const decision: Scene = {
    at: addMs(asked, 20 * HOUR_MS),
    kind: 'refund decision',
    async play(replay) {
      if (!refundId || !cast.adminId) return;
      await resolveRefund(actingAs(replay, as(cast, cast.adminId)), toGlobalId('Refund', refundId), approve, note);
    },
  };
  return cast.adminId ? [request, decision] : [request];
}

/** A course the generator archived was on sale first (its purchases were made then): its creator archives it after the last one. */
export function archiveScene(cast: DemoCast, row: CourseRow, at: Date): Scene {
  return {
    at,
    kind: 'archive',
    async play(replay) {
      const owner = cast.creatorUserIds.get(row.creatorId);
      if (!owner) throw new Error(`no creator user for course ${row.slug}`);
      await archiveCourse(actingAs(replay, as(cast, owner)), course(row.id));
    },
  };
}
