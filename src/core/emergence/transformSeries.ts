/**
 * The metric transforms of a model family (transforms.ts) at the observed
 * points and along a smooth curve: the per-token loss L = −ln p is fitted with a
 * decaying power law L = c + a·x^(−b) (a per-token cross-entropy falls as a
 * power law in scale: Kaplan et al. 2020, Hoffmann et al. 2022), and p^ℓ and
 * ℓ(1 − p) are drawn from p = exp(−L) on a grid of scales.
 */
import { summarize, curveData, type FitSummary } from "./fitEmergence.js";
import { fitCurve } from "./leastSquares.js";
import { powerCurve } from "./powerCurves.js";
import { predictAt } from "./smoothAcross.js";
import { editDistanceFromP, exactMatchFromP } from "./transforms.js";
import { minOf, maxOf } from "../stats/extent.js";

export interface TransformPoint { scale: number; p: number; exactMatch: number; editDistance: number }

export interface TransformSeries {
  length: number;
  pFrom: string;
  formulas: { exactMatch: string; editDistance: string };
  points: Array<TransformPoint & { observedMetric: number }>;
  /** RMS of observed metric − p^ℓ over the points: how well the transform explains the discontinuous metric. */
  rmsObservedVsExactMatch: number;
  /** The power law of the per-token loss −ln p, from which `curve` is drawn (absent with fewer than 4 points of p > 0). */
  tokenLossFit?: FitSummary;
  curve: TransformPoint[];
}

/** O(n + grid). `grid` scales are log-spaced from the smallest scale to `to`. */
export function transformSeries(points: ReadonlyArray<{ scale: number; p: number; metric: number }>, length: number, pFrom: string, to: number, gridPoints = 61): TransformSeries {
  const at = (scale: number, p: number): TransformPoint => ({ scale, p, exactMatch: exactMatchFromP(p, length), editDistance: editDistanceFromP(p, length) });
  const out = points.map((q) => ({ ...at(q.scale, q.p), observedMetric: q.metric }));
  const rms = Math.sqrt(out.reduce((s, q) => s + (q.observedMetric - q.exactMatch) ** 2, 0) / out.length);
  const usable = points.filter((q) => q.p > 0);
  const series: TransformSeries = {
    length, pFrom, formulas: { exactMatch: `p^${length}`, editDistance: `${length}*(1 - p)` }, points: out, rmsObservedVsExactMatch: rms, curve: [],
  };
  if (new Set(usable.map((q) => q.scale)).size < 4) return series;
  const scales = usable.map((q) => q.scale);
  const centre = scales.reduce((s, x) => s + Math.log(x), 0) / scales.length;
  const fit = fitCurve(powerCurve("decaying"), curveData(scales, usable.map((q) => -Math.log(q.p)), centre));
  series.tokenLossFit = summarize(fit, usable.length);
  const lo = Math.log(minOf(scales)), hi = Math.log(Math.max(to, maxOf(scales)));
  for (let i = 0; i < gridPoints; i++) {
    const x = Math.exp(lo + ((hi - lo) * i) / (gridPoints - 1));
    series.curve.push(at(x, Math.min(1, Math.exp(-Math.max(0, predictAt(fit, x))))));
  }
  return series;
}
