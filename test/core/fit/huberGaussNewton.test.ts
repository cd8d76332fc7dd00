// The Newton matrix of bootstrap refits (src/core/fit/huberGaussNewton.ts) against
// finite differences of the summed Huber gradient, and the fused kernel.
import { describe, expect, it } from "vitest";
import { fitDataFor, weightedSubset, type FitData } from "../../../src/core/fit/data.js";
import { exampleSweep, HOFFMANN_ROUNDED } from "../../../src/core/fit/exampleSweep.js";
import { BAND_WIDENING, evaluateLaw, HuberGaussNewton, secondOrderTerm } from "../../../src/core/fit/huberGaussNewton.js";
import { objectives } from "../../../src/core/fit/objectives.js";
import { resampleCounts } from "../../../src/core/fit/bootstrap.js";
import { chinchilla } from "../../../src/core/laws/chinchilla.js";
import { fitSpaceVector } from "../../../src/core/laws/transform.js";
import type { Law } from "../../../src/core/laws/types.js";

const DELTA = 5e-3; // wider than the default 1e-3 so that a fair share of the 81 points is inside the band
// 81 simulated runs (1% noise, seed 7) near Hoffmann et al.'s rounded law: residuals ≈ 0.01
const data = fitDataFor(chinchilla, exampleSweep({ seed: 7 }));
const theta = fitSpaceVector(chinchilla, { ...HOFFMANN_ROUNDED, E: 1.7, alpha: 0.345 });
const p = chinchilla.parameters.length;

function evaluate(law: Law, d: FitData, at: Float64Array, secondOrder: Float64Array | null) {
  const evaluator = new HuberGaussNewton(law, DELTA, secondOrder);
  evaluator.use(d);
  const g = new Float64Array(law.parameters.length), h = new Float64Array(law.parameters.length ** 2);
  const f = evaluator.evaluate(at, g, h);
  return { f, g, h };
}

/** Distance of the nearest residual to a band edge ±δ (finite differences must not step across one), and the points inside the band. */
function band(law: Law, d: FitData, at: Float64Array): { edgeDistance: number; inside: number } {
  const pred = new Float64Array(d.n);
  law.logPredict(at, d.inputs, pred);
  let edgeDistance = Infinity, inside = 0;
  for (let i = 0; i < d.n; i++) {
    const r = Math.abs(d.logLoss[i] - pred[i]);
    edgeDistance = Math.min(edgeDistance, Math.abs(r - DELTA));
    if (r <= DELTA) inside++;
  }
  return { edgeDistance, inside };
}

