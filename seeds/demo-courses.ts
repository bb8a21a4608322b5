import { DEMO_CREATOR } from './demo-accounts';
import { DEMO_CATEGORIES, type DemoCategory, type DemoCurrency, type DemoSubject, demoCategory, PRICE_POINTS } from './demo-catalog';
import { addMs, DAY_MS, daysBeforeReference, DEMO_REFERENCE_DATE, timeBetween } from './demo-clock';
import { courseDescription, courseSubtitle, courseTitle, type DemoLanguage, sectionTitles, topicLabel } from './demo-course-copy';
import { demoId } from './demo-ids';
import { lessonBody, lessonDurationSeconds, lessonKind, lessonMediaUrl, lessonTitle, MEDIA_HOST } from './demo-lesson-copy';
import type { CategoryRow, CourseCategoryRow, CourseRow, DemoCourseStatus, LessonRow, SectionRow } from './demo-rows';
import type { DemoCreator } from './demo-users';
import type { SeededRandom } from './random';

/**
 * The demo catalog as rows: categories, and each creator's courses with
 * their sections and lessons. A course also carries a hidden `quality`
 * that later drives its reviews' stars and how often learners finish it.
 */
export interface DemoCourse {
  row: CourseRow;
  creator: DemoCreator;
  subjectName: string;
  categorySlugs: string[];
  /** In the order a learner takes them: by section, then by position. */
  lessons: LessonRow[];
  /** Standard-normal; about -2 (poor) to +2 (excellent). */
  quality: number;
}

export interface DemoCatalog {
  categories: CategoryRow[];
  courses: DemoCourse[];
  courseCategories: CourseCategoryRow[];
  sections: SectionRow[];
  lessons: LessonRow[];
}

const DRAFT_COUNT = 2;
const ARCHIVED_COUNT = 2;
const FREE_SHARE = 0.15;

interface CoursePlan {
  creator: DemoCreator;
  category: DemoCategory;
  subject: DemoSubject;
  language: DemoLanguage;
}

export function buildDemoCatalog(rng: SeededRandom, creators: readonly DemoCreator[]): DemoCatalog {
  const categories: CategoryRow[] = DEMO_CATEGORIES.map((c, i) => ({
    id: demoId('category', c.slug),
    slug: c.slug,
    ...bilingualName(c.name),
    parentId: null,
    position: i + 1,
  }));
  const plans = planCourses(rng, creators);

  // Statuses and free courses are dealt from the front of one shuffle so they
  // never overlap: a free course is always a published one a newcomer can open.
  // The demo creator account's first courses go to the back, so it always has
  // paid, published courses to put in its membership plans.
  const reserved = plans
    .map((p, i) => (p.creator.profile.handle === DEMO_CREATOR.handle ? i : -1))
    .filter((i) => i >= 0)
    .slice(0, 3);
  const order = [...rng.shuffle(plans.map((_, i) => i).filter((i) => !reserved.includes(i))), ...reserved];
  const status = new Map<number, DemoCourseStatus>();
  order.slice(0, DRAFT_COUNT).forEach((i) => status.set(i, 'DRAFT'));
  order.slice(DRAFT_COUNT, DRAFT_COUNT + ARCHIVED_COUNT).forEach((i) => status.set(i, 'ARCHIVED'));
  const freeCount = Math.round(plans.length * FREE_SHARE);
  const free = new Set(order.slice(DRAFT_COUNT + ARCHIVED_COUNT, DRAFT_COUNT + ARCHIVED_COUNT + freeCount));

  const catalog: DemoCatalog = { categories, courses: [], courseCategories: [], sections: [], lessons: [] };
  const slugs = new Set<string>();
  plans.forEach((plan, i) => buildCourse(rng, catalog, plan, status.get(i) ?? 'PUBLISHED', free.has(i), slugs));
  return catalog;
}

