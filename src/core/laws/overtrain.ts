/**
 * Over-training law of Gadre et al. 2024 ("Language models scale reliably with
 * over-training and on downstream tasks", arXiv:2403.08540, §2, eq. 4):
 *   L(C, M) = E + (a·M^η + b·M^(−η))·C^(−η),  M = D/N tokens per parameter.
 * It is Chinchilla's E + A/N^α + B/D^β with α = β = 2η rewritten through
 * C = 6ND (N = √(C/6M), D = √(CM/6)): a = A·6^η, b = B·6^η. C is the run's
 * FLOP column as given. Fitted in log space as
 *   ln L̂ = LSE(e, ln a + η ln M − η ln C, ln b − η ln M − η ln C), ln M = ln D − ln N.
 * At fixed C the loss is least at M_opt = (b/a)^(1/(2η)) (where d/dM of a·M^η + b·M^(−η) is 0),
 * so the compute-optimal split is N = √(C/(6·M_opt)), D = √(C·M_opt/6).
 */
import { expNonPositive as exp, logOneToFour as logSum } from "../stats/expNonPositive.js";
import type { Law } from "./types.js";

export const overtrain: Law = {
  id: "overtrain",
  title: "Over-training law L(C, M) (Gadre et al. 2024)",
  formula: "L = E + (a*M^eta + b*M^(-eta))*C^(-eta), M = D/N",
  tex: "L(C, M) = E + \\left(a M^{\\eta} + b M^{-\\eta}\\right) C^{-\\eta},\\quad M = D/N",
  fitForm: "ln L = LSE(e, ln a + eta ln M - eta ln C, ln b - eta ln M - eta ln C), ln M = ln D - ln N",
  inputs: ["flops", "params", "tokens"],
  // 5·6·6·5 = 900 starts; Chinchilla-like constants (A, B ≈ 400, η ≈ 0.15) give ln a, ln b ≈ 6.3
  parameters: [
    { name: "E", space: "log", fitName: "e", bounds: [1e-3, 20], grid: [-1, -0.5, 0, 0.5, 1], description: "irreducible loss (nats)" },
    { name: "a", space: "log", fitName: "lna", bounds: [1e-6, 1e15], grid: [0, 2.5, 5, 7.5, 10, 15], description: "coefficient of M^eta C^-eta (model-size term)" },
    { name: "b", space: "log", fitName: "lnb", bounds: [1e-6, 1e15], grid: [0, 2.5, 5, 7.5, 10, 15], description: "coefficient of M^-eta C^-eta (data term)" },
    { name: "eta", space: "linear", fitName: "eta", bounds: [0, 1.5], grid: [0.05, 0.1, 0.2, 0.3, 0.5], description: "exponent of C (and of M)" },
  ],
  reference: {
    citation: "Gadre et al. 2024, Language models scale reliably with over-training and on downstream tasks (arXiv:2403.08540)",
    section: "§2, eq. 4",
    paramConvention: "total",
    note: "N counts every parameter, input and output embeddings included: mlfoundations/scaling constants.py lists 10,569,312 for d=96, l=8, of which 2·50,432·96 are embeddings",
  },
  logPredict(theta, inputs, out, jac) {
    const e = theta[0], la = theta[1], lb = theta[2], eta = theta[3];
    const lnC = inputs.log.flops!, lnN = inputs.log.params!, lnD = inputs.log.tokens!;
    for (let i = 0; i < inputs.n; i++) {
      const lnM = lnD[i] - lnN[i], c = lnC[i];
      const t1 = la + eta * (lnM - c), t2 = lb - eta * (lnM + c);
      const m = Math.max(e, t1, t2);
      const w0 = exp(e - m), w1 = exp(t1 - m), w2 = exp(t2 - m), s = w0 + w1 + w2;
      out[i] = m + logSum(s);
      if (jac) {
        const k = 4 * i, p1 = w1 / s, p2 = w2 / s;
        jac[k] = w0 / s;
        jac[k + 1] = p1;
        jac[k + 2] = p2;
        jac[k + 3] = p1 * (lnM - c) - p2 * (lnM + c);
      }
    }
  },
  derived({ a, b, eta }) {
    return { Mopt: (b / a) ** (1 / (2 * eta)) };
  },
  allocate(values, flops) {
    const { Mopt } = overtrain.derived!(values);
    return { params: Math.sqrt(flops / (6 * Mopt)), tokens: Math.sqrt((flops * Mopt) / 6) };
  },
};
