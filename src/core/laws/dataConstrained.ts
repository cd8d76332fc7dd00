/**
 * Data-constrained scaling (Muennighoff et al. 2023, "Scaling Data-Constrained
 * Language Models", arXiv:2305.16264, §3.1 eqs. 5–6) as a fittable law: a
 * Chinchilla base law evaluated at effective data D' and effective size N',
 *   L = E + A/N'^α + B/D'^β
 *   D' = U_D + U_D·R_D*·(1 − e^(−R_D/R_D*)),  U_D = min(U, D), R_D = D/U_D − 1
 *   N' = U_N + U_N·R_N*·(1 − e^(−R_N/R_N*)),  U_N = min(N, N_opt(C_U)), R_N = N/U_N − 1
 * where C_U is the budget at which U_D tokens are compute-optimal under the
 * base law, so ln U_N = min(ln N, (ln α + ln A − ln β − ln B + β·ln U_D)/α).
 * Parameters E, A, B, alpha, beta, RD (R_D*), RN (R_N*), fitted in the space
 * e, a, b (logs), alpha, beta, rd, rn (logs of R_D*, R_N*), with an exact
 * Jacobian (the base parameters enter N' through U_N where U_N < N).
 *
 * `base: "fixed"` (the default, as the paper fits it) holds the base law at the
 * authors' values (a = 6.255414, b = 7.3049974, e = 0.6254804, α = β = 0.3526596,
 * from their repository) and fits only R_D*, R_N*; `base: "joint"` fits all seven.
 * The planner's `dataConstrainedLoss` (src/core/plan) is the same formula; a test
 * holds the two to 1e-12.
 */
import { constrainLaw } from "./constrain.js";
import type { Law } from "./types.js";

export type DataConstrainedBase = "fixed" | "joint";

/** Muennighoff et al. 2023's fitted base law (authors' repository, in natural units). */
export const MUENNIGHOFF_BASE: Readonly<Record<"E" | "A" | "B" | "alpha" | "beta", number>> = {
  E: Math.exp(0.6254804), A: Math.exp(6.255414), B: Math.exp(7.3049974), alpha: 0.3526596, beta: 0.3526596,
};

const log = Math.log;
/** Starts for ln R_D*, ln R_N*: R* of 1 … 400 (the objective has several shallow basins along a valley, see docs/methods.md). */
const RANGE_LN = [0, 1.5, 3, 4.5, 6];

