/**
 * The summed Huber loss Σ w ρ_δ(r), r_i = y_i − ln L̂_i, with its gradient and
 * a Newton matrix, for Newton refits that start near their answer (bootstrap
 * resamples from the full-data optimum). Any law: only `logPredict` and its
 * Jacobian J_i = ∂ ln L̂_i/∂θ are needed.
 *
 * The Hessian is
 *   ∇²f = Σ_{|r_i| ≤ δ} w_i J_iᵀJ_i  −  Σ_i w_i ψ(r_i) ∇²ln L̂_i,
 * the Gauss–Newton term (exact in the points inside the band) and a
 * second-order term (zero for laws linear in their fit parameters, and small:
 * |ψ| ≤ δ). The matrix used here is the Gauss–Newton term at the current point
 * plus the second-order term at a reference point (the full-data optimum),
 * computed once by central differences of the Jacobian. On Chinchilla's
 * 4,000-resample bootstrap: 7.6 evaluations per refit with this matrix, 7.4
 * with the exact Hessian, 8.2 with the Gauss–Newton term alone, 15 for L-BFGS
 * warm-started with the full-data fit's curvature pairs.
 *
 * A widened band for the first steps. A refit's first steps move residuals by
 * many times δ, across many band edges, so the band's curvature at one point
 * (the few points that happen to sit inside it) models the objective over a
 * step poorly. Evaluation k after `use` weights point i by
 *   κ_i = ½·[|r_i| ≤ δ] + ½·[|r_i| ≤ w_k δ]/w_k,   w_k = max(1, W·D^(−k)):
 * half the band's own count, half a count over a band w_k times wider at
 * weight 1/w_k (the same expected curvature, averaged over a wider window).
 * From the third evaluation on w_k = 1 and κ is the plain band. With W = 5,
 * D = 3: 6.5 evaluations per refit instead of 7.6 (Chinchilla, 4,000
 * resamples; W, D from a scan of 3–12 and 2–5), with the same answers.
 */
import type { Law } from "../laws/types.js";
import type { FitData } from "./data.js";

/** ln L̂ and its Jacobian (row-major n × p) at one parameter vector, for every point of a data set. */
export interface LawEvaluation {
  logPredict: Float64Array;
  jacobian: Float64Array;
}

/** ln L̂ and its Jacobian for every point of `data` at `lawTheta`. O(n·p). */
export function evaluateLaw(law: Law, data: FitData, lawTheta: ArrayLike<number>): LawEvaluation {
  const logPredict = new Float64Array(data.n), jacobian = new Float64Array(data.n * law.parameters.length);
  law.logPredict(lawTheta, data.inputs, logPredict, jacobian);
  return { logPredict, jacobian };
}

/**
 * −Σ_i w_i ψ(r_i) ∇²ln L̂_i at `lawTheta` (p × p, row-major, symmetrised), each
 * column a central difference of the Jacobian with ψ held at `lawTheta`:
 * steps of 1e-5·max(1, |θ_k|), truncation error O(1e-10) relative for smooth
 * laws. Cost: 2p evaluations of the law with its Jacobian.
 */
export function secondOrderTerm(law: Law, data: FitData, delta: number, lawTheta: ArrayLike<number>): Float64Array {
  const p = law.parameters.length, n = data.n, w = data.weights;
  const at = evaluateLaw(law, data, lawTheta);
  const psi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = data.logLoss[i] - at.logPredict[i];
    psi[i] = (w ? w[i] : 1) * (r > delta ? delta : r < -delta ? -delta : r);
  }
  const s = new Float64Array(p * p), theta = Float64Array.from(lawTheta);
  for (let k = 0; k < p; k++) {
    const step = 1e-5 * Math.max(1, Math.abs(lawTheta[k]));
    theta[k] = lawTheta[k] + step;
    const plus = evaluateLaw(law, data, theta);
    theta[k] = lawTheta[k] - step;
    const minus = evaluateLaw(law, data, theta);
    theta[k] = lawTheta[k];
    for (let j = 0; j < p; j++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += psi[i] * (plus.jacobian[i * p + j] - minus.jacobian[i * p + j]);
      s[j * p + k] = -sum / (2 * step);
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) s[j * p + k] = s[k * p + j] = 0.5 * (s[j * p + k] + s[k * p + j]);
  return s;
}

