import type { Transaction } from '../kernel/transaction';
import { settleCompletion } from './course-completion';
import { EnrollmentEntity } from './enrollment.entity';

export interface LessonProgressChange {
  enrollmentId: string;
  userId: string;
  courseId: string;
  lessonId: string;
  positionSeconds: number;
  completed: boolean;
  /** The device's time of the event: resume (last lesson) only follows newer ones. */
  occurredAt: Date;
}

/**
 * Applies one piece of progress on a lesson inside the caller's transaction
 * (the enrollment row locked): the lesson's position only moves forward and
 * a completed lesson stays completed; resume follows the newest event; the
 * course completes (with its certificate) once the completion rule is met.
 * Used by recordProgress and by graded quiz attempts.
 */
export async function applyLessonProgress(tx: Transaction, change: LessonProgressChange): Promise<EnrollmentEntity> {
  const { manager } = tx;
  const [{ position }]: Array<{ position: number }> = await manager.query(
    `INSERT INTO lesson_progress (enrollment_id, lesson_id, position_seconds, completed_at)
     VALUES ($1, $2, $3, CASE WHEN $4::boolean THEN now() END)
     ON CONFLICT (enrollment_id, lesson_id) DO UPDATE
       SET position_seconds = greatest(lesson_progress.position_seconds, excluded.position_seconds),
           completed_at = coalesce(lesson_progress.completed_at, excluded.completed_at),
           updated_at = now()
     RETURNING position_seconds AS position`,
    [change.enrollmentId, change.lessonId, change.positionSeconds, change.completed],
  );
  await manager.query(
    `UPDATE enrollments SET
        last_lesson_id = CASE WHEN last_progress_at IS NULL OR $3 >= last_progress_at THEN $2::uuid ELSE last_lesson_id END,
        last_position_seconds = CASE WHEN last_progress_at IS NULL OR $3 >= last_progress_at OR last_lesson_id = $2::uuid THEN $4 ELSE last_position_seconds END,
        last_progress_at = greatest(last_progress_at, $3),
        updated_at = now()
      WHERE id = $1`,
    [change.enrollmentId, change.lessonId, change.occurredAt, position],
  );
  if (change.completed) {
    await tx.emit({ type: 'LessonCompleted', enrollmentId: change.enrollmentId, userId: change.userId, courseId: change.courseId, lessonId: change.lessonId });
  }
  await settleCompletion(tx, { enrollmentId: change.enrollmentId });
  return manager.getRepository(EnrollmentEntity).findOneByOrFail({ id: change.enrollmentId });
}