const JOINT: Law = {
  id: "data-constrained",
  title: "Data-constrained scaling (repeated data and excess parameters)",
  formula: "L = E + A/N'^alpha + B/D'^beta, D' = U_D(1 + RD(1 - exp(-(D/U_D - 1)/RD))), N' = U_N(1 + RN(1 - exp(-(N/U_N - 1)/RN)))",
  tex: "L = E + \\frac{A}{N'^{\\alpha}} + \\frac{B}{D'^{\\beta}},\\; D' = U_D\\big(1 + R_D^*(1 - e^{-R_D/R_D^*})\\big),\\; N' = U_N\\big(1 + R_N^*(1 - e^{-R_N/R_N^*})\\big)",
  fitForm: "ln L = LSE(e, a - alpha ln N', b - beta ln D'), RD = e^rd, RN = e^rn",
  inputs: ["params", "tokens", "uniqueTokens"],
  options: { base: "joint" },
  parameters: [
    { name: "E", space: "log", fitName: "e", bounds: [0.1, 10], grid: [0, 0.5, 1], description: "irreducible loss (nats)" },
    { name: "A", space: "log", fitName: "a", bounds: [1e-3, 1e12], grid: [2, 5, 8], description: "coefficient of N'^(-alpha)" },
    { name: "B", space: "log", fitName: "b", bounds: [1e-3, 1e12], grid: [2, 5, 8], description: "coefficient of D'^(-beta)" },
    { name: "alpha", space: "linear", fitName: "alpha", bounds: [0, 2], grid: [0.2, 0.4], description: "exponent of effective parameters N'" },
    { name: "beta", space: "linear", fitName: "beta", bounds: [0, 2], grid: [0.2, 0.4], description: "exponent of effective tokens D'" },
    { name: "RD", space: "log", fitName: "rd", bounds: [0.1, 1e4], grid: RANGE_LN, description: "R_D*: epochs of repetition at which repeated data has lost 1 − 1/e of its value" },
    { name: "RN", space: "log", fitName: "rn", bounds: [0.1, 1e4], grid: RANGE_LN, description: "R_N*: excess parameters (in units of U_N) at which extra size has lost 1 − 1/e of its value" },
  ],
  reference: {
    citation: "Muennighoff et al. 2023, Scaling Data-Constrained Language Models (arXiv:2305.16264)",
    section: "§3.1, eqs. 5–6; Appendix A (fitting)",
    paramConvention: "total",
    note: "U: unique tokens available; a run of D tokens sees U_D = min(U, D) of them.",
  },
  logPredict(theta, inputs, out, jac) {
    const e = theta[0], a = theta[1], b = theta[2], alpha = theta[3], beta = theta[4];
    const RD = Math.exp(theta[5]), RN = Math.exp(theta[6]);
    const lnN = inputs.log.params!, lnD = inputs.log.tokens!, lnU = inputs.log.uniqueTokens!;
    const num = log(alpha) + a - log(beta) - b;
    for (let i = 0; i < inputs.n; i++) {
      const lnUD = lnU[i] < lnD[i] ? lnU[i] : lnD[i];
      // effective data
      const rD = Math.max(Math.exp(lnD[i] - lnUD) - 1, 0);
      const xD = Math.exp(-rD / RD), gainD = -RD * Math.expm1(-rD / RD); // RD·(1 − xD)
      const lnDe = lnUD + Math.log1p(gainD);
      // effective parameters
      const lnNopt = (num + beta * lnUD) / alpha;
      const binding = lnNopt < lnN[i];
      const lnUN = binding ? lnNopt : lnN[i];
      const rN = Math.max(Math.exp(lnN[i] - lnUN) - 1, 0);
      const xN = Math.exp(-rN / RN), gainN = -RN * Math.expm1(-rN / RN);
      const lnNe = lnUN + Math.log1p(gainN);
      const t0 = e, t1 = a - alpha * lnNe, t2 = b - beta * lnDe;
      const m = Math.max(t0, t1, t2);
      const w0 = Math.exp(t0 - m), w1 = Math.exp(t1 - m), w2 = Math.exp(t2 - m), s = w0 + w1 + w2;
      out[i] = m + Math.log(s);
      if (!jac) continue;
      const p0 = w0 / s, p1 = w1 / s, p2 = w2 / s;
      const k = 7 * i;
      const dNe = -alpha * p1; // ∂ ln L / ∂ ln N'
      // ∂ ln N' / ∂ ln U_N where U_N = N_opt binds (else the base does not reach N')
      const dUN = binding ? (1 + gainN - xN * Math.exp(lnN[i] - lnUN)) / (1 + gainN) : 0;
      jac[k] = p0;
      jac[k + 1] = p1 + dNe * dUN / alpha;
      jac[k + 2] = p2 - dNe * dUN / alpha;
      jac[k + 3] = -lnNe * p1 + dNe * dUN * (1 / (alpha * alpha) - lnUN / alpha);
      jac[k + 4] = -lnDe * p2 + dNe * dUN * (lnUD - 1 / beta) / alpha;
      jac[k + 5] = -beta * p2 * (gainD - rD * xD) / (1 + gainD);
      jac[k + 6] = dNe * (gainN - rN * xN) / (1 + gainN);
    }
  },
};

/** The data-constrained law: only R_D*, R_N* free over Muennighoff et al.'s base ("fixed"), or all seven ("joint"). */
export function dataConstrainedLaw(base: DataConstrainedBase = "fixed"): Law {
  if (base === "joint") return JOINT;
  const law = constrainLaw(JOINT, { fix: MUENNIGHOFF_BASE });
  return {
    ...law,
    title: `${JOINT.title}, base law held at Muennighoff et al. 2023's fit`,
    options: { base: "fixed" },
  };
}
