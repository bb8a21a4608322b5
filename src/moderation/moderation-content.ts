import type { EntityManager } from 'typeorm';
import { adjustCourseRating } from '../community/review.service';
import { invalidInput } from '../common/errors';
import { ContentKind, ModerationAction } from './moderation.types';

/**
 * What moderation can see and do to each kind of content: who wrote it, and
 * how each action shows or hides it. Texts keep their body in the database
 * (an upheld appeal restores it); what is hidden is blanked or left out
 * wherever it is served, because every read path filters on these states.
 */

/** Texts with a visibility column: table, id column, visibility column, author column, text. */
const TEXTS: Partial<Record<ContentKind, { table: string; id: string; visibility: string; author: string; text: string }>> = {
  [ContentKind.COMMENT]: { table: 'comments', id: 'id', visibility: 'visibility', author: 'user_id', text: 'body' },
  [ContentKind.REVIEW]: { table: 'reviews', id: 'id', visibility: 'visibility', author: 'user_id', text: 'body' },
  [ContentKind.CHAT_MESSAGE]: { table: 'chat_messages', id: 'id', visibility: 'visibility', author: 'user_id', text: 'body' },
  [ContentKind.PROFILE]: { table: 'profiles', id: 'user_id', visibility: 'bio_visibility', author: 'user_id', text: 'bio' },
  [ContentKind.TIP]: { table: 'tips', id: 'id', visibility: 'message_visibility', author: 'from_user_id', text: 'message' },
};

export interface ModeratedContent {
  authorId: string | null;
  text: string;
  /** The course the content belongs to (courses and lessons). */
  courseId: string | null;
}

/** The content as it is now (locked for the deciding transaction), or null when it no longer exists. */
export async function loadContent(manager: EntityManager, kind: ContentKind, id: string): Promise<ModeratedContent | null> {
  const text = TEXTS[kind];
  if (text) {
    const [row] = await manager.query(
      `SELECT ${text.author} AS author, coalesce(${text.text}, '') AS text FROM ${text.table} WHERE ${text.id} = $1 FOR UPDATE`,
      [id],
    );
    return row ? { authorId: row.author, text: row.text, courseId: null } : null;
  }
  if (kind === ContentKind.LESSON) {
    const [row] = await manager.query(
      `SELECT cr.user_id AS author, l.title || E'\\n' || coalesce(l.body, '') AS text, l.course_id AS "courseId"
       FROM lessons l JOIN courses c ON c.id = l.course_id JOIN creators cr ON cr.id = c.creator_id WHERE l.id = $1 FOR UPDATE OF l`,
      [id],
    );
    return row ? { authorId: row.author, text: row.text, courseId: row.courseId } : null;
  }
  const [row] = await manager.query(
    `SELECT cr.user_id AS author, c.title || E'\\n' || coalesce(c.subtitle, '') || E'\\n' || c.description AS text
     FROM courses c JOIN creators cr ON cr.id = c.creator_id WHERE c.id = $1 FOR UPDATE OF c`,
    [id],
  );
  return row ? { authorId: row.author, text: row.text, courseId: id } : null;
}

/** Makes the content match a decision. APPROVE also undoes an earlier take-down (an upheld appeal). */
export async function applyDecision(manager: EntityManager, kind: ContentKind, id: string, content: ModeratedContent, action: ModerationAction): Promise<void> {
  const takeDown = action !== ModerationAction.APPROVE;
  if (action === ModerationAction.SUSPEND_CONTENT && kind !== ContentKind.COURSE && kind !== ContentKind.LESSON) {
    throw invalidInput('SUSPEND_CONTENT applies to courses and lessons; use REMOVE for other content.', ['input', 'action']);
  }
  const text = TEXTS[kind];
  if (text) {
    await setTextVisibility(manager, kind, id, takeDown ? 'REMOVED' : 'VISIBLE');
  } else if (kind === ContentKind.LESSON && action !== ModerationAction.SUSPEND_CONTENT) {
    await manager.query(`UPDATE lessons SET removed_at = ${takeDown ? 'now()' : 'NULL'} WHERE id = $1`, [id]);
  } else if (takeDown) {
    await suspendCourse(manager, content.courseId!);
  } else if (kind === ContentKind.COURSE) {
    await reinstateCourse(manager, id);
  }
}

