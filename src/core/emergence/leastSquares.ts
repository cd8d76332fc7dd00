/**
 * Weighted least squares of a curve y(u) in one variable, u = ln(scale) − ū
 * (centred, so the exponents of power laws at 1e24 FLOPs stay well scaled), by
 * the engine's L-BFGS (src/core/optimize/lbfgs.ts, Nocedal & Wright Alg. 7.5)
 * with the exact gradient, from several starts, keeping the best.
 *
 * The objective is ½·Σ w_i (ŷ_i − y_i)² on the metric's own scale (not in logs:
 * an exact-match score may be 0). Integer weights are bootstrap multiplicities.
 * Stopping: L-BFGS's defaults (max |g_i| ≤ 1e-10, or a relative decrease of
 * f ≤ 1e-13, at most 1000 iterations).
 */
import { lbfgs } from "../optimize/lbfgs.js";
import { isConverged, type OptimizerStatus } from "../optimize/types.js";

/** A curve as data: its fit-space parameters, its value and gradient at one u. */
export interface Curve {
  readonly id: string;
  /** Plain-text formula, in the scale x. */
  readonly formula: string;
  /** Fit-space parameter names, in θ order. */
  readonly fitNames: readonly string[];
  /** ŷ(u); when `grad` is given also ∂ŷ/∂θ_j into it. */
  value(theta: ArrayLike<number>, u: number, grad?: Float64Array): number;
  /** Natural parameter values (with ū, the centre of u, to undo the centring). */
  natural(theta: ArrayLike<number>, centre: number): Record<string, number>;
  /** Starting points from the data (u centred). */
  starts(u: ArrayLike<number>, y: ArrayLike<number>): number[][];
}

export interface CurveFit {
  curve: Curve;
  theta: Float64Array;
  /** ū, the centre of ln(scale) the fit was made around. */
  centre: number;
  /** Natural parameter values. */
  params: Record<string, number>;
  /** Σ w (ŷ − y)², the residual sum of squares. */
  rss: number;
  /** 1 − RSS/TSS (weighted), on the metric's scale. */
  r2: number;
  status: OptimizerStatus;
  converged: boolean;
  iterations: number;
  evaluations: number;
  starts: number;
}

export interface CurveData {
  /** ln(scale) − centre. */
  u: Float64Array;
  y: Float64Array;
  /** Case weights (bootstrap multiplicities); all 1 when absent. */
  w?: ArrayLike<number>;
  centre: number;
}

/** Σ w (ŷ − y)² of θ on the data. O(n). */
export function residualSumOfSquares(curve: Curve, theta: ArrayLike<number>, data: CurveData): number {
  let rss = 0;
  for (let i = 0; i < data.u.length; i++) {
    const w = data.w ? data.w[i] : 1;
    if (w === 0) continue;
    const r = curve.value(theta, data.u[i]) - data.y[i];
    rss += w * r * r;
  }
  return rss;
}

/** Fits `curve` from each start (its own from the data when none are given) and keeps the lowest RSS. O(starts · iterations · n). */
export function fitCurve(curve: Curve, data: CurveData, starts?: ReadonlyArray<ArrayLike<number>>): CurveFit {
  const p = curve.fitNames.length, n = data.u.length;
  const g1 = new Float64Array(p);
  const fg = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let f = 0;
    for (let i = 0; i < n; i++) {
      const w = data.w ? data.w[i] : 1;
      if (w === 0) continue;
      const r = curve.value(theta, data.u[i], g1) - data.y[i];
      f += 0.5 * w * r * r;
      for (let j = 0; j < p; j++) grad[j] += w * r * g1[j];
    }
    return f;
  };
  const list = starts ?? curve.starts(data.u, data.y);
  let best: ReturnType<typeof lbfgs> | undefined;
  let iterations = 0, evaluations = 0;
  for (const s of list) {
    const r = lbfgs(fg, s);
    iterations += r.iterations; evaluations += r.evaluations;
    if (Number.isFinite(r.f) && (!best || r.f < best.f || (r.f === best.f && isConverged(r.status) && !isConverged(best.status)))) best = r;
  }
  if (!best) throw new RangeError(`no start of the ${curve.id} fit reached a finite residual sum of squares`);
  const rss = 2 * best.f;
  let sw = 0, sy = 0;
  for (let i = 0; i < n; i++) { const w = data.w ? data.w[i] : 1; sw += w; sy += w * data.y[i]; }
  const mean = sy / sw;
  let tss = 0;
  for (let i = 0; i < n; i++) { const w = data.w ? data.w[i] : 1; tss += w * (data.y[i] - mean) ** 2; }
  return {
    curve, theta: best.x, centre: data.centre, params: curve.natural(best.x, data.centre), rss, r2: tss > 0 ? 1 - rss / tss : NaN,
    status: best.status, converged: isConverged(best.status), iterations, evaluations, starts: list.length,
  };
}
