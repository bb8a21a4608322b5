/**
 * How the audit model's probabilities become decisions, per content kind,
 * and how the thresholds are chosen (on a validation split the model never
 * trained on):
 *
 * - the model learns from a balanced corpus, so its probabilities assume a
 *   third of all text is abuse; `withRealisticPrior` re-weights them to real
 *   traffic, where `okPrior` (90%) of text is fine (label-shift correction);
 * - the bad score is 1 − p(ok) after that correction;
 * - per kind, *hold* is the lowest bad score at which the validation texts
 *   held would be bad with at least `holdPrecision` (at the real prior), and
 *   *review* the lowest at which texts sent to a human would be bad with at
 *   least `reviewPrecision`. Per-kind floors keep a validation split that is
 *   cleaner than real traffic from pushing thresholds too low.
 *
 * Kinds differ in what a mistake costs: holding a course description takes
 * the course out of the catalog (hold only when very sure), chat is live and
 * high-volume (hold sooner, but do not flood the queue), bios and tip
 * messages are where spammers park contact handles.
 */

export interface KindThresholds {
  review: number;
  hold: number;
  /** Above 1: never reject outright, only hold. */
  reject: number;
}

export interface PrecisionTargets {
  reviewPrecision: number;
  holdPrecision: number;
  /** Lowest thresholds allowed whatever the validation split says (it is cleaner than real traffic). */
  floors: { review: number; hold: number };
}

export interface OperatingPoint {
  threshold: number;
  precision: number;
  recall: number;
}

export interface AuditPolicy {
  okPrior: number;
  thresholds: Record<string, KindThresholds>;
  targets: Record<string, PrecisionTargets>;
  /** Precision and recall of "sent to review" and "held" on the validation split, at the real prior. */
  validation: Record<string, { review: OperatingPoint; hold: OperatingPoint }>;
}

export const OK_LABEL = 'ok';
export const DEFAULT_OK_PRIOR = 0.9;
export const NEVER_REJECT = 1.01;

export const PRECISION_TARGETS: Record<string, PrecisionTargets> = {
  COMMENT: { reviewPrecision: 0.6, holdPrecision: 0.95, floors: { review: 0.4, hold: 0.6 } },
  REVIEW: { reviewPrecision: 0.6, holdPrecision: 0.95, floors: { review: 0.4, hold: 0.6 } },
  TIP: { reviewPrecision: 0.6, holdPrecision: 0.95, floors: { review: 0.4, hold: 0.6 } },
  CHAT_MESSAGE: { reviewPrecision: 0.8, holdPrecision: 0.9, floors: { review: 0.5, hold: 0.6 } },
  PROFILE: { reviewPrecision: 0.5, holdPrecision: 0.9, floors: { review: 0.35, hold: 0.5 } },
  COURSE: { reviewPrecision: 0.5, holdPrecision: 0.99, floors: { review: 0.35, hold: 0.85 } },
  LESSON: { reviewPrecision: 0.5, holdPrecision: 0.99, floors: { review: 0.35, hold: 0.85 } },
};

/** Before any calibration (a model stored before policies existed): the old fixed policy. */
export const FALLBACK_THRESHOLDS: KindThresholds = { review: 0.5, hold: 0.8, reject: NEVER_REJECT };

export function withRealisticPrior(scores: Record<string, number>, okPrior: number): Record<string, number> {
  const labels = Object.keys(scores);
  if (labels.length < 2 || !(OK_LABEL in scores)) return scores;
  const badPrior = (1 - okPrior) / (labels.length - 1);
  const weighted = labels.map((label) => scores[label] * (label === OK_LABEL ? okPrior : badPrior));
  const total = weighted.reduce((a, b) => a + b, 0);
  return Object.fromEntries(labels.map((label, i) => [label, total > 0 ? weighted[i] / total : scores[label]]));
}

export function badScoreOf(scores: Record<string, number>, okPrior: number): number {
  return 1 - (withRealisticPrior(scores, okPrior)[OK_LABEL] ?? 0);
}

/** Thresholds per kind from validation bad scores and whether each text is bad. */
export function calibratePolicy(badScores: readonly number[], isBad: readonly boolean[], okPrior = DEFAULT_OK_PRIOR): AuditPolicy {
  const curve = precisionCurve(badScores, isBad, okPrior);
  const thresholds: AuditPolicy['thresholds'] = {};
  const validation: AuditPolicy['validation'] = {};
  for (const [kind, targets] of Object.entries(PRECISION_TARGETS)) {
    const hold = lowestMeeting(curve, targets.holdPrecision, targets.floors.hold);
    const review = lowestMeeting(curve, targets.reviewPrecision, targets.floors.review);
    const reviewAt = Math.min(review.threshold, hold.threshold);
    thresholds[kind] = { review: reviewAt, hold: hold.threshold, reject: NEVER_REJECT };
    validation[kind] = { review: pointAt(curve, reviewAt), hold };
  }
  return { okPrior, thresholds, targets: PRECISION_TARGETS, validation };
}

interface CurvePoint extends OperatingPoint {}

/** Precision (prior-weighted) and recall for every distinct score, highest threshold first. */
function precisionCurve(badScores: readonly number[], isBad: readonly boolean[], okPrior: number): CurvePoint[] {
  const bad = isBad.filter(Boolean).length;
  const ok = isBad.length - bad;
  if (bad === 0 || ok === 0) throw new RangeError(`calibration needs bad and ok examples (got ${bad} bad, ${ok} ok)`);
  const badWeight = (1 - okPrior) / bad;
  const okWeight = okPrior / ok;
  const order = badScores.map((_, i) => i).sort((a, b) => badScores[b] - badScores[a]);
  const points: CurvePoint[] = [];
  let tp = 0;
  let fp = 0;
  order.forEach((i, k) => {
    if (isBad[i]) tp++;
    else fp++;
    if (k + 1 < order.length && badScores[order[k + 1]] === badScores[i]) return;
    points.push({ threshold: badScores[i], precision: (tp * badWeight) / (tp * badWeight + fp * okWeight), recall: tp / bad });
  });
  return points;
}

/** The lowest threshold (most recall; rounded up to 0.01, not below `floor`) whose precision meets `target`. */
function lowestMeeting(curve: readonly CurvePoint[], target: number, floor: number): OperatingPoint {
  let chosen = 1;
  for (const point of curve) if (point.precision >= target) chosen = point.threshold;
  return pointAt(curve, Math.min(1, Math.max(floor, Math.ceil(chosen * 100) / 100)));
}

function pointAt(curve: readonly CurvePoint[], threshold: number): OperatingPoint {
  let at: CurvePoint = { threshold, precision: 1, recall: 0 };
  for (const point of curve) if (point.threshold >= threshold) at = point;
  return { threshold, precision: round(at.precision), recall: round(at.recall) };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
