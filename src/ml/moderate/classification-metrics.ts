/**
 * Multi-class quality: macro-F1 (the mean of per-class F1, so a rare class
 * such as "abuse" counts as much as "ok") and accuracy.
 */

export interface ClassificationQuality {
  macroF1: number;
  accuracy: number;
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}

export function classificationQuality(truth: readonly number[], predicted: readonly number[], labels: readonly string[]): ClassificationQuality {
  if (truth.length !== predicted.length) throw new RangeError(`${truth.length} labels vs ${predicted.length} predictions`);
  const c = labels.length;
  const tp = new Float64Array(c);
  const fp = new Float64Array(c);
  const fn = new Float64Array(c);
  let correct = 0;
  truth.forEach((t, i) => {
    const p = predicted[i];
    if (t === p) {
      tp[t]++;
      correct++;
    } else {
      fp[p]++;
      fn[t]++;
    }
  });
  const perClass: ClassificationQuality['perClass'] = {};
  let f1Sum = 0;
  let present = 0;
  labels.forEach((label, k) => {
    const support = tp[k] + fn[k];
    const precision = tp[k] + fp[k] > 0 ? tp[k] / (tp[k] + fp[k]) : 0;
    const recall = support > 0 ? tp[k] / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[label] = { precision, recall, f1, support };
    // A class absent from both truth and predictions says nothing about the model.
    if (support > 0 || fp[k] > 0) {
      f1Sum += f1;
      present++;
    }
  });
  return { macroF1: present ? f1Sum / present : 0, accuracy: truth.length ? correct / truth.length : 0, perClass };
}

export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}