/** Which subject, in which language, each creator teaches: 5–6 courses each, no subject taught twice. */
function planCourses(rng: SeededRandom, creators: readonly DemoCreator[]): CoursePlan[] {
  const used = new Set<DemoSubject>();
  const plans: CoursePlan[] = [];
  for (const creator of creators) {
    const own = creator.profile.categories.map(demoCategory);
    const count = rng.int(5, 6);
    for (let n = 0; n < count; n++) {
      const preferred = own.length > 1 && rng.chance(0.3) ? [own[1], own[0]] : own;
      // When the creator's own categories run out, they teach next door (related), then anywhere.
      const fallbacks = [...preferred, ...own[0].related.map(demoCategory), ...DEMO_CATEGORIES];
      const category = fallbacks.find((c) => c.subjects.some((s) => !used.has(s)));
      if (!category) throw new Error('the demo catalog has fewer subjects than courses to generate');
      const subject = rng.pick(category.subjects.filter((s) => !used.has(s)));
      used.add(subject);
      const other: DemoLanguage = creator.profile.language === 'zh' ? 'en' : 'zh';
      plans.push({ creator, category, subject, language: rng.chance(0.85) ? creator.profile.language : other });
    }
  }
  return plans;
}

function buildCourse(rng: SeededRandom, catalog: DemoCatalog, plan: CoursePlan, status: DemoCourseStatus, isFree: boolean, slugs: Set<string>): void {
  const { creator, category, subject, language } = plan;
  const subjectName = subject[language];
  const title = courseTitle(rng, subjectName, language);
  const slug = uniqueSlug(language === 'en' ? title : subject.en, slugs);
  const id = demoId('course', slug);
  const { createdAt, publishedAt, updatedAt } = courseDates(rng, status);

  const categorySlugs = [category.slug];
  if (category.related.length > 0 && rng.chance(0.3)) categorySlugs.push(rng.pick(category.related));
  const tags = courseTags(rng, subject, categorySlugs);
  // `focus` is what this subject is about; `topics` adds the category's wider vocabulary.
  const inLanguage = (list: readonly string[]) => list.map((t) => topicLabel(t, language)).filter((t): t is string => t !== null);
  const topics = inLanguage(tags);
  const focus = inLanguage(subject.tags);
  if (focus.length === 0) focus.push(subjectName);

  const sectionCount = rng.int(2, 5);
  const courseLessons: LessonRow[] = [];
  const usedTitles = new Set<string>();
  sectionTitles(rng, language, sectionCount).forEach((sectionTitle, s) => {
    const sectionId = demoId('section', `${slug}/${s + 1}`);
    catalog.sections.push({ id: sectionId, courseId: id, title: sectionTitle, position: s + 1, releaseAt: null, releaseAfterDays: null, createdAt });
    const lessonCount = rng.int(2, 6);
    for (let l = 0; l < lessonCount; l++) {
      const kind = lessonKind(rng, category.audioShare);
      const topic = rng.weightedPick([subjectName, rng.pick(focus), rng.pick(topics.length > 0 ? topics : focus)], [5, 3, 2]);
      const lessonTitleText = distinctTitle(usedTitles, () => lessonTitle(rng, language, kind, topic), language);
      courseLessons.push({
        id: demoId('lesson', `${slug}/${s + 1}/${l + 1}`),
        sectionId,
        courseId: id,
        title: lessonTitleText,
        kind,
        position: l + 1,
        durationSeconds: lessonDurationSeconds(rng, kind),
        isPreview: false,
        body: lessonBody(rng, language, kind, lessonTitleText, topic),
        mediaUrl: lessonMediaUrl(kind, slug, s + 1, l + 1),
        createdAt,
      });
    }
  });
  // Paid courses mostly open their first lesson or two, so a visitor can judge them before buying.
  if (!isFree && rng.chance(0.7))
    courseLessons.slice(0, rng.int(1, 2)).forEach((lesson) => {
      lesson.isPreview = true;
    });

  const totalSeconds = courseLessons.reduce((sum, lesson) => sum + lesson.durationSeconds, 0);
  const currency: DemoCurrency = language === 'zh' ? 'CNY' : 'USD';
  const row: CourseRow = {
    id,
    slug,
    creatorId: creator.row.id,
    title,
    subtitle: courseSubtitle(rng, language, [...rng.shuffle(focus), ...topics.filter((t) => !focus.includes(t))], courseLessons.length),
    description: courseDescription(rng, {
      language,
      subjectName,
      topics: topics.length > 0 ? topics : focus,
      sectionCount,
      lessonCount: courseLessons.length,
      totalSeconds,
      creatorName: creator.profile.displayName,
    }),
    coverUrl: `${MEDIA_HOST}/covers/${slug}.jpg`,
    language,
    tags,
    status,
    priceAmount: isFree ? null : rng.weightedPick(PRICE_POINTS[currency].amounts, PRICE_POINTS[currency].weights),
    priceCurrency: isFree ? null : currency,
    ratingSum: 0,
    ratingCount: 0,
    enrollmentCount: 0,
    publishedAt,
    createdAt,
    updatedAt,
  };
  catalog.courses.push({ row, creator, subjectName, categorySlugs, lessons: courseLessons, quality: rng.normal() });
  catalog.lessons.push(...courseLessons);
  for (const categorySlug of categorySlugs) catalog.courseCategories.push({ courseId: id, categoryId: demoId('category', categorySlug) });
}

