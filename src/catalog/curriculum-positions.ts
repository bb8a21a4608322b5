import type { EntityManager } from 'typeorm';

/**
 * Positions of sections in a course and lessons in a section are 1-based and
 * gapless (1..n; archived lessons keep theirs). Every function here runs
 * inside the caller's transaction, with the course row locked (lockCourse),
 * so concurrent edits of one course serialize.
 */
type Siblings = { table: 'sections'; parentColumn: 'course_id' } | { table: 'lessons'; parentColumn: 'section_id' };

export const SECTIONS: Siblings = { table: 'sections', parentColumn: 'course_id' };
export const LESSONS: Siblings = { table: 'lessons', parentColumn: 'section_id' };

export async function lockCourse(manager: EntityManager, courseId: string): Promise<void> {
  await manager.query(`SELECT 1 FROM courses WHERE id = $1 FOR UPDATE`, [courseId]);
}

/** Makes room at `requested` (or at the end) among a parent's children and returns the position to take. */
export async function placeAt(manager: EntityManager, siblings: Siblings, parentId: string, requested: number | null): Promise<number> {
  const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM ${siblings.table} WHERE ${siblings.parentColumn} = $1`, [parentId]);
  const at = requested == null || requested > count ? count + 1 : requested;
  if (at <= count)
    await manager.query(`UPDATE ${siblings.table} SET position = position + 1 WHERE ${siblings.parentColumn} = $1 AND position >= $2`, [parentId, at]);
  return at;
}

/** Closes the gap a child left at `position` (deleted, or moved to another parent). */
export async function closeGap(manager: EntityManager, siblings: Siblings, parentId: string, position: number): Promise<void> {
  await manager.query(`UPDATE ${siblings.table} SET position = position - 1 WHERE ${siblings.parentColumn} = $1 AND position > $2`, [parentId, position]);
}

/** Moves one child to `requested` (or the end) under `toParentId`, which may be its own parent. Returns its new position. */
export async function moveChild(
  manager: EntityManager,
  siblings: Siblings,
  id: string,
  fromParentId: string,
  fromPosition: number,
  toParentId: string,
  requested: number | null,
): Promise<number> {
  await closeGap(manager, siblings, fromParentId, fromPosition);
  // Park the moving row outside the sequence while the others shift.
  await manager.query(`UPDATE ${siblings.table} SET position = 0 WHERE id = $1`, [id]);
  const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM ${siblings.table} WHERE ${siblings.parentColumn} = $1 AND id <> $2`, [
    toParentId,
    id,
  ]);
  const at = requested == null || requested > count ? count + 1 : requested;
  await manager.query(`UPDATE ${siblings.table} SET position = position + 1 WHERE ${siblings.parentColumn} = $1 AND position >= $2 AND id <> $3`, [
    toParentId,
    at,
    id,
  ]);
  await manager.query(`UPDATE ${siblings.table} SET ${siblings.parentColumn} = $2, position = $3 WHERE id = $1`, [id, toParentId, at]);
  return at;
}
