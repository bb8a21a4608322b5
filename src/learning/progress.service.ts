import { EntityManager } from 'typeorm';
import { courseById, lessonById } from '../catalog/catalog.loaders';
import { canSeeCourse } from '../catalog/course-visibility';
import { assertCanOpen } from './lesson-gate';
import { hasQuizQuestions } from './quiz.loaders';
import type { LessonEntity } from '../catalog/lesson.entity';
import { requireUser } from '../common/auth-checker';
import { ErrorCode, invalidInput, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { inTransaction } from '../kernel/transaction';
import type { DomainContext } from '../kernel/context';
import { EnrollmentEntity } from './enrollment.entity';
import { applyLessonProgress } from './lesson-progress';
import { learnerStanding, lockLearnerEnrollment } from './learner-enrollment';
import { certificateByEnrollmentId, completedLessonIdsByEnrollmentId, enrollmentById, viewerEnrollmentByCourseId } from './learning.loaders';
import { RecordProgressInput } from './progress.types';

/** Devices may run a little ahead of the server's clock; further ahead is a bad clock, not a future event. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

interface ValidEvent {
  lesson: LessonEntity;
  positionSeconds: number;
  completed: boolean;
  clientEventId: string;
  occurredAt: Date;
}

async function validEvent(ctx: DomainContext, input: RecordProgressInput): Promise<ValidEvent> {
  const lessonId = idOfType(input.lessonId, 'Lesson');
  const lesson = lessonId ? await ctx.loaders.get(lessonById).load(lessonId) : null;
  if (!lesson) throw notFound('No lesson with this ID.', ['input', 'lessonId']);
  const clientEventId = (input.clientEventId ?? '').trim();
  if (clientEventId.length < 1 || clientEventId.length > 100)
    throw invalidInput('clientEventId must be 1 to 100 characters (a UUID works well).', ['input', 'clientEventId']);
  const limit = lesson.durationSeconds > 0 ? lesson.durationSeconds : 24 * 3600;
  if (!Number.isInteger(input.positionSeconds) || input.positionSeconds < 0 || input.positionSeconds > limit) {
    throw invalidInput(`positionSeconds must be between 0 and ${limit} (the lesson's length).`, ['input', 'positionSeconds']);
  }
  const occurredAt = input.occurredAt ?? new Date();
  if (Number.isNaN(occurredAt.getTime()) || occurredAt.getTime() > Date.now() + MAX_CLOCK_SKEW_MS) {
    throw invalidInput('occurredAt must not be in the future; leave it out to use the time the server receives the event.', ['input', 'occurredAt']);
  }
  return { lesson, positionSeconds: input.positionSeconds, completed: input.completed ?? false, clientEventId, occurredAt };
}

/**
 * Records one progress event from one of the learner's devices and returns
 * the enrollment as it stands afterwards.
 *
 * - idempotent: an event id seen before changes nothing (the same id with
 *   different content is IDEMPOTENCY_CONFLICT);
 * - monotonic: a lesson's position only moves forward, completed lessons
 *   stay completed, and resume (last lesson) only follows newer events;
 * - concurrent devices serialize on the enrollment row, so counts stay exact;
 * - completing the last lesson completes the course and issues its certificate.
 */
export async function recordProgress(ctx: DomainContext, input: RecordProgressInput): Promise<EnrollmentEntity> {
  const user = requireUser(ctx);
  const event = await validEvent(ctx, input);
  const course = (await ctx.loaders.get(courseById).load(event.lesson.courseId))!;
  if (!(await canSeeCourse(ctx, course))) throw notFound('No lesson with this ID.', ['input', 'lessonId']);
  await assertCanOpen(ctx, event.lesson, course, ['input', 'lessonId']);
  if (event.completed && (await hasQuizQuestions(ctx, event.lesson))) {
    throw new UserFailure(ErrorCode.CONFLICT, 'A quiz is completed by submitting answers (submitQuizAttempt), not by recording progress.', [
      'input',
      'completed',
    ]);
  }
  const standing = await learnerStanding(ctx, user.id, course, 'Previews can be watched without enrolling, but progress is only kept for enrolled learners.', [
    'input',
    'lessonId',
  ]);

  const { enrollment, changed } = await inTransaction(ctx, async (tx) => {
    const { manager } = tx;
    const enrollmentId = await lockLearnerEnrollment(manager, standing, ['input', 'lessonId']);
    if (!(await recordEventOnce(manager, enrollmentId, event))) {
      return { enrollment: await manager.getRepository(EnrollmentEntity).findOneByOrFail({ id: enrollmentId }), changed: false };
    }
    const updated = await applyLessonProgress(tx, {
      enrollmentId,
      userId: user.id,
      courseId: course.id,
      lessonId: event.lesson.id,
      positionSeconds: event.positionSeconds,
      completed: event.completed,
      occurredAt: event.occurredAt,
    });
    await tx.emit({ type: 'ProgressRecorded', enrollmentId, userId: user.id, courseId: course.id, lessonId: event.lesson.id, at: new Date().toISOString() });
    return { enrollment: updated, changed: true };
  });
  if (changed || !standing.hasEnrollment) {
    ctx.loaders.get(viewerEnrollmentByCourseId).clear(course.id);
    ctx.loaders.get(enrollmentById).clear(enrollment.id);
    ctx.loaders.get(completedLessonIdsByEnrollmentId).clear(enrollment.id);
    ctx.loaders.get(certificateByEnrollmentId).clear(enrollment.id);
  }
  return enrollment;
}

/** False when this event id was recorded before (a replay); a different event under a used id is a conflict. */
async function recordEventOnce(manager: EntityManager, enrollmentId: string, event: ValidEvent): Promise<boolean> {
  const inserted: unknown[] = await manager.query(
    `INSERT INTO progress_events (enrollment_id, client_event_id, lesson_id, position_seconds, completed, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (enrollment_id, client_event_id) DO NOTHING RETURNING 1`,
    [enrollmentId, event.clientEventId, event.lesson.id, event.positionSeconds, event.completed, event.occurredAt],
  );
  if (inserted.length) return true;
  const [seen]: Array<{ lessonId: string; positionSeconds: number; completed: boolean }> = await manager.query(
    `SELECT lesson_id AS "lessonId", position_seconds AS "positionSeconds", completed FROM progress_events
      WHERE enrollment_id = $1 AND client_event_id = $2`,
    [enrollmentId, event.clientEventId],
  );
  if (seen.lessonId !== event.lesson.id || seen.positionSeconds !== event.positionSeconds || seen.completed !== event.completed) {
    throw new UserFailure(ErrorCode.IDEMPOTENCY_CONFLICT, 'This clientEventId was already used for a different event; send a new id for a new event.', [
      'input',
      'clientEventId',
    ]);
  }
  return false;
}
