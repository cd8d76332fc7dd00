import { describe, expect, it } from "vitest";
import { expNonPositive, logOneToFour } from "../../../src/core/stats/expNonPositive.js";
import { createRng } from "../../../src/core/stats/rng.js";

describe("expNonPositive", () => {
  it("expNonPositive is within 2 ulp (4.5e-16 relative) of Math.exp on 1e6 random x in [−700, 0]", () => {
    const rng = createRng(99);
    let worst = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const x = -700 * rng.next() ** 3; // dense near 0, where the kernels live
      worst = Math.max(worst, Math.abs(expNonPositive(x) / Math.exp(x) - 1));
    }
    expect(worst).toBeLessThanOrEqual(4.5e-16);
  });
  it("expNonPositive is exact at 0 and falls back to Math.exp outside [−700, 0]", () => {
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-0)).toBe(1);
    expect(expNonPositive(-745)).toBe(Math.exp(-745));
    expect(expNonPositive(-Infinity)).toBe(0);
    expect(expNonPositive(2)).toBe(Math.exp(2));
    expect(Number.isNaN(expNonPositive(NaN))).toBe(true);
  });
});

describe("logOneToFour", () => {
  it("is within 2 ulp (4.5e-16 relative) of Math.log on 2e6 random s in [1, 4], dense near 1", () => {
    const rng = createRng(7);
    let worst = 0;
    for (let i = 0; i < 2_000_000; i++) {
      const s = 1 + 3 * rng.next() ** 4;
      if (s === 1) continue;
      worst = Math.max(worst, Math.abs(logOneToFour(s) / Math.log(s) - 1));
    }
    expect(worst).toBeLessThanOrEqual(4.5e-16);
  });
  it("is exact at 1 and at the table points, and falls back to Math.log outside [1, 4]", () => {
    expect(logOneToFour(1)).toBe(0);
    expect(logOneToFour(2)).toBe(Math.log(2));
    expect(logOneToFour(1 + 1e-12) / Math.log(1 + 1e-12) - 1).toBeLessThan(4.5e-16);
    expect(logOneToFour(4)).toBe(Math.log(4));
    for (const s of [0.5, 0, 4.5, 1e300, Infinity]) expect(logOneToFour(s)).toBe(Math.log(s));
    expect(Number.isNaN(logOneToFour(NaN))).toBe(true);
    expect(Number.isNaN(logOneToFour(-1))).toBe(true);
  });
});
