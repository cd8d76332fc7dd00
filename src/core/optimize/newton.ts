/**
 * Newton's method with a backtracking line search: Nocedal & Wright,
 * "Numerical Optimization" (2nd ed., 2006), §3.1 and Algorithm 3.1 (Armijo
 * backtracking, each trial step from the quadratic interpolation of §3.5,
 * kept within [0.1, 0.5] of the previous one), with the Hessian modification
 * of Algorithm 3.3 (add τI, τ growing tenfold, until a Cholesky factorisation
 * succeeds) when the matrix is not positive definite. The matrix may be the
 * exact Hessian or a positive semidefinite model of it (Gauss–Newton).
 * Meant for refits that start near their answer (bootstrap resamples from the
 * full-data optimum), where it takes a handful of steps; from far away L-BFGS
 * is the safer method.
 *
 * Stopping tests (the first that holds names the status):
 *   converged-gtol   max_i |g_i| ≤ gtol                           (default 1e-10)
 *   converged-ftol   the full Newton step predicts a decrease −½ gᵀd ≤ ftol·|f|
 *                    (the Newton decrement, Boyd & Vandenberghe 2004 §9.5.1),
 *                    tested only when the matrix needed no shift; or after a step
 *                    f_k − f_{k+1} ≤ ftol · max(|f_k|, |f_{k+1}|)  (default 1e-13);
 *                    or no decrease was found where a full step predicts ≤ ftol·|f|.
 *   max-iterations, max-evaluations, line-search-failed, non-finite.
 */
import type { OptimizeResult, OptimizerStatus } from "./types.js";

/**
 * Objective with gradient and Hessian (or a model of it): writes ∇f(x) into
 * `grad`, the p × p matrix row-major into `hess` (symmetric; both triangles),
 * and returns f(x).
 */
export type ObjectiveWithHessian = (x: Float64Array, grad: Float64Array, hess: Float64Array) => number;

export interface NewtonOptions {
  gtol?: number;
  ftol?: number;
  maxIterations?: number;
  maxEvaluations?: number;
  /** Scratch arrays to reuse across calls of the same dimension (thousands of small refits allocate nothing but x). */
  workspace?: NewtonWorkspace;
}

/** The scratch arrays of one `newton` call of dimension p, reusable by the next. */
export class NewtonWorkspace {
  readonly g: Float64Array;
  readonly h: Float64Array;
  readonly xt: Float64Array;
  readonly gt: Float64Array;
  readonly ht: Float64Array;
  readonly d: Float64Array;
  readonly chol: Float64Array;
  constructor(readonly p: number) {
    this.g = new Float64Array(p);
    this.h = new Float64Array(p * p);
    this.xt = new Float64Array(p);
    this.gt = new Float64Array(p);
    this.ht = new Float64Array(p * p);
    this.d = new Float64Array(p);
    this.chol = new Float64Array(p * p);
  }
}

/** Sufficient-decrease constant c1 of the Armijo test (N&W: 1e-4). */
const ARMIJO_C1 = 1e-4;
/** Trial steps per line search before it counts as failed. */
const MAX_BACKTRACKS = 40;

/**
 * Minimises f from x0 with Newton steps. Cost per iteration: usually one
 * evaluation of f, ∇f and the matrix, plus an O(p³) factorisation.
 *
 * @example
 * const r = newton((x, g, h) => { g[0] = 4 * x[0] ** 3 - 4; h[0] = 12 * x[0] ** 2; return x[0] ** 4 - 4 * x[0]; }, [2]);
 * // r.x[0] ≈ 1, r.status === "converged-ftol" or "converged-gtol"
 */
