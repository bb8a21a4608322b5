import { randomUUID } from 'node:crypto';
import { inTransaction } from '../kernel/transaction';
import { defineJob, type JobServices } from '../jobs/job-queue';
import { createDomainContext } from '../kernel/context';

/**
 * Live-session reminders: when a session's join window opens
 * (LIVE_JOIN_WINDOW_MINUTES before the start), LiveSessionStarting is
 * announced exactly once per start time; its handlers tell learners
 * (`liveSessionStarting` subscription), partners (`live_session.starting`
 * webhooks) and, once it exists, mail. A job per scheduled start runs it on
 * time; a sweep every minute catches sessions whose job was lost (or that
 * were seeded).
 */
export async function sendDueReminders(services: JobServices, only?: { lessonId: string; startsAt: string }): Promise<number> {
  // Jobs have no caller: a context without a user carries the services to the event handlers.
  const ctx = createDomainContext({ ...services, requestId: `job:${randomUUID()}`, user: null, clientAddress: 'job' });
  return inTransaction(ctx, async (tx) => {
    const [rows]: [Array<{ lessonId: string; courseId: string; startsAt: Date; durationMinutes: number }>, number] = await tx.manager.query(
      `UPDATE live_sessions ls SET reminder_sent_at = now()
         FROM lessons l JOIN courses c ON c.id = l.course_id
        WHERE l.id = ls.lesson_id AND ls.reminder_sent_at IS NULL AND l.archived_at IS NULL AND c.status = 'PUBLISHED'
          AND ls.starts_at - make_interval(mins => $1) <= now() AND ls.starts_at + make_interval(mins => ls.duration_minutes) > now()
          AND ($2::uuid IS NULL OR (ls.lesson_id = $2 AND ls.starts_at = $3))
        RETURNING ls.lesson_id AS "lessonId", l.course_id AS "courseId", ls.starts_at AS "startsAt", ls.duration_minutes AS "durationMinutes"`,
      [services.config.live.joinWindowMinutes, only?.lessonId ?? null, only?.startsAt ?? null],
    );
    for (const row of rows) {
      await tx.emit({
        type: 'LiveSessionStarting',
        lessonId: row.lessonId,
        courseId: row.courseId,
        startsAt: row.startsAt.toISOString(),
        durationMinutes: row.durationMinutes,
      });
    }
    return rows.length;
  });
}

export const remindLiveSession = defineJob<{ lessonId: string; startsAt: string }>({
  name: 'live-session.remind',
  async handle(data, services) {
    await sendDueReminders(services, data);
  },
});

export const sweepLiveSessionReminders = defineJob<Record<string, never>>({
  name: 'live-session.sweep-reminders',
  schedule: '* * * * *',
  async handle(_data, services) {
    await sendDueReminders(services);
  },
});
