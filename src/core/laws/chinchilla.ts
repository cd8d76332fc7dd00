/**
 * Chinchilla parametric loss, Hoffmann et al. 2022 ("Training Compute-Optimal
 * Large Language Models"), §3.3 Approach 3, eq. 2: L(N, D) = E + A/N^α + B/D^β,
 * fitted in log space as ln L̂ = LSE(a − α ln N, b − β ln D, e) with
 * A = e^a, B = e^b, E = e^e (their eq. 3 / Appendix D.2).
 * Compute-optimal allocation under C = 6ND (their eq. 4):
 *   N* = G (C/6)^a, D* = G⁻¹ (C/6)^b, G = (αA / βB)^(1/(α+β)), a = β/(α+β), b = α/(α+β).
 */
import { expNonPositive as exp, logOneToFour as logSum } from "../stats/expNonPositive.js";
import type { Law } from "./types.js";

const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);

export const chinchilla: Law = {
  id: "chinchilla",
  title: "Chinchilla parametric loss (Hoffmann et al. 2022, Approach 3)",
  formula: "L = E + A/N^alpha + B/D^beta",
  tex: "L(N, D) = E + \\frac{A}{N^{\\alpha}} + \\frac{B}{D^{\\beta}}",
  fitForm: "ln L = LSE(a - alpha ln N, b - beta ln D, e), A = e^a, B = e^b, E = e^e",
  inputs: ["params", "tokens"],
  // Hoffmann et al.'s initialisation grid (Appendix D.2), as in Besiroglu et al. 2024: 6·6·5·5·5 = 4,500 starts.
  parameters: [
    { name: "A", space: "log", fitName: "a", bounds: [1e-6, 1e12], grid: range(0, 25, 5), description: "model-size term coefficient" },
    { name: "B", space: "log", fitName: "b", bounds: [1e-6, 1e12], grid: range(0, 25, 5), description: "data term coefficient" },
    { name: "E", space: "log", fitName: "e", bounds: [1e-3, 20], grid: range(-1, 1, 0.5), description: "irreducible loss (nats)" },
    { name: "alpha", space: "linear", fitName: "alpha", bounds: [0, 3], grid: range(0, 2, 0.5), description: "model-size exponent" },
    { name: "beta", space: "linear", fitName: "beta", bounds: [0, 3], grid: range(0, 2, 0.5), description: "data exponent" },
  ],
  reference: {
    citation: "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models (arXiv:2203.15556)",
    section: "§3.3 and Appendix D.2",
    paramConvention: "total",
  },
  logPredict(theta, inputs, out, jac) {
    const a = theta[0], b = theta[1], e = theta[2], alpha = theta[3], beta = theta[4];
    const lnN = inputs.log.params!, lnD = inputs.log.tokens!, n = inputs.n;
    for (let i = 0; i < n; i++) {
      const x = lnN[i], z = lnD[i];
      const t1 = a - alpha * x, t2 = b - beta * z;
      // the largest term's exp is 1: only the other two need an exp, of arguments ≤ 0
      let m: number, w1: number, w2: number, w3: number;
      if (t1 >= t2 && t1 >= e) { m = t1; w1 = 1; w2 = exp(t2 - m); w3 = exp(e - m); }
      else if (t2 >= e) { m = t2; w1 = exp(t1 - m); w2 = 1; w3 = exp(e - m); }
      else { m = e; w1 = exp(t1 - m); w2 = exp(t2 - m); w3 = 1; }
      const s = w1 + w2 + w3;
      out[i] = m + logSum(s);
      if (jac) {
        const k = 5 * i, p1 = w1 / s, p2 = w2 / s;
        jac[k] = p1;
        jac[k + 1] = p2;
        jac[k + 2] = w3 / s;
        jac[k + 3] = -x * p1;
        jac[k + 4] = -z * p2;
      }
    }
  },
  // The log-sum-exp lines repeat logPredict's on purpose: fused with the loss they
  // need no Jacobian array (≈ 1.6× faster); a test holds the two paths to 1e-12.
  huberKernel(theta, inputs, logLoss, weights, delta, invScale, grad, extra) {
    const a = theta[0], b = theta[1], e = theta[2], alpha = theta[3], beta = theta[4];
    const lnN = inputs.log.params!, lnD = inputs.log.tokens!, n = inputs.n;
    let f = 0, g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, psiZ = 0;
    for (let i = 0; i < n; i++) {
      const x = lnN[i], z = lnD[i];
      const t1 = a - alpha * x, t2 = b - beta * z;
      let m: number, w1: number, w2: number, w3: number;
      if (t1 >= t2 && t1 >= e) { m = t1; w1 = 1; w2 = exp(t2 - m); w3 = exp(e - m); }
      else if (t2 >= e) { m = t2; w1 = exp(t1 - m); w2 = 1; w3 = exp(e - m); }
      else { m = e; w1 = exp(t1 - m); w2 = exp(t2 - m); w3 = 1; }
      const s = w1 + w2 + w3;
      const r = (logLoss[i] - m - logSum(s)) * invScale, ar = Math.abs(r), wi = weights[i];
      const psi = r > delta ? delta : r < -delta ? -delta : r;
      f += wi * (ar <= delta ? 0.5 * r * r : delta * (ar - 0.5 * delta));
      psiZ += wi * psi * r;
      const q = (-wi * psi * invScale) / s, q1 = q * w1, q2 = q * w2;
      g0 += q1; g1 += q2; g2 += q * w3; g3 -= q1 * x; g4 -= q2 * z;
    }
    grad[0] = g0; grad[1] = g1; grad[2] = g2; grad[3] = g3; grad[4] = g4;
    extra[0] = psiZ;
    return f;
  },
  // L = E·1 + A·N^−α + B·D^−β: linear in (E, A, B) once α, β are fixed
  linearForm: {
    coefficients: ["E", "A", "B"],
    nonlinear: ["alpha", "beta"],
    grids: [range(0.05, 1.5, 0.05), range(0.05, 1.5, 0.05)],
    columns([alpha, beta], inputs, out) {
      const lnN = inputs.log.params!, lnD = inputs.log.tokens!;
      for (let i = 0; i < inputs.n; i++) {
        out[3 * i] = 1;
        out[3 * i + 1] = Math.exp(-alpha * lnN[i]);
        out[3 * i + 2] = Math.exp(-beta * lnD[i]);
      }
    },
  },
  derived({ A, B, alpha, beta }) {
    return {
      a: beta / (alpha + beta),
      b: alpha / (alpha + beta),
      G: ((alpha * A) / (beta * B)) ** (1 / (alpha + beta)),
    };
  },
  allocate(values, flops) {
    const { a, b, G } = chinchilla.derived!(values);
    return { params: G * (flops / 6) ** a, tokens: (flops / 6) ** b / G };
  },
};
