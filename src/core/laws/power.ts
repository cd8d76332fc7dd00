/**
 * One-variable power law with an irreducible term, L(x) = E + A·x^(−α), over
 * x = N (parameters), D (tokens) or C (FLOPs). With E → 0 it is Kaplan et al.
 * 2020's L(N) = (N_c/N)^α_N, L(D) = (D_c/D)^α_D and L(C_min) = (C_c/C_min)^α_C
 * (their eqs. 1.1–1.3, A = x_c^α); with E > 0 the saturating compute frontier.
 * Fitted in log space as ln L̂ = LSE(a − α ln x, e), A = e^a, E = e^e.
 */
import { expNonPositive as exp, logOneToFour as logSum } from "../stats/expNonPositive.js";
import type { Law, RunInput } from "./types.js";

export type PowerInput = Extract<RunInput, "params" | "tokens" | "flops">;

const SYMBOL: Record<PowerInput, string> = { params: "N", tokens: "D", flops: "C" };

export function powerLaw(x: PowerInput = "params"): Law {
  const sym = SYMBOL[x];
  return {
    id: "power",
    title: `Power law with offset in ${sym} (${x})`,
    formula: `L = E + A*${sym}^(-alpha)`,
    tex: `L(${sym}) = E + A\\,${sym}^{-\\alpha}`,
    fitForm: `ln L = LSE(a - alpha ln ${sym}, e), A = e^a, E = e^e`,
    inputs: [x],
    options: { x },
    parameters: [
      { name: "A", space: "log", fitName: "a", bounds: [1e-6, 1e15], grid: [0, 2.5, 5, 10, 15, 20, 25], description: `coefficient of ${sym}^(-alpha)` },
      { name: "E", space: "log", fitName: "e", bounds: [1e-4, 20], grid: [-1, -0.5, 0, 0.5, 1], description: "irreducible loss (nats)" },
      { name: "alpha", space: "linear", fitName: "alpha", bounds: [0, 3], grid: [0.05, 0.1, 0.2, 0.4, 0.8, 1.5], description: `exponent of ${sym}` },
    ],
    reference: {
      citation: "Kaplan et al. 2020, Scaling Laws for Neural Language Models (arXiv:2001.08361)",
      section: "§1.2, eqs. 1.1–1.3 (with an added irreducible term E)",
      paramConvention: "nonEmbedding",
    },
    logPredict(theta, inputs, out, jac) {
      const a = theta[0], e = theta[1], alpha = theta[2];
      const lnX = inputs.log[x]!;
      for (let i = 0; i < inputs.n; i++) {
        const t1 = a - alpha * lnX[i];
        const m = t1 > e ? t1 : e;
        const w1 = exp(t1 - m), w2 = exp(e - m), s = w1 + w2;
        out[i] = m + logSum(s);
        if (jac) {
          const k = 3 * i;
          jac[k] = w1 / s;
          jac[k + 1] = w2 / s;
          jac[k + 2] = -lnX[i] * w1 / s;
        }
      }
    },
  };
}
