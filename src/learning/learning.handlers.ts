import { onEvent } from '../kernel/transaction';
import { ProgressMessage, progressTopic } from './progress.types';

/** A learner's devices hear of their progress once it is committed (`progressUpdated`). */
onEvent('ProgressRecorded', 'after-commit', 'learning: progressUpdated', async (event, { ctx }) => {
  const message: ProgressMessage = { enrollmentId: event.enrollmentId, lessonId: event.lessonId, at: event.at };
  await ctx.pubsub.publish(progressTopic(event.userId, event.courseId), message);
});
