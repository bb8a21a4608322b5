import { addMs, DEMO_REFERENCE_DATE, HOUR_MS, later, MINUTE_MS, RECENT_DAYS, daysBeforeReference, timeBetween } from './demo-clock';
import type { DemoCourse } from './demo-courses';
import { demoId } from './demo-ids';
import type { DemoPlans } from './demo-plans';
import { reviewBody } from './demo-review-copy';
import type { DemoEnrollmentSource, DemoReviewVisibility, EnrollmentRow, LessonProgressRow, ReviewRow } from './demo-rows';
import type { DemoLearner } from './demo-users';
import { SeededRandom } from './random';

/**
 * What learners did over the RECENT_DAYS before the reference date: which
 * courses they enrolled in, how far they got, and what they said. Choices
 * follow the learner's favorite categories and language, a power-law
 * popularity (a few hits, a long tail) and each course's hidden quality —
 * the signal a recommender trained on this data should find again.
 */
export interface DemoActivity {
  enrollments: EnrollmentRow[];
  lessonProgress: LessonProgressRow[];
  reviews: ReviewRow[];
}

type Progress = 'none' | 'partial' | 'complete';

/** The demo learner account always shows a finished course, some in progress and one not yet started. */
const DEMO_LEARNER_PROGRESS: readonly Progress[] = ['complete', 'partial', 'partial', 'partial', 'none'];

const POPULARITY_EXPONENT = 1.2;
const FAVORITE_CATEGORY_BOOST = 8;
const OTHER_LANGUAGE_FACTOR = 0.15;
const PLAN_COURSE_BOOST = 6;

export function buildDemoActivity(
  rng: SeededRandom,
  learners: readonly DemoLearner[],
  courses: readonly DemoCourse[],
  plans: DemoPlans,
  demoLearnerId: string,
): DemoActivity {
  const activity: DemoActivity = { enrollments: [], lessonProgress: [], reviews: [] };
  const open = courses.filter((c) => c.row.status !== 'DRAFT');
  const popularity = popularityWeights(rng, open);
  const planCourses = new Map<string, Set<string>>();
  const planCategories = new Map<string, Set<string>>();
  for (const { planId, courseId } of plans.planCourses) {
    if (!planCourses.has(planId)) planCourses.set(planId, new Set());
    if (!planCategories.has(planId)) planCategories.set(planId, new Set());
    planCourses.get(planId)!.add(courseId);
    courses.find((c) => c.row.id === courseId)!.categorySlugs.forEach((slug) => planCategories.get(planId)!.add(slug));
  }

  for (const learner of learners) {
    const isDemoLearner = learner.userId === demoLearnerId;
    const plan = isDemoLearner ? undefined : membershipOf(rng, learner, planCategories);
    const inPlan = plan ? planCourses.get(plan)! : new Set<string>();
    const windows = open.map((course) => enrollmentWindow(learner, course));
    const weights = open.map((course, i) => {
      if (!windows[i]) return 0;
      const favorite = course.categorySlugs.some((slug) => learner.favoriteCategories.includes(slug));
      const readable = learner.language === 'both' || learner.language === course.row.language;
      return (
        popularity[i] * (favorite ? FAVORITE_CATEGORY_BOOST : 1) * (readable ? 1 : OTHER_LANGUAGE_FACTOR) * (inPlan.has(course.row.id) ? PLAN_COURSE_BOOST : 1)
      );
    });
    const count = isDemoLearner ? DEMO_LEARNER_PROGRESS.length : Math.min(20, Math.max(1, Math.round(Math.exp(rng.normal(1.75, 0.65)))));
    for (let n = 0; n < count && weights.some((w) => w > 0); n++) {
      const i = rng.weightedIndex(weights);
      weights[i] = 0;
      const source: DemoEnrollmentSource =
        open[i].row.priceAmount === null
          ? 'FREE'
          : inPlan.has(open[i].row.id)
            ? 'MEMBERSHIP'
            : rng.weightedPick<DemoEnrollmentSource>(['PURCHASE', 'SEAT', 'PARTNER', 'GRANT'], [0.9, 0.04, 0.04, 0.02]);
      const progress = isDemoLearner ? DEMO_LEARNER_PROGRESS[n] : drawProgress(rng, open[i]);
      enroll(rng, activity, learner, open[i], windows[i]!, source, progress, isDemoLearner && progress === 'complete');
    }
  }
  return activity;
}

/** Course weights in `courses` order: 1/(rank+1)^1.2 over a ranking that better courses tend to top. */
function popularityWeights(rng: SeededRandom, courses: readonly DemoCourse[]): number[] {
  const zipf = SeededRandom.zipfWeights(courses.length, POPULARITY_EXPONENT);
  const ranking = courses.map((course, i) => ({ i, score: 0.7 * course.quality + rng.normal() })).sort((a, b) => b.score - a.score);
  const weights = new Array<number>(courses.length);
  ranking.forEach(({ i }, rank) => {
    // Archived courses stopped selling weeks ago, so they collected fewer learners.
    weights[i] = zipf[rank] * (courses[i].row.status === 'ARCHIVED' ? 0.4 : 1);
  });
  return weights;
}

