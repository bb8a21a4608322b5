import { onEvent } from '../kernel/transaction';
import { recordLiveSessionStarting } from './live-session-webhooks';
import { recordEnrollmentCompleted } from './webhook-events';

/** A learner a partner brought finished the course: `enrollment.completed` joins the partner's webhook outbox, in the same transaction. */
onEvent('CourseCompleted', 'in-transaction', 'partners: enrollment.completed outbox', async (event, { tx, ctx }) => {
  await recordEnrollmentCompleted(ctx.jobs, tx.manager, { id: event.enrollmentId, userId: event.userId, courseId: event.courseId });
});

/** A live session is about to start: partners whose customers hold the course get `live_session.starting` (with those customers), to remind them. */
onEvent('LiveSessionStarting', 'in-transaction', 'partners: live_session.starting outbox', async (event, { tx, ctx }) => {
  await recordLiveSessionStarting(ctx.jobs, tx.manager, event);
});
