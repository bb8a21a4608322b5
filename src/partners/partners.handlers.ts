import { onEvent } from '../kernel/transaction';
import { recordEnrollmentCompleted } from './webhook-events';

/** A learner a partner brought finished the course: `enrollment.completed` joins the partner's webhook outbox, in the same transaction. */
onEvent('CourseCompleted', 'in-transaction', 'partners: enrollment.completed outbox', async (event, { tx, ctx }) => {
  await recordEnrollmentCompleted(ctx.jobs, tx.manager, { id: event.enrollmentId, userId: event.userId, courseId: event.courseId });
});
