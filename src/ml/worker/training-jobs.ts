import { trainAuditModel } from '../moderate/audit-model-training';
import { defaultAuditModel } from '../moderate/default-audit-model';
import { trainCourseModelsFrom } from '../recommend/course-model-training';

/**
 * Every job a training thread can run: a function of plain, cloneable input
 * to plain output (snapshots, figures). Nothing here may touch the database
 * or the caller's state; the caller reads its inputs first and stores what
 * comes back.
 */
export const TRAINING_JOBS = {
  'audit-model': trainAuditModel,
  'default-audit-model': defaultAuditModel,
  'course-models': trainCourseModelsFrom,
};

export type TrainingJobs = typeof TRAINING_JOBS;
