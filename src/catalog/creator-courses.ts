import { invalidInput, notFound } from '../common/errors';
import { idOfType } from '../common/global-id';
import type { DomainContext } from '../kernel/context';
import { CourseEntity } from './course.entity';

/** Course global IDs from input → raw ids; a bad one is INVALID_INPUT at its index. */
export function courseIdsFrom(globalIds: readonly string[] | null | undefined, field: string[]): string[] {
  return (globalIds ?? []).map((globalId, i) => {
    const id = idOfType(globalId, 'Course');
    if (!id) throw invalidInput('Not a Course ID.', [...field, String(i)]);
    return id;
  });
}

/** Every id names a course of this creator (plans and coupons cover only one's own courses); NOT_FOUND at the first that does not. */
export async function assertOwnCourses(ctx: DomainContext, creatorId: string, courseIds: string[], field: string[]): Promise<void> {
  if (!courseIds.length) return;
  const own = await ctx.db
    .getRepository(CourseEntity)
    .createQueryBuilder('c')
    .select('c.id', 'id')
    .where('c.id IN (:...courseIds) AND c.creator_id = :creatorId', { courseIds, creatorId })
    .getRawMany<{ id: string }>();
  const owned = new Set(own.map((r) => r.id));
  const foreign = courseIds.findIndex((id) => !owned.has(id));
  if (foreign >= 0) throw notFound('You have no such course; this covers only your own courses.', [...field, String(foreign)]);
}
