import { courseById, lessonById } from '../catalog/catalog.loaders';
import { canSeeCourse } from '../catalog/course-visibility';
import { announceCourseEdit, forgetOutline } from '../catalog/course-edits';
import { loadLessonForEditing } from '../catalog/curriculum-guards';
import { lockCourse } from '../catalog/curriculum-positions';
import { LessonKind, type LessonEntity } from '../catalog/lesson.entity';
import { optionalUrl } from '../catalog/lesson-input';
import { requireUser } from '../common/auth-checker';
import { ErrorCode, invalidInput, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { inTransaction } from '../kernel/transaction';
import { httpUrl } from '../identity/identity.validation';
import type { DomainContext } from '../kernel/context';
import { assertCanUse } from './lesson-gate';
import { remindLiveSession } from './live-session-reminders';
import { LiveSessionEntity } from './live-session.entity';
import { liveSessionByLessonId, seatsTakenByLessonId, viewerSeatByLessonId } from './live-session.loaders';
import type { ScheduleLiveSessionInput } from './live-session.types';

export function validTimeZone(value: string, field: string[]): string {
  const zone = value.trim();
  try {
    if (zone.length > 0 && zone.length <= 64) return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    // fall through to the coded error
  }
  throw invalidInput('Use an IANA time zone such as "Asia/Shanghai" or "Europe/Berlin".', field);
}

export const endsAt = (session: Pick<LiveSessionEntity, 'startsAt' | 'durationMinutes'>) =>
  new Date(session.startsAt.getTime() + session.durationMinutes * 60_000);

/** The creator (or an admin) schedules a LIVE lesson, or changes its schedule; a new start time gets a new reminder. */
export async function scheduleLiveSession(ctx: DomainContext, input: ScheduleLiveSessionInput): Promise<LessonEntity> {
  const { lesson, course } = await loadLessonForEditing(ctx, input.lessonId, ['input', 'lessonId']);
  if (lesson.kind !== LessonKind.LIVE)
    throw invalidInput("Only LIVE lessons have a schedule; change the lesson's kind with updateLesson first.", ['input', 'lessonId']);
  const existing = await ctx.loaders.get(liveSessionByLessonId).load(lesson.id);
  const startsAt = input.startsAt;
  const moved = !existing || existing.startsAt.getTime() !== startsAt.getTime();
  if (Number.isNaN(startsAt.getTime()) || (moved && startsAt.getTime() <= Date.now()))
    throw invalidInput('The session must start in the future.', ['input', 'startsAt']);
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 5 || input.durationMinutes > 1440) {
    throw invalidInput('durationMinutes must be a whole number from 5 to 1440.', ['input', 'durationMinutes']);
  }
  const timeZone = validTimeZone(input.timeZone, ['input', 'timeZone']);
  const joinUrl = httpUrl(input.joinUrl, ['input', 'joinUrl']);
  const capacity = input.capacity ?? null;
  if (capacity !== null && (!Number.isInteger(capacity) || capacity < 1 || capacity > 100_000))
    throw invalidInput('capacity must be 1 to 100000 seats, or null for no limit.', ['input', 'capacity']);

  await inTransaction(ctx, async (tx) => {
    const { manager } = tx;
    await lockCourse(manager, course.id);
    const [{ seats }] = await manager.query(`SELECT count(*)::int AS seats FROM live_session_seats WHERE lesson_id = $1`, [lesson.id]);
    if (capacity !== null && seats > capacity)
      throw new UserFailure(ErrorCode.CONFLICT, `${seats} learners already hold seats; capacity cannot go below that.`, ['input', 'capacity']);
    await manager.query(
      `INSERT INTO live_sessions (lesson_id, starts_at, duration_minutes, time_zone, join_url, capacity) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (lesson_id) DO UPDATE SET starts_at = excluded.starts_at, duration_minutes = excluded.duration_minutes, time_zone = excluded.time_zone,
         join_url = excluded.join_url, capacity = excluded.capacity, updated_at = now(),
         reminder_sent_at = CASE WHEN live_sessions.starts_at = excluded.starts_at THEN live_sessions.reminder_sent_at END`,
      [lesson.id, startsAt, input.durationMinutes, timeZone, joinUrl, capacity],
    );
    // The reminder is a durable job due when the join window opens; it exists exactly when the schedule commits.
    if (moved) {
      await ctx.jobs.enqueue(
        remindLiveSession,
        { lessonId: lesson.id, startsAt: startsAt.toISOString() },
        {
          manager,
          startAfter: new Date(startsAt.getTime() - ctx.config.live.joinWindowMinutes * 60_000),
          singletonKey: `${lesson.id}:${startsAt.toISOString()}`,
        },
      );
    }
    await announceCourseEdit(ctx, tx, {
      courseId: course.id,
      change: existing ? 'live_session.reschedule' : 'live_session.schedule',
      subjectType: 'Lesson',
      subjectId: lesson.id,
      data: { title: lesson.title, startsAt: startsAt.toISOString(), durationMinutes: input.durationMinutes, timeZone, capacity },
    });
  });
  ctx.loaders.get(liveSessionByLessonId).clear(lesson.id);
  forgetOutline(ctx, course.id, { lessons: [lesson.id] });
  return lesson;
}

