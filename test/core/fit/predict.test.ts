// Confidence and prediction intervals (predict.ts) and backtests (backtest.ts).
import { describe, expect, it } from "vitest";
import { backtest, splitRuns } from "../../../src/core/fit/backtest.js";
import { runResamples } from "../../../src/core/fit/bootstrap.js";
import { fitDataFor } from "../../../src/core/fit/data.js";
import { fitLaw, SURVEY_MAX_POINTS } from "../../../src/core/fit/fitLaw.js";
import { inflatedResiduals, predictWithIntervals } from "../../../src/core/fit/predict.js";
import { chinchilla } from "../../../src/core/laws/chinchilla.js";
import { powerLaw } from "../../../src/core/laws/power.js";
import { fitSpaceVector, predictLoss } from "../../../src/core/laws/transform.js";
import { sweep } from "../../support/synthetic.js";

describe("prediction intervals", () => {
  const runs = sweep(3, 0.01);
  const data = fitDataFor(chinchilla, runs);
  const fit = fitLaw(chinchilla, data);
  const thetas = runResamples({ law: chinchilla, objective: "huber", delta: 1e-3, theta: fit.theta, seed: 1, budgetFlops: 1, corrections: fit.corrections }, data, 0, 300)
    .map((r) => fitSpaceVector(chinchilla, r.values));
  const at = [{ params: 7e10, tokens: 1.4e12 }, { params: 1e8, tokens: 2e9 }];
  const [far, near] = predictWithIntervals({ law: chinchilla, theta: fit.theta, resampleThetas: thetas, data }, at);

  it("a prediction interval contains the confidence interval at the same level, and both contain the point prediction", () => {
    for (const p of [far, near]) for (const level of ["0.8", "0.95"]) {
      expect(p.pi[level][0]).toBeLessThanOrEqual(p.ci[level][0]);
      expect(p.pi[level][1]).toBeGreaterThanOrEqual(p.ci[level][1]);
      expect(p.ci[level][0]).toBeLessThanOrEqual(p.predicted);
      expect(p.ci[level][1]).toBeGreaterThanOrEqual(p.predicted);
    }
  });

  it("inside the data the 95% PI half-width is 1.96 × the spread of the inflated residuals and the refits combined (±15%), the CI much narrower", () => {
    const r = inflatedResiduals(chinchilla, fit.theta, data);
    const sdResidual = Math.sqrt(r.reduce((s, v) => s + v * v, 0) / r.length);
    const ciHalf = Math.log(near.ci["0.95"][1] / near.ci["0.95"][0]) / 2;
    const width = Math.log(near.pi["0.95"][1] / near.pi["0.95"][0]) / 2;
    const expected = 1.96 * Math.sqrt(sdResidual ** 2 + (ciHalf / 1.96) ** 2);
    expect(width / expected).toBeGreaterThan(0.85);
    expect(width / expected).toBeLessThan(1.15);
    expect(ciHalf).toBeLessThan(0.5 * width);
  });

  it("extrapolated 35× beyond the largest run, the CI widens (fit uncertainty grows with distance)", () => {
    const w = (p: typeof far) => Math.log(p.ci["0.95"][1] / p.ci["0.95"][0]);
    expect(w(far)).toBeGreaterThan(2 * w(near));
  });

  it("residuals are inflated by √(n/(n−p)) for the p fitted parameters", () => {
    const r = inflatedResiduals(chinchilla, fit.theta, data);
    const pred = new Float64Array(data.n);
    chinchilla.logPredict(fit.theta, data.inputs, pred);
    expect(r[0] / (data.logLoss[0] - pred[0])).toBeCloseTo(Math.sqrt(40 / 35), 12);
  });

  it("refuses fewer than 2 refits and levels outside (0, 1)", () => {
    expect(() => predictWithIntervals({ law: chinchilla, theta: fit.theta, resampleThetas: thetas.slice(0, 1), data }, at)).toThrow(/at least 2 bootstrap refits/);
    expect(() => predictWithIntervals({ law: chinchilla, theta: fit.theta, resampleThetas: thetas, data, levels: [1] }, at)).toThrow(/level must be in \(0, 1\)/);
  });
});

