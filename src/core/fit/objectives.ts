/**
 * Fitting objectives on log-loss residuals r_i = ln L_i − ln L̂_i.
 *
 * huber             Σ_i w_i ρ_δ(r_i), summed (not averaged): Hoffmann et al. 2022
 *                   Appendix D.2 as repaired by Besiroglu et al. 2024 — a mean
 *                   shrinks the objective so far that quasi-Newton methods stop early.
 * huber-likelihood  −Σ_i w_i ln p(r_i; σ), p the Huber density with scale s = e^σ:
 *                   Σ w_i ρ_δ(r_i/s) + W (ln Z_δ + σ), Z_δ = √(2π)·erf(δ/√2) + 2e^(−δ²/2)/δ;
 *                   Besiroglu et al. 2024's headline estimator, σ fitted jointly.
 */
import { lbfgs, type Correction, type LbfgsResult } from "../optimize/lbfgs.js";
import { newton, NewtonWorkspace } from "../optimize/newton.js";
import { isConverged, type ObjectiveWithGradient, type OptimizeResult } from "../optimize/types.js";
import { erf } from "../stats/erf.js";
import type { Law, LawInputs, LawParameter } from "../laws/types.js";
import type { FitData } from "./data.js";
import { BAND_WIDENING, HuberGaussNewton, secondOrderTerm, type LawEvaluation } from "./huberGaussNewton.js";
import { POLISH_FTOL, POLISH_GTOL } from "./tolerances.js";

export type ObjectiveId = "huber" | "huber-likelihood";

export interface ObjectiveDefinition {
  readonly id: ObjectiveId;
  readonly title: string;
  /** Parameters the objective adds after the law's own (the likelihood's log-scale σ). */
  readonly extraParameters: readonly LawParameter[];
  /** How `refitter` minimises, for the optimizer's summary (e.g. "Newton steps (Gauss–Newton matrix)"). */
  readonly refitterMethod: string;
  /** f and ∇f over θ = [law parameters in fit space, extra parameters]. */
  create(law: Law, data: FitData, delta: number): ObjectiveWithGradient;
  /** Starting values of the extra parameters given a fitted law vector. */
  initialExtra(law: Law, data: FitData, lawTheta: ArrayLike<number>, delta: number): number[];
  /**
   * Final minimisation from a law vector found by the summed-Huber survey;
   * returns the full vector (law and extra parameters) and the work it took.
   */
  polish(law: Law, data: FitData, delta: number, lawTheta: Float64Array, options?: PolishOptions): Polished;
  /**
   * Minimisation from a law vector already close to the answer — bootstrap
   * resamples refitted from the full-data optimum (`reference`); each call
   * returns the full vector and the work it took, like `polish`.
   */
  refitter(law: Law, delta: number, reference?: RefitReference): Refitter;
}

/** The fit that refits start near: its data and law vector (fit space). */
export interface RefitReference {
  data: FitData;
  lawTheta: ArrayLike<number>;
}

/** Refits one data set from `lawTheta`; a refitter keeps its scratch buffers from call to call. */
export type Refitter = (data: FitData, lawTheta: Float64Array, options?: RefitOptions) => Refitted;

export interface RefitOptions extends PolishOptions {
  /**
   * ln L̂ and its Jacobian at `lawTheta` for every point of the data set, when
   * the caller already has them (a bootstrap gathers them from one full-data
   * evaluation): the first evaluation then does not call the law.
   */
  atStart?: LawEvaluation;
}

export interface PolishOptions {
  /** Curvature pairs of a related fit to seed L-BFGS with. */
  warmStart?: ReadonlyArray<Correction>;
  /** Relative-decrease tolerance (default POLISH_FTOL). */
  ftol?: number;
}

export interface Polished {
  result: LbfgsResult;
  iterations: number;
  evaluations: number;
}

/** A refit's result: the point, why it stopped, and the work it took (both stages when it fell back to L-BFGS). */
export interface Refitted {
  result: OptimizeResult;
  iterations: number;
  evaluations: number;
}

function polishWithLbfgs(fg: ObjectiveWithGradient, x0: ArrayLike<number>, options: PolishOptions = {}): Polished {
  const result = lbfgs(fg, x0, { ftol: options.ftol ?? POLISH_FTOL, gtol: POLISH_GTOL, maxIterations: 3000, initialCorrections: options.warmStart });
  return { result, iterations: result.iterations, evaluations: result.evaluations };
}

