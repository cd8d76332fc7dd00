// The curves fitted by `emergence`: analytic gradients against central finite differences, and recovery of known parameters.
import { describe, expect, it } from "vitest";
import { fitCurve, type Curve } from "../../../src/core/emergence/leastSquares.js";
import { logSigmoid, riseDecades } from "../../../src/core/emergence/logSigmoid.js";
import { powerCurve } from "../../../src/core/emergence/powerCurves.js";

function checkGradient(curve: Curve, theta: number[]): void {
  const g = new Float64Array(theta.length);
  for (const u of [-4, -1, 0, 0.7, 3]) {
    curve.value(theta, u, g);
    theta.forEach((_, j) => {
      const h = 1e-6 * Math.max(1, Math.abs(theta[j]));
      const up = [...theta], down = [...theta];
      up[j] += h; down[j] -= h;
      const fd = (curve.value(up, u) - curve.value(down, u)) / (2 * h);
      // central differences are accurate to O(h²) ≈ 1e-12 here, far below 1e-7
      expect(Math.abs(g[j] - fd), `${curve.id} ${curve.fitNames[j]} at u = ${u}`).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
    });
  }
}

describe("gradients", () => {
  it("logSigmoid, every choice of fixed and fitted floor and ceiling", () => {
    checkGradient(logSigmoid(0, "fit"), [0.3, Math.log(1.2), 0.4]);
    checkGradient(logSigmoid(0.25, "fit"), [-0.5, Math.log(0.6), -0.2]);
    checkGradient(logSigmoid("fit", "fit"), [0.1, Math.log(2), 0.8, -1.5]);
    checkGradient(logSigmoid("fit", 0.9), [0.1, Math.log(2), -1.5]);
    checkGradient(logSigmoid(0.1, 0.9), [0.1, Math.log(2)]);
  });
  it("powerCurve, each shape", () => {
    for (const shape of ["decaying", "saturating", "accelerating"] as const) checkGradient(powerCurve(shape), [0.3, -0.7, Math.log(0.25)]);
  });
});

describe("fitCurve recovers the curve it was given (noise-free, 21 points over 6 decades)", () => {
  const lnx = Array.from({ length: 21 }, (_, i) => Math.log(10) * (18 + 0.3 * i));
  const centre = lnx.reduce((a, b) => a + b) / lnx.length;
  const u = Float64Array.from(lnx, (v) => v - centre);
  it("a sigmoid with floor 0.25 fixed: x0, k and the ceiling to 1e-6 relative", () => {
    const x0 = 1e21, k = 1.7, ceiling = 0.8;
    const y = Float64Array.from(lnx, (v) => 0.25 + (ceiling - 0.25) / (1 + Math.exp(-k * (v - Math.log(x0)))));
    const fit = fitCurve(logSigmoid(0.25, "fit"), { u, y, centre });
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.params.x0 / x0 - 1)).toBeLessThan(1e-6);
    expect(Math.abs(fit.params.k / k - 1)).toBeLessThan(1e-6);
    expect(Math.abs(fit.params.ceiling - ceiling)).toBeLessThan(1e-6);
    expect(fit.params.widthDecades).toBeCloseTo(riseDecades(k), 6);
    expect(fit.r2).toBeGreaterThan(1 - 1e-10);
  });
  it("a decaying power law c + a·x^(−b): b to 1e-6 relative", () => {
    const y = Float64Array.from(lnx, (v) => 1.7 + 400 * Math.exp(-0.3 * v));
    const fit = fitCurve(powerCurve("decaying"), { u, y, centre });
    expect(Math.abs(fit.params.b / 0.3 - 1)).toBeLessThan(1e-6);
    expect(Math.abs(fit.params.c - 1.7)).toBeLessThan(1e-6);
  });
});