describe("backtest", () => {
  const runs = sweep(5, 0.01);

  it("holds out the top 10% by compute, keeps ties together, and reports the extrapolation factor", () => {
    const { train, test } = splitRuns(runs, { kind: "top-compute", fraction: 0.1 });
    expect(test).toHaveLength(4); // 40 runs: the 4 with the most FLOPs
    expect(train).toHaveLength(36);
    const r = backtest(runs, { kind: "top-compute", fraction: 0.1 }, [{ law: chinchilla, method: "grid" }], { resamples: 100, seed: 1 });
    const maxTrain = Math.max(...train.map((x) => x.flops!)), maxTest = Math.max(...test.map((x) => x.flops!));
    expect(r.extrapolationFactor).toBeCloseTo(maxTest / maxTrain, 12);
    expect(r.extrapolationFactor).toBeGreaterThan(1);
  });

  it("the true law form predicts held-out runs within a few noise widths; a wrong form (power law in N alone) does worse", () => {
    const r = backtest(runs, { kind: "top-compute", fraction: 0.2 }, [{ law: chinchilla, method: "grid" }, { law: chinchilla, method: "varpro" }, { law: powerLaw("params"), method: "grid" }], { resamples: 100, seed: 1 });
    const [grid, varpro, power] = r.candidates;
    expect(grid.mare!).toBeLessThan(0.02);
    expect(Math.abs(varpro.mare! - grid.mare!)).toBeLessThan(1e-6); // same optimum, same data
    expect(power.mare!).toBeGreaterThan(2 * grid.mare!);
    // checked against independent sources: the law at the fitted parameters, the input table's losses, the interval bounds
    const held = new Map(runs.map((r) => [r.line, r]));
    for (const p of grid.points!) {
      const run = held.get(p.line)!;
      expect(p.actual).toBe(run.lossNats);
      const law = predictLoss(chinchilla, grid.params!, [{ params: run.params, tokens: run.tokens }])[0];
      expect(Math.abs(p.predicted / law - 1)).toBeLessThan(1e-12);
      expect(Math.abs(p.relativeError - (law - run.lossNats) / run.lossNats)).toBeLessThan(1e-12);
    }
    const inside80 = grid.points!.filter((p) => p.actual >= p.pi["0.8"][0] && p.actual <= p.pi["0.8"][1]).length;
    expect(grid.coverage!["0.8"]).toBe(inside80 / grid.points!.length);
    const threshold = runs.map((r) => r.flops!).sort((a, b) => b - a)[7]; // 20% of 40 runs = 8, ties at the threshold held out too
    expect(grid.points!.length).toBe(runs.filter((r) => r.flops! >= threshold).length);
    expect(grid.points!.length).toBe(9); // (1e9 × 20 and 2e9 × 5 tokens/param tie at 1.2e20 FLOPs)
  });

  it("a group holdout selects that group's runs, and names the groups when the group is unknown", () => {
    const grouped = runs.map((x, i) => ({ ...x, group: i % 2 ? "odd" : "even" }));
    expect(splitRuns(grouped, { kind: "group", group: "odd" }).test).toHaveLength(20);
    expect(() => splitRuns(grouped, { kind: "group", group: "blue" })).toThrow(/no run has group "blue"; groups: even, odd/);
    expect(() => splitRuns(runs, { kind: "group", group: "x" })).toThrow(/no group column/);
  });

  it("notes when the held-out runs need no more compute than the fitted ones (interpolation) and when there are few of them", () => {
    const grouped = runs.map((x, i) => ({ ...x, group: x.params === 1e8 ? "mid" : "rest" }));
    const r = backtest(grouped, { kind: "group", group: "mid" }, [{ law: chinchilla, method: "varpro" }], { resamples: 50, seed: 1 });
    expect(r.extrapolationFactor).toBeLessThan(1);
    expect(r.notes.join("\n")).toMatch(/tests interpolation, not extrapolation/);
    expect(r.notes.join("\n")).toMatch(/5 held-out runs: an empirical coverage from so few runs is coarse/);
  });

  it("refuses a fraction outside (0, 1) and a holdout that leaves nothing to fit", () => {
    expect(() => splitRuns(runs, { kind: "top-compute", fraction: 1 })).toThrow(/fraction in \(0, 1\)/);
    const one = runs.map((x) => ({ ...x, group: "all" }));
    expect(() => splitRuns(one, { kind: "group", group: "all" })).toThrow(/leaves no run to fit/);
  });

  it("a candidate that cannot be fitted is reported as failed, not dropped", () => {
    const few = runs.slice(0, 5); // 4 training runs for a 5-parameter law
    const r = backtest(few, { kind: "top-compute", fraction: 0.2 }, [{ law: chinchilla, method: "grid" }], { resamples: 10 });
    expect(r.candidates[0].error).toMatch(/5 parameters but only 4 usable points/);
  });
});

describe("large tables: the survey runs on a subsample, the answer is the full-data polish", () => {
  it("2,000 runs: the default fit reaches the objective of a fit started at the truth (1e-12 relative), on all 2,000 points", () => {
    const runs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49]
      .flatMap((s) => sweep(500 + s, 0.01)); // 50 × 40 runs
    expect(runs.length).toBeGreaterThan(SURVEY_MAX_POINTS);
    const data = fitDataFor(chinchilla, runs);
    const fit = fitLaw(chinchilla, data);
    const truth = fitLaw(chinchilla, data, { starts: [[Math.log(406.4), Math.log(410.7), Math.log(1.69), 0.34, 0.28]] });
    expect(fit.n).toBe(2000);
    expect(Math.abs(fit.objective.value / truth.objective.value - 1)).toBeLessThan(1e-12);
    expect(Math.abs(fit.params.alpha - truth.params.alpha)).toBeLessThan(1e-8);
  });
});

describe("prediction intervals contain confidence intervals, even with heavy-tailed refits (review counterexample)", () => {
  // a one-parameter law ln ŷ = θ: the refits' predictions are the θ_b themselves
  const flat = { ...powerLaw("params"), id: "flat", parameters: [powerLaw("params").parameters[2]], inputs: ["params"] as const,
    logPredict(theta: ArrayLike<number>, inputs: { n: number }, out: Float64Array) { for (let i = 0; i < inputs.n; i++) out[i] = theta[0]; } };
  it("36 refits (29 near 0, 7 far out) and 2 residuals: the PI still contains the CI at 80% and 95%", () => {
    const near = Array.from({ length: 29 }, (_, i) => -0.05 + (0.1 * i) / 28);
    const thetas = [...near, -4.9, -4.3, -3.8, -3.3, 0.73, 4.78, 4.78].map((t) => [t]);
    const data = { n: 2, inputs: { n: 2, log: { params: Float64Array.of(1, 2) } }, logLoss: Float64Array.of(0.49, -0.151) };
    const [p] = predictWithIntervals({ law: flat as never, theta: [0], resampleThetas: thetas, data }, [{ params: 10 }]);
    expect(p.refitsUsed).toBe(36);
    for (const level of ["0.8", "0.95"]) {
      expect(p.pi[level][0]).toBeLessThanOrEqual(p.ci[level][0]);
      expect(p.pi[level][1]).toBeGreaterThanOrEqual(p.ci[level][1]);
    }
  });
});
