/**
 * Downstream maps: from a language-modelling loss L (nats) to a benchmark
 * metric, fitted to runs that have both, then chained with a loss law to
 * forecast the benchmark from compute (`chainForecast`).
 *
 * downstream-exp (Gadre et al. 2024, "Language models scale reliably with
 * over-training and on downstream tasks", arXiv:2403.08540, §2 eq. 5): top-1
 * error Err(L) = ε − k·exp(−γ·L). ε is the error at high loss (chance level),
 * the error falls towards 0 as L falls towards L₀ = ln(k/ε)/γ. Fitted as
 * ln Err = ln(ε − k·e^(−γL)) over (ln ε, ln k, ln γ); where ε ≤ k·e^(−γL) the
 * prediction is not a valid error and the objective is infinite there, which
 * the line search treats as a step too far.
 *
 * downstream-sigmoid (Llama Team 2024, "The Llama 3 Herd of Models",
 * arXiv:2407.21783, §3.2.1, second step of the two-step forecast): accuracy as
 * a sigmoid of the loss (their normalised NLL of the correct answer),
 * Acc(L) = floor + span / (1 + exp(k·(L − L0))), falling from floor + span at
 * low loss to the floor (chance) at high loss. Fitted as
 * ln Acc = LSE(ln floor, ln span − softplus(k·(L − L0))), finite everywhere.
 */
import { logFloorSpan } from "./sigmoidTerms.js";
import type { Law } from "./types.js";

const parts = new Float64Array(3);

export const downstreamExp: Law = {
  id: "downstream-exp",
  title: "Downstream error from loss, exponential (Gadre et al. 2024)",
  formula: "Err = epsilon - k*exp(-gamma*L)",
  tex: "\\mathrm{Err}(L) = \\epsilon - k\\,e^{-\\gamma L}",
  fitForm: "ln Err = ln(epsilon - k exp(-gamma L)), over ln epsilon, ln k, ln gamma",
  inputs: ["loss"],
  target: "metric",
  parameters: [
    { name: "epsilon", space: "log", fitName: "ln_epsilon", bounds: [1e-3, 1], grid: [Math.log(0.5), Math.log(0.75), Math.log(0.9), 0], description: "error at high loss (chance level), fraction" },
    { name: "k", space: "log", fitName: "ln_k", bounds: [1e-6, 1e6], grid: [0, 2, 4, 6, 8], description: "scale of the loss-driven improvement" },
    { name: "gamma", space: "log", fitName: "ln_gamma", bounds: [1e-3, 1e2], grid: [Math.log(0.3), 0, Math.log(3)], description: "rate, per nat of loss" },
  ],
  reference: {
    citation: "Gadre et al. 2024, Language models scale reliably with over-training and on downstream tasks (arXiv:2403.08540)",
    section: "§2, eq. 5 (average top-1 error over 17 tasks against C4 eval loss)",
    paramConvention: "total",
    note: "the target is a benchmark error in (0, 1], the input the loss in nats of the model's evaluation",
  },
  logPredict(theta, inputs, out, jac) {
    const eps = Math.exp(theta[0]), k = Math.exp(theta[1]), gamma = Math.exp(theta[2]);
    const lnL = inputs.log.loss!;
    for (let i = 0; i < inputs.n; i++) {
      const L = Math.exp(lnL[i]);
      const t = k * Math.exp(-gamma * L), v = eps - t;
      out[i] = v > 0 ? Math.log(v) : NaN;
      if (jac) {
        const j = 3 * i;
        jac[j] = eps / v;
        jac[j + 1] = -t / v;
        jac[j + 2] = t * gamma * L / v;
      }
    }
  },
  derived(v) { return { lossAtZeroError: Math.log(v.k / v.epsilon) / v.gamma }; },
};

export const downstreamSigmoid: Law = {
  id: "downstream-sigmoid",
  title: "Downstream accuracy from loss, sigmoid (Llama 3 two-step method)",
  formula: "Acc = floor + span/(1 + exp(k*(L - L0)))",
  tex: "\\mathrm{Acc}(L) = f + \\frac{s}{1 + e^{k (L - L_0)}}",
  fitForm: "ln Acc = LSE(ln floor, ln span - softplus(k (L - L0))), over ln floor, ln span, ln k, L0",
  inputs: ["loss"],
  target: "metric",
  parameters: [
    { name: "floor", space: "log", fitName: "ln_floor", bounds: [1e-3, 1], grid: [Math.log(0.01), Math.log(0.25), Math.log(0.5)], description: "accuracy at high loss (chance level), fraction" },
    { name: "span", space: "log", fitName: "ln_span", bounds: [1e-3, 1], grid: [Math.log(0.2), Math.log(0.5), Math.log(0.9)], description: "accuracy gained between high and low loss; ceiling = floor + span" },
    { name: "k", space: "log", fitName: "ln_k", bounds: [1e-2, 1e3], grid: [0, Math.log(5), Math.log(25)], description: "steepness, per nat of loss" },
    { name: "L0", space: "linear", fitName: "L0", bounds: [0, 20], grid: [0.5, 1, 1.5, 2, 3, 4], description: "loss at the sigmoid's midpoint (nats)" },
  ],
  reference: {
    citation: "Llama Team 2024, The Llama 3 Herd of Models (arXiv:2407.21783)",
    section: "§3.2.1, Figure 4 (right): accuracy against normalised NLL of the correct answer",
    paramConvention: "total",
    note: "the target is an accuracy in (0, 1]; the input is whatever loss the runs report (Llama 3 used the benchmark's per-character NLL)",
  },
  logPredict(theta, inputs, out, jac) {
    const lf = theta[0], ls = theta[1], k = Math.exp(theta[2]), L0 = theta[3];
    const lnL = inputs.log.loss!;
    for (let i = 0; i < inputs.n; i++) {
      const L = Math.exp(lnL[i]), z = k * (L - L0);
      out[i] = logFloorSpan(lf, ls, z, parts);
      if (jac) {
        const j = 4 * i, dz = -parts[1] * parts[2]; // ∂ ln Acc/∂z
        jac[j] = parts[0];
        jac[j + 1] = parts[1];
        jac[j + 2] = dz * z; // ∂z/∂ ln k = z
        jac[j + 3] = -dz * k; // ∂z/∂L0 = −k
      }
    }
  },
  derived(v) { return { ceiling: v.floor + v.span }; },
  implausible(v) {
    const ceiling = v.floor + v.span;
    return ceiling > 1 + 1e-9 ? [`the accuracy ceiling floor + span = ${ceiling.toPrecision(4)} exceeds 1: an accuracy cannot; the runs do not reach the saturating regime that would pin it`] : [];
  },
};