export function newton(fgh: ObjectiveWithHessian, x0: ArrayLike<number>, options: NewtonOptions = {}): OptimizeResult {
  const p = x0.length;
  const gtol = options.gtol ?? 1e-10;
  const ftol = options.ftol ?? 1e-13;
  const maxIterations = options.maxIterations ?? 200;
  const maxEvaluations = options.maxEvaluations ?? 20 * maxIterations;

  const work = options.workspace?.p === p ? options.workspace : new NewtonWorkspace(p);
  const { g, h, xt, gt, ht, d, chol } = work;
  const x = Float64Array.from(x0);
  let evaluations = 1;
  let f = fgh(x, g, h);
  if (!Number.isFinite(f) || !allFinite(g)) return new NewtonResult(x, f, g, 0, evaluations, "non-finite", "start", f, 0);

  for (let k = 0; ; k++) {
    const gmax = maxAbs(g);
    if (gmax <= gtol) return new NewtonResult(x, f, g, k, evaluations, "converged-gtol", "gtol", gmax, gtol);
    if (k >= maxIterations) return new NewtonResult(x, f, g, k, evaluations, "max-iterations", "iterations", gmax, k);
    if (evaluations >= maxEvaluations) return new NewtonResult(x, f, g, k, evaluations, "max-evaluations", "evaluations", gmax, evaluations);

    const shift = shiftedCholesky(h, p, chol);
    let slope: number;
    if (shift === Infinity) { // no usable curvature: steepest descent, first step of length ≤ 1
      const scale = Math.min(1, 1 / Math.sqrt(dot(g, g)));
      for (let j = 0; j < p; j++) d[j] = -scale * g[j];
      slope = dot(g, d);
    } else {
      choleskySolve(chol, p, g, d);
      slope = dot(g, d);
      if (shift === 0 && -0.5 * slope <= ftol * Math.abs(f)) return new NewtonResult(x, f, g, k, evaluations, "converged-ftol", "decrement", gmax, -0.5 * slope);
    }
    if (!(slope < 0)) return new NewtonResult(x, f, g, k, evaluations, "line-search-failed", "ascent", gmax, slope);

    // backtracking from the full step; every trial also yields the gradient and matrix it would need next
    let alpha = 1, ft = NaN, accepted = false;
    for (let trial = 0; trial < MAX_BACKTRACKS && evaluations < maxEvaluations; trial++) {
      for (let j = 0; j < p; j++) xt[j] = x[j] + alpha * d[j];
      evaluations++;
      ft = fgh(xt, gt, ht);
      if (Number.isFinite(ft) && allFinite(gt) && ft <= f + ARMIJO_C1 * alpha * slope) { accepted = true; break; }
      alpha = backtrack(alpha, slope, f, ft);
    }
    if (!accepted) {
      if (-slope <= ftol * Math.abs(f)) return new NewtonResult(x, f, g, k, evaluations, "converged-ftol", "no-decrease", gmax, -slope);
      return new NewtonResult(x, f, g, k, evaluations, "line-search-failed", "no-decrease", gmax, -slope);
    }
    const fOld = f;
    x.set(xt); g.set(gt); h.set(ht); f = ft;
    const decrease = fOld - f, scale = Math.max(Math.abs(fOld), Math.abs(f), 1e-300);
    if (decrease <= ftol * scale) return new NewtonResult(x, f, g, k + 1, evaluations, "converged-ftol", "ftol", decrease / scale, ftol);
  }
}

/**
 * The next trial step after α failed: the minimiser of the quadratic through
 * f, the slope at 0 and f(α) (N&W §3.5), kept within [0.1α, 0.5α]; 0.1α
 * when f(α) is not finite.
 */
function backtrack(alpha: number, slope: number, f: number, ft: number): number {
  const next = (-slope * alpha * alpha) / (2 * (ft - f - slope * alpha));
  return Number.isFinite(next) ? Math.min(Math.max(next, 0.1 * alpha), 0.5 * alpha) : 0.1 * alpha;
}

type Stop = "start" | "gtol" | "iterations" | "evaluations" | "decrement" | "ascent" | "no-decrease" | "ftol";

/**
 * A result whose message is formatted when read: a bootstrap makes thousands
 * and reads none (and newton itself stays free of closures, so it compiles fast).
 * `message` lives on the prototype, so `toJSON` lists it for serialisation.
 */
