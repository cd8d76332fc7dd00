/**
 * The aggregate test-time scaling law of repeated sampling (Brown et al.
 * 2024, "Large Language Monkeys", arXiv:2407.21787, §3): coverage grows with
 * the number of samples k as −ln(pass@k) ≈ a·k^(−b). Schaeffer et al. 2025
 * ("How Do Large Language Monkeys Get Their Power (Laws)?", arXiv:2502.17578)
 * show the aggregate power law arises from the distribution of per-problem
 * success probabilities, whose left tail sets b.
 *
 * Target: pass@k (coverage, a fraction in (0, 1]), read as the metric.
 * Fitted in log space as ln pass@k = −exp(ln a − b·ln k), over (ln a, b).
 */
import type { Law } from "./types.js";

export const passkPower: Law = {
  id: "passk-power",
  title: "Coverage against samples, power law (Brown et al. 2024)",
  formula: "-ln(pass@k) = a*k^(-b)",
  tex: "-\\ln \\mathrm{pass@}k = a\\,k^{-b}",
  fitForm: "ln pass@k = -exp(ln a - b ln k), over ln a, b",
  inputs: ["samples"],
  target: "metric",
  parameters: [
    { name: "a", space: "log", fitName: "ln_a", bounds: [1e-8, 1e4], grid: [-4, -2, 0, 1, 2, 4], description: "−ln pass@1 (the negative log coverage at k = 1)" },
    { name: "b", space: "linear", fitName: "b", bounds: [0, 5], grid: [0.05, 0.1, 0.2, 0.4, 0.8, 1.5], description: "exponent of k" },
  ],
  reference: {
    citation: "Brown et al. 2024, Large Language Monkeys: Scaling Inference Compute with Repeated Sampling (arXiv:2407.21787)",
    section: "§3 (coverage against samples); Schaeffer et al. 2025 (arXiv:2502.17578) for where the power law comes from",
    paramConvention: "total",
    note: "the target is pass@k (coverage over problems, a fraction), the input the number of samples k per problem",
  },
  logPredict(theta, inputs, out, jac) {
    const lnA = theta[0], b = theta[1];
    const lnK = inputs.log.samples!;
    for (let i = 0; i < inputs.n; i++) {
      const u = Math.exp(lnA - b * lnK[i]);
      out[i] = -u;
      if (jac) {
        jac[2 * i] = -u;
        jac[2 * i + 1] = u * lnK[i];
      }
    }
  },
};
