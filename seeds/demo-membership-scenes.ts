import { toGlobalId } from '../src/common/global-id';
import { addInterval, renewMembership } from '../src/commerce/membership-billing';
import { BillingInterval } from '../src/commerce/membership-plan.entity';
import { savePaymentMethod, subscribe } from '../src/commerce/membership.service';
import { DAY_MS, MINUTE_MS, addMs, timeBetween } from './demo-clock';
import { actingAs, type Scene } from './demo-replay';
import type { MembershipPlanRow } from './demo-rows';
import { as, type DemoCast } from './demo-shop-scenes';
import type { SeededRandom } from './random';

/** Test cards: each member's own (one trial per card), and one the test provider declines, named as Stripe's. */
const cardOf = (member: number) => `pm_card_visa_demo${member}`;
const DECLINED_CARD = 'pm_card_chargeDeclined';

/**
 * Members of monthly plans: each subscribes with a card (the plans open with
 * a free trial; the card is saved for renewals), and every period end that has
 * passed since is renewed by the renewal job's own handler, run with the clock
 * at that moment, charging the saved card as the job would. One member's card
 * is declined before a renewal: that membership falls PAST_DUE, and its retry
 * job (queued, as in production) runs once the server's workers start.
 */
export function membershipScenes(rng: SeededRandom, cast: DemoCast, plans: readonly MembershipPlanRow[], learnerIds: readonly string[], from: Date): Scene[] {
  const monthly = plans.filter((p) => p.active && p.billingInterval === 'MONTH');
  if (!monthly.length) return [];
  const scenes: Scene[] = [];
  const members = rng.sample(learnerIds, 10);
  members.forEach((learnerId, i) => {
    const plan = monthly[i % monthly.length];
    const subscribedAt = timeBetween(rng, from, addMs(from, 40 * DAY_MS));
    const state: { membershipId: string | null } = { membershipId: null };
    scenes.push({
      at: subscribedAt,
      kind: 'subscribe',
      async play(replay) {
        const { membership } = await subscribe(actingAs(replay, as(cast, learnerId)), {
          planId: toGlobalId('MembershipPlan', plan.id),
          idempotencyKey: `demo-subscribe-${i + 1}`,
          paymentMethodId: cardOf(i + 1),
        });
        state.membershipId = membership.id;
      },
    });
    const declines = i === 0;
    let periodEnd = plan.trialDays > 0 ? addMs(subscribedAt, plan.trialDays * DAY_MS) : addInterval(subscribedAt, BillingInterval.MONTH);
    for (let period = 1; periodEnd.getTime() < cast.now.getTime() - MINUTE_MS; period++) {
      const due = periodEnd;
      if (declines && period === 3) {
        scenes.push({
          at: addMs(due, -DAY_MS),
          kind: 'card change',
          async play(replay) {
            await savePaymentMethod(actingAs(replay, as(cast, learnerId)), DECLINED_CARD);
          },
        });
      }
      scenes.push({
        at: addMs(due, MINUTE_MS),
        kind: 'renewal',
        async play(replay) {
          if (!state.membershipId) return;
          // The period as the membership has it (a trial refused for a card already used ends a month out, not days).
          const [{ end }]: Array<{ end: Date }> = await replay.services.db.query('SELECT current_period_end AS "end" FROM memberships WHERE id = $1', [
            state.membershipId,
          ]);
          if (end.getTime() > due.getTime() + MINUTE_MS) return;
          await renewMembership.handle({ membershipId: state.membershipId, periodEnd: end.toISOString() }, replay.services);
        },
      });
      if (declines && period === 3) break;
      periodEnd = addInterval(periodEnd, BillingInterval.MONTH);
    }
  });
  return scenes;
}
