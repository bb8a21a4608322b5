import { onEvent } from '../kernel/transaction';
import { mailLiveSessionStarting } from './live-session-mail';
import { settleCompletion } from './course-completion';
import { EnrollmentSource } from './enrollment.entity';
import { grantEnrollment, revokeEnrollment } from './enrollment-grants';
import { LiveSessionMessage, liveSessionTopic } from './live-session.types';
import { ProgressMessage, progressTopic } from './progress.types';

/** What a paid order grants: its buyer's enrollment in every course it bought (partner sales as PARTNER). */
const SOURCE_BY_ORDER_KIND: Record<string, EnrollmentSource | undefined> = { PURCHASE: EnrollmentSource.PURCHASE, PARTNER_SALE: EnrollmentSource.PARTNER };

onEvent('OrderPaid', 'in-transaction', 'learning: enroll the buyer', async (event, { tx }) => {
  const source = SOURCE_BY_ORDER_KIND[event.kind];
  if (!source || !event.buyerId) return;
  for (const line of event.lines) {
    if (line.courseId) await grantEnrollment(tx.manager, { userId: event.buyerId, courseId: line.courseId, source });
  }
});

/** A fully refunded order takes back the access it granted (falling back to whatever else still covers the course). */
onEvent('RefundSettled', 'in-transaction', "learning: take back a refunded order's access", async (event, { tx }) => {
  const source = SOURCE_BY_ORDER_KIND[event.kind];
  if (!event.orderFullyRefunded || !source || !event.buyerId) return;
  for (const courseId of event.courseIds) await revokeEnrollment(tx.manager, { userId: event.buyerId, courseId, source });
});

/** A learner's devices hear of their progress once it is committed (`progressUpdated`). */
onEvent('ProgressRecorded', 'after-commit', 'learning: progressUpdated', async (event, { ctx }) => {
  const message: ProgressMessage = { enrollmentId: event.enrollmentId, lessonId: event.lessonId, at: event.at };
  await ctx.pubsub.publish(progressTopic(event.userId, event.courseId), message);
});

/** A graded quiz attempt is progress too: the learner's devices get it with its score and feedback. */
onEvent('QuizAttemptGraded', 'after-commit', 'learning: progressUpdated for quiz attempts', async (event, { ctx }) => {
  const message: ProgressMessage = { enrollmentId: event.enrollmentId, lessonId: event.lessonId, at: event.at, attemptId: event.attemptId };
  await ctx.pubsub.publish(progressTopic(event.userId, event.courseId), message);
});

/** Lessons that count toward completion changed (archived, restored, deleted; the quiz rule loosened): progress and certificates settle again, with the edit. */
onEvent('CourseEdited', 'in-transaction', 'learning: settle completion after curriculum edits', async (event, { tx }) => {
  if (event.curriculumChanged) await settleCompletion(tx, { courseId: event.courseId });
});

/** A live session's join window opened: learners following the course hear of it once the reminder is committed. */
onEvent('LiveSessionStarting', 'after-commit', 'learning: liveSessionStarting', async (event, { ctx }) => {
  const message: LiveSessionMessage = { lessonId: event.lessonId, startsAt: event.startsAt };
  await ctx.pubsub.publish(liveSessionTopic(event.courseId), message);
});

/** Learners of the course get a reminder mail (the outbox, with the reminder's transaction). */
onEvent('LiveSessionStarting', 'in-transaction', 'learning: live session reminder mail', (event, { tx, ctx }) =>
  mailLiveSessionStarting(ctx, tx.manager, event),
);
