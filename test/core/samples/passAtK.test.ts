// The unbiased pass@k estimator (issue 14, item 2; acceptance "Estimator"): against brute-force enumeration of every
// k-subset for n ≤ 12, exact at the edges, refused for k > n with its code, and accurate to 1e-12 relative at n = 10^6
// against exact rational arithmetic (BigInt).
import { describe, expect, it } from "vitest";
import { DiagnosticError } from "../../../src/core/diagnostics.js";
import { coverageCurve, passAtK, passAtKCurve } from "../../../src/core/samples/passAtK.js";

/** Fraction of the k-subsets of n samples (the first c correct) that hold a correct one, by enumeration. */
function bruteForce(n: number, c: number, k: number): number {
  let hit = 0, all = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    let bits = 0;
    for (let m = mask; m; m &= m - 1) bits++;
    if (bits !== k) continue;
    all++;
    if (mask & ((1 << c) - 1)) hit++;
  }
  return hit / all;
}

/** 1 − ∏ (n−c−i)/(n−i) exactly (BigInt), as a double. */
function exact(n: number, c: number, k: number): number {
  let num = 1n, den = 1n;
  for (let i = 0; i < k; i++) { num *= BigInt(n - c - i); den *= BigInt(n - i); }
  const scale = 10n ** 40n;
  return Number(((den - num) * scale) / den) / 1e40;
}

describe("passAtK", () => {
  it("equals brute-force enumeration over all k-subsets for every n ≤ 12, c ≤ n, k ≤ n (1e-14 relative)", () => {
    let cases = 0;
    for (let n = 1; n <= 12; n++) for (let c = 0; c <= n; c++) for (let k = 1; k <= n; k++) {
      const want = bruteForce(n, c, k);
      const got = passAtK(n, c, k);
      expect(Math.abs(got - want), `n=${n} c=${c} k=${k}`).toBeLessThanOrEqual(1e-14 * Math.max(want, 1e-300));
      expect(passAtKCurve(n, c, n)[k - 1]).toBe(got);
      cases++;
    }
    expect(cases).toBe(728); // Σ_{n=1}^{12} n·(n+1)
  });

  it("is exact at the edges: c = 0 gives 0, c = n gives 1, k = n gives 1 whenever c ≥ 1", () => {
    for (const n of [1, 2, 7, 1000, 1_000_000]) {
      expect(passAtK(n, 0, Math.min(n, 5))).toBe(0);
      expect(passAtK(n, n, 1)).toBe(1);
      expect(passAtK(n, 1, n)).toBe(1);
    }
  });

  it("refuses k > n with the code k-exceeds-samples, naming the problem, and never clips", () => {
    let err: unknown;
    try { passAtK(10, 3, 11, "HumanEval/7"); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(DiagnosticError);
    expect((err as DiagnosticError).diagnostic.code).toBe("k-exceeds-samples");
    expect((err as Error).message).toMatch(/problem HumanEval\/7: pass@11 needs at least 11 samples, and this problem has n = 10/);
    expect(() => coverageCurve([{ id: "a", n: 100, c: 3 }, { id: "b", n: 50, c: 1 }], 60)).toThrow(/problem b: pass@60/);
    expect(() => passAtK(10, 11, 1)).toThrow(RangeError);
    expect(() => passAtK(0, 0, 1)).toThrow(RangeError);
  });

  it("stays finite and accurate to 1e-12 relative at n = 10^6 (exact rational arithmetic as the reference)", () => {
    for (const [c, k] of [[1, 1], [1, 1000], [10, 100], [3, 5000], [100_000, 10], [999_999, 1], [50, 2000]]) {
      const want = exact(1_000_000, c, k);
      const got = passAtK(1_000_000, c, k);
      expect(Number.isFinite(got)).toBe(true);
      expect(Math.abs(got / want - 1), `c=${c} k=${k}`).toBeLessThan(1e-12);
      expect(Math.abs(passAtKCurve(1_000_000, c, k)[k - 1] / want - 1)).toBeLessThan(1e-12);
    }
  });

  it("coverage@k is the mean over problems of pass@k", () => {
    const problems = [{ n: 20, c: 0 }, { n: 20, c: 1 }, { n: 30, c: 15 }];
    const cov = coverageCurve(problems, 20);
    for (const k of [1, 5, 20]) expect(cov[k - 1]).toBeCloseTo((passAtK(20, 0, k) + passAtK(20, 1, k) + passAtK(30, 15, k)) / 3, 15);
    expect(cov[0]).toBeCloseTo((0 + 1 / 20 + 0.5) / 3, 15);
  });
});
