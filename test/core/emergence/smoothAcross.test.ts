// `smoothAcross`: the continuous metric's smoothness across the jump is judged only from at least 3 models in the rise window.
import { describe, expect, it } from "vitest";
import { assembleEmergenceDocument } from "../../../src/core/emergence/analyze.js";
import { MIN_WINDOW_POINTS } from "../../../src/core/emergence/criterion.js";
import { curveData } from "../../../src/core/emergence/fitEmergence.js";
import { fitCurve } from "../../../src/core/emergence/leastSquares.js";
import { powerCurve } from "../../../src/core/emergence/powerCurves.js";
import { readEmergence } from "../../../src/core/emergence/readEmergence.js";
import { smoothAcross } from "../../../src/core/emergence/smoothAcross.js";

// edit distance 1 + 100·N^(−0.2) at whole decades 1e6–1e12, noise-free; its power law fits it exactly
const scales = [1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12], values = scales.map((N) => 1 + 100 * N ** -0.2);
const centre = scales.reduce((s, x) => s + Math.log(x), 0) / scales.length;
const fit = fitCurve(powerCurve("decaying"), curveData(scales, values, centre));

describe("smoothAcross(fit, scales, values, jump)", () => {
  it(`needs ${MIN_WINDOW_POINTS} models in the window: 1 model (a ±0.5-decade window at 10^9.2) cannot be judged, and says why`, () => {
    const r = smoothAcross(fit, scales, values, { midpoint: 10 ** 9.2, rise: { from: 10 ** 9.1, to: 10 ** 9.3 } });
    expect(r).toEqual({ reason: expect.stringMatching(/^1 model in the rise window .*fewer than the 3 needed/) });
  });
  it("2 models (window 10^8.5–10^10.5) cannot be judged either", () => {
    const r = smoothAcross(fit, scales, values, { midpoint: 10 ** 9.5, rise: { from: 10 ** 8.5, to: 10 ** 10.5 } });
    expect("reason" in r && r.reason).toMatch(/^2 models in the rise window/);
  });
  it("3 models (window 10^8–10^10) are judged: smooth, the fit being exact (relative RMS ≤ 1e-6)", () => {
    const r = smoothAcross(fit, scales, values, { midpoint: 1e9, rise: { from: 1e8, to: 1e10 } });
    if ("reason" in r) expect.unreachable(r.reason);
    expect(r.points).toBe(3);
    expect(r.smooth).toBe(true);
    expect(r.relativeRms).toBeLessThan(1e-6);
  });
});

describe("assembleEmergenceDocument with one model inside the jump's window", () => {
  // exact match steps between 1e9 and 1e10 (a steep sigmoid, ±0.5-decade window around x0 ≈ 10^9.6 holds one model)
  const text = "N,exact_match,edit_distance\n1e6,0,5\n1e7,0,4.5\n1e8,0,4\n1e9,0.01,3.5\n1e10,0.9,3\n1e11,0.92,2.5\n1e12,0.93,2\n";
  const doc = assembleEmergenceDocument(readEmergence(text, "sparse.csv"), { bootstrap: 0 });
  it("leaves continuousAcrossJump null with the reason, and raises no continuous-not-smooth", () => {
    expect(doc.jump.midpointInRange).toBe(true);
    expect(doc.continuousAcrossJump).toBeNull();
    expect(doc.continuousAcrossJumpReason).toMatch(/^1 model in the rise window/);
    expect(doc.warnings.map((w) => w.code)).not.toContain("continuous-not-smooth");
  });
});
