import { coursesByIds } from '../../catalog/course-cards';
import { CourseEntity, CourseStatus } from '../../catalog/course.entity';
import { badUserInput } from '../../common/errors';
import type { DomainContext } from '../../kernel/context';
import { NO_ACTIVITY, readViewerActivity } from './course-activity';
import type { Recommendation as ScoredCourse } from './course-recommender';
import type { DiversityOption } from './diversity';
import { readActivityVersion, type CachedRecommendation } from './recommendation-cache';
import type { RecommenderRelease } from './recommender-release';
import type { Recommendation } from './recommendation.types';

/**
 * Recommendations for the viewer and "similar courses" for a course, from
 * the registry's current model release. A viewer's scored list is cached
 * (RecommendationCache) under the model version and the viewer's activity
 * version, read on every call (one primary-key lookup) before anything else:
 * an enrollment shows in the very next request, before any retraining. On a
 * miss the viewer's activity is read (one statement: what they took, own and
 * declared) and the model runs. Anonymous viewers share one list of trending
 * courses spread across categories.
 */

export const DEFAULT_RECOMMENDATIONS = 10;
export const MAX_RECOMMENDATIONS = 50;
/** Spare candidates per request, for courses archived since the release was built. */
const SPARE = 5;

export function recommendationCount(first: number | null | undefined): number {
  const k = first ?? DEFAULT_RECOMMENDATIONS;
  if (!Number.isInteger(k) || k < 1 || k > MAX_RECOMMENDATIONS) {
    throw badUserInput(`"first" must be between 1 and ${MAX_RECOMMENDATIONS} (got ${first}).`, 'first');
  }
  return k;
}

/** At most a third of a list from one category (at least 2), so one topic does not fill it. */
function diversityFor(k: number): DiversityOption {
  return { kind: 'category-cap', maxPerCategory: Math.max(2, Math.ceil(k / 3)) };
}

/** Similar courses share a topic by nature; MMR only keeps near-duplicates apart. */
const SIMILAR_DIVERSITY: DiversityOption = { kind: 'mmr', lambda: 0.8 };

export async function recommendCourses(ctx: DomainContext, first: number | null | undefined): Promise<Recommendation[]> {
  const k = recommendationCount(first);
  const viewerId = ctx.user?.id ?? null;
  // Read before the activity itself: a change committed in between makes the next request miss, never a stale hit.
  const activityVersion = viewerId ? await readActivityVersion(ctx.db, viewerId) : '0';
  const scored = await ctx.models.use((release) =>
    ctx.models.recommendations.lookup(`${viewerId ?? 'anonymous'}:${k}`, release.version, activityVersion, () => scoreForViewer(ctx, release, viewerId, k)),
  );
  return shown(ctx, scored, k);
}

async function scoreForViewer(ctx: DomainContext, release: RecommenderRelease, viewerId: string | null, k: number): Promise<CachedRecommendation[]> {
  const activity = viewerId ? await readViewerActivity(ctx.db, viewerId) : NO_ACTIVITY;
  const scored = await release.recommender.recommendForUser(viewerId ?? 'anonymous', k + SPARE, {
    history: activity.liked,
    interests: activity.interests,
    exclude: [...activity.owned, ...release.unavailable],
    diversity: diversityFor(k),
  });
  const enrolled = new Set(activity.enrolled);
  return scored.map((s) => (s.because ? { ...s, becauseEnrolled: enrolled.has(s.because) } : s));
}

export async function similarCourses(ctx: DomainContext, course: CourseEntity, first: number | null | undefined): Promise<CourseEntity[]> {
  const k = recommendationCount(first);
  const scored = await ctx.models.use((release) =>
    release.recommender.similarItems(course.id, k + SPARE, { exclude: release.unavailable, diversity: SIMILAR_DIVERSITY }),
  );
  return (await shown(ctx, scored, k)).map((r) => r.course);
}

/**
 * Loads the courses (one batch, with the courses the reasons name, so the
 * explanations need no statement of their own) and keeps the first `k` that
 * are still published.
 */
async function shown(ctx: DomainContext, scored: readonly (ScoredCourse & Partial<CachedRecommendation>)[], k: number): Promise<Recommendation[]> {
  const named = scored.flatMap((s) => (s.because ? [s.because] : []));
  const courses = await coursesByIds(ctx, [...scored.map((s) => s.itemId), ...named]);
  const out: Recommendation[] = [];
  scored.forEach((s) => {
    const course = courses.get(s.itemId);
    if (out.length >= k || !course || course.status !== CourseStatus.PUBLISHED) return;
    out.push({
      course,
      score: round(s.score),
      reason: s.reason,
      ...(s.because ? { becauseCourseId: s.because } : {}),
      ...(s.becauseEnrolled !== undefined ? { becauseEnrolled: s.becauseEnrolled } : {}),
    });
  });
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
