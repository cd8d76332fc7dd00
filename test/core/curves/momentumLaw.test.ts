// Tissue et al.'s momentum law (issue 15, acceptance "Tissue's law"): its annealing area S2 equals the double sum
// Σ_i Σ_{k≤i} λ^(i−k)(η_{k−1} − η_k) it stands for, its Jacobian matches central differences, and fitted on Luo et
// al.'s three training schedules per size it predicts the six held-out ones (test-set R² reported beside the
// multi-power law's in docs/methods.md).
import { describe, expect, it } from "vitest";
import { curveMetrics, prepareSchedule } from "../../../src/core/curves/multipower.js";
import { curvePosition, curveSet } from "../../../src/core/curves/multipowerLaw.js";
import { momentumAreas, momentumLaw, momentumPredict, momentumStarts, type MomentumParams } from "../../../src/core/curves/momentumLaw.js";
import { parseScheduleSpec, scheduleSteps } from "../../../src/core/curves/schedule.js";
import { fitDataFor } from "../../../src/core/fit/data.js";
import { fitLaw } from "../../../src/core/fit/fitLaw.js";
import { FIT, MULTIPOWER_DIR, readCurve, schedule, TEST } from "../../support/multipowerData.js";
import { finiteDifferenceJacobian } from "../../support/jacobian.js";

const DIR = MULTIPOWER_DIR;

describe("the momentum law", () => {
  it("S2 by its recursion equals the double sum, and S1 the summed rates (1e-12), on a short warmup-cosine schedule", () => {
    const eta = scheduleSteps(parseScheduleSpec("cosine:steps=300,peak=1e-3,final=1e-4,warmup=30"));
    const s = prepareSchedule(eta), lambda = 0.97, at = [5, 29, 30, 31, 150, 299];
    const got = momentumAreas(s, lambda, at);
    at.forEach((t, q) => {
      let s2 = 0, s1 = 0;
      for (let i = 1; i <= t; i++) for (let k = 1; k <= i; k++) s2 += lambda ** (i - k) * (eta[k - 1] - eta[k]);
      for (let i = 0; i <= t; i++) s1 += eta[i];
      expect(Math.abs(got.s2[q] - s2)).toBeLessThan(1e-12 * Math.max(1, Math.abs(s2)));
      expect(Math.abs(got.s1[q] / s1 - 1)).toBeLessThan(1e-12);
    });
  });

  it("its Jacobian over the five log parameters matches central differences (1e-6)", () => {
    const set = curveSet(["cosine_24000", "wsdcon_9"].map((name) => ({ name, schedule: schedule(name) })));
    const law = momentumLaw(set);
    const data = fitDataFor(law, [0, 1].flatMap((c) => [2200, 9000, 15000].map((s) => ({ step: curvePosition(set, c, s), lossNats: 3 }))));
    const theta = [2.68, 0.5653, 0.4962, 0.7293, 0.001562].map(Math.log);
    const out = new Float64Array(data.n), jac = new Float64Array(data.n * 5);
    law.logPredict(theta, data.inputs, out, jac);
    const fd = finiteDifferenceJacobian(law, theta, data.inputs);
    for (let k = 0; k < jac.length; k++) expect(Math.abs(jac[k] - fd[k])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fd[k])));
  });

  describe.skipIf(!DIR && process.env.CI !== "true")("on Luo et al.'s released curves", () => {
    const curve = readCurve;
    // floors about 0.001 below the R² measured on 2026-12-02 (0.99801 / 0.99866 / 0.99730, docs/methods.md): "predicts"
    // here means a held-out mean R² as good as the multi-power refit's (0.99764 / 0.99712 / 0.99639), give or take
    for (const [size, floor] of [["25", 0.997], ["100", 0.998], ["400", 0.996]] as const) {
      it(`${size}M: fitted on the 3 training schedules, it predicts the 6 held-out ones with a mean R² above ${floor}`, () => {
        const set = curveSet(FIT.map((name) => ({ name, schedule: schedule(name) })));
        const law = momentumLaw(set);
        const pts = FIT.flatMap((n, c) => { const d = curve(size, n); return d.step.map((s, i) => ({ step: curvePosition(set, c, s), lossNats: d.loss[i] })); });
        const fit = fitLaw(law, fitDataFor(law, pts), { objective: "huber", delta: 1e-3, polish: "newton", starts: momentumStarts(pts.map((p) => p.lossNats)) });
        expect(fit.optimizer.converged).toBe(true);
        const r2 = TEST.reduce((s, n) => {
          const d = curve(size, n), out = new Float64Array(d.step.length);
          momentumPredict(fit.params as unknown as MomentumParams, schedule(n), d.step, out);
          return s + curveMetrics(d.loss, out).r2;
        }, 0) / TEST.length;
        expect(r2).toBeGreaterThan(floor);
      }, 60_000);
    }
  });
});
