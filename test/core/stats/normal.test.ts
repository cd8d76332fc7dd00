import { describe, expect, it } from "vitest";
import { normalQuantile, wilsonInterval } from "../../../src/core/stats/normal.js";

describe("normalQuantile", () => {
  // reference values: R's qnorm (double precision), to 1e-12 relative
  it.each([
    [0.975, 1.959963984540054], [0.9, 1.2815515655446004], [0.995, 2.5758293035489004],
    [0.5, 0], [0.001, -3.090232306167813], [1e-10, -6.361340902404056], [0.02, -2.053748910631823],
  ])("Φ⁻¹(%d) = %d", (p, x) => {
    expect(Math.abs(normalQuantile(p) - x)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x)));
  });
  it("is odd about 1/2 and infinite at the ends; NaN outside [0, 1]", () => {
    expect(normalQuantile(0.3) + normalQuantile(0.7)).toBeCloseTo(0, 14);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});

describe("wilsonInterval", () => {
  it("8 of 10 at 95%: R's prop.test(8, 10, correct = FALSE) gives 0.4901625 – 0.9433178 (to 1e-6)", () => {
    const [lo, hi] = wilsonInterval(8, 10, 0.95);
    expect(lo).toBeCloseTo(0.4901625, 6);
    expect(hi).toBeCloseTo(0.9433178, 6);
  });
  it("stays inside [0, 1] at k = 0 and k = n, with a non-zero width (where the Wald interval collapses)", () => {
    const [lo0, hi0] = wilsonInterval(0, 10);
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(0.2775328, 6); // prop.test(0, 10, correct = FALSE)
    const [lo1, hi1] = wilsonInterval(10, 10);
    expect(hi1).toBe(1);
    expect(lo1).toBeCloseTo(0.7224672, 6);
  });
  it("refuses k > n and n = 0", () => {
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
  });
});
