import { badScoreOf, type AuditPolicy } from './audit-policy';
import { classificationQuality } from './classification-metrics';
import type { KnowledgeExample } from './knowledge/knowledge-corpus';
import type { ModerationClassifier } from './moderation-classifier';

/**
 * The shipped model's quality on texts it never trained on (the corpus's
 * test split), per source and overall: three-label macro-F1 of its most
 * probable label, and what the served policy does with a comment (held /
 * sent to review) measured as precision and recall of "bad".
 */

export interface HeldOutQuality {
  examples: number;
  macroF1: number;
  accuracy: number;
  perClass: Record<string, { f1: number; support: number }>;
  /** Comments held (≥ hold) and flagged (≥ review), as a bad-vs-ok detector; precision here is at the test split's own mix. */
  held: { precision: number; recall: number };
  flagged: { precision: number; recall: number };
  /** Share of ok test texts that would be held or sent to review. */
  okFlaggedRate: number;
}

export function evaluateHeldOut(
  model: ModerationClassifier,
  policy: AuditPolicy,
  examples: readonly KnowledgeExample[],
  kind = 'COMMENT',
): Record<string, HeldOutQuality> {
  const scores = model.score(examples.map((e) => e.text));
  const groups = new Map<string, number[]>([['all', examples.map((_, i) => i)]]);
  examples.forEach((e, i) => groups.set(e.source, [...(groups.get(e.source) ?? []), i]));
  const thresholds = policy.thresholds[kind];
  const out: Record<string, HeldOutQuality> = {};
  for (const [name, ids] of groups) {
    const labels = [...new Set(ids.map((i) => examples[i].label))].sort();
    const predictedLabels = [...new Set([...labels, ...model.labels])].sort();
    const predictedIndex = new Map(predictedLabels.map((l, k) => [l, k]));
    const quality = classificationQuality(
      ids.map((i) => predictedIndex.get(examples[i].label)!),
      ids.map((i) => predictedIndex.get(scores[i].label)!),
      predictedLabels,
    );
    const bad = ids.map((i) => examples[i].label !== 'ok');
    const badScores = ids.map((i) => badScoreOf(scores[i].scores, policy.okPrior));
    // Macro-F1 over the labels this source has: a mail predicted "abuse" is a miss for its own label, not a class of its own.
    const present = labels.map((l) => quality.perClass[l].f1);
    out[name] = {
      examples: ids.length,
      macroF1: round(present.reduce((a, b) => a + b, 0) / present.length),
      accuracy: round(quality.accuracy),
      perClass: Object.fromEntries(labels.map((l) => [l, { f1: round(quality.perClass[l].f1), support: quality.perClass[l].support }])),
      held: detector(badScores, bad, thresholds.hold),
      flagged: detector(badScores, bad, thresholds.review),
      okFlaggedRate: round(badScores.filter((s, k) => !bad[k] && s >= thresholds.review).length / Math.max(1, bad.filter((b) => !b).length)),
    };
  }
  return out;
}

function detector(scores: readonly number[], bad: readonly boolean[], threshold: number): { precision: number; recall: number } {
  let tp = 0;
  let fp = 0;
  let positives = 0;
  scores.forEach((s, i) => {
    if (bad[i]) positives++;
    if (s >= threshold && bad[i]) tp++;
    else if (s >= threshold) fp++;
  });
  return { precision: round(tp + fp > 0 ? tp / (tp + fp) : 1), recall: round(positives > 0 ? tp / positives : 1) };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
