/**
 * Confidence and prediction intervals of a fitted law at new points, by
 * bootstrap (Efron & Tibshirani 1993, ch. 13; Davison & Hinkley 1997, §6.3.3,
 * "prediction error" with case resampling):
 *
 *   confidence interval (CI): where the law's *mean* prediction lies — the
 *     percentiles of ln ŷ_b(x) over bootstrap refits b (fit uncertainty only);
 *   prediction interval (PI): where a *new run's* measured value lies — the
 *     percentiles of ln ŷ_b(x) + ε over refits b and residuals ε of the
 *     full-data fit, inflated by √(n / (n − p)) for the p fitted parameters
 *     (fit uncertainty plus run-to-run noise).
 *
 * Both are computed in log space (the space the law is fitted in) and
 * reported in natural units. A PI contains the CI at the same level (it is
 * widened to, in the rare heavy-tailed case where the mixture's quantiles fall
 * inside the refits'); with many runs the CI shrinks towards the point and the PI
 * towards the residual spread.
 */
import { fitSpaceVector } from "../laws/transform.js";
import type { Law, LawInputs, RunInput } from "../laws/types.js";
import { quantileSorted } from "../stats/quantile.js";
import { numberText } from "../diagnostics.js";
import type { FitData } from "./data.js";

/** How the intervals are made, for output documents. */
export const PREDICTION_METHOD = "CI: percentiles of bootstrap refits' predictions (fit uncertainty); PI: percentiles of refit prediction plus a full-fit ln residual inflated by √(n/(n−p)) (fit uncertainty plus run-to-run scatter)";

/** Nominal levels reported by default. */
export const PREDICTION_LEVELS = [0.8, 0.95] as const;

/** Cap on (resample, residual) pairs per point: beyond it residuals are strided deterministically. */
const MAX_PAIRS = 50_000;

export interface IntervalPrediction {
  /** The full-data fit's prediction (natural units: loss in nats, or the metric). */
  predicted: number;
  /** Per level ("0.8", "0.95"): interval of the mean prediction (fit uncertainty). */
  ci: Record<string, [number, number]>;
  /** Per level: interval for a new measured value (fit uncertainty plus residual noise); always contains the CI. */
  pi: Record<string, [number, number]>;
  /** Refits whose prediction at this point was finite (the intervals use these; fewer than given is warned by callers). */
  refitsUsed: number;
}

export interface PredictionSetup {
  law: Law;
  /** Full-data fit, fit space. */
  theta: ArrayLike<number>;
  /** Bootstrap refits, fit space (at least 2). */
  resampleThetas: ReadonlyArray<ArrayLike<number>>;
  /** The data the full fit used (its residuals make the noise model)… */
  data?: FitData;
  /** …or those residuals themselves (inflatedResiduals), as a saved fit carries them. */
  residuals?: ArrayLike<number>;
  levels?: readonly number[];
}

/**
 * Fit-space vectors of bootstrap refits given as natural values, leaving out
 * refits with a missing, non-finite or (log space) non-positive parameter;
 * callers compare the count with the refits they had. O(B·p).
 */
export function refitThetas(law: Law, values: ReadonlyArray<Readonly<Record<string, number>>>): Float64Array[] {
  return values.flatMap((v) => {
    try { return [fitSpaceVector(law, v)]; } catch { return []; }
  });
}

/** ln residuals of the full-data fit, inflated by √(n / (n − p)). O(n). */
export function inflatedResiduals(law: Law, theta: ArrayLike<number>, data: FitData): Float64Array {
  const pred = new Float64Array(data.n);
  law.logPredict(theta, data.inputs, pred);
  const p = law.parameters.length;
  const scale = data.n > p ? Math.sqrt(data.n / (data.n - p)) : 1;
  return Float64Array.from(pred, (v, i) => (data.logLoss[i] - v) * scale);
}

