import { forbidden, notFound } from '../common/errors';
import { requireUser } from '../common/auth-checker';
import { idOfType } from '../common/global-id';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { creatorById } from './catalog.loaders';
import { CourseEntity } from './course.entity';

/**
 * Loads a course for editing: it must exist, and the caller must be its
 * creator or an admin (FORBIDDEN otherwise).
 */
export async function loadCourseForEditing(ctx: DomainContext, courseGlobalId: string, field: string[]): Promise<CourseEntity> {
  requireUser(ctx);
  const id = idOfType(courseGlobalId, 'Course');
  const course = id ? await ctx.db.getRepository(CourseEntity).findOneBy({ id }) : null;
  if (!course) throw notFound('No course with this ID.', field);
  await assertCanEditCourse(ctx, course);
  return course;
}

export async function assertCanEditCourse(ctx: DomainContext, course: CourseEntity): Promise<void> {
  const user = requireUser(ctx);
  if (user.roles.includes(Role.ADMIN)) return;
  const creator = await ctx.loaders.get(creatorById).load(course.creatorId);
  if (creator?.userId !== user.id) throw forbidden('Only the course creator or an admin can change this course.');
}
