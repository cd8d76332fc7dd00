/**
 * Kaplan et al. 2020 joint law in model size and data (their eq. 1.5 / 4.1):
 * L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D, N non-embedding parameters.
 * Fitted in log space as ln L̂ = α_D · LSE((α_N/α_D)(ln N_c − ln N), ln D_c − ln D),
 * so neither ratio can overflow.
 */
import { expNonPositive as exp, logOneToFour as logSum } from "../stats/expNonPositive.js";
import type { Law } from "./types.js";

const ln = Math.log;

export const kaplanNd: Law = {
  id: "kaplan-nd",
  title: "Kaplan joint law L(N, D) (Kaplan et al. 2020, eq. 1.5)",
  formula: "L = [(Nc/N)^(alphaN/alphaD) + Dc/D]^alphaD",
  tex: "L(N, D) = \\left[\\left(\\frac{N_c}{N}\\right)^{\\alpha_N/\\alpha_D} + \\frac{D_c}{D}\\right]^{\\alpha_D}",
  fitForm: "ln L = alphaD * LSE((alphaN/alphaD)(ln Nc - ln N), ln Dc - ln D)",
  inputs: ["params", "tokens"],
  parameters: [
    { name: "Nc", space: "log", fitName: "lnNc", bounds: [1e3, 1e30], grid: [ln(1e11), ln(1e13), ln(1e15)], description: "critical model size" },
    { name: "Dc", space: "log", fitName: "lnDc", bounds: [1e3, 1e30], grid: [ln(1e11), ln(1e13), ln(1e15)], description: "critical data size (tokens)" },
    { name: "alphaN", space: "linear", fitName: "alphaN", bounds: [1e-3, 3], grid: [0.05, 0.1, 0.2, 0.4], description: "model-size exponent" },
    { name: "alphaD", space: "linear", fitName: "alphaD", bounds: [1e-3, 3], grid: [0.05, 0.1, 0.2, 0.4], description: "data exponent" },
  ],
  reference: {
    citation: "Kaplan et al. 2020, Scaling Laws for Neural Language Models (arXiv:2001.08361)",
    section: "§4, eq. 4.1 (fit: alphaN = 0.076, alphaD = 0.103, Nc = 6.4e13, Dc = 1.8e13)",
    paramConvention: "nonEmbedding",
  },
  logPredict(theta, inputs, out, jac) {
    const lNc = theta[0], lDc = theta[1], aN = theta[2], aD = theta[3];
    const lnN = inputs.log.params!, lnD = inputs.log.tokens!;
    const r = aN / aD;
    for (let i = 0; i < inputs.n; i++) {
      const v = lNc - lnN[i];
      const u1 = r * v, u2 = lDc - lnD[i];
      const m = u1 > u2 ? u1 : u2;
      const w1 = exp(u1 - m), w2 = exp(u2 - m), s = w1 + w2;
      const lse = m + logSum(s);
      out[i] = aD * lse;
      if (jac) {
        const k = 4 * i, p1 = w1 / s, p2 = w2 / s;
        jac[k] = aN * p1;
        jac[k + 1] = aD * p2;
        jac[k + 2] = p1 * v;
        jac[k + 3] = lse - p1 * u1;
      }
    }
  },
};