// Always a weight array (ones when unweighted): one code path keeps the hot loop monomorphic.
function caseWeights(data: FitData): Float64Array {
  return data.weights ?? new Float64Array(data.n).fill(1);
}

// The hot loops live in class methods, not in closures over the data: V8
// specialises optimised closure code to the first closure's captured arrays and
// falls back to slower generic code for every later data set (≈ 30% slower
// bootstrap refits); a method on one class shape stays fast for all of them.

/**
 * The `huberKernel` contract of a law (Σ w ρ_δ(z), z = r·invScale, its gradient
 * over θ, Σ w ψ(z)·z) computed from `logPredict` and its Jacobian, for laws
 * without a fused kernel. ρ_δ(z) = ψ(z)(z − ψ(z)/2), ψ = clip(·, −δ, δ).
 */
class JacobianKernel {
  private readonly p: number;
  private readonly pred: Float64Array;
  private readonly jac: Float64Array;
  private readonly dPred: Float64Array;
  constructor(private readonly law: Law, n: number) {
    this.p = law.parameters.length;
    this.pred = new Float64Array(n);
    this.jac = new Float64Array(n * this.p);
    this.dPred = new Float64Array(n);
  }
  run(theta: ArrayLike<number>, inputs: LawInputs, y: Float64Array, w: Float64Array, delta: number, invScale: number, grad: Float64Array, extra: Float64Array): number {
    const { p, pred, jac, dPred } = this, n = inputs.n;
    this.law.logPredict(theta, inputs, pred, jac);
    let f = 0, psiZ = 0;
    for (let i = 0; i < n; i++) {
      const z = (y[i] - pred[i]) * invScale, wi = w[i];
      const psi = z > delta ? delta : z < -delta ? -delta : z;
      f += wi * psi * (z - 0.5 * psi);
      psiZ += wi * psi * z;
      dPred[i] = -wi * psi * invScale;
    }
    // g_j = Σ_i dPred_i · J_ij, one pass per parameter so the inner loop is long
    for (let j = 0; j < p; j++) {
      let sum = 0;
      for (let i = 0, k = j; i < n; i++, k += p) sum += dPred[i] * jac[k];
      grad[j] = sum;
    }
    extra[0] = psiZ;
    return f;
  }
}

/** Σ w ρ_δ((y − ln L̂)·invScale) and its gradient: the law's fused kernel if it has one, else the Jacobian path. */
class ScaledHuber {
  readonly w: Float64Array;
  readonly extra = new Float64Array(1);
  private readonly generic: JacobianKernel | null;
  constructor(private readonly law: Law, private readonly data: FitData, private readonly delta: number) {
    this.w = caseWeights(data);
    this.generic = law.huberKernel ? null : new JacobianKernel(law, data.n);
  }
  evaluate(theta: ArrayLike<number>, invScale: number, g: Float64Array): number {
    const { data, w, delta, extra } = this;
    return this.generic
      ? this.generic.run(theta, data.inputs, data.logLoss, w, delta, invScale, g, extra)
      : this.law.huberKernel!(theta, data.inputs, data.logLoss, w, delta, invScale, g, extra);
  }
}

class HuberLikelihood {
  private readonly scaled: ScaledHuber;
  private readonly p: number;
  private readonly totalWeight: number;
  private readonly logZ: number;
  constructor(law: Law, data: FitData, delta: number) {
    this.scaled = new ScaledHuber(law, data, delta);
    this.p = law.parameters.length;
    this.totalWeight = this.scaled.w.reduce((s, v) => s + v, 0);
    this.logZ = huberLogNormaliser(delta);
  }
  evaluate(theta: ArrayLike<number>, g: Float64Array): number {
    const p = this.p, sigma = theta[p];
    const f = this.scaled.evaluate(theta, Math.exp(-sigma), g);
    g[p] = this.totalWeight - this.scaled.extra[0];
    return f + this.totalWeight * (this.logZ + sigma);
  }
}

