// The Kumaraswamy alternative (issue 14, item 3): its quadrature agrees with closed forms and a finer rule, its pass@k with the
// closed-form moments E[p^j] = b·B(1 + j/a, b), its gradient with central differences; fitted to counts drawn from a
// known Kumaraswamy it recovers a and b and beats the Beta law's likelihood.
import { describe, expect, it } from "vitest";
import { fitBetaBinomial } from "../../../src/core/samples/betaBinomial.js";
import { fitKumaraswamyBinomial, kumaraswamyLogLikelihood, kumaraswamyPassAtK } from "../../../src/core/samples/kumaraswamy.js";
import { gaussLegendre } from "../../../src/core/stats/quadrature.js";
import { lnGamma } from "../../../src/core/stats/gamma.js";
import { createRng } from "../../../src/core/stats/rng.js";

const moment = (a: number, b: number, j: number) => (j === 0 ? 1 : b * Math.exp(lnGamma(1 + j / a) + lnGamma(b) - lnGamma(1 + j / a + b)));
const binom = (k: number, j: number) => Math.round(Math.exp(lnGamma(k + 1) - lnGamma(j + 1) - lnGamma(k - j + 1)));

function draw(seed: number, a: number, b: number, problems: number, n: number) {
  const rng = createRng(seed);
  return Array.from({ length: problems }, () => {
    const p = (1 - (1 - rng.next()) ** (1 / b)) ** (1 / a); // the quantile of a uniform
    let c = 0;
    for (let j = 0; j < n; j++) if (rng.next() < p) c++;
    return { n, c };
  });
}

describe("Kumaraswamy-binomial", () => {
  it("Gauss–Legendre integrates x^9 on [−1, 1] exactly with 5 nodes and sums its weights to 2", () => {
    const { nodes, weights } = gaussLegendre(5);
    expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(2, 14);
    expect(nodes.reduce((s, x, i) => s + weights[i] * x ** 8, 0)).toBeCloseTo(2 / 9, 14);
  });

  it("pass@k equals 1 − Σ_j C(k, j)(−1)^j E[p^j] for k ≤ 6 (1e-9), for three shapes", () => {
    for (const [a, b] of [[0.5, 3], [1.5, 0.7], [0.3, 8]]) {
      for (let k = 1; k <= 6; k++) {
        let none = 0;
        for (let j = 0; j <= k; j++) none += binom(k, j) * (-1) ** j * moment(a, b, j);
        expect(Math.abs(kumaraswamyPassAtK(a, b, k) - (1 - none))).toBeLessThan(1e-9);
      }
    }
  });

  it("the likelihood of c = n equals ln(b·B(1 + n/a, b)) to 1e-9 for n up to 10,000, and every (n, c) agrees with a 2–4× finer rule", () => {
    const fine = { m: 24, perDecade: 8, peakPanels: 64 };
    for (const [a, b] of [[0.6, 2.5], [0.3, 8], [2, 0.5], [0.15, 20], [5, 1]]) {
      for (const n of [10, 100, 1000, 10_000]) {
        const exact = Math.log(b) + lnGamma(1 + n / a) + lnGamma(b) - lnGamma(1 + n / a + b);
        expect(Math.abs(kumaraswamyLogLikelihood(a, b, [{ n, c: n }]) - exact)).toBeLessThan(1e-9 * Math.max(1, Math.abs(exact)));
        for (const c of [0, 1, Math.round(n / 10), Math.round(n / 2), n - 1]) {
          const coarse = kumaraswamyLogLikelihood(a, b, [{ n, c }]), ref = kumaraswamyLogLikelihood(a, b, [{ n, c }], fine);
          expect(Math.abs(coarse - ref), `a ${a}, b ${b}, n ${n}, c ${c}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(ref)));
        }
      }
    }
  });

  it("its gradient over (ln a, ln b) matches central differences (1e-6 relative)", () => {
    const problems = draw(2, 0.5, 3, 200, 50);
    for (const [a, b] of [[0.5, 3], [1.2, 0.8]]) {
      const g = new Float64Array(2);
      kumaraswamyLogLikelihood(a, b, problems, undefined, g);
      const h = 1e-5;
      const fdA = (kumaraswamyLogLikelihood(a * Math.exp(h), b, problems) - kumaraswamyLogLikelihood(a * Math.exp(-h), b, problems)) / (2 * h);
      const fdB = (kumaraswamyLogLikelihood(a, b * Math.exp(h), problems) - kumaraswamyLogLikelihood(a, b * Math.exp(-h), problems)) / (2 * h);
      expect(Math.abs(g[0] - fdA)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fdA)));
      expect(Math.abs(g[1] - fdB)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fdB)));
    }
  });

  it("recovers a = 0.5, b = 3 within 10% from 2,000 problems × 100 samples (seed 7), with a higher likelihood than Beta's", () => {
    const problems = draw(7, 0.5, 3, 2000, 100);
    const k = fitKumaraswamyBinomial(problems), beta = fitBetaBinomial(problems);
    expect(k.converged).toBe(true);
    expect(Math.abs(k.a / 0.5 - 1)).toBeLessThan(0.1);
    expect(Math.abs(k.b / 3 - 1)).toBeLessThan(0.1);
    expect(k.logLikelihood).toBeGreaterThan(beta.logLikelihood);
  });
});
