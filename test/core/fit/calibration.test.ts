// Acceptance (issue 4): over 200 seeded synthetic data sets with known noise, the nominal 80% prediction
// interval covers 75–85% of held-out runs and the 95% interval 91–98%.
// Design: Hoffmann et al. 2022's rounded law (eq. 10) on 8 sizes (1e7–2e9) × 5 tokens-per-parameter ratios
// (5–80), multiplicative log-normal noise σ = 1% (seeds 1000–1199); the 4 highest-compute runs of each set are
// held out (an extrapolation of 1.6–4× in compute), the law is refitted (variable projection: the same optimum
// as the grid method, 4× faster), 200 bootstrap refits per set. Measured 2026-11-22: 82.3% and 97.5%
// (grid method: identical). The interpolation design (8 random held-out runs per set) gave 81.6% and 96.6%.
import { describe, expect, it } from "vitest";
import { backtest } from "../../../src/core/fit/backtest.js";
import { chinchilla } from "../../../src/core/laws/chinchilla.js";
import { sweep } from "../../support/synthetic.js";

function coverage(holdout: (seed: number) => Parameters<typeof backtest>[1]) {
  let in80 = 0, in95 = 0, total = 0;
  for (let s = 0; s < 200; s++) {
    const r = backtest(sweep(1000 + s, 0.01), holdout(s), [{ law: chinchilla, method: "varpro" }], { resamples: 200, seed: s });
    for (const p of r.candidates[0].points!) { total++; in80 += Number(p.inside["0.8"]); in95 += Number(p.inside["0.95"]); }
  }
  return { total, c80: in80 / total, c95: in95 / total };
}

describe("prediction-interval calibration over 200 seeded data sets", () => {
  it("extrapolating to the top 10% of compute: 80% PI covers 75–85%, 95% PI covers 91–98%", () => {
    const { total, c80, c95 } = coverage(() => ({ kind: "top-compute", fraction: 0.1 }));
    expect(total).toBe(800);
    expect(c80).toBeGreaterThanOrEqual(0.75);
    expect(c80).toBeLessThanOrEqual(0.85);
    expect(c95).toBeGreaterThanOrEqual(0.91);
    expect(c95).toBeLessThanOrEqual(0.98);
  }, 120_000);

  it("interpolating (one random ratio held out per size): same bands", () => {
    const { total, c80, c95 } = coverage((s) => ({ kind: "indices", indices: Array.from({ length: 8 }, (_, i) => 5 * i + ((s + i) % 5)), description: "one run per size" }));
    expect(total).toBe(1600);
    expect(c80).toBeGreaterThanOrEqual(0.75);
    expect(c80).toBeLessThanOrEqual(0.85);
    expect(c95).toBeGreaterThanOrEqual(0.91);
    expect(c95).toBeLessThanOrEqual(0.98);
  }, 120_000);
});
