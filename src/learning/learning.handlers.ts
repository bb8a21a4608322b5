import { onEvent } from '../kernel/transaction';
import { settleCompletion } from './course-completion';
import { LiveSessionMessage, liveSessionTopic } from './live-session.types';
import { ProgressMessage, progressTopic } from './progress.types';

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
