import { DEMO_CREATOR } from './demo-accounts';
import { type DemoCart, planDemoCarts } from './demo-carts';
import { DAY_MS, addMs } from './demo-clock';
import type { DemoData } from './demo-rows';
import { demoUserId } from './demo-users';
import { introductoryPrice } from './demo-shop-scenes';
import type { SeededRandom } from './random';

/**
 * How the generated world is laid down before its history is replayed, so
 * that the replay's real checkouts produce the final state:
 * - an enrollment the generator marks PURCHASE goes in as a MEMBERSHIP grant,
 *   the weakest kind, which checkout may upgrade: the replayed purchase turns
 *   it into PURCHASE through the same OrderPaid path a buyer's does (and
 *   keeps its progress, which lives on the enrollment);
 * - a course the generator archived is on sale until its last purchase, and
 *   its creator archives it then;
 * - the price-tested courses start at their introductory price; their
 *   creator raises it to today's price half-way through.
 * A replay that stops early leaves MEMBERSHIP enrollments without a
 * membership; seeding fails loudly then (see demo-history.ts).
 */
export interface DemoStaging {
  carts: DemoCart[];
  stagedEnrollmentIds: ReadonlySet<string>;
  /** Archived courses with purchases, and when their creator archives them. */
  archiveAt: ReadonlyMap<string, Date>;
  /** Price-tested course ids and the price they start at. */
  introPrices: ReadonlyMap<string, number>;
  priceSwitchAt: Date;
  historyFrom: Date;
}

const PRICE_TESTED = 3;

export function planDemoStaging(rng: SeededRandom, data: DemoData, now: Date): DemoStaging {
  const carts = planDemoCarts(rng.fork('carts'), data.enrollments, data.courses);
  const lastSale = new Map<string, number>();
  for (const cart of carts) for (const id of cart.courseIds) lastSale.set(id, Math.max(lastSale.get(id) ?? 0, cart.at.getTime()));
  const archiveAt = new Map(
    data.courses.filter((c) => c.status === 'ARCHIVED' && lastSale.has(c.id)).map((c) => [c.id, addMs(new Date(lastSale.get(c.id)!), DAY_MS)] as const),
  );
  const creatorUserId = demoUserId(DEMO_CREATOR.handle);
  const demoCreator = data.creators.find((c) => c.userId === creatorUserId);
  const sales = (id: string) => carts.filter((cart) => cart.courseIds.includes(id)).length;
  const tested = data.courses
    .filter((c) => c.creatorId === demoCreator?.id && c.status === 'PUBLISHED' && c.priceAmount !== null && introductoryPrice(c) < c.priceAmount)
    .sort((a, b) => sales(b.id) - sales(a.id) || a.slug.localeCompare(b.slug))
    .slice(0, PRICE_TESTED);
  return {
    carts,
    stagedEnrollmentIds: new Set(data.enrollments.filter((e) => e.source === 'PURCHASE').map((e) => e.id)),
    archiveAt,
    introPrices: new Map(tested.map((c) => [c.id, introductoryPrice(c)])),
    priceSwitchAt: addMs(now, -45 * DAY_MS),
    historyFrom: addMs(now, -90 * DAY_MS),
  };
}

/** The rows as they are inserted before the replay (see DemoStaging). */
export function stagedRows(data: DemoData, staging: DemoStaging): DemoData {
  return {
    ...data,
    enrollments: data.enrollments.map((e) => (staging.stagedEnrollmentIds.has(e.id) ? { ...e, source: 'MEMBERSHIP' as const } : e)),
    courses: data.courses.map((c) => ({
      ...c,
      ...(staging.archiveAt.has(c.id) ? { status: 'PUBLISHED' as const } : {}),
      ...(staging.introPrices.has(c.id) ? { priceAmount: staging.introPrices.get(c.id)! } : {}),
    })),
  };
}
