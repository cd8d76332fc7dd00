/**
 * Accuracy against test-time tokens (thinking-budget curves): the tokens a
 * model spends per problem at inference, T, against its accuracy.
 *
 * ttt-loglinear: Acc = a + b·ln T, the "accuracy grows log-linearly with
 * test-time compute" reading of OpenAI 2024 ("Learning to reason with LLMs",
 * the o1 AIME figure) and of Snell et al. 2024 (arXiv:2408.03314, §5–6) over
 * the range they measure. It has no ceiling: it is a description of the
 * measured range, and extrapolation past it is flagged like any other.
 * Fitted as ln Acc = ln(a + b·ln T) over (a, ln b); where a + b·ln T ≤ 0 the
 * prediction is no accuracy, and the objective is infinite there.
 *
 * ttt-sigmoid: Acc = floor + span/(1 + exp(−k·(ln T − m))), a saturating
 * sigmoid in log tokens: the accuracy rises from the floor (no thinking) to
 * the ceiling floor + span, half-way at T = e^m tokens, as thinking-budget
 * curves do once the budget stops helping (Muennighoff et al. 2025, "s1:
 * Simple test-time scaling", arXiv:2501.19393, Figure 1 and §4, where budget
 * forcing flattens). Fitted as
 * ln Acc = LSE(ln floor, ln span − softplus(−k·(ln T − m))), finite everywhere.
 */
import { logFloorSpan } from "./sigmoidTerms.js";
import type { Law } from "./types.js";

const parts = new Float64Array(3);

const reference = (section: string) => ({
  citation: "Snell et al. 2024, Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters (arXiv:2408.03314); Muennighoff et al. 2025, s1: Simple test-time scaling (arXiv:2501.19393)",
  section,
  paramConvention: "total" as const,
  note: "the target is an accuracy in (0, 1]; the input T is the test-time (thinking) tokens per problem, column testTimeTokens",
});

export const tttLogLinear: Law = {
  id: "ttt-loglinear",
  title: "Accuracy against test-time tokens, log-linear",
  formula: "Acc = a + b*ln(T)",
  tex: "\\mathrm{Acc}(T) = a + b \\ln T",
  fitForm: "ln Acc = ln(a + b ln T), over a, ln b",
  inputs: ["testTimeTokens"],
  target: "metric",
  parameters: [
    { name: "a", space: "linear", fitName: "a", bounds: [-20, 1], grid: [-2, -0.5, 0, 0.3], description: "accuracy at T = 1 token (the line's intercept; may be negative)" },
    { name: "b", space: "log", fitName: "ln_b", bounds: [1e-5, 1], grid: [Math.log(0.01), Math.log(0.05), Math.log(0.2)], description: "accuracy gained per e-fold of test-time tokens (×2.303 per decade)" },
  ],
  reference: reference("Snell et al. §5–6 (accuracy against generation budget on a log axis); the log-linear trend is a description of the measured range"),
  logPredict(theta, inputs, out, jac) {
    const a = theta[0], b = Math.exp(theta[1]);
    const lnT = inputs.log.testTimeTokens!;
    for (let i = 0; i < inputs.n; i++) {
      const v = a + b * lnT[i];
      out[i] = v > 0 ? Math.log(v) : NaN;
      if (jac) {
        jac[2 * i] = 1 / v;
        jac[2 * i + 1] = b * lnT[i] / v;
      }
    }
  },
  derived(v) { return { tokensAtZero: Math.exp(-v.a / v.b) }; },
};

export const tttSigmoid: Law = {
  id: "ttt-sigmoid",
  title: "Accuracy against test-time tokens, sigmoid in log tokens",
  formula: "Acc = floor + span/(1 + exp(-k*(ln(T) - m)))",
  tex: "\\mathrm{Acc}(T) = f + \\frac{s}{1 + e^{-k (\\ln T - m)}}",
  fitForm: "ln Acc = LSE(ln floor, ln span - softplus(-k (ln T - m))), over ln floor, ln span, ln k, m",
  inputs: ["testTimeTokens"],
  target: "metric",
  parameters: [
    { name: "floor", space: "log", fitName: "ln_floor", bounds: [1e-4, 1], grid: [Math.log(0.01), Math.log(0.1), Math.log(0.3)], description: "accuracy with no test-time tokens to speak of, fraction" },
    { name: "span", space: "log", fitName: "ln_span", bounds: [1e-3, 1], grid: [Math.log(0.2), Math.log(0.5), Math.log(0.9)], description: "accuracy gained by thinking; ceiling = floor + span" },
    { name: "k", space: "log", fitName: "ln_k", bounds: [1e-2, 1e2], grid: [Math.log(0.5), 0, Math.log(3)], description: "steepness, per e-fold of test-time tokens" },
    { name: "m", space: "linear", fitName: "m", bounds: [0, 30], grid: [4, 6, 8, 10], description: "ln of the test-time tokens at the sigmoid's midpoint" },
  ],
  reference: reference("s1 Figure 1 and §4 (budget forcing saturates); Snell et al. Figures 3–4"),
  logPredict(theta, inputs, out, jac) {
    const lf = theta[0], ls = theta[1], k = Math.exp(theta[2]), m = theta[3];
    const lnT = inputs.log.testTimeTokens!;
    for (let i = 0; i < inputs.n; i++) {
      const z = -k * (lnT[i] - m);
      out[i] = logFloorSpan(lf, ls, z, parts);
      if (jac) {
        const j = 4 * i, dz = -parts[1] * parts[2]; // ∂ ln Acc/∂z
        jac[j] = parts[0];
        jac[j + 1] = parts[1];
        jac[j + 2] = dz * z; // z = k·(m − ln T), so ∂z/∂ ln k = z
        jac[j + 3] = dz * k; // ∂z/∂m = k
      }
    }
  },
  derived(v) { return { ceiling: v.floor + v.span, tokensAtMidpoint: Math.exp(v.m) }; },
  implausible(v) {
    const ceiling = v.floor + v.span;
    return ceiling > 1 + 1e-9 ? [`the accuracy ceiling floor + span = ${ceiling.toPrecision(4)} exceeds 1: an accuracy cannot; the runs do not reach the saturating regime that would pin it`] : [];
  },
};
