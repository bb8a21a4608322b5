import type { ModelSnapshot } from '../model-snapshot';
import type { ProgressReporter } from '../progress';
import { badScoreOf, calibratePolicy, DEFAULT_OK_PRIOR } from './audit-policy';
import { evaluateHeldOut, type HeldOutQuality } from './audit-model-evaluation';
import { knowledgeCorpus } from './knowledge/knowledge-corpus';
import { ModerationClassifier, type LabeledText } from './moderation-classifier';

/**
 * One training run of the audit model (a training-thread job): the train
 * split of the knowledge corpus plus every moderator decision, each decision
 * counted `DECISION_WEIGHT` times (one person's judgement on this platform's
 * text outweighs a templated sentence), then thresholds calibrated on the
 * validation split and quality measured on the test split. Neither split is
 * ever trained on.
 */

export const DECISION_WEIGHT = 20;
/** Bump when the training recipe changes in a way the cache key cannot see (optimizer, splits, weighting). */
export const AUDIT_MODEL_RECIPE = 1;
const TRAINING = { seed: 1, maxEpochs: 12 } as const;

export interface AuditTrainingInput {
  decisions: readonly LabeledText[];
  /** How far training is (featurizing, then epochs); given by the training thread. */
  progress?: ProgressReporter;
}

export interface AuditTrainingOutput {
  snapshot: ModelSnapshot;
  metrics: { examples: number; moderatorDecisions: number; recipe: number; heldOut: Record<string, HeldOutQuality> };
}

export async function trainAuditModel(input: AuditTrainingInput): Promise<AuditTrainingOutput> {
  const corpus = knowledgeCorpus();
  const train: LabeledText[] = corpus.filter((e) => e.split === 'train').map(({ text, label }) => ({ text, label }));
  for (const decision of input.decisions) for (let k = 0; k < DECISION_WEIGHT; k++) train.push(decision);
  input.progress?.('featurizing', 0);
  const trained = await ModerationClassifier.train(train, { ...TRAINING, progress: input.progress });
  try {
    const validation = corpus.filter((e) => e.split === 'validation');
    const scores = trained.score(validation.map((e) => e.text));
    const policy = calibratePolicy(
      scores.map((s) => badScoreOf(s.scores, DEFAULT_OK_PRIOR)),
      validation.map((e) => e.label !== 'ok'),
      DEFAULT_OK_PRIOR,
    );
    const model = trained.withPolicy(policy);
    const heldOut = evaluateHeldOut(
      model,
      policy,
      corpus.filter((e) => e.split === 'test'),
    );
    return {
      snapshot: model.serialize(),
      metrics: { examples: train.length, moderatorDecisions: input.decisions.length, recipe: AUDIT_MODEL_RECIPE, heldOut },
    };
  } finally {
    trained.dispose();
  }
}
