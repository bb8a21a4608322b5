import type { EntityManager } from 'typeorm';
import { toGlobalId } from '../common/global-id';
import type { JobQueue } from '../jobs/job-queue';
import type { EventOf } from '../kernel/domain-events';
import { recordPartnerEvent } from './webhook-events';

/**
 * `live_session.starting`, once per partner whose customers (partner sales,
 * or seats of organizations the partner sold) hold the course: the session
 * and those customers, so the partner can remind them its own way.
 */
export async function recordLiveSessionStarting(jobs: JobQueue, manager: EntityManager, event: EventOf<'LiveSessionStarting'>): Promise<void> {
  const rows: Array<{ partnerId: string; customers: Array<{ userId: string; externalCustomerRef: string | null }> }> = await manager.query(
    `SELECT partner_id AS "partnerId", json_agg(DISTINCT jsonb_build_object('userId', user_id, 'externalCustomerRef', ref)) AS customers FROM (
       SELECT o.partner_id, o.buyer_id AS user_id, o.external_customer_ref AS ref FROM orders o JOIN order_lines l ON l.order_id = o.id
        WHERE o.partner_id IS NOT NULL AND l.course_id = $1 AND o.status IN ('PAID', 'PARTIALLY_REFUNDED')
       UNION
       SELECT org.partner_id, s.user_id, NULL FROM organization_seats s JOIN organizations org ON org.id = s.organization_id
        WHERE org.partner_id IS NOT NULL AND s.course_id = $1) AS customers
      WHERE EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = customers.user_id AND e.course_id = $1)
      GROUP BY partner_id`,
    [event.courseId],
  );
  const [lesson]: Array<{ title: string }> = await manager.query(`SELECT title FROM lessons WHERE id = $1`, [event.lessonId]);
  for (const row of rows) {
    await recordPartnerEvent(jobs, manager, {
      partnerId: row.partnerId,
      type: 'live_session.starting',
      subjectId: event.lessonId,
      data: {
        liveSession: {
          lessonId: toGlobalId('Lesson', event.lessonId),
          courseId: toGlobalId('Course', event.courseId),
          title: lesson?.title ?? '',
          startsAt: event.startsAt,
          durationMinutes: event.durationMinutes,
        },
        customers: row.customers.map((c) => ({ userId: toGlobalId('User', c.userId), externalCustomerRef: c.externalCustomerRef })),
      },
    });
  }
}
