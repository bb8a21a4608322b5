import { RequestLoader } from '../kernel/request-loader';
import { uniqueRowLoader } from '../db/row-loaders';
import { defineLoader } from '../kernel/context';
import { LiveSessionEntity } from './live-session.entity';

export const liveSessionByLessonId = uniqueRowLoader(LiveSessionEntity, 'lessonId');

export const seatsTakenByLessonId = defineLoader(
  (ctx) =>
    new RequestLoader<string, number>(async (lessonIds) => {
      const rows: Array<{ lessonId: string; seats: number }> = await ctx.db.query(
        `SELECT lesson_id AS "lessonId", count(*)::int AS seats FROM live_session_seats WHERE lesson_id = ANY($1::uuid[]) GROUP BY lesson_id`,
        [lessonIds],
      );
      const byId = new Map(rows.map((r) => [r.lessonId, r.seats]));
      return lessonIds.map((id) => byId.get(id) ?? 0);
    }),
);

/** Whether the signed-in viewer holds a seat, per live lesson. */
export const viewerSeatByLessonId = defineLoader(
  (ctx) =>
    new RequestLoader<string, boolean>(async (lessonIds) => {
      if (!ctx.user) return lessonIds.map(() => false);
      const rows: Array<{ lessonId: string }> = await ctx.db.query(
        `SELECT lesson_id AS "lessonId" FROM live_session_seats WHERE lesson_id = ANY($1::uuid[]) AND user_id = $2`,
        [lessonIds, ctx.user.id],
      );
      const held = new Set(rows.map((r) => r.lessonId));
      return lessonIds.map((id) => held.has(id));
    }),
);
