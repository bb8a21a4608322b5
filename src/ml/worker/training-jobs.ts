import { trainAuditModel } from '../moderate/audit-model-training';
import { defaultAuditModel } from '../moderate/default-audit-model';
import { ModerationClassifier, type LabeledText, type ModerationTrainingOptions } from '../moderate/moderation-classifier';
import type { ProgressReporter } from '../progress';
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
  /** A classifier on given examples (benchmarks and tests of the thread itself). */
  'moderation-classifier': async (input: {
    examples: readonly LabeledText[];
    options: Omit<ModerationTrainingOptions, 'progress'>;
    progress?: ProgressReporter;
  }) => {
    const model = await ModerationClassifier.train(input.examples, { ...input.options, progress: input.progress });
    const snapshot = model.serialize();
    model.dispose();
    return { snapshot };
  },
  'course-models': trainCourseModelsFrom,
};

export type TrainingJobs = typeof TRAINING_JOBS;