/** One text's visibility, keeping the course's rating totals exact for reviews. */
async function setTextVisibility(manager: EntityManager, kind: ContentKind, id: string, visibility: 'VISIBLE' | 'REMOVED'): Promise<void> {
  const text = TEXTS[kind]!;
  if (kind === ContentKind.REVIEW) {
    const [before] = await manager.query('SELECT course_id AS "courseId", stars, visibility FROM reviews WHERE id = $1 FOR UPDATE', [id]);
    await manager.query('UPDATE reviews SET visibility = $2 WHERE id = $1', [id, visibility]);
    await adjustCourseRating(manager, before.courseId, before, { stars: before.stars, visibility });
    return;
  }
  await manager.query(`UPDATE ${text.table} SET ${text.visibility} = $2 WHERE ${text.id} = $1`, [id, visibility]);
}

/** SUSPENDED: out of the catalog, search and recommendations; learners who own it keep nothing new. */
export async function suspendCourse(manager: EntityManager, courseId: string, hold: 'HELD' | 'SUSPENDED' = 'SUSPENDED'): Promise<void> {
  await manager.query(
    `UPDATE courses SET status = 'SUSPENDED', moderation_hold = $2, updated_at = now() WHERE id = $1 AND status IN ('PUBLISHED', 'SUSPENDED')`,
    [courseId, hold],
  );
}

/** Back in the catalog, when moderation (not its creator) took it out. */
export async function reinstateCourse(manager: EntityManager, courseId: string): Promise<boolean> {
  const [, count] = await manager.query(
    `UPDATE courses SET status = 'PUBLISHED', moderation_hold = NULL, published_at = coalesce(published_at, now()), updated_at = now()
     WHERE id = $1 AND status = 'SUSPENDED'`,
    [courseId],
  );
  return count > 0;
}

/** Hides (or, on unban, restores) everything a user wrote that was visible. */
export async function setAuthorBanned(manager: EntityManager, userId: string, banned: boolean): Promise<void> {
  const [from, to] = banned ? ['VISIBLE', 'AUTHOR_BANNED'] : ['AUTHOR_BANNED', 'VISIBLE'];
  for (const text of Object.values(TEXTS)) {
    if (text.table === 'reviews') continue;
    await manager.query(`UPDATE ${text.table} SET ${text.visibility} = $3 WHERE ${text.author} = $1 AND ${text.visibility} = $2`, [userId, from, to]);
  }
  const reviews: Array<{ id: string; courseId: string; stars: number }> = await manager
    .query(`UPDATE reviews SET visibility = $3 WHERE user_id = $1 AND visibility = $2 RETURNING id, course_id AS "courseId", stars`, [userId, from, to])
    .then(([rows]) => rows);
  for (const review of reviews) {
    await adjustCourseRating(manager, review.courseId, { stars: review.stars, visibility: from }, { stars: review.stars, visibility: to });
  }
  if (banned) {
    await manager.query(
      `UPDATE courses SET status = 'SUSPENDED', moderation_hold = 'AUTHOR_BANNED', updated_at = now()
       WHERE status = 'PUBLISHED' AND creator_id IN (SELECT id FROM creators WHERE user_id = $1)`,
      [userId],
    );
  } else {
    await manager.query(
      `UPDATE courses SET status = 'PUBLISHED', moderation_hold = NULL, updated_at = now()
       WHERE status = 'SUSPENDED' AND moderation_hold = 'AUTHOR_BANNED' AND creator_id IN (SELECT id FROM creators WHERE user_id = $1)`,
      [userId],
    );
  }
}
