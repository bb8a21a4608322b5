import { onEvent } from '../kernel/transaction';
import { recordLiveSessionStarting } from './live-session-webhooks';
import { addPackToPool, removeSeatsFromPool } from './seat-pool';
import { recordEnrollmentCompleted, recordRefundSettled } from './webhook-events';

/** A learner a partner brought finished the course: `enrollment.completed` joins the partner's webhook outbox, in the same transaction. */
onEvent('CourseCompleted', 'in-transaction', 'partners: enrollment.completed outbox', async (event, { tx, ctx }) => {
  await recordEnrollmentCompleted(ctx.jobs, tx.manager, { id: event.enrollmentId, userId: event.userId, courseId: event.courseId });
});

/** A live session is about to start: partners whose customers hold the course get `live_session.starting` (with those customers), to remind them. */
onEvent('LiveSessionStarting', 'in-transaction', 'partners: live_session.starting outbox', async (event, { tx, ctx }) => {
  await recordLiveSessionStarting(ctx.jobs, tx.manager, event);
});

/** A paid seat pack's seats join its organization's pool. */
onEvent('OrderPaid', 'in-transaction', 'partners: a seat pack fills the pool', async (event, { tx }) => {
  if (event.kind !== 'SEAT_PACK' || !event.organizationId) return;
  await addPackToPool(tx, event.organizationId, event.lines[0]?.quantity ?? 0);
});

/** A refund settled: a refunded seat pack's seats leave the pool, and the partner behind the order hears `refund.settled`. */
onEvent('RefundSettled', 'in-transaction', 'partners: refund.settled outbox and seat pool', async (event, { tx, ctx }) => {
  if (event.kind === 'SEAT_PACK' && event.organizationId) await removeSeatsFromPool(tx, event.organizationId, event.packSeats);
  if (event.partnerId) await recordRefundSettled(ctx.jobs, tx.manager, event.orderId, { id: event.refundId, amount: event.amount });
});
