import type { DataSource, EntityManager } from 'typeorm';
import type { CatalogItem } from './content-index';
import type { Interaction } from './interaction-matrix';

/**
 * What the recommender learns from and serves on, read from PostgreSQL.
 *
 * A learner "took" a course (one implicit-feedback interaction) when they
 * enrolled in it, rated it 4–5 stars, or opened its page at least twice while
 * signed in. A rating of 1–2 stars cancels the pair: a course someone
 * disliked should not pull similar learners towards its neighbours. The
 * interaction's time is the learner's latest activity on it (lesson progress
 * included), so "recent history" means what they are studying now.
 */

type Db = DataSource | EntityManager;

/** Repeat signed-in views of a course page that count as interest. */
export const VIEWS_FOR_INTEREST = 2;

const LIKED = `
  WITH disliked AS (SELECT d.user_id, d.course_id FROM reviews d WHERE d.stars <= 2 AND $USER_D),
  activity AS (
    SELECT e.user_id, e.course_id,
           greatest(e.enrolled_at, (SELECT max(lp.updated_at) FROM lesson_progress lp WHERE lp.enrollment_id = e.id)) AS at
      FROM enrollments e
     WHERE $USER
    UNION ALL
    SELECT r.user_id, r.course_id, r.updated_at FROM reviews r WHERE r.stars >= 4 AND $USER_R
    UNION ALL
    SELECT i.user_id, i.course_id, max(i.shown_at) FROM price_impressions i
     WHERE i.user_id IS NOT NULL AND i.context = 'COURSE_PAGE' AND $USER_I
     GROUP BY i.user_id, i.course_id HAVING count(*) >= ${VIEWS_FOR_INTEREST}
  )
  SELECT a.user_id, a.course_id, extract(epoch FROM max(a.at))::float8 AS at
    FROM activity a
   WHERE NOT EXISTS (SELECT 1 FROM disliked d WHERE d.user_id = a.user_id AND d.course_id = a.course_id)
   GROUP BY a.user_id, a.course_id`;

function likedQuery(forOneUser: boolean): string {
  const filters: Record<string, string> = { e: 'e.user_id = $1', r: 'r.user_id = $1', i: 'i.user_id = $1', d: 'd.user_id = $1' };
  return LIKED.replace(/\$USER(?:_([RID]))?/g, (_, table?: string) => (forOneUser ? filters[(table ?? 'e').toLowerCase()] : 'true'));
}

export async function readTrainingInteractions(db: Db): Promise<Interaction[]> {
  const rows: Array<{ user_id: string; course_id: string; at: number }> = await db.query(likedQuery(false));
  return rows.map((r) => ({ userId: r.user_id, itemId: r.course_id, timestamp: r.at }));
}

/**
 * Published courses as content: tags, title, subtitle and description; the
 * first category is the course's category (diversity caps count it), and
 * every category also counts as a tag, so two courses filed under the same
 * subject are alike even when their creators chose different tags.
 */
export async function readCatalog(db: Db): Promise<CatalogItem[]> {
  const rows: Array<{ id: string; tags: string[]; categories: string[]; text: string }> = await db.query(`
    SELECT c.id, c.tags,
           coalesce((SELECT array_agg(cat.slug ORDER BY cat.position, cat.name) FROM course_categories cc
                       JOIN categories cat ON cat.id = cc.category_id WHERE cc.course_id = c.id), '{}') AS categories,
           concat_ws(' ', c.title, c.subtitle, c.description) AS text
      FROM courses c
     WHERE c.status = 'PUBLISHED'
     ORDER BY c.id`);
  return rows.map((r) => ({
    itemId: r.id,
    tags: [...r.tags, ...r.categories],
    ...(r.categories.length > 0 ? { category: r.categories[0] } : {}),
    text: r.text,
  }));
}

export interface ViewerActivity {
  /** Courses the viewer took and did not dislike, oldest activity first: the recommender's input. */
  liked: string[];
  /** Courses never to recommend: enrolled in (liked or not) or created by the viewer. */
  owned: string[];
  /** Declared interests from the profile. */
  interests: string[];
  /** Courses the viewer is enrolled in (part of `owned`). */
  enrolled: string[];
}

export const NO_ACTIVITY: ViewerActivity = { liked: [], owned: [], interests: [], enrolled: [] };

/** Everything recommendations need about one viewer, in one statement. */
export async function readViewerActivity(db: Db, userId: string): Promise<ViewerActivity> {
  const [row]: Array<Omit<ViewerActivity, 'owned'> & { created: string[] }> = await db.query(
    `
    SELECT coalesce((SELECT array_agg(l.course_id ORDER BY l.at, l.course_id)::text[] FROM (${likedQuery(true)}) l), '{}') AS liked,
           coalesce((SELECT array_agg(e.course_id)::text[] FROM enrollments e WHERE e.user_id = $1), '{}') AS enrolled,
           coalesce((SELECT array_agg(c.id)::text[] FROM courses c JOIN creators cr ON cr.id = c.creator_id WHERE cr.user_id = $1), '{}') AS created,
           coalesce((SELECT p.interests FROM profiles p WHERE p.user_id = $1), '{}') AS interests`,
    [userId],
  );
  const { liked, enrolled, created, interests } = row;
  return { liked, owned: [...enrolled, ...created], interests, enrolled };
}