const huberSum: ObjectiveDefinition = {
  id: "huber",
  title: "summed Huber loss on log residuals",
  extraParameters: [],
  refitterMethod: "Newton steps (Gauss–Newton matrix)",
  create(law, data, delta) {
    const evaluator = new ScaledHuber(law, data, delta);
    return (theta, g) => evaluator.evaluate(theta, 1, g);
  },
  initialExtra: () => [],
  polish(law, data, delta, lawTheta, options) {
    return polishWithLbfgs(huberSum.create(law, data, delta), lawTheta, options);
  },
  // Newton steps (huberGaussNewton.ts); should they stop short of a convergence test
  // (rare: a matrix without curvature far from the start), L-BFGS carries on from there.
  refitter(law, delta, reference) {
    const evaluator = new HuberGaussNewton(law, delta, reference ? secondOrderTerm(law, reference.data, delta, reference.lawTheta) : null, BAND_WIDENING);
    const fgh = (theta: Float64Array, g: Float64Array, h: Float64Array) => evaluator.evaluate(theta, g, h);
    const workspace = new NewtonWorkspace(law.parameters.length);
    return (data, lawTheta, options) => {
      evaluator.use(data, options?.atStart);
      const result = newton(fgh, lawTheta, { ftol: options?.ftol ?? POLISH_FTOL, gtol: POLISH_GTOL, maxIterations: 200, workspace });
      if (isConverged(result.status)) return { result, iterations: result.iterations, evaluations: result.evaluations };
      const rescue = huberSum.polish(law, data, delta, Number.isFinite(result.f) ? result.x : lawTheta, options);
      return { result: rescue.result, iterations: result.iterations + rescue.iterations, evaluations: result.evaluations + rescue.evaluations };
    };
  },
};

/** ln Z_δ, the log normaliser of the unit-scale Huber density. */
export function huberLogNormaliser(delta: number): number {
  return Math.log(Math.sqrt(2 * Math.PI) * erf(delta / Math.SQRT2) + 2 * Math.exp(-0.5 * delta * delta) / delta);
}

const huberLikelihood: ObjectiveDefinition = {
  id: "huber-likelihood",
  title: "Huber negative log-likelihood with free scale",
  refitterMethod: "L-BFGS with continuation in δ (as its polish)",
  extraParameters: [
    { name: "logScale", space: "linear", fitName: "logScale", bounds: [-50, 5], grid: [], description: "ln s, s the Huber scale in ln-loss units (Besiroglu et al. call it sigma: s = e^sigma)" },
  ],
  create(law, data, delta) {
    const evaluator = new HuberLikelihood(law, data, delta);
    return (theta, g) => evaluator.evaluate(theta, g);
  },
  initialExtra(law, data, lawTheta, delta) {
    // In the linear part of the density the optimal scale is s = δ·mean|r|.
    const pred = new Float64Array(data.n);
    law.logPredict(lawTheta, data.inputs, pred);
    let sum = 0, wsum = 0;
    for (let i = 0; i < data.n; i++) {
      const wi = data.weights ? data.weights[i] : 1;
      sum += wi * Math.abs(data.logLoss[i] - pred[i]);
      wsum += wi;
    }
    return [Math.log(Math.max(delta * sum / wsum, 1e-300))];
  },
  // The likelihood's optimum sits where the Huber threshold in residual units,
  // δ·s, is tiny (≈ 5e-9 on Chinchilla's data): near a vertex of a least-absolute-
  // deviations surface, where quasi-Newton steps stall. Continuation reaches it:
  // refit the summed Huber loss with threshold δ' = δ, δ/10, δ/100, … (warm starts)
  // until δ' is below δ·s, then minimise jointly over (θ, σ).
  polish(law, data, delta, lawTheta, options) {
    let x = lawTheta, iterations = 0, evaluations = 0;
    for (let dPrime = delta; dPrime > 1e-15; dPrime /= 10) {
      const step = polishWithLbfgs(huberSum.create(law, data, dPrime), x, { ftol: options?.ftol });
      iterations += step.iterations;
      evaluations += step.evaluations;
      if (Number.isFinite(step.result.f)) x = step.result.x;
      const scale = Math.exp(huberLikelihood.initialExtra(law, data, x, delta)[0]);
      if (dPrime < 0.01 * delta * scale) break;
    }
    const joint = polishWithLbfgs(huberLikelihood.create(law, data, delta), [...x, ...huberLikelihood.initialExtra(law, data, x, delta)], { ftol: options?.ftol });
    return { result: joint.result, iterations: iterations + joint.iterations, evaluations: evaluations + joint.evaluations };
  },
  refitter(law, delta) { // the continuation of `polish`, from the reference optimum
    return (data, lawTheta, options) => huberLikelihood.polish(law, data, delta, lawTheta, options);
  },
};

export const objectives: Readonly<Record<ObjectiveId, ObjectiveDefinition>> = {
  huber: huberSum,
  "huber-likelihood": huberLikelihood,
};
