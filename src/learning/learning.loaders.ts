import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { oneByKey } from '../common/loader-results';
import { defineLoader } from '../server/context';
import { EnrollmentEntity } from './enrollment.entity';

/** The signed-in viewer's enrollment per course id (always null for anonymous callers). */
export const viewerEnrollmentByCourseId = defineLoader((ctx) =>
  new DataLoader<string, EnrollmentEntity | null>(async (courseIds) => {
    if (!ctx.user) return courseIds.map(() => null);
    const rows = await ctx.db.getRepository(EnrollmentEntity).findBy({ userId: ctx.user.id, courseId: In([...courseIds]) });
    return oneByKey(rows, courseIds, (e) => e.courseId);
  }));