export async function setLiveSessionRecording(ctx: DomainContext, lessonGlobalId: string, recordingUrl: string | null | undefined): Promise<LessonEntity> {
  const { lesson, course } = await loadLessonForEditing(ctx, lessonGlobalId, ['lessonId']);
  const url = optionalUrl(recordingUrl, ['recordingUrl']);
  await inTransaction(ctx, async (tx) => {
    const [, changed]: [unknown, number] = await tx.manager.query(`UPDATE live_sessions SET recording_url = $2, updated_at = now() WHERE lesson_id = $1`, [
      lesson.id,
      url,
    ]);
    if (!changed) throw new UserFailure(ErrorCode.CONFLICT, 'Schedule the session first (scheduleLiveSession).', ['lessonId']);
    await announceCourseEdit(ctx, tx, {
      courseId: course.id,
      change: 'live_session.recording',
      subjectType: 'Lesson',
      subjectId: lesson.id,
      data: { title: lesson.title, recording: url !== null },
    });
  });
  ctx.loaders.get(liveSessionByLessonId).clear(lesson.id);
  return lesson;
}

/**
 * An entitled learner takes a seat (idempotent). Seats are counted under the
 * session's row lock, so capacity holds however many join at once. The join
 * link itself appears on the session from the join window on.
 */
export async function joinLiveSession(ctx: DomainContext, lessonGlobalId: string): Promise<LessonEntity> {
  const user = requireUser(ctx);
  const id = idOfType(lessonGlobalId, 'Lesson');
  const lesson = id ? await ctx.loaders.get(lessonById).load(id) : null;
  const course = lesson ? await ctx.loaders.get(courseById).load(lesson.courseId) : null;
  if (!lesson || !course || !(await canSeeCourse(ctx, course))) throw notFound('No lesson with this ID.', ['lessonId']);
  const session = lesson.kind === LessonKind.LIVE ? await ctx.loaders.get(liveSessionByLessonId).load(lesson.id) : null;
  if (!session) throw new UserFailure(ErrorCode.CONFLICT, 'This lesson has no scheduled live session.', ['lessonId']);
  await assertCanUse(ctx, lesson, course, ['lessonId']);
  if (endsAt(session).getTime() <= Date.now()) throw new UserFailure(ErrorCode.CONFLICT, 'This session is over; watch the recording instead.', ['lessonId']);
  await inTransaction(ctx, async ({ manager }) => {
    const [locked] = await manager.query(`SELECT capacity FROM live_sessions WHERE lesson_id = $1 FOR UPDATE`, [lesson.id]);
    const held = await manager.query(`SELECT 1 FROM live_session_seats WHERE lesson_id = $1 AND user_id = $2`, [lesson.id, user.id]);
    if (held.length) return;
    const [{ seats }] = await manager.query(`SELECT count(*)::int AS seats FROM live_session_seats WHERE lesson_id = $1`, [lesson.id]);
    if (locked.capacity !== null && seats >= locked.capacity)
      throw new UserFailure(ErrorCode.SEATS_EXHAUSTED, `All ${locked.capacity} seats are taken.`, ['lessonId']);
    await manager.query(`INSERT INTO live_session_seats (lesson_id, user_id) VALUES ($1, $2)`, [lesson.id, user.id]);
  });
  ctx.loaders.get(seatsTakenByLessonId).clear(lesson.id);
  ctx.loaders.get(viewerSeatByLessonId).clear(lesson.id);
  return lesson;
}
