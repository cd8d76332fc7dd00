/**
 * The momentum law of loss curves (Tissue, Wang, Wang 2024, "Scaling Law with
 * Learning Rate Annealing", arXiv:2408.11029, eq. 1):
 *
 *   L(s) = L0 + A·S1(s)^(−α) − C·S2(s),
 *   S1(s) = Σ_{i≤s} η_i (the forward area),   S2(s) = Σ_{i≤s} m_i,   m_i = λ·m_{i−1} + (η_{i−1} − η_i),
 *
 * S2 the annealing area, with momentum λ (the paper uses 0.999 and reports
 * 0.99–0.999 as fitting alike). As for the multi-power law here, the warmup is
 * included in both areas (its rises make m negative). The recursion gives S2
 * and ∂S2/∂λ at every step in one O(steps) pass, so a curve of 10^5 steps is
 * cheap. λ is fitted as `decay` = 1 − λ in log space, so λ stays below 1.
 */
import type { Law, LawParameter } from "../laws/types.js";
import type { PreparedSchedule } from "./multipower.js";
import { logPredictByCurve, type CurveSet } from "./multipowerLaw.js";

export interface MomentumParams { L0: number; A: number; alpha: number; C: number; decay: number }

/** S1, S2 and ∂S2/∂λ at each of `at`, from the schedule's rates (η recovered from the prefix sums). O(max(at)). */
export function momentumAreas(sched: PreparedSchedule, lambda: number, at: ArrayLike<number>): { s1: Float64Array; s2: Float64Array; dS2: Float64Array } {
  let last = 0;
  for (let q = 0; q < at.length; q++) {
    const t = at[q];
    if (!Number.isInteger(t) || t < 0 || t >= sched.steps) throw new RangeError(`step ${t} is outside the schedule's 0 … ${sched.steps - 1}`);
    if (!(sched.prefix[t] > 0)) throw new RangeError(`step ${t}: the summed learning rate S1 is 0 there (a warmup from 0), so A·S1^(−α) is infinite; predict from a later step`);
    last = Math.max(last, t);
  }
  const S2 = new Float64Array(last + 1), D = new Float64Array(last + 1);
  let m = 0, dm = 0, s2 = 0, ds2 = 0, prev = sched.prefix[0];
  for (let i = 1; i <= last; i++) {
    const eta = sched.prefix[i] - sched.prefix[i - 1];
    dm = m + lambda * dm; // ∂m_i/∂λ = m_{i−1} + λ ∂m_{i−1}/∂λ
    m = lambda * m + (prev - eta);
    s2 += m; ds2 += dm;
    S2[i] = s2; D[i] = ds2;
    prev = eta;
  }
  return { s1: Float64Array.from(at, (t) => sched.prefix[t]), s2: Float64Array.from(at, (t) => S2[t]), dS2: Float64Array.from(at, (t) => D[t]) };
}

/** The predicted loss at each of `at`, and with `jac` (points × 5) ∂L̂/∂(L0, A, α, C, decay). */
export function momentumPredict(p: MomentumParams, sched: PreparedSchedule, at: ArrayLike<number>, out: Float64Array, jac?: Float64Array): void {
  const { s1, s2, dS2 } = momentumAreas(sched, 1 - p.decay, at);
  for (let q = 0; q < at.length; q++) {
    const pw = Math.exp(-p.alpha * Math.log(s1[q]));
    out[q] = p.L0 + p.A * pw - p.C * s2[q];
    if (jac) {
      const r = 5 * q;
      jac[r] = 1; jac[r + 1] = pw; jac[r + 2] = -p.A * pw * Math.log(s1[q]); jac[r + 3] = -s2[q];
      jac[r + 4] = p.C * dS2[q]; // ∂/∂decay = −∂/∂λ
    }
  }
}

const PARAMETERS: readonly LawParameter[] = [
  { name: "L0", space: "log", fitName: "ln_L0", bounds: [0.1, 20], grid: [Math.log(2), Math.log(3)], description: "loss as S1 → ∞ with no annealing (nats)" },
  { name: "A", space: "log", fitName: "ln_A", bounds: [1e-3, 100], grid: [Math.log(0.5)], description: "scale of the power law in the forward area" },
  { name: "alpha", space: "log", fitName: "ln_alpha", bounds: [1e-3, 5], grid: [Math.log(0.3), Math.log(0.6)], description: "exponent of S1" },
  { name: "C", space: "log", fitName: "ln_C", bounds: [1e-4, 1e6], grid: [Math.log(1), Math.log(100)], description: "loss drop per unit of annealing area (nats)" },
  { name: "decay", space: "log", fitName: "ln_decay", bounds: [1e-5, 0.5], grid: [Math.log(1e-3), Math.log(1e-2)], description: "1 − λ, λ the momentum of the annealing area" },
];

/** Starts: L0 a little under the lowest loss, λ = 0.999 (the paper's) and 0.99, C 10 and 1,000. */
export function momentumStarts(lossNats: ArrayLike<number>): Float64Array[] {
  let min = Infinity;
  for (let i = 0; i < lossNats.length; i++) min = Math.min(min, lossNats[i]);
  return [1e-3, 1e-2].flatMap((decay) => [10, 1000].map((C) => Float64Array.from([0.9 * min, 0.6, 0.5, C, decay], Math.log)));
}

/** The law over a set of curves laid end to end (as {@link multiPowerLaw}). */
export function momentumLaw(set: CurveSet): Law {
  return {
    id: "momentum",
    title: "Loss curve under a learning-rate schedule, momentum law (Tissue et al. 2024)",
    formula: "L(s) = L0 + A*S1(s)^(-alpha) - C*S2(s), S2 = sum_i m_i, m_i = lambda*m_{i-1} + (eta_{i-1} - eta_i), lambda = 1 - decay",
    tex: "L(s) = L_0 + A\\,S_1(s)^{-\\alpha} - C\\,S_2(s)",
    fitForm: "ln L̂ of the prediction, all parameters in log space (λ as 1 − λ); S1 from prefix sums, S2 and ∂S2/∂λ by one recursion",
    inputs: ["step"],
    parameters: PARAMETERS,
    reference: {
      citation: "Tissue, Wang, Wang 2024, Scaling Law with Learning Rate Annealing (arXiv:2408.11029)",
      section: "eq. 1 and §3 (S2 with momentum λ)",
      paramConvention: "total",
      note: "the input is the step of a curve whose learning rate is known at every step; warmup included in S1 and S2; loss in nats",
    },
    logPredict(theta, inputs, out, jac) {
      const v = Array.from(theta, Math.exp);
      const p: MomentumParams = { L0: v[0], A: v[1], alpha: v[2], C: v[3], decay: v[4] };
      logPredictByCurve(set, v, inputs, out, jac, (schedule, steps, pred, J) => momentumPredict(p, schedule, steps, pred, J));
    },
    derived(values) { return { lambda: 1 - values.decay }; },
  };
}
