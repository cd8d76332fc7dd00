/**
 * A downstream metric as a sigmoid of one predictor x (PC1, or ln compute):
 *
 *   y = floor + (ceiling − floor) · σ(a·x + b),   σ(z) = 1 / (1 + e^(−z)),
 *
 * Ruan, Maddison & Hashimoto 2024 (arXiv:2405.10938), §3.3 and their
 * repository's `sigmoid-parametric` form (utils/data.py,
 * fit_multivariate_regression_model): y = (1 − h)·σ(βᵀS + α) + h with the
 * ceiling fixed at 1 and the floor h fitted in [0, 0.2]. Here the ceiling is 1
 * by default and may be set; the floor is fitted in [0, 0.2] by default or
 * fixed (e.g. the random-guess level, 0.25 for 4-way multiple choice).
 *
 * Least squares, as their curve_fit. x is standardised inside the fit, so the
 * slope's scale does not depend on the predictor's units; for given (a, b) the
 * model is linear in the floor, whose optimum is closed-form and clamped to its
 * bounds (variable projection), so L-BFGS (Nocedal & Wright Alg. 7.5) works in
 * (a, b) only; by the envelope theorem the gradient with the floor held at its
 * optimum is the gradient of the projected objective. Several starts; the best
 * objective wins. Stops as lbfgs does (max |g| ≤ 1e-10 on ½·Σ residual²).
 */
import { lbfgs } from "../optimize/lbfgs.js";
import { isConverged, type OptimizerStatus } from "../optimize/types.js";

/** The floor's range when it is fitted: their repository's sigmoid_param_range_width = 0.2. */
export const DEFAULT_FLOOR_BOUNDS: readonly [number, number] = [0, 0.2];

export interface SigmoidFitOptions {
  /** Upper asymptote (default 1). */
  ceiling?: number;
  /** A fixed floor (lower asymptote); omitted: fitted within floorBounds. */
  floor?: number;
  floorBounds?: readonly [number, number];
  /** Start from these parameters only (a bootstrap refit starts from the full fit). */
  start?: { a: number; b: number };
}

export interface SigmoidFit {
  a: number;
  b: number;
  floor: number;
  ceiling: number;
  floorFitted: boolean;
  /** Which bound the fitted floor sits on, if any. */
  floorOnBound: "lower" | "upper" | null;
  n: number;
  /** Fitted parameters: a, b, and the floor when fitted. */
  parameters: number;
  rss: number;
  /** √(rss / n), in metric units. */
  rmse: number;
  residuals: number[];
  status: OptimizerStatus;
  converged: boolean;
  iterations: number;
  evaluations: number;
}

/** σ(z) without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** The fitted curve's value at x. O(1). */
export function predictSigmoid(fit: Pick<SigmoidFit, "a" | "b" | "floor" | "ceiling">, x: number): number {
  return fit.floor + (fit.ceiling - fit.floor) * sigmoid(fit.a * x + fit.b);
}

const STARTS: ReadonlyArray<[number, number]> = [-3, -1, 1, 3].flatMap((a) => [-2, 0, 2].map((b): [number, number] => [a, b]));

/**
 * Fits the sigmoid to (x, y). Cost O(starts × iterations × n).
 *
 * @example
 * const x = [-2, -1, 0, 1, 2], y = x.map((v) => 0.25 + 0.75 / (1 + Math.exp(-2 * v)));
 * fitSigmoid(x, y, { floor: 0.25 }).a; // ≈ 2
 */
export function fitSigmoid(x: readonly number[], y: readonly number[], options: SigmoidFitOptions = {}): SigmoidFit {
  const n = x.length;
  const ceiling = options.ceiling ?? 1;
  const [lo, hi] = options.floorBounds ?? DEFAULT_FLOOR_BOUNDS;
  const fixed = options.floor;
  if (fixed !== undefined && !(fixed < ceiling)) throw new RangeError(`the floor (${fixed}) must be below the ceiling (${ceiling})`);
  if (fixed === undefined && !(lo <= hi && hi < ceiling)) throw new RangeError(`the floor's bounds [${lo}, ${hi}] must lie below the ceiling (${ceiling})`);
  const parameters = fixed === undefined ? 3 : 2;
  if (y.length !== n) throw new RangeError("fitSigmoid: x and y differ in length");
  if (n < parameters + 2) throw new RangeError(`a sigmoid with ${parameters} fitted parameters needs at least ${parameters + 2} models, got ${n}`);
  const mu = x.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(x.reduce((s, v) => s + (v - mu) ** 2, 0) / n);
  if (!(sd > 0)) throw new RangeError("every model has the same predictor value: no sigmoid can be fitted");
  const u = x.map((v) => (v - mu) / sd);
  const sig = new Float64Array(n);
  const floorFor = (): number => {
    if (fixed !== undefined) return fixed;
    let num = 0, den = 0;
    for (let i = 0; i < n; i++) { const w = 1 - sig[i]; num += (y[i] - ceiling * sig[i]) * w; den += w * w; }
    return den > 0 ? Math.min(hi, Math.max(lo, num / den)) : lo;
  };
  const objective = (p: Float64Array, g: Float64Array): number => {
    for (let i = 0; i < n; i++) sig[i] = sigmoid(p[0] * u[i] + p[1]);
    const f = floorFor();
    let half = 0, ga = 0, gb = 0;
    for (let i = 0; i < n; i++) {
      const e = y[i] - (f + (ceiling - f) * sig[i]);
      const d = (ceiling - f) * sig[i] * (1 - sig[i]);
      half += 0.5 * e * e;
      ga -= e * d * u[i];
      gb -= e * d;
    }
    g[0] = ga; g[1] = gb;
    return half;
  };
  const starts: ReadonlyArray<readonly [number, number]> = options.start
    ? [[options.start.a * sd, options.start.b + options.start.a * mu]]
    : STARTS;
  let best: ReturnType<typeof lbfgs> | undefined;
  for (const s of starts) {
    const r = lbfgs(objective, s, { maxIterations: 500 });
    if (Number.isFinite(r.f) && (!best || r.f < best.f)) best = r;
  }
  if (!best) throw new RangeError("the sigmoid fit produced no finite objective from any start");
  const g = new Float64Array(2);
  objective(best.x, g); // leaves sig at the optimum for the floor
  const floor = floorFor();
  const a = best.x[0] / sd, b = best.x[1] - (best.x[0] * mu) / sd;
  const residuals = x.map((v, i) => y[i] - predictSigmoid({ a, b, floor, ceiling }, v));
  const rss = residuals.reduce((s, e) => s + e * e, 0);
  const tiny = 1e-9;
  return {
    a, b, floor, ceiling, floorFitted: fixed === undefined,
    floorOnBound: fixed !== undefined ? null : floor <= lo + tiny ? "lower" : floor >= hi - tiny ? "upper" : null,
    n, parameters, rss, rmse: Math.sqrt(rss / n), residuals,
    status: best.status, converged: isConverged(best.status), iterations: best.iterations, evaluations: best.evaluations,
  };
}
