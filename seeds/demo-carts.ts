import { DAY_MS, MINUTE_MS, addMs } from './demo-clock';
import type { CourseRow, EnrollmentRow } from './demo-rows';
import type { SeededRandom } from './random';

/**
 * How the demo's purchases were bought: every enrollment the generator marks
 * PURCHASE becomes a line of a checkout its learner made shortly before the
 * enrollment's date. A learner's purchases in one currency within three weeks
 * of each other share one cart (as people buy a bundle), up to six courses;
 * the enrollments follow the checkout as the learner starts each course.
 */
export interface DemoCart {
  key: string;
  buyerId: string;
  courseIds: string[];
  currency: string;
  /** When the buyer checked out: a little before the first of these enrollments. */
  at: Date;
}

const CART_SPAN_MS = 21 * DAY_MS;
const MAX_CART = 6;

export function planDemoCarts(rng: SeededRandom, enrollments: readonly EnrollmentRow[], courses: readonly CourseRow[]): DemoCart[] {
  const byId = new Map(courses.map((c) => [c.id, c]));
  const purchases = enrollments
    .filter((e) => e.source === 'PURCHASE')
    .sort((a, b) => a.userId.localeCompare(b.userId) || a.enrolledAt.getTime() - b.enrolledAt.getTime() || a.courseId.localeCompare(b.courseId));
  const carts: DemoCart[] = [];
  let open: DemoCart | null = null;
  let openedAt = 0;
  for (const enrollment of purchases) {
    const course = byId.get(enrollment.courseId);
    if (!course || course.priceAmount === null || !course.priceCurrency)
      throw new Error(`demo enrollment ${enrollment.id} is a purchase of a course without a price`);
    const joins =
      open &&
      open.buyerId === enrollment.userId &&
      open.currency === course.priceCurrency &&
      open.courseIds.length < MAX_CART &&
      enrollment.enrolledAt.getTime() - openedAt <= CART_SPAN_MS;
    if (joins) {
      open!.courseIds.push(course.id);
      continue;
    }
    openedAt = enrollment.enrolledAt.getTime();
    open = {
      key: `demo-cart-${carts.length + 1}`,
      buyerId: enrollment.userId,
      courseIds: [course.id],
      currency: course.priceCurrency,
      at: addMs(enrollment.enrolledAt, -rng.int(2, 40) * MINUTE_MS),
    };
    carts.push(open);
  }
  return carts.sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key));
}