/** About a quarter of learners who like what a plan covers subscribe to it. */
function membershipOf(rng: SeededRandom, learner: DemoLearner, planCategories: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
  const candidates = [...planCategories].filter(([, slugs]) => learner.favoriteCategories.some((slug) => slugs.has(slug)));
  if (candidates.length === 0 || !rng.chance(0.25)) return undefined;
  return rng.pick(candidates)[0];
}

interface Window {
  from: Date;
  to: Date;
}

/** When this learner could have enrolled: after signing up and publication, within the recent period, before archiving. */
function enrollmentWindow(learner: DemoLearner, course: DemoCourse): Window | null {
  const from = later(later(learner.createdAt, course.row.publishedAt!), daysBeforeReference(RECENT_DAYS));
  const to = course.row.status === 'ARCHIVED' ? course.row.updatedAt : addMs(DEMO_REFERENCE_DATE, -HOUR_MS);
  return to.getTime() - from.getTime() > HOUR_MS ? { from, to } : null;
}

/** Better courses are finished more often; some learners never open a lesson. */
function drawProgress(rng: SeededRandom, course: DemoCourse): Progress {
  const completes = Math.min(0.35, Math.max(0.04, 0.16 + 0.07 * course.quality));
  const r = rng.next();
  return r < completes ? 'complete' : r < completes + 0.14 ? 'none' : 'partial';
}

function enroll(
  rng: SeededRandom,
  activity: DemoActivity,
  learner: DemoLearner,
  course: DemoCourse,
  window: Window,
  source: DemoEnrollmentSource,
  progress: Progress,
  mustReview: boolean,
): void {
  const id = demoId('enrollment', `${learner.handle}/${course.row.slug}`);
  const enrolledAt = timeBetween(rng, window.from, window.to);
  const lessons = course.lessons;
  const total = lessons.length;
  const completed = progress === 'complete' ? total : progress === 'none' ? 0 : 1 + Math.floor((total - 1) * Math.pow(rng.next(), 1.6));
  const opened = completed < total && (progress === 'partial' || rng.chance(0.5)) ? lessons[completed] : null;

  // Lessons are taken in order; completions spread between enrolling and the learner's last visit.
  const lastVisit =
    completed + (opened ? 1 : 0) > 0 ? timeBetween(rng, addMs(enrolledAt, 30 * MINUTE_MS), addMs(DEMO_REFERENCE_DATE, -10 * MINUTE_MS)) : enrolledAt;
  const completionsEnd = opened ? addMs(lastVisit, -MINUTE_MS) : lastVisit;
  const completionTimes = Array.from({ length: completed }, () => timeBetween(rng, addMs(enrolledAt, 5 * MINUTE_MS), completionsEnd)).sort(
    (a, b) => a.getTime() - b.getTime(),
  );
  completionTimes.forEach((completedAt, i) => {
    activity.lessonProgress.push({
      enrollmentId: id,
      lessonId: lessons[i].id,
      positionSeconds: lessons[i].durationSeconds,
      completedAt,
      updatedAt: completedAt,
    });
  });
  const openedAt = opened ? rng.int(10, Math.max(10, opened.durationSeconds - 10)) : 0;
  if (opened) activity.lessonProgress.push({ enrollmentId: id, lessonId: opened.id, positionSeconds: openedAt, completedAt: null, updatedAt: lastVisit });

  const lastDone = completed > 0 ? lessons[completed - 1] : null;
  activity.enrollments.push({
    id,
    userId: learner.userId,
    courseId: course.row.id,
    source,
    completedLessonCount: completed,
    lastLessonId: opened?.id ?? lastDone?.id ?? null,
    lastPositionSeconds: opened ? openedAt : (lastDone?.durationSeconds ?? 0),
    completedAt: completed === total ? completionTimes[total - 1] : null,
    enrolledAt,
    updatedAt: opened ? lastVisit : (completionTimes[completed - 1] ?? enrolledAt),
  });

  const reviewChance = progress === 'none' ? 0.08 : 0.3 + 0.3 * (completed / total);
  if (mustReview || rng.chance(reviewChance)) review(rng, activity, learner, course, lastVisit, progress === 'complete');
}

function review(rng: SeededRandom, activity: DemoActivity, learner: DemoLearner, course: DemoCourse, after: Date, finished: boolean): void {
  const stars = Math.min(5, Math.max(1, Math.round(rng.normal(3.9 + 0.6 * course.quality + (finished ? 0.2 : 0), 0.8))));
  const r = rng.next();
  const visibility: DemoReviewVisibility = r < 0.03 ? 'PENDING_REVIEW' : r < 0.045 ? 'REMOVED' : 'VISIBLE';
  const createdAt = timeBetween(rng, addMs(after, HOUR_MS), addMs(DEMO_REFERENCE_DATE, -MINUTE_MS));
  activity.reviews.push({
    id: demoId('review', `${learner.handle}/${course.row.slug}`),
    courseId: course.row.id,
    userId: learner.userId,
    stars,
    body: reviewBody(rng, course.row.language, stars, course.subjectName),
    visibility,
    createdAt,
    updatedAt: rng.chance(0.1) ? timeBetween(rng, createdAt, DEMO_REFERENCE_DATE) : createdAt,
  });
}
