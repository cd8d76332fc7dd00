// The multi-power law through the fitting engine (issue 15, items 2 and acceptance "Refit and predict"): the fast
// evaluation agrees with the exact sum on Luo et al.'s 27 curves (1e-5 nats), the law's Jacobian matches central
// differences, and refitting on the three training schedules alone, per model size, predicts the six held-out
// schedules with a mean R² within 0.002 of the published parameters' (0.99880 / 0.99830 / 0.99776).
import { describe, expect, it } from "vitest";
import { curveMetrics, multiPowerPredict, multiPowerPredictFast, type MultiPowerParams } from "../../../src/core/curves/multipower.js";
import { curvePosition, curveSet, multiPowerLaw, multiPowerStarts } from "../../../src/core/curves/multipowerLaw.js";
import { fitDataFor } from "../../../src/core/fit/data.js";
import { fitLaw } from "../../../src/core/fit/fitLaw.js";
import { fitSpaceVector } from "../../../src/core/laws/transform.js";
import { FIT, MULTIPOWER_DIR, published, readCurve, schedule, SPECS, TEST } from "../../support/multipowerData.js";
import { finiteDifferenceJacobian } from "../../support/jacobian.js";

const DIR = MULTIPOWER_DIR;
const curve = readCurve;
const testR2 = (size: string, p: MultiPowerParams) => TEST.reduce((s, n) => { const c = curve(size, n); return s + curveMetrics(c.loss, multiPowerPredict(p, schedule(n), c.step)).r2; }, 0) / TEST.length;

describe.skipIf(!DIR && process.env.CI !== "true")("the multi-power law in the engine", () => {
  it("the fast evaluation agrees with the exact sum on all 27 released curves to 1e-5 nats", () => {
    let worst = 0;
    for (const size of ["25", "100", "400"]) for (const name of Object.keys(SPECS)) {
      const c = curve(size, name), s = schedule(name), p = published(size);
      const exact = multiPowerPredict(p, s, c.step), fast = new Float64Array(c.step.length);
      multiPowerPredictFast(p, s, c.step, fast);
      for (let i = 0; i < fast.length; i++) worst = Math.max(worst, Math.abs(fast[i] - exact[i]));
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it("its Jacobian over the seven log parameters matches central differences (1e-6)", () => {
    const set = curveSet(FIT.map((name) => ({ name, schedule: schedule(name) })));
    const law = multiPowerLaw(set);
    const pts = FIT.flatMap((n, c) => [2200, 8000, 15000].map((s) => ({ step: curvePosition(set, c, s), lossNats: 3 })));
    const data = fitDataFor(law, pts);
    const theta = Array.from(fitSpaceVector(law, { ...published("100") }));
    const out = new Float64Array(data.n), jac = new Float64Array(data.n * 7);
    law.logPredict(theta, data.inputs, out, jac);
    const fd = finiteDifferenceJacobian(law, theta, data.inputs);
    for (let k = 0; k < jac.length; k++) expect(Math.abs(jac[k] - fd[k])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fd[k])));
  });

  for (const size of ["25", "100", "400"]) {
    it(`${size}M: refitted on the 3 training schedules, it predicts the 6 held-out ones within 0.002 of the published R²`, () => {
      const set = curveSet(FIT.map((name) => ({ name, schedule: schedule(name) })));
      const law = multiPowerLaw(set);
      const pts = FIT.flatMap((n, c) => { const d = curve(size, n); return d.step.map((s, i) => ({ step: curvePosition(set, c, s), lossNats: d.loss[i] })); });
      const fit = fitLaw(law, fitDataFor(law, pts), { objective: "huber", delta: 1e-3, polish: "newton", starts: multiPowerStarts(pts.map((p) => p.lossNats)) });
      expect(fit.optimizer.converged).toBe(true);
      const refit = testR2(size, fit.params as unknown as MultiPowerParams), pub = testR2(size, published(size));
      expect(Math.abs(refit - pub)).toBeLessThan(0.002);
    }, 120_000);
  }

  it("polished by Newton steps it reaches the L-BFGS polish's optimum (400M: objective within 1e-12 relative, parameters 1e-6) in fewer evaluations", () => {
    const set = curveSet(FIT.map((name) => ({ name, schedule: schedule(name) })));
    const law = multiPowerLaw(set);
    const pts = FIT.flatMap((n, c) => { const d = curve("400", n); return d.step.map((s, i) => ({ step: curvePosition(set, c, s), lossNats: d.loss[i] })); });
    const data = fitDataFor(law, pts), starts = multiPowerStarts(pts.map((p) => p.lossNats));
    const byLbfgs = fitLaw(law, data, { objective: "huber", delta: 1e-3, starts });
    const byNewton = fitLaw(law, data, { objective: "huber", delta: 1e-3, starts, polish: "newton" });
    expect(byNewton.optimizer.converged).toBe(true);
    expect(byNewton.optimizer.method).toMatch(/final polish by Newton steps \(Gauss–Newton matrix\)/);
    expect(Math.abs(byNewton.objective.value / byLbfgs.objective.value - 1)).toBeLessThan(1e-12);
    for (let j = 0; j < byLbfgs.theta.length; j++) expect(Math.abs(byNewton.theta[j] - byLbfgs.theta[j])).toBeLessThan(1e-6);
    // measured 250 against 563 (2026-12-02): the count is deterministic, so a regression to the L-BFGS crawl fails here
    expect(byNewton.optimizer.evaluations).toBeLessThan(0.6 * byLbfgs.optimizer.evaluations);
  }, 120_000);
});
