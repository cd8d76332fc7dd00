// `fit --bootstrap`: the loss at the compute-optimal split, with a confidence interval (the law's mean)
// kept apart from a prediction interval (a new run's measured loss).
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, scalecast, scalecastJson } from "./run.js";

beforeAll(ensureBuilt);

// Hoffmann et al. 2022's rounded law (eq. 10), the truth of `fit --example` (1% log-normal noise).
const T = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };

describe("fit --bootstrap: confidence vs prediction intervals", () => {
  const doc = async () => await scalecastJson(["fit", "--example", "--bootstrap", "300", "--json"]);

  it("JSON carries prediction.ci and prediction.pi at 80% and 95%; each PI contains its CI; the point is the law at allocation.params, allocation.tokens", async () => {
    const d = await doc();
    const p = d.prediction!;
    const at = d.allocation!; // the prediction is the loss at the allocation
    const v = d.params;
    const law = v.E + v.A / at.params ** v.alpha + v.B / at.tokens ** v.beta;
    expect(Math.abs(p.predicted / law - 1)).toBeLessThan(1e-12);
    for (const level of ["0.8", "0.95"]) {
      expect(p.pi[level][0]).toBeLessThan(p.ci[level][0]);
      expect(p.pi[level][1]).toBeGreaterThan(p.ci[level][1]);
    }
    expect(p.intervals).toMatch(/CI: .*fit uncertainty.*PI: .*run-to-run scatter/);
    // the 95% PI is at least the 1% noise wide on each side (the simulation's σ): ln(hi/lo)/2 ≥ 1.96·0.01·0.8
    expect(Math.log(p.pi["0.95"][1] / p.pi["0.95"][0]) / 2).toBeGreaterThan(1.96 * 0.01 * 0.8);
    // and it covers the truth at that split
    const truth = T.E + T.A / at.params ** T.alpha + T.B / at.tokens ** T.beta;
    expect(truth).toBeGreaterThan(p.pi["0.95"][0]);
    expect(truth).toBeLessThan(p.pi["0.95"][1]);
  });

  it("the text names both intervals and what each one covers", async () => {
    const r = await scalecast(["fit", "--example", "--bootstrap", "200"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/95% CI \[[\d.]+, [\d.]+\] \(the law's mean, fit uncertainty\)/);
    expect(r.stdout).toMatch(/prediction interval for a new run: 80% \[[\d.]+, [\d.]+\], 95% \[[\d.]+, [\d.]+\]/);
  });

  it("without --bootstrap there is no interval (none is invented)", async () => {
    const d = await scalecastJson(["fit", "--example", "--json"]);
    expect(d.prediction).toBeUndefined();
  });
});