/** Inputs (natural units) → the law's log inputs. Throws a RangeError naming a missing or non-positive input. */
export function lawInputsAt(law: Law, points: ReadonlyArray<Partial<Record<RunInput, number>>>): LawInputs {
  const log: Partial<Record<RunInput, Float64Array>> = {};
  for (const input of law.inputs) {
    log[input] = Float64Array.from(points, (pt, i) => {
      const v = pt[input];
      if (v === undefined) throw new RangeError(`point ${i}: ${input} is missing (law ${law.id} reads ${law.inputs.join(", ")})`);
      if (typeof v !== "number" || !Number.isFinite(v) || !(v > 0)) throw new RangeError(`point ${i}: ${input} must be a finite number > 0, got ${numberText(v)}`);
      return Math.log(v);
    });
  }
  return { n: points.length, log };
}

/**
 * CI and PI at each point. Cost O(B·m·n_law + m·B·n·log(B·n)) for B refits,
 * m points and n residuals (pairs capped at MAX_PAIRS per point).
 */
export function predictWithIntervals(setup: PredictionSetup, points: ReadonlyArray<Partial<Record<RunInput, number>>>): IntervalPrediction[] {
  const { law, theta, resampleThetas, data } = setup;
  if (!data && !setup.residuals) throw new RangeError("prediction intervals need the fit's data or its residuals");
  const levels = setup.levels ?? PREDICTION_LEVELS;
  for (const l of levels) if (!(l > 0 && l < 1)) throw new RangeError(`interval level must be in (0, 1), got ${l}`);
  const B = resampleThetas.length;
  if (B < 2) throw new RangeError(`prediction intervals need at least 2 bootstrap refits, got ${B}`);
  const inputs = lawInputsAt(law, points), m = points.length;
  const center = new Float64Array(m);
  law.logPredict(theta, inputs, center);
  const byResample = resampleThetas.map((t) => {
    const out = new Float64Array(m);
    law.logPredict(t, inputs, out);
    return out;
  });
  const residuals = setup.residuals ?? inflatedResiduals(law, theta, data!);
  const n = residuals.length;
  const perResample = Math.max(1, Math.min(n, Math.floor(MAX_PAIRS / B)));
  const stride = n / perResample;
  return points.map((_, i) => {
    const means: number[] = [];
    for (let b = 0; b < B; b++) if (Number.isFinite(byResample[b][i])) means.push(byResample[b][i]);
    if (means.length < 2) throw new RangeError(`point ${i}: fewer than 2 bootstrap refits give a finite prediction`);
    const sortedMeans = Float64Array.from(means).sort();
    const pairs = new Float64Array(sortedMeans.length * perResample);
    let k = 0;
    for (let b = 0; b < sortedMeans.length; b++) {
      // residuals visited from an offset that moves with b, so subsampling covers them all
      for (let r = 0; r < perResample; r++) pairs[k++] = sortedMeans[b] + residuals[Math.floor((r * stride + b) % n)];
    }
    pairs.sort();
    const ci: Record<string, [number, number]> = {}, pi: Record<string, [number, number]> = {};
    for (const level of levels) {
      const lo = (1 - level) / 2, hi = 1 - lo;
      const c: [number, number] = [quantileSorted(sortedMeans, lo), quantileSorted(sortedMeans, hi)];
      const q: [number, number] = [quantileSorted(pairs, lo), quantileSorted(pairs, hi)];
      ci[String(level)] = [Math.exp(c[0]), Math.exp(c[1])];
      // with heavy-tailed refits and few residuals the mixture's quantiles can fall inside the CI's: a new run
      // is never more predictable than the mean, so the PI is widened to contain the CI
      pi[String(level)] = [Math.exp(Math.min(q[0], c[0])), Math.exp(Math.max(q[1], c[1]))];
    }
    return { predicted: Math.exp(center[i]), ci, pi, refitsUsed: sortedMeans.length };
  });
}
