import { DEMO_LEARNER } from './demo-accounts';
import { DEMO_REFERENCE_DATE } from './demo-clock';
import { buildDemoSchool } from './demo-school';
import { buildDemoActivity } from './demo-activity';
import { buildDemoCatalog, type DemoCourse } from './demo-courses';
import { buildDemoPlans } from './demo-plans';
import type { DemoData, EnrollmentRow, ReviewRow } from './demo-rows';
import { buildDemoPeople, type DemoCreator } from './demo-users';
import { SeededRandom } from './random';

export type { DemoData } from './demo-rows';

/** The seed behind the shipped demo data set; another seed gives another, equally consistent, world. */
export const DEMO_SEED = 20261123;

/**
 * The whole demo data set as plain rows, the same for the same seed on every
 * run (ids are name-based, times count back from a fixed date). Counters
 * that the schema denormalizes — enrollment_count, rating_sum/rating_count,
 * completed_lesson_count — are derived from the rows they summarize, so the
 * data obeys the same invariants the services maintain. `now` places the
 * one live session a few days ahead (default: the reference date).
 */
export function generateDemoData(seed = DEMO_SEED, options: { now?: Date } = {}): DemoData {
  const rng = new SeededRandom(seed);
  // One stream per part: a change in how learners are drawn leaves the catalog as it was.
  const people = buildDemoPeople(rng.fork('people'));
  const catalog = buildDemoCatalog(rng.fork('catalog'), people.creators);
  const plans = buildDemoPlans(rng.fork('plans'), people.creators, catalog.courses);
  const demoLearner = people.learners.find((l) => l.handle === DEMO_LEARNER.handle);
  if (!demoLearner) throw new Error(`no generated learner has the demo learner's handle ${DEMO_LEARNER.handle}`);
  const activity = buildDemoActivity(rng.fork('activity'), people.learners, catalog.courses, plans, demoLearner.userId);

  tallyCourses(catalog.courses, activity.enrollments, activity.reviews);
  tallyFollowers(rng.fork('followers'), people.creators, catalog.courses);
  // Forked last, so quizzes, drip and the live session leave everything above as it was.
  const school = buildDemoSchool(
    rng.fork('school'),
    catalog.courses,
    catalog.sections,
    activity.enrollments,
    activity.lessonProgress,
    options.now ?? DEMO_REFERENCE_DATE,
  );

  return {
    users: people.users,
    profiles: people.profiles,
    creators: people.creators.map((c) => c.row),
    categories: catalog.categories,
    courses: catalog.courses.map((c) => c.row),
    courseCategories: catalog.courseCategories,
    sections: catalog.sections,
    lessons: catalog.lessons,
    membershipPlans: plans.membershipPlans,
    planCourses: plans.planCourses,
    enrollments: activity.enrollments,
    lessonProgress: activity.lessonProgress,
    reviews: activity.reviews,
    ...school,
  };
}

/** enrollment_count counts every enrollment; the rating counts only reviews that are visible. */
function tallyCourses(courses: readonly DemoCourse[], enrollments: readonly EnrollmentRow[], reviews: readonly ReviewRow[]): void {
  const byId = new Map(courses.map((c) => [c.row.id, c.row]));
  for (const enrollment of enrollments) byId.get(enrollment.courseId)!.enrollmentCount += 1;
  for (const review of reviews) {
    if (review.visibility !== 'VISIBLE') continue;
    const course = byId.get(review.courseId)!;
    course.ratingSum += review.stars;
    course.ratingCount += 1;
  }
}

/** No follow rows exist yet, so a creator's audience is estimated from their learners plus people who only follow. */
function tallyFollowers(rng: SeededRandom, creators: readonly DemoCreator[], courses: readonly DemoCourse[]): void {
  for (const creator of creators) {
    const learners = courses.filter((c) => c.creator === creator).reduce((sum, c) => sum + c.row.enrollmentCount, 0);
    creator.row.followerCount = Math.round(learners * rng.float(0.3, 0.7)) + rng.int(20, 300);
  }
}
