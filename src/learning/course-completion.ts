import type { Transaction } from '../kernel/transaction';
import { issueCertificate } from './certificate.service';

/**
 * The completion rule, in one place. What counts: the course's lessons that
 * are not archived; an enrollment is complete when it has completed all of
 * them (and, when the course asks for it, passed every quiz that has
 * questions). Completion is never taken back: a certificate once issued
 * stays, whatever the course becomes.
 */
const ENROLLMENT_TOTALS = `
  SELECT e.id AS enrollment_id,
         (SELECT count(*) FROM lesson_progress lp JOIN lessons l ON l.id = lp.lesson_id AND l.course_id = e.course_id AND l.archived_at IS NULL
           WHERE lp.enrollment_id = e.id AND lp.completed_at IS NOT NULL)::int AS completed,
         (SELECT count(*) FROM lessons l WHERE l.course_id = e.course_id AND l.archived_at IS NULL)::int AS total,
         (NOT c.certificate_requires_quiz_pass OR NOT EXISTS (
            SELECT 1 FROM lessons l WHERE l.course_id = e.course_id AND l.archived_at IS NULL AND l.kind = 'QUIZ'
               AND EXISTS (SELECT 1 FROM quiz_questions q WHERE q.lesson_id = l.id AND q.removed_at IS NULL)
               AND NOT EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.lesson_id = l.id AND a.enrollment_id = e.id AND a.passed))) AS quizzes_passed
    FROM enrollments e JOIN courses c ON c.id = e.course_id`;

export type CompletionScope = { enrollmentId: string } | { courseId: string };

/**
 * Recounts completed lessons for one enrollment (after progress) or a whole
 * course (after its curriculum changed), completes the enrollments that now
 * meet the rule, issues their certificates and announces CourseCompleted,
 * all in the caller's transaction. Returns the enrollments it completed.
 */
export async function settleCompletion(tx: Transaction, scope: CompletionScope): Promise<string[]> {
  const [filter, id] = 'enrollmentId' in scope ? ['e.id = $1', scope.enrollmentId] : ['e.course_id = $1', scope.courseId];
  const [rows]: [Array<{ id: string; userId: string; courseId: string; newlyCompleted: boolean }>, number] = await tx.manager.query(
    `UPDATE enrollments e SET
        completed_lesson_count = t.completed,
        completed_at = CASE WHEN e.completed_at IS NULL AND t.total > 0 AND t.completed >= t.total AND t.quizzes_passed THEN now() ELSE e.completed_at END,
        updated_at = now()
       FROM (${ENROLLMENT_TOTALS} WHERE ${filter}) t
      WHERE e.id = t.enrollment_id
      RETURNING e.id, e.user_id AS "userId", e.course_id AS "courseId", (e.completed_at IS NOT NULL AND e.completed_at = now()) AS "newlyCompleted"`,
    [id],
  );
  const completed = rows.filter((r) => r.newlyCompleted);
  for (const enrollment of completed) {
    await issueCertificate(tx.manager, enrollment);
    await tx.emit({ type: 'CourseCompleted', enrollmentId: enrollment.id, userId: enrollment.userId, courseId: enrollment.courseId });
  }
  return completed.map((e) => e.id);
}
