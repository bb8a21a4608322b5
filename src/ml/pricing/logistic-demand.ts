import type { SeededRandom } from '../seeded-random';

/**
 * A two-parameter demand curve, conversion(p) = σ(a + b·z(p)) with z the
 * standardised price, fitted by MAP (Newton's method, weak Gaussian prior) on
 * purchase counts per price, with a Laplace (Gaussian) posterior around it.
 * It lets every price borrow evidence from all the others: a price shown 5
 * times still gets a sensible estimate when its neighbours were shown 500 times.
 */

export interface PriceCounts {
  price: number;
  trials: number;
  purchases: number;
}

export interface DemandCurve {
  intercept: number;
  slope: number;
  /** Posterior covariance of (intercept, slope): [σ_aa, σ_ab, σ_bb]. */
  covariance: [number, number, number];
  priceMean: number;
  priceScale: number;
}

const PRIOR_VARIANCE = 4;
const ITERATIONS = 30;

export function fitLogisticDemand(counts: readonly PriceCounts[]): DemandCurve {
  const n = Math.max(1, counts.length);
  const priceMean = counts.reduce((s, c) => s + c.price, 0) / n;
  const priceScale = Math.sqrt(counts.reduce((s, c) => s + (c.price - priceMean) ** 2, 0) / n) || 1;
  const z = counts.map((c) => (c.price - priceMean) / priceScale);
  let a = 0;
  let b = 0;
  let hessian: [number, number, number] = [1 / PRIOR_VARIANCE, 0, 1 / PRIOR_VARIANCE];
  for (let it = 0; it < ITERATIONS; it++) {
    // Gradient and Hessian of the negative log posterior.
    let ga = a / PRIOR_VARIANCE;
    let gb = b / PRIOR_VARIANCE;
    let haa = 1 / PRIOR_VARIANCE;
    let hab = 0;
    let hbb = 1 / PRIOR_VARIANCE;
    counts.forEach((c, i) => {
      const p = sigmoid(a + b * z[i]);
      const residual = c.trials * p - c.purchases;
      const w = c.trials * p * (1 - p);
      ga += residual;
      gb += residual * z[i];
      haa += w;
      hab += w * z[i];
      hbb += w * z[i] * z[i];
    });
    hessian = [haa, hab, hbb];
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  const [haa, hab, hbb] = hessian;
  const det = haa * hbb - hab * hab;
  const covariance: [number, number, number] = det > 0 ? [hbb / det, -hab / det, haa / det] : [PRIOR_VARIANCE, 0, PRIOR_VARIANCE];
  return { intercept: a, slope: b, covariance, priceMean, priceScale };
}

/** Conversion at `price` under the curve's point estimate, or under (a, b) if given. */
export function conversionAt(curve: DemandCurve, price: number, a = curve.intercept, b = curve.slope): number {
  return sigmoid(a + (b * (price - curve.priceMean)) / curve.priceScale);
}

/** One (intercept, slope) draw from the Laplace posterior. */
export function sampleCurveParameters(curve: DemandCurve, rng: SeededRandom): [number, number] {
  const [saa, sab, sbb] = curve.covariance;
  const l11 = Math.sqrt(Math.max(0, saa));
  const l21 = l11 > 0 ? sab / l11 : 0;
  const l22 = Math.sqrt(Math.max(0, sbb - l21 * l21));
  const u = rng.normal();
  const v = rng.normal();
  return [curve.intercept + l11 * u, curve.slope + l21 * u + l22 * v];
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
