import type { EntityManager } from 'typeorm';
import { OrderEntity } from '../commerce/order.entity';
import { toGlobalId } from '../common/global-id';
import type { JobQueue } from '../jobs/job-queue';
import { EnrollmentEntity } from '../learning/enrollment.entity';
import { enrollmentData, orderData } from './webhook-payloads';
import { deliverWebhook } from './webhook-delivery';

/**
 * The transactional outbox for partner webhooks. Whatever changes state
 * (a partner sale, a seat, progress, a refund) records its event here with
 * the same transaction's manager: the event, one delivery per subscribed
 * endpoint, and a durable delivery job all exist exactly when the change
 * commits, and none of them if it rolls back.
 */
export const WEBHOOK_EVENT_TYPES = [
  'order.paid',
  'enrollment.created',
  'enrollment.completed',
  'refund.settled',
  'live_session.starting',
  'invoice.issued',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface PartnerEvent {
  partnerId: string;
  type: WebhookEventType;
  /** What the event is about (an order, an enrollment): deliveries of one subject to one endpoint keep their order. */
  subjectId: string;
  data: Record<string, unknown>;
}

export async function recordPartnerEvent(jobs: JobQueue, manager: EntityManager, event: PartnerEvent): Promise<string | null> {
  const endpoints: Array<{ id: string }> = await manager.query(
    'SELECT id FROM webhook_endpoints WHERE partner_id = $1 AND disabled_at IS NULL AND $2 = ANY(events)',
    [event.partnerId, event.type],
  );
  if (!endpoints.length) return null;
  const [{ id, sequence }]: Array<{ id: string; sequence: string }> = await manager.query(
    'INSERT INTO webhook_events (partner_id, type, subject_id, payload) VALUES ($1, $2, $3, $4) RETURNING id, sequence',
    [event.partnerId, event.type, event.subjectId, JSON.stringify(event.data)],
  );
  const deliveries: Array<{ id: string }> = await manager.query(
    `INSERT INTO webhook_deliveries (event_id, endpoint_id, subject_id, sequence, status, next_attempt_at)
     SELECT $1, endpoint_id, $2, $3, 'PENDING', now() FROM unnest($4::uuid[]) AS e(endpoint_id) RETURNING id`,
    [id, event.subjectId, sequence, endpoints.map((e) => e.id)],
  );
  for (const delivery of deliveries) await jobs.enqueue(deliverWebhook, { deliveryId: delivery.id, attempt: 1 }, { manager, singletonKey: `${delivery.id}:1` });
  return id;
}

/** Partners whose customers hold `courseId` through them (a partner sale, or a seat of an organization the partner sold). */
export async function partnersOfEnrollment(manager: EntityManager, userId: string, courseId: string): Promise<string[]> {
  const rows: Array<{ partner_id: string }> = await manager.query(
    `SELECT o.partner_id FROM orders o JOIN order_lines l ON l.order_id = o.id
      WHERE o.partner_id IS NOT NULL AND o.buyer_id = $1 AND l.course_id = $2 AND o.status IN ('PAID', 'PARTIALLY_REFUNDED')
     UNION
     SELECT org.partner_id FROM organization_seats s JOIN organizations org ON org.id = s.organization_id
      WHERE org.partner_id IS NOT NULL AND s.user_id = $1 AND s.course_id = $2`,
    [userId, courseId],
  );
  return rows.map((r) => r.partner_id);
}

/** A learner finished a course: tell the partners who brought them to it. */
export async function recordEnrollmentCompleted(
  jobs: JobQueue,
  manager: EntityManager,
  enrollment: Pick<EnrollmentEntity, 'id' | 'userId' | 'courseId'>,
): Promise<void> {
  const full = await manager.getRepository(EnrollmentEntity).findOneByOrFail({ id: enrollment.id });
  for (const partnerId of await partnersOfEnrollment(manager, enrollment.userId, enrollment.courseId)) {
    await recordPartnerEvent(jobs, manager, {
      partnerId,
      type: 'enrollment.completed',
      subjectId: enrollment.id,
      data: { enrollment: enrollmentData(full, {}) },
    });
  }
}

/** A refund of a partner sale settled: the partner's receivable went down by `amount`. */
export async function recordRefundSettled(jobs: JobQueue, manager: EntityManager, orderId: string, refund: { id: string; amount: number }): Promise<void> {
  const [order]: Array<{ partner_id: string | null }> = await manager.query('SELECT partner_id FROM orders WHERE id = $1', [orderId]);
  if (!order?.partner_id) return;
  const settled = await manager.getRepository(OrderEntity).findOneByOrFail({ id: orderId });
  const [line]: Array<{ course_id: string }> = await manager.query('SELECT course_id FROM order_lines WHERE order_id = $1 ORDER BY position LIMIT 1', [
    orderId,
  ]);
  await recordPartnerEvent(jobs, manager, {
    partnerId: order.partner_id,
    type: 'refund.settled',
    subjectId: orderId,
    data: {
      refund: { id: toGlobalId('Refund', refund.id), amount: { amount: refund.amount, currency: settled.currency } },
      order: orderData(settled, line.course_id),
    },
  });
}