class NewtonResult implements OptimizeResult {
  readonly gradNorm: number;
  constructor(
    readonly x: Float64Array, readonly f: number, g: Float64Array, readonly iterations: number, readonly evaluations: number,
    readonly status: OptimizerStatus, private readonly stop: Stop, private readonly a: number, private readonly b: number,
  ) {
    this.gradNorm = maxAbs(g); // read now: a reused workspace is overwritten by the next call
  }
  get message(): string {
    const { stop, a, b } = this, e = (v: number) => v.toExponential(2);
    switch (stop) {
      case "start": return `objective or gradient is not finite at the start (f = ${a})`;
      case "gtol": return `max |gradient| ${e(a)} ≤ gtol ${b}`;
      case "iterations": return `stopped after ${b} iterations (max |gradient| ${e(a)})`;
      case "evaluations": return `stopped after ${b} evaluations`;
      case "decrement": return `a full Newton step predicts a decrease ${e(b)} ≤ ftol·|f| (max |gradient| ${e(a)})`;
      case "ascent": return `no descent direction (max |gradient| ${e(a)})`;
      case "no-decrease": return this.status === "converged-ftol"
        ? `no decrease found and a full step predicts only ${e(b)} ≤ ftol·|f| (max |gradient| ${e(a)})`
        : `no sufficient decrease along the Newton direction (max |gradient| ${e(a)})`;
      case "ftol": return `relative decrease ${e(a)} ≤ ftol ${b}`;
    }
  }
  toJSON(): OptimizeResult {
    const { x, f, gradNorm, iterations, evaluations, status, message } = this;
    return { x, f, gradNorm, iterations, evaluations, status, message };
  }
}

/**
 * Lower Cholesky factor of H + τI into `chol` (row-major, lower triangle),
 * with the smallest τ of 0, τ₀, 10τ₀, … that makes it succeed (N&W Algorithm
 * 3.3, τ₀ = 1e-8·max|H_ii|); a pivot counts as failed below 1e-12 of its
 * diagonal entry, so a numerically singular H is shifted too. Returns τ, or
 * Infinity when H has no positive diagonal to scale τ by or no τ up to
 * 1e20·τ₀ works. O(p³) per attempt.
 */
export function shiftedCholesky(h: Float64Array, p: number, chol: Float64Array): number {
  let maxDiag = 0, minDiag = Infinity;
  for (let i = 0; i < p; i++) { maxDiag = Math.max(maxDiag, Math.abs(h[i * p + i])); minDiag = Math.min(minDiag, h[i * p + i]); }
  if (!(maxDiag > 0) || !Number.isFinite(maxDiag)) return Infinity;
  const tau0 = 1e-8 * maxDiag;
  let tau = minDiag > 0 ? 0 : tau0 - minDiag;
  for (let attempt = 0; attempt < 22; attempt++) {
    if (cholesky(h, p, tau, chol)) return tau;
    tau = Math.max(10 * tau, tau0);
  }
  return Infinity;
}

function cholesky(h: Float64Array, p: number, tau: number, l: Float64Array): boolean {
  for (let j = 0; j < p; j++) {
    const diag = h[j * p + j] + tau;
    let s = diag;
    for (let k = 0; k < j; k++) s -= l[j * p + k] * l[j * p + k];
    if (!(s > 1e-12 * Math.abs(diag))) return false;
    const ljj = Math.sqrt(s);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let t = h[i * p + j];
      for (let k = 0; k < j; k++) t -= l[i * p + k] * l[j * p + k];
      l[i * p + j] = t / ljj;
    }
  }
  return true;
}

/** Solves L Lᵀ d = −g. O(p²). */
function choleskySolve(l: Float64Array, p: number, g: Float64Array, d: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let s = -g[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * d[k];
    d[i] = s / l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = d[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * d[k];
    d[i] = s / l[i * p + i];
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
function maxAbs(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]));
  return s;
}
function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}
