/**
 * The multi-power law as a law of the fitting engine (issue 15, item 2): the
 * engine's multi-start L-BFGS, Huber objective on ln loss and bootstrap fit it
 * like any other law. A curve law's prediction at step t reads the whole
 * schedule up to t, so the law is built for a set of curves: each row's
 * `step` input is its position on the curves laid end to end (curve c's step s
 * is offset_c + s), from which the law finds its schedule. Rows can then be
 * weighted, resampled or held out without losing which curve they belong to.
 *
 * Evaluated with {@link multiPowerPredictFast} and its exact gradient; all
 * seven parameters are fitted in log space (each is positive in the paper's fits).
 */
import type { Law, LawInputs, LawParameter } from "../laws/types.js";
import { MULTIPOWER_PARAMS, multiPowerPredictFast, type MultiPowerParams, type PreparedSchedule } from "./multipower.js";

export interface CurveSet {
  names: readonly string[];
  schedules: readonly PreparedSchedule[];
  /** offset[c]: where curve c starts on the end-to-end axis (offset[0] = 1, so every position is ≥ 1 and has a log). */
  offsets: readonly number[];
}

/** Lays curves end to end. */
export function curveSet(curves: ReadonlyArray<{ name: string; schedule: PreparedSchedule }>): CurveSet {
  const offsets: number[] = [];
  let at = 1;
  for (const c of curves) { offsets.push(at); at += c.schedule.steps; }
  return { names: curves.map((c) => c.name), schedules: curves.map((c) => c.schedule), offsets };
}

/** The end-to-end position of step `s` of curve `c`. */
export const curvePosition = (set: CurveSet, c: number, s: number) => set.offsets[c] + s;

const PARAMETERS: readonly LawParameter[] = [
  { name: "L0", space: "log", fitName: "ln_L0", bounds: [0.1, 20], grid: [Math.log(2), Math.log(3)], description: "loss as S1 → ∞ with no annealing (nats)" },
  { name: "A", space: "log", fitName: "ln_A", bounds: [1e-3, 100], grid: [Math.log(0.5)], description: "scale of the power law in the summed learning rate" },
  { name: "alpha", space: "log", fitName: "ln_alpha", bounds: [1e-3, 5], grid: [Math.log(0.3), Math.log(0.6)], description: "exponent of S1" },
  { name: "B", space: "log", fitName: "ln_B", bounds: [1e-2, 1e5], grid: [Math.log(100), Math.log(500)], description: "scale of the loss drop from annealing" },
  { name: "C", space: "log", fitName: "ln_C", bounds: [1e-4, 1e3], grid: [Math.log(2)], description: "rate of the drop's saturation" },
  { name: "beta", space: "log", fitName: "ln_beta", bounds: [1e-3, 10], grid: [Math.log(0.6)], description: "exponent of the drop's saturation" },
  { name: "gamma", space: "log", fitName: "ln_gamma", bounds: [1e-3, 5], grid: [Math.log(0.6)], description: "exponent of the learning rate in the saturation" },
];

/**
 * Starts for a fit, in fit space (ln of each parameter): L0 a little under the lowest loss, the other parameters at the
 * middle of Luo et al.'s published fits (A ≈ 0.6, B ≈ 450, C ≈ 2, β ≈ γ ≈ 0.6), α at 0.3 and 0.6. Two starts instead of
 * the grid's eight: each start costs a few hundred evaluations of every curve.
 */
export function multiPowerStarts(lossNats: ArrayLike<number>): Float64Array[] {
  let min = Infinity;
  for (let i = 0; i < lossNats.length; i++) min = Math.min(min, lossNats[i]);
  return [0.3, 0.6].map((alpha) => Float64Array.from([0.9 * min, 0.6, alpha, 450, 2, 0.6, 0.6], Math.log));
}

/**
 * A curve law's logPredict over rows laid end to end: rows grouped by curve, each curve evaluated by `evaluate`
 * (natural parameters → predicted loss and ∂L̂/∂value, `width` values per row), then ln L̂ and its Jacobian over
 * the log parameters (∂ ln L̂/∂ ln v = v·∂L̂/∂v / L̂). A non-positive prediction has no log: NaN, which the engine
 * treats as a step too far.
 */
export function logPredictByCurve(
  set: CurveSet, values: readonly number[], inputs: LawInputs, out: Float64Array, jac: Float64Array | undefined,
  evaluate: (schedule: PreparedSchedule, steps: number[], pred: Float64Array, jac?: Float64Array) => void,
): void {
  const width = values.length;
  const pos = inputs.log.step!;
  const rows: number[][] = set.offsets.map(() => []), steps: number[][] = set.offsets.map(() => []);
  for (let i = 0; i < inputs.n; i++) {
    const at = Math.round(Math.exp(pos[i]));
    let c = set.offsets.length - 1;
    while (c > 0 && set.offsets[c] > at) c--;
    rows[c].push(i); steps[c].push(at - set.offsets[c]);
  }
  for (let c = 0; c < rows.length; c++) {
    if (rows[c].length === 0) continue;
    const pred = new Float64Array(rows[c].length), J = jac ? new Float64Array(width * rows[c].length) : undefined;
    evaluate(set.schedules[c], steps[c], pred, J);
    rows[c].forEach((i, q) => {
      out[i] = pred[q] > 0 ? Math.log(pred[q]) : NaN;
      if (jac) for (let j = 0; j < width; j++) jac[width * i + j] = J![width * q + j] * values[j] / pred[q];
    });
  }
}

/** The law over a set of curves. */
export function multiPowerLaw(set: CurveSet): Law {
  return {
    id: "multipower",
    title: "Loss curve under a learning-rate schedule, multi-power law (Luo et al. 2025)",
    formula: "L(t) = L0 + A*S1(t)^(-alpha) - B*sum_k (eta_{k-1} - eta_k)*(1 - (1 + C*eta_k^(-gamma)*S_k(t))^(-beta))",
    tex: "L(t) = L_0 + A\\,S_1(t)^{-\\alpha} - B \\sum_k (\\eta_{k-1} - \\eta_k)\\left(1 - (1 + C\\,\\eta_k^{-\\gamma} S_k(t))^{-\\beta}\\right)",
    fitForm: "ln L̂ of the multi-power prediction, all parameters in log space; S1 and S_k from prefix sums of the per-step rate",
    inputs: ["step"],
    parameters: PARAMETERS,
    reference: {
      citation: "Luo et al. 2025, A Multi-Power Law for Loss Curve Prediction Across Learning Rate Schedules (arXiv:2503.12811)",
      section: "eq. 1 and the released code (src/models.py), warmup included in S1 and in the drop sum",
      paramConvention: "total",
      note: "the input is the step of a curve whose learning rate is known at every step; loss in nats",
    },
    logPredict(theta, inputs, out, jac) {
      const v = Array.from(theta, Math.exp);
      const p = Object.fromEntries(MULTIPOWER_PARAMS.map((k, j) => [k, v[j]])) as unknown as MultiPowerParams;
      logPredictByCurve(set, v, inputs, out, jac, (schedule, steps, pred, J) => multiPowerPredictFast(p, schedule, steps, pred, J));
    },
  };
}
