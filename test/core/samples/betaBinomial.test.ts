// ln Γ, ψ and the beta-binomial law of per-problem success (issue 14, item 3): reference values of Γ and ψ (exact
// constants), pass@k under Beta(α, β) against numerical integration, and α, β recovered from simulated counts.
import { describe, expect, it } from "vitest";
import { betaPassAtK, fitBetaBinomial } from "../../../src/core/samples/betaBinomial.js";
import { digamma, lnGamma } from "../../../src/core/stats/gamma.js";
import { betaDeviate } from "../../../src/core/stats/deviates.js";
import { createRng } from "../../../src/core/stats/rng.js";

describe("lnGamma and digamma", () => {
  it("match exact values: Γ(1/2) = √π, Γ(n) = (n−1)!, ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2 (1e-14)", () => {
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(lnGamma(1)).toBeCloseTo(0, 14);
    let fact = 1;
    for (let n = 2; n <= 20; n++) { fact *= n - 1; expect(Math.abs(lnGamma(n) - Math.log(fact))).toBeLessThan(1e-13 * Math.max(1, Math.log(fact))); }
    const euler = 0.5772156649015329;
    expect(digamma(1)).toBeCloseTo(-euler, 14);
    expect(digamma(0.5)).toBeCloseTo(-euler - 2 * Math.LN2, 14);
  });
  it("obey the recurrences ln Γ(x+1) − ln Γ(x) = ln x and ψ(x+1) − ψ(x) = 1/x, and ψ is the derivative of ln Γ", () => {
    for (const x of [1e-3, 0.1, 0.7, 1.5, 3.3, 17, 250, 1e4, 1e6]) {
      expect(Math.abs(lnGamma(x + 1) - lnGamma(x) - Math.log(x))).toBeLessThan(2e-13 * Math.max(1, Math.abs(lnGamma(x))));
      expect(Math.abs(digamma(x + 1) - digamma(x) - 1 / x)).toBeLessThan(1e-12 * Math.max(1, 1 / x));
      const h = 1e-5 * Math.max(1e-3, x);
      expect(Math.abs((lnGamma(x + h) - lnGamma(x - h)) / (2 * h) - digamma(x))).toBeLessThan(1e-6 * Math.max(1, Math.abs(digamma(x))));
    }
  });
});

describe("beta-binomial", () => {
  it("pass@k under Beta(2, 3) equals ∫ (1 − (1 − p)^k) Beta(p; 2, 3) dp by Simpson's rule (1e-9); pass@1 = α/(α+β)", () => {
    const dens = (p: number) => 12 * p * (1 - p) ** 2; // Beta(2, 3): 1/B(2,3) = 12
    for (const k of [1, 3, 10, 100, 1000]) {
      const m = 20000;
      let s = 0;
      for (let i = 0; i <= m; i++) { const p = i / m; const w = i === 0 || i === m ? 1 : i % 2 ? 4 : 2; s += w * (1 - (1 - p) ** k) * dens(p); }
      expect(Math.abs(betaPassAtK(2, 3, k) - s / (3 * m))).toBeLessThan(1e-9);
    }
    expect(betaPassAtK(2, 3, 1)).toBeCloseTo(0.4, 14);
  });

  it("recovers α = 0.5, β = 3 within 10% from 2,000 problems × 100 samples (seeded), and forecasts pass@10,000 near the truth", () => {
    const rng = createRng(2025);
    const problems = Array.from({ length: 2000 }, () => {
      const p = betaDeviate(rng, 0.5, 3);
      let c = 0;
      for (let j = 0; j < 100; j++) if (rng.next() < p) c++;
      return { n: 100, c };
    });
    const fit = fitBetaBinomial(problems);
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.alpha / 0.5 - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.beta / 3 - 1)).toBeLessThan(0.1);
    expect(Math.abs(betaPassAtK(fit.alpha, fit.beta, 10000) - betaPassAtK(0.5, 3, 10000))).toBeLessThan(0.02);
  });

  it("refuses counts that cannot be: c > n, n = 0, fewer than 2 problems", () => {
    expect(() => fitBetaBinomial([{ n: 10, c: 11 }, { n: 10, c: 1 }])).toThrow(/problem 1: c must be a whole number from 0 to n = 10, got 11/);
    expect(() => fitBetaBinomial([{ n: 0, c: 0 }, { n: 10, c: 1 }])).toThrow(/problem 1: n must be a whole number ≥ 1/);
    expect(() => fitBetaBinomial([{ n: 10, c: 1 }])).toThrow(/at least 2 problems/);
  });
});
