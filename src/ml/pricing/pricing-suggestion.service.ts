import { categoriesByCourseId, courseById, creatorById } from '../../catalog/catalog.loaders';
import { requireUser, hasRole } from '../../common/auth-checker';
import { badUserInput, forbidden } from '../../common/errors';
import { idOfType } from '../../common/global-id';
import { formatMoney, Money } from '../../common/money';
import { Role } from '../../identity/user.entity';
import type { DomainContext } from '../../kernel/context';
import type { PriceCounts } from './logistic-demand';
import { readPriceObservations, readPricedPeers, type PricedPeer, type PriceObservation } from './price-evidence';
import { PricePolicy } from './price-policy';
import { roundPrice } from './price-rounding';
import { suggestPrice } from './price-suggestion';
import type { PricingSuggestion } from './pricing-suggestion.types';

/**
 * pricingSuggestion for a course's creator (or an admin): the price that
 * maximises expected revenue per visitor, read from the same PricePolicy the
 * `price-agent` command runs (a Beta posterior per candidate price around a
 * pooled logistic demand curve), with suggestPrice's guardrails: a bounded
 * step from the current price, per-currency rounding, and no move at all
 * until enough visitors were observed.
 *
 * Candidates are the current price ±20% in 5% steps plus every price this
 * course was actually shown at. While the course's own evidence is thin,
 * offers of courses in the same categories count too, translated by relative
 * price (a peer shown at 90% of its own price counts at 90% of this one) and
 * down-weighted; their weight fades to nothing as the course's own visitors
 * reach THIN_EVIDENCE. A free course is priced from the median of its peers.
 */

const STEPS = [0.8, 0.85, 0.9, 0.95, 1, 1.05, 1.1, 1.15, 1.2];
/** Own visitors at which peers' evidence stops counting. */
const THIN_EVIDENCE = 300;
/** Weight of one peer visitor while the course has no evidence of its own. */
const POOLED_WEIGHT = 0.5;
/** Peer offers further than this from their own list price say little about this course's curve. */
const POOLED_RELATIVE_RANGE = [0.75, 1.25] as const;
const MAX_STEP = 0.2;
const MIN_EVIDENCE = 100;

export async function pricingSuggestion(ctx: DomainContext, courseGlobalId: string): Promise<PricingSuggestion | null> {
  const user = requireUser(ctx);
  const id = idOfType(courseGlobalId, 'Course');
  if (!id) throw badUserInput('courseId is not a Course ID.', 'courseId');
  const course = await ctx.loaders.get(courseById).load(id);
  if (!course) return null;
  const creator = await ctx.loaders.get(creatorById).load(course.creatorId);
  if (!(hasRole(ctx, Role.ADMIN) || creator?.userId === user.id)) {
    throw forbidden("Only the course's creator or an admin can see its pricing suggestion.");
  }

  const ownCurrency = course.priceCurrency?.trim() ?? null;
  let peers = await readPricedPeers(ctx.db, course.id, ownCurrency);
  let current = course.priceAmount;
  let currency = ownCurrency;
  if (current == null || currency == null) {
    if (peers.length === 0) return null;
    currency = mostCommon(peers.map((p) => p.currency));
    peers = peers.filter((p) => p.currency === currency);
    current = median(peers.map((p) => p.price));
  }
  const observations = (await readPriceObservations(ctx.db, [course.id, ...peers.map((p) => p.courseId)])).filter((o) => o.currency === currency);
  const evidence = pooledEvidence(course.id, current, currency, observations, peers);
  const policy = new PricePolicy({ prices: evidence.candidates, currency }, evidence.counts);
  const format = (amount: number) => formatMoney({ amount, currency: currency! });
  const bounds = currency === ownCurrency ? { min: course.priceFloor ?? undefined, max: course.priceCeiling ?? undefined } : {};
  const suggestion = suggestPrice(policy, { currentPrice: current, currency, maxStep: MAX_STEP, minEvidence: MIN_EVIDENCE, format, ...bounds });

  const [category] = await ctx.loaders.get(categoriesByCourseId).load(course.id);
  const sources = [`${evidence.ownOffers} offer${evidence.ownOffers === 1 ? '' : 's'} of this course`];
  if (evidence.pooledOffers > 0) {
    sources.push(
      `${evidence.pooledOffers} offers of ${evidence.pooledCourses} similar course${evidence.pooledCourses === 1 ? '' : 's'}${category ? ` in ${category.name}` : ''}, counted at ${Math.round(evidence.pooledWeight * 100)}% because this course's own evidence is thin`,
    );
  }
  const preface =
    course.priceAmount == null ? `This course is free; similar courses sell for a median of ${format(current)}, so that is the starting point. ` : '';
  const revenue = Math.round(suggestion.expectedRevenuePerVisitor);
  return {
    course,
    currentPrice: course.priceAmount == null ? null : Money.of({ amount: course.priceAmount, currency }),
    suggestedPrice: Money.of({ amount: suggestion.price, currency }),
    expectedConversionRate: suggestion.price > 0 ? round(suggestion.expectedRevenuePerVisitor / suggestion.price) : 0,
    expectedRevenuePerVisitor: Money.of({ amount: revenue, currency }),
    evidence: evidence.ownOffers + evidence.pooledOffers,
    explanation: `${preface}${suggestion.explanation} Based on ${sources.join(' and ')}.`,
    guardrails: suggestion.guardrails,
    minPrice: bounds.min == null ? null : Money.of({ amount: bounds.min, currency }),
    maxPrice: bounds.max == null ? null : Money.of({ amount: bounds.max, currency }),
  };
}

