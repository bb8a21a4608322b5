import type { EntityManager } from 'typeorm';
import { toGlobalId } from '../common/global-id';
import { mailUser } from '../identity/account-mail';
import type { JobQueue } from '../jobs/job-queue';
import type { Config } from '../kernel/config';
import type { EventOf } from '../kernel/domain-events';

/**
 * A live session's join window opened: every learner enrolled in its course
 * gets a reminder in their language, once per start time (the dedupe key),
 * with a link to the lesson in the storefront.
 */
export async function mailLiveSessionStarting(
  services: { jobs: JobQueue; config: Config },
  manager: EntityManager,
  event: EventOf<'LiveSessionStarting'>,
): Promise<void> {
  const [lesson]: Array<{ lesson: string; course: string }> = await manager.query(
    'SELECT l.title AS lesson, c.title AS course FROM lessons l JOIN courses c ON c.id = l.course_id WHERE l.id = $1',
    [event.lessonId],
  );
  if (!lesson) return;
  const learners: Array<{ user_id: string }> = await manager.query('SELECT user_id FROM enrollments WHERE course_id = $1 ORDER BY user_id', [event.courseId]);
  const url = `${services.config.mail.linkBaseUrl}/lessons/${encodeURIComponent(toGlobalId('Lesson', event.lessonId))}`;
  for (const { user_id: userId } of learners) {
    await mailUser(
      services,
      manager,
      userId,
      'live-session-starting',
      { course: lesson.course, lesson: lesson.lesson, startsAt: event.startsAt, url },
      { dedupeKey: `live:${event.lessonId}:${event.startsAt}:${userId}` },
    );
  }
}
