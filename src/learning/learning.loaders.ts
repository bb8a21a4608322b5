import { RequestLoader } from '../kernel/request-loader';
import { In } from 'typeorm';
import { manyByKey, oneByKey } from '../common/loader-results';
import { uniqueRowLoader } from '../db/row-loaders';
import { defineLoader } from '../kernel/context';
import { CertificateEntity } from './certificate.entity';
import { EnrollmentEntity } from './enrollment.entity';

/** The signed-in viewer's enrollment per course id (always null for anonymous callers). */
export const viewerEnrollmentByCourseId = defineLoader(
  (ctx) =>
    new RequestLoader<string, EnrollmentEntity | null>(async (courseIds) => {
      if (!ctx.user) return courseIds.map(() => null);
      const rows = await ctx.db.getRepository(EnrollmentEntity).findBy({ userId: ctx.user.id, courseId: In([...courseIds]) });
      return oneByKey(rows, courseIds, (e) => e.courseId);
    }),
);

export const enrollmentById = uniqueRowLoader(EnrollmentEntity, 'id');

export const completedLessonIdsByEnrollmentId = defineLoader(
  (ctx) =>
    new RequestLoader<string, string[]>(async (ids) => {
      const rows: Array<{ enrollmentId: string; lessonId: string }> = await ctx.db.query(
        `SELECT enrollment_id AS "enrollmentId", lesson_id AS "lessonId" FROM lesson_progress
        WHERE enrollment_id = ANY($1::uuid[]) AND completed_at IS NOT NULL ORDER BY completed_at, lesson_id`,
        [ids],
      );
      return manyByKey(rows, ids, (r) => r.enrollmentId).map((group) => group.map((r) => r.lessonId));
    }),
);

export const certificateByEnrollmentId = uniqueRowLoader(CertificateEntity, 'enrollmentId');
