import { DEMO_CREATOR } from './demo-accounts';
import { categoryLabel, demoCategory } from './demo-catalog';
import { daysBeforeReference, later } from './demo-clock';
import type { DemoCourse } from './demo-courses';
import { demoId } from './demo-ids';
import type { MembershipPlanRow, PlanCourseRow } from './demo-rows';
import type { DemoCreator } from './demo-users';
import type { SeededRandom } from './random';

/**
 * Membership plans: a few creators sell access to several of their paid
 * courses by the month or the year. The demo creator account always has a
 * monthly and a yearly plan, so signing in as it shows both.
 */
export interface DemoPlans {
  membershipPlans: MembershipPlanRow[];
  planCourses: PlanCourseRow[];
}

const OTHER_PLAN_CREATORS = 3;
const MIN_PLAN_COURSES = 3;

/** Minor units; a yearly plan costs about ten months. */
const PLAN_PRICES = {
  CNY: { MONTH: [2900, 3900, 4900, 6900], YEAR: [29900, 39900, 49900, 69900] },
  USD: { MONTH: [900, 1200, 1500, 1900], YEAR: [8900, 11900, 14900, 19900] },
} as const;

export function buildDemoPlans(rng: SeededRandom, creators: readonly DemoCreator[], courses: readonly DemoCourse[]): DemoPlans {
  const plans: DemoPlans = { membershipPlans: [], planCourses: [] };
  const sellable = (creator: DemoCreator) => courses.filter((c) => c.creator === creator && c.row.status === 'PUBLISHED' && c.row.priceAmount !== null);
  const eligible = creators.filter((c) => sellable(c).length >= MIN_PLAN_COURSES);
  const account = eligible.find((c) => c.profile.handle === DEMO_CREATOR.handle);
  if (!account) throw new Error(`the demo creator ${DEMO_CREATOR.handle} has fewer than ${MIN_PLAN_COURSES} paid courses for a plan`);

  const chosen: Array<[DemoCreator, Array<'MONTH' | 'YEAR'>]> = [
    [account, ['MONTH', 'YEAR']],
    ...rng
      .sample(
        eligible.filter((c) => c !== account),
        OTHER_PLAN_CREATORS,
      )
      .map((c): [DemoCreator, Array<'MONTH' | 'YEAR'>] => [c, [rng.chance(0.6) ? 'MONTH' : 'YEAR']]),
  ];
  for (const [creator, intervals] of chosen) {
    const own = sellable(creator);
    const included = own.length <= 4 ? own : rng.sample(own, rng.int(MIN_PLAN_COURSES, own.length));
    const currency = creator.profile.language === 'zh' ? 'CNY' : 'USD';
    for (const interval of intervals) {
      const id = demoId('membership-plan', `${creator.profile.handle}/${interval}`);
      plans.membershipPlans.push({
        id,
        creatorId: creator.row.id,
        name: planName(creator, interval),
        priceAmount: rng.pick(PLAN_PRICES[currency][interval]),
        priceCurrency: currency,
        billingInterval: interval,
        trialDays: rng.pick([0, 7, 14]),
        active: true,
        createdAt: later(creator.row.createdAt, daysBeforeReference(rng.float(200, 320))),
      });
      for (const course of included) plans.planCourses.push({ planId: id, courseId: course.row.id });
    }
  }
  return plans;
}

function planName(creator: DemoCreator, interval: 'MONTH' | 'YEAR'): string {
  const category = demoCategory(creator.profile.categories[0]);
  const name = creator.profile.displayName;
  return creator.profile.language === 'zh'
    ? `${name}·${categoryLabel(category, 'zh')}会员（${interval === 'MONTH' ? '月度' : '年度'}）`
    : `${name}'s ${categoryLabel(category, 'en')} Club (${interval === 'MONTH' ? 'Monthly' : 'Yearly'})`;
}
