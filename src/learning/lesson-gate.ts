import { lessonOpening } from './course-access.service';
import type { CourseEntity } from '../catalog/course.entity';
import type { LessonEntity } from '../catalog/lesson.entity';
import { ErrorCode, UserFailure } from '../common/errors';
import type { DomainContext } from '../kernel/context';

/** For learning's writes (progress, quiz attempts, live seats): NOT_ENTITLED without access, NOT_RELEASED (with when) before the section opens. */
export async function assertCanOpen(ctx: DomainContext, lesson: LessonEntity, course: CourseEntity, field: string[]): Promise<void> {
  const opening = await lessonOpening(ctx, lesson, course);
  if (opening.open) return;
  if (opening.reason === 'NOT_ENTITLED') throw new UserFailure(ErrorCode.NOT_ENTITLED, 'You do not have access to this lesson.', field);
  const when = opening.opensAt ? `on ${opening.opensAt.toISOString()}` : 'some days after you enroll';
  throw new UserFailure(ErrorCode.NOT_RELEASED, `This lesson is not released yet; it opens ${when}.`, field);
}

/** For quiz attempts and live seats: also refused while moderation keeps the lesson's content down. */
export async function assertCanUse(ctx: DomainContext, lesson: LessonEntity, course: CourseEntity, field: string[]): Promise<void> {
  await assertCanOpen(ctx, lesson, course, field);
  if (lesson.removedAt) throw new UserFailure(ErrorCode.CONFLICT, 'This lesson is held by moderation; try again once a moderator has looked at it.', field);
}
