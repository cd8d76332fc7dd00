// Gamma and Beta deviates (Marsaglia & Tsang 2000): sample means against the exact means, within about 4 standard errors.
import { describe, expect, it } from "vitest";
import { betaDeviate, gammaDeviate } from "../../../src/core/stats/deviates.js";
import { createRng } from "../../../src/core/stats/rng.js";

describe("deviates", () => {
  it("Gamma(2.5) has mean 2.5 and Gamma(0.3) mean 0.3 (20,000 draws; SE 0.011 and 0.0039)", () => {
    const rng = createRng(11);
    const mean = (f: () => number) => { let s = 0; for (let i = 0; i < 20000; i++) s += f(); return s / 20000; };
    expect(Math.abs(mean(() => gammaDeviate(rng, 2.5)) - 2.5)).toBeLessThan(0.045);
    expect(Math.abs(mean(() => gammaDeviate(rng, 0.3)) - 0.3)).toBeLessThan(0.016);
    expect(() => gammaDeviate(rng, 0)).toThrow(RangeError);
  });
  it("Beta(0.5, 3) has mean α/(α+β) = 0.142857 (20,000 draws; SE 0.0012), every draw in (0, 1)", () => {
    const rng = createRng(12);
    let s = 0;
    for (let i = 0; i < 20000; i++) { const p = betaDeviate(rng, 0.5, 3); expect(p > 0 && p < 1).toBe(true); s += p; }
    expect(Math.abs(s / 20000 - 0.5 / 3.5)).toBeLessThan(0.005);
  });
});