/** W above: the band's widening at a refit's first evaluation. */
export const BAND_WIDENING = 5;
/** D above: the band's widening shrinks by this factor per evaluation. */
const WIDEN_DECAY = 3;

/**
 * f, ∇f and the Newton matrix described above on one data set at a time.
 * Buffers are sized for the largest data set seen and reused (no allocation
 * per refit). A class, not a closure over the data: see objectives.ts.
 * O(n·p) per evaluation plus O(p²) per point inside the band.
 */
export class HuberGaussNewton {
  private readonly p: number;
  private readonly widen: number;
  private evaluations = 0;
  private pred: Float64Array = new Float64Array(0);
  private jac: Float64Array = new Float64Array(0);
  private coef: Float64Array = new Float64Array(0);
  private band = new Int32Array(0);
  private kappa: Float64Array = new Float64Array(0);
  private data: FitData | null = null;
  private w: Float64Array = new Float64Array(0);
  private pending: LawEvaluation | null = null;
  private readonly args: unknown[] = [null, null, null, null];
  /** `widen` is W above; 1 (the default) gives the plain band at every evaluation. */
  constructor(private readonly law: Law, private readonly delta: number, private readonly secondOrder: Float64Array | null, widen = 1) {
    this.p = law.parameters.length;
    this.widen = widen;
  }
  /** Points the evaluator at a data set; `atStart`, if given, stands in for the law at the first evaluation. */
  use(data: FitData, atStart?: LawEvaluation): void {
    if (this.pred.length < data.n) {
      this.pred = new Float64Array(data.n);
      this.jac = new Float64Array(data.n * this.p);
      this.coef = new Float64Array(data.n);
      this.band = new Int32Array(data.n);
      this.kappa = new Float64Array(data.n);
    }
    this.data = data;
    this.w = data.weights ?? new Float64Array(data.n).fill(1);
    this.pending = atStart ?? null;
    this.evaluations = 0;
  }
  evaluate(theta: ArrayLike<number>, g: Float64Array, h: Float64Array): number {
    const { p, w, coef, band, kappa, delta, secondOrder } = this, data = this.data!, n = data.n, y = data.logLoss;
    const widen = Math.max(1, this.widen * WIDEN_DECAY ** -this.evaluations++), wide = widen * delta, outer = 0.5 / widen;
    let pred = this.pred, jac = this.jac;
    if (this.pending) {
      pred = this.pending.logPredict;
      jac = this.pending.jacobian;
      this.pending = null;
    } else {
      // through Reflect.apply so that V8 does not inline the law here: inlined, it ran out of
      // inlining budget for the law's own exp calls, whose results were then boxed (27 KB of
      // garbage per refit, 5% slower)
      const args = this.args;
      args[0] = theta; args[1] = data.inputs; args[2] = pred; args[3] = jac;
      Reflect.apply(this.law.logPredict, this.law, args);
    }
    let f = 0, m = 0;
    for (let i = 0; i < n; i++) {
      const r = y[i] - pred[i], wi = w[i];
      // min/max, not a ternary: a ternary's phi of δ and r made V8 box every r (a heap number per point)
      const psi = Math.min(delta, Math.max(-delta, r));
      f += wi * psi * (r - 0.5 * psi);
      coef[i] = -wi * psi;
      if (r <= wide && r >= -wide) {
        band[m] = i;
        kappa[m] = wi * ((psi === r ? 0.5 : 0) + outer);
        m++;
      }
    }
    // g_j = Σ_i coef_i · J_ij, one pass per parameter so the inner loop is long
    for (let j = 0; j < p; j++) {
      let sum = 0;
      for (let i = 0, k = j; i < n; i++, k += p) sum += coef[i] * jac[k];
      g[j] = sum;
    }
    if (secondOrder) h.set(secondOrder);
    else h.fill(0);
    for (let t = 0; t < m; t++) {
      const k = band[t] * p, c = kappa[t];
      for (let j = 0; j < p; j++) {
        const wj = c * jac[k + j];
        for (let l = 0; l <= j; l++) h[j * p + l] += wj * jac[k + l];
      }
    }
    for (let j = 0; j < p; j++) for (let l = 0; l < j; l++) h[l * p + j] = h[j * p + l];
    return f;
  }
}
