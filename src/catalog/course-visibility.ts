import type { DomainContext } from '../kernel/context';
import { Role } from '../kernel/roles';
import { creatorById } from './catalog.loaders';
import { CourseEntity, CourseStatus } from './course.entity';

/** Admins, and the course's creator, stand in a relation to a course that no purchase gives. */
export async function creatorRelation(ctx: DomainContext, course: CourseEntity): Promise<'ADMIN' | 'CREATOR' | null> {
  if (!ctx.user) return null;
  if (ctx.user.roles.includes(Role.ADMIN)) return 'ADMIN';
  const creator = await ctx.loaders.get(creatorById).load(course.creatorId);
  return creator?.userId === ctx.user.id ? 'CREATOR' : null;
}

/**
 * Whether the viewer may see a course at all (its page, outline, reviews):
 * published ones for everyone, others for their creator and admins. Who may
 * open its lessons is learning's access service (course-access.service.ts).
 */
export async function canSeeCourse(ctx: DomainContext, course: CourseEntity): Promise<boolean> {
  return course.status === CourseStatus.PUBLISHED || (await creatorRelation(ctx, course)) !== null;
}

/** The course's creator or an admin: they edit it, and see its answer keys, archived lessons and stats. */
export async function isCourseEditor(ctx: DomainContext, course: CourseEntity): Promise<boolean> {
  return (await creatorRelation(ctx, course)) !== null;
}