describe("HuberGaussNewton", () => {
  it("evaluate(θ) gives the fused kernel's summed Huber and gradient (relative 1e-12)", () => {
    const fused = objectives.huber.create(chinchilla, data, DELTA), g = new Float64Array(p);
    const f = fused(theta, g);
    const r = evaluate(chinchilla, data, theta, null);
    expect(Math.abs(r.f / f - 1)).toBeLessThan(1e-12);
    const scale = Math.max(...Array.from(g, Math.abs));
    for (let j = 0; j < p; j++) expect(Math.abs(r.g[j] - g[j])).toBeLessThan(1e-12 * scale);
  });

  it("Gauss–Newton matrix + secondOrderTerm is the exact Hessian: central differences of the gradient, relative 1e-5", () => {
    // step 1e-7: residuals move by ≤ 1e-6, and the nearest residual is further than that from ±δ
    const b = band(chinchilla, data, theta);
    expect(b.edgeDistance).toBeGreaterThan(1e-5);
    expect(b.inside).toBeGreaterThanOrEqual(p); // enough points in the band for a full-rank Gauss–Newton term
    const r = evaluate(chinchilla, data, theta, secondOrderTerm(chinchilla, data, DELTA, theta));
    const fused = objectives.huber.create(chinchilla, data, DELTA);
    const gp = new Float64Array(p), gm = new Float64Array(p);
    const scale = Math.max(...Array.from(r.h, Math.abs));
    for (let k = 0; k < p; k++) {
      const step = 1e-7 * Math.max(1, Math.abs(theta[k]));
      const tp = Float64Array.from(theta), tm = Float64Array.from(theta);
      tp[k] += step; tm[k] -= step;
      fused(tp, gp); fused(tm, gm);
      for (let j = 0; j < p; j++) expect(Math.abs((gp[j] - gm[j]) / (2 * step) - r.h[j * p + k])).toBeLessThan(1e-5 * scale);
    }
  });

  it("the matrix is symmetric, and positive semidefinite without the second-order term", () => {
    const r = evaluate(chinchilla, data, theta, null);
    for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) expect(r.h[j * p + k]).toBe(r.h[k * p + j]);
    for (let j = 0; j < p; j++) expect(r.h[j * p + j]).toBeGreaterThanOrEqual(0);
  });

  it("with widening W, evaluation k counts the band at ½ and a band w_k = max(1, W/3^k) times wider at 1/(2w_k); from the third on, the plain band", () => {
    // ½·GN(δ) + ½·GN(w δ)/w, each GN from an evaluator with that threshold and no widening
    const gn = (d: number) => {
      const e = new HuberGaussNewton(chinchilla, d, null);
      e.use(data);
      const g = new Float64Array(p), h = new Float64Array(p * p);
      e.evaluate(theta, g, h);
      return h;
    };
    const widened = new HuberGaussNewton(chinchilla, DELTA, null, BAND_WIDENING);
    widened.use(data);
    const g = new Float64Array(p), h = new Float64Array(p * p), plain = gn(DELTA);
    for (const k of [0, 1, 2, 3]) {
      widened.evaluate(theta, g, h);
      const w = Math.max(1, BAND_WIDENING / 3 ** k), wide = gn(w * DELTA);
      const scale = Math.max(...Array.from(h, Math.abs));
      for (let i = 0; i < p * p; i++) expect(Math.abs(h[i] - (0.5 * plain[i] + (0.5 * wide[i]) / w))).toBeLessThan(1e-12 * scale);
      if (k >= 2) expect(Array.from(h)).toEqual(Array.from(plain));
    }
  });

  it("secondOrderTerm is zero for a law linear in its fit parameters (ln L̂ = a − α ln N)", () => {
    const linear: Law = {
      ...chinchilla, id: "linear-test",
      parameters: [chinchilla.parameters[0], chinchilla.parameters[3]],
      logPredict(t, inputs, out, jac) {
        const lnN = inputs.log.params!;
        for (let i = 0; i < inputs.n; i++) {
          out[i] = t[0] - t[1] * lnN[i];
          if (jac) { jac[2 * i] = 1; jac[2 * i + 1] = -lnN[i]; }
        }
      },
    };
    const s = secondOrderTerm(linear, data, DELTA, Float64Array.of(3, 0.2));
    for (const v of s) expect(Math.abs(v)).toBe(0);
  });

  it("an evaluation from `atStart` (ln L̂ and Jacobian gathered from a full-data evaluation) equals one from the law, bit for bit", () => {
    const counts = resampleCounts(data.n, 11, 0), sub = weightedSubset(data, counts);
    const full = evaluateLaw(chinchilla, data, theta);
    const logPredict: number[] = [], jacobian: number[] = [];
    for (let i = 0; i < data.n; i++) if (counts[i] > 0) {
      logPredict.push(full.logPredict[i]);
      for (let j = 0; j < p; j++) jacobian.push(full.jacobian[i * p + j]);
    }
    const fromLaw = evaluate(chinchilla, sub, theta, null);
    const evaluator = new HuberGaussNewton(chinchilla, DELTA, null);
    evaluator.use(sub, { logPredict: Float64Array.from(logPredict), jacobian: Float64Array.from(jacobian) });
    const g = new Float64Array(p), h = new Float64Array(p * p);
    expect(evaluator.evaluate(theta, g, h)).toBe(fromLaw.f);
    expect(Array.from(g)).toEqual(Array.from(fromLaw.g));
    expect(Array.from(h)).toEqual(Array.from(fromLaw.h));
    // the stand-in is used once: the next evaluation calls the law
    expect(evaluator.evaluate(theta, g, h)).toBe(fromLaw.f);
  });
});