/** The subject's own tags, topped up from its categories' topics to 3–6 in all. */
function courseTags(rng: SeededRandom, subject: DemoSubject, categorySlugs: readonly string[]): string[] {
  const tags = new Set(subject.tags);
  const target = rng.int(Math.max(3, tags.size), 6);
  const pool = categorySlugs.flatMap((slug) => rng.shuffle(demoCategory(slug).topics));
  for (const topic of pool) {
    if (tags.size >= target) break;
    tags.add(topic);
  }
  return [...tags];
}

function courseDates(rng: SeededRandom, status: DemoCourseStatus): { createdAt: Date; publishedAt: Date | null; updatedAt: Date } {
  if (status === 'DRAFT') {
    const createdAt = daysBeforeReference(rng.float(3, 45));
    return { createdAt, publishedAt: null, updatedAt: timeBetween(rng, createdAt, DEMO_REFERENCE_DATE) };
  }
  if (status === 'ARCHIVED') {
    const createdAt = daysBeforeReference(rng.float(420, 700));
    // Archived a month or two ago: it still has learners from before.
    return { createdAt, publishedAt: addMs(createdAt, rng.float(5, 30) * DAY_MS), updatedAt: daysBeforeReference(rng.float(20, 60)) };
  }
  const createdAt = daysBeforeReference(rng.float(30, 540));
  const publishedAt = new Date(Math.min(addMs(createdAt, rng.float(2, 30) * DAY_MS).getTime(), daysBeforeReference(10).getTime()));
  return { createdAt, publishedAt, updatedAt: timeBetween(rng, publishedAt, daysBeforeReference(1)) };
}

function uniqueSlug(text: string, taken: Set<string>): string {
  const base = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}

/** Patterns repeat within a long course; a few retries, then a part number, keep every title in a course distinct. */
function distinctTitle(used: Set<string>, draw: () => string, language: DemoLanguage): string {
  let title = draw();
  for (let tries = 0; used.has(title) && tries < 6; tries++) title = draw();
  const base = title;
  for (let part = 2; used.has(title); part++) title = language === 'zh' ? `${base}（${part}）` : `${base} (part ${part})`;
  used.add(title);
  return title;
}

/** "编程开发 Programming" → the Chinese and the English name. */
function bilingualName(name: string): { name: string; nameZh: string } {
  const at = name.search(/ [A-Za-z]/);
  return at < 0 ? { name, nameZh: name } : { name: name.slice(at + 1), nameZh: name.slice(0, at) };
}