interface PooledEvidence {
  candidates: number[];
  counts: PriceCounts[];
  ownOffers: number;
  pooledOffers: number;
  pooledCourses: number;
  pooledWeight: number;
}

function pooledEvidence(
  courseId: string,
  current: number,
  currency: string,
  observations: readonly PriceObservation[],
  peers: readonly PricedPeer[],
): PooledEvidence {
  const own = observations.filter((o) => o.courseId === courseId);
  const candidates = [
    ...new Set([
      ...STEPS.map((step) => roundPrice(Math.round(current * step), currency)),
      ...own.map((o) => o.price).filter((p) => p >= current / 2 && p <= current * 2),
    ]),
  ].sort((a, b) => a - b);
  const counts = new Map(candidates.map((price) => [price, { price, trials: 0, purchases: 0 }]));
  const add = (price: number, trials: number, purchases: number) => {
    const entry = counts.get(nearest(candidates, price))!;
    entry.trials += trials;
    entry.purchases += Math.min(purchases, trials);
  };
  let ownOffers = 0;
  for (const o of own) {
    if (!counts.has(o.price)) continue;
    add(o.price, o.visitors, o.purchases);
    ownOffers += o.visitors;
  }
  const pooledWeight = POOLED_WEIGHT * Math.max(0, 1 - ownOffers / THIN_EVIDENCE);
  const listPrice = new Map(peers.map((p) => [p.courseId, p.price]));
  let pooledOffers = 0;
  const pooledCourses = new Set<string>();
  if (pooledWeight > 0) {
    for (const o of observations) {
      const peerPrice = listPrice.get(o.courseId);
      if (o.courseId === courseId || peerPrice === undefined) continue;
      const relative = o.price / peerPrice;
      if (relative < POOLED_RELATIVE_RANGE[0] || relative > POOLED_RELATIVE_RANGE[1]) continue;
      const trials = Math.round(o.visitors * pooledWeight);
      if (trials === 0) continue;
      add(current * relative, trials, Math.round(o.purchases * pooledWeight));
      pooledOffers += o.visitors;
      pooledCourses.add(o.courseId);
    }
  }
  return { candidates, counts: [...counts.values()], ownOffers, pooledOffers, pooledCourses: pooledCourses.size, pooledWeight };
}

function nearest(sorted: readonly number[], price: number): number {
  return sorted.reduce((best, p) => (Math.abs(p - price) < Math.abs(best - price) ? p : best));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
