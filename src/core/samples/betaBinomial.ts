/**
 * The distributional law of repeated sampling (Schaeffer et al. 2025, "How Do
 * Large Language Monkeys Get Their Power (Laws)?", arXiv:2502.17578): each
 * problem's single-sample success probability p is drawn from Beta(α, β), and
 * a problem's c correct of n samples is beta-binomial. Fitted by maximum
 * likelihood over (ln α, ln β) with L-BFGS and the exact gradient (digamma):
 *
 *   ln L = Σᵢ [ln B(cᵢ + α, nᵢ − cᵢ + β) − ln B(α, β)]   (+ the constant ln C(nᵢ, cᵢ)).
 *
 * pass@k then follows in closed form, E[1 − (1 − p)^k] = 1 − B(α, β + k)/B(α, β),
 * at any k, and for large k 1 − pass@k ≈ Γ(α + β)/Γ(β) · k^(−α): the power law's
 * exponent is α, the left tail of the distribution of p.
 */
import { lbfgs } from "../optimize/lbfgs.js";
import { isConverged } from "../optimize/types.js";
import { digamma, lnGamma } from "../stats/gamma.js";

export interface BetaFit {
  alpha: number;
  beta: number;
  /** The maximised log-likelihood, without the constant Σ ln C(n, c). */
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  problems: number;
}

const lnBeta = (a: number, b: number) => lnGamma(a) + lnGamma(b) - lnGamma(a + b);

/** Maximum-likelihood Beta(α, β) of per-problem success from (n, c) counts. Throws a RangeError for bad counts. O(problems) per evaluation. */
export function fitBetaBinomial(problems: ReadonlyArray<{ n: number; c: number }>): BetaFit {
  if (problems.length < 2) throw new RangeError(`a beta-binomial fit needs at least 2 problems, got ${problems.length}`);
  const n = Float64Array.from(problems, (p) => p.n), c = Float64Array.from(problems, (p) => p.c);
  for (let i = 0; i < n.length; i++) {
    if (!Number.isInteger(n[i]) || n[i] < 1) throw new RangeError(`problem ${i + 1}: n must be a whole number ≥ 1, got ${n[i]}`);
    if (!Number.isInteger(c[i]) || c[i] < 0 || c[i] > n[i]) throw new RangeError(`problem ${i + 1}: c must be a whole number from 0 to n = ${n[i]}, got ${c[i]}`);
  }
  const fg = (x: Float64Array, g: Float64Array): number => {
    const a = Math.exp(x[0]), b = Math.exp(x[1]);
    if (!Number.isFinite(a) || !Number.isFinite(b) || a <= 0 || b <= 0) { g[0] = g[1] = 0; return Infinity; }
    let ll = 0, ga = 0, gb = 0;
    const base = lnBeta(a, b), dab = digamma(a + b), da = digamma(a), db = digamma(b);
    for (let i = 0; i < n.length; i++) {
      ll += lnBeta(c[i] + a, n[i] - c[i] + b) - base;
      const d = digamma(n[i] + a + b);
      ga += digamma(c[i] + a) - d - da + dab;
      gb += digamma(n[i] - c[i] + b) - d - db + dab;
    }
    // minimise −ln L over (ln α, ln β): chain rule ∂/∂ln α = α ∂/∂α
    g[0] = -ga * a; g[1] = -gb * b;
    return -ll;
  };
  // start from the method of moments on the pooled success rates
  const rates = Array.from(n, (v, i) => c[i] / v);
  const m = rates.reduce((s, v) => s + v, 0) / rates.length;
  const v = rates.reduce((s, r) => s + (r - m) ** 2, 0) / rates.length;
  const mm = Math.min(Math.max(m, 1e-3), 1 - 1e-3);
  const k = v > 0 ? Math.max(mm * (1 - mm) / v - 1, 0.1) : 10;
  const r = lbfgs(fg, [Math.log(mm * k), Math.log((1 - mm) * k)], { gtol: 1e-9, maxIterations: 500 });
  return { alpha: Math.exp(r.x[0]), beta: Math.exp(r.x[1]), logLikelihood: -r.f, converged: isConverged(r.status), iterations: r.iterations, problems: n.length };
}

/** pass@k under Beta(α, β): 1 − B(α, β + k)/B(α, β), for any k ≥ 1 (not only k ≤ n). O(1). */
export function betaPassAtK(alpha: number, beta: number, k: number): number {
  if (!(k >= 1)) throw new RangeError(`k must be ≥ 1, got ${k}`);
  return -Math.expm1(lnGamma(beta + k) + lnGamma(alpha + beta) - lnGamma(beta) - lnGamma(alpha + beta + k));
}
