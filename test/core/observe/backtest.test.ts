// The compute cut-off backtest: scores checked by hand, the interval logic on synthetic tables whose truth is
// known (syntheticCsv: PC1 ∝ latent z exactly, target = 0.1 + 0.9·σ(8z − 4) + N(0, s²)), and a run on Ruan et
// al.'s real table (../shared/data/obsscaling) that must be finite and in range, with its PCA from the models
// below the cut-off only.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DiagnosticError } from "../../../src/core/diagnostics.js";
import { backtestByCompute, scorePredictions } from "../../../src/core/observe/backtest.js";
import { completeCases, matrixOf } from "../../../src/core/observe/completeCases.js";
import type { DownstreamOptions } from "../../../src/core/observe/downstream.js";
import { pca } from "../../../src/core/observe/pca.js";
import { readObservations } from "../../../src/core/observe/readObservations.js";
import { sharedFile } from "../../support/sharedData.js";
import { syntheticCsv } from "./synthetic.js";

const options = (o: Partial<DownstreamOptions> = {}): DownstreamOptions => ({
  target: "target", predictors: ["b1", "b2", "b3", "b4"], x: "pc1", preprocessing: "standardized", byFamily: false, bootstrap: 200, seed: 7, ...o,
});
/** z ≤ 0.7 is C ≤ 1e21 · 10^2.8 FLOPs (syntheticCsv: C = 1e21 · 10^(4z)). */
const CUTOFF = 1e21 * 10 ** 2.8;

describe("scorePredictions", () => {
  it("scorePredictions: MAE, RMSE and mean error in metric units, coverage with inclusive bounds (values by hand)", () => {
    const s = scorePredictions([
      { actual: 0.5, predicted: 0.4, pi95: [0.3, 0.5], ci95: [0.45, 0.46] }, // error +0.1, on the PI's upper bound: inside
      { actual: 0.2, predicted: 0.5, pi95: [0.3, 0.7], ci95: [0.1, 0.9] }, // error −0.3, outside the PI, inside the CI
    ]);
    expect(s.n).toBe(2);
    expect(s.mae).toBeCloseTo(0.2, 12); // (0.1 + 0.3) / 2
    expect(s.rmse).toBeCloseTo(Math.sqrt((0.01 + 0.09) / 2), 12);
    expect(s.meanError).toBeCloseTo(-0.1, 12); // (0.1 − 0.3) / 2
    expect(s.coverage95).toBe(0.5);
    expect(s.ciCoverage95).toBe(0.5);
    expect(scorePredictions([{ actual: 0.5, predicted: 0.5 }])).toEqual({ n: 1, mae: 0, rmse: 0, meanError: 0 });
  });
  it("scorePredictions([]) refuses: nothing to score is never scored NaN (JSON null)", () => {
    expect(() => scorePredictions([])).toThrow(/no predictions to score/);
  });
});

describe("backtestByCompute on synthetic tables with a known answer", () => {
  it("noise-free: the held-out models are predicted to 1e-6 and the curve's interval has no width; the split is by compute", () => {
    const t = readObservations(syntheticCsv({ models: 100, targetNoise: 0 }), "synthetic.csv");
    const bt = backtestByCompute(t.models, CUTOFF, options({ bootstrap: 20 }));
    expect(bt.train).toBe(70); // z = (i + 0.5)/100 ≤ 0.7 for i < 70
    expect(bt.heldOut).toBe(30);
    expect(bt.scores.mae).toBeLessThan(1e-6);
    for (const p of bt.predictions) expect(p.ci95![1] - p.ci95![0]).toBeLessThan(1e-6);
    expect(bt.note).toMatch(/training models only/);
  });

  it("target noise N(0, 0.02²): MAE near 0.02·√(2/π) ≈ 0.016, RMSE near 0.02, and the 95% PI holds about 95% of 150 held-out models", () => {
    const t = readObservations(syntheticCsv({ models: 500, targetNoise: 0.02, benchmarkNoise: 0.002, seed: 11 }), "synthetic.csv");
    const bt = backtestByCompute(t.models, CUTOFF, options({ bootstrap: 300 }));
    expect(bt.heldOut).toBe(150);
    // expected values for Gaussian errors of sd 0.02 plus a small fit error; ranges are ±~4 binomial/sampling sd
    expect(bt.scores.mae).toBeGreaterThan(0.012);
    expect(bt.scores.mae).toBeLessThan(0.022);
    expect(bt.scores.rmse).toBeGreaterThan(0.015);
    expect(bt.scores.rmse).toBeLessThan(0.027);
    expect(bt.scores.coverage95).toBeGreaterThan(0.88); // binomial sd of a 95% coverage over 150 models: 0.018
    expect(bt.scores.coverage95).toBeLessThanOrEqual(1);
    // the curve's CI covers only the fit's uncertainty, not the models' scatter: it holds far fewer actuals
    expect(bt.scores.ciCoverage95!).toBeLessThan(bt.scores.coverage95!);
  });

  it("the same seed gives the same intervals; another seed other ones; --by-family fits one curve per family", () => {
    const t = readObservations(syntheticCsv({ models: 120, targetNoise: 0.02, seed: 5, families: 2 }), "synthetic.csv");
    const a = backtestByCompute(t.models, CUTOFF, options({ bootstrap: 50 }));
    expect(backtestByCompute(t.models, CUTOFF, options({ bootstrap: 50 })).predictions).toEqual(a.predictions);
    expect(backtestByCompute(t.models, CUTOFF, options({ bootstrap: 50, seed: 8 })).predictions).not.toEqual(a.predictions);
    const fam = backtestByCompute(t.models, CUTOFF, options({ bootstrap: 0, byFamily: true }));
    expect(fam.groups.map((g) => g.family).sort()).toEqual(["f0", "f1"]);
    expect(fam.predictions.length).toBe(fam.heldOut);
  });

  it("--by-family: a model above the cut-off whose family has too few models below it is not predicted, named, and not counted in heldOut", () => {
    // families f0, f1 below and above the cut-off; f2 holds 3 models, all above it: no fit covers them
    const rows = syntheticCsv({ models: 60, targetNoise: 0.01, seed: 4, families: 2 }).trimEnd().split("\n");
    const last = rows.length - 1;
    const text = rows.map((r, i) => (i >= last - 2 ? r.replace(/,f[01],/, ",f2,") : r)).join("\n");
    const t = readObservations(text, "synthetic.csv");
    const bt = backtestByCompute(t.models, CUTOFF, options({ bootstrap: 0, byFamily: true }));
    expect(bt.aboveCutoff).toBe(18); // z ≤ 0.7 for i < 42 of 60
    expect(bt.unpredicted.map((u) => u.model)).toEqual(["m57", "m58", "m59"]);
    expect(bt.unpredicted[0].reason).toBe("family f2 has no training model");
    expect(bt.heldOut).toBe(15);
    expect(bt.predictions).toHaveLength(15);
    expect(bt.scores.n).toBe(15);
    expect(Number.isFinite(bt.scores.mae)).toBe(true);
  });

  it("--by-family: a backtest that predicts no model is refused (nothing-predicted), not scored over 0 models", () => {
    const t = readObservations(syntheticCsv({ models: 60, targetNoise: 0.01, seed: 4, families: 2 }), "synthetic.csv");
    const above = t.models.map((m) => (m.flops! > CUTOFF ? { ...m, family: "late" } : m));
    let thrown: unknown;
    try { backtestByCompute(above, CUTOFF, options({ bootstrap: 0, byFamily: true })); } catch (e) { thrown = e; }
    expect(thrown).toBeInstanceOf(DiagnosticError);
    expect((thrown as DiagnosticError).diagnostic.code).toBe("nothing-predicted");
    expect((thrown as DiagnosticError).message).toMatch(/predicts none of the 18 models above the cut-off: no fit covers them \(family late has no training model\)/);
  });

  it("refuses a cut-off with nothing above or nothing below it", () => {
    const t = readObservations(syntheticCsv({ models: 30, targetNoise: 0 }), "synthetic.csv");
    expect(() => backtestByCompute(t.models, 1e30, options())).toThrow(/no usable model has compute above the cut-off/);
    expect(() => backtestByCompute(t.models, 1e10, options())).toThrow(/at or below the cut-off/);
  });
});

const CSV = sharedFile("obsscaling/base_llm_benchmark_eval.csv");
describe.skipIf(!CSV)("backtestByCompute on Ruan et al.'s table at 1e23 FLOPs (100 in the file's unit of 1e21)", () => {
  const t = readObservations(readFileSync(CSV!, "utf8"), CSV!);
  const predictors = t.metrics.filter((m) => m !== "GSM8K");
  const bt = backtestByCompute(t.models, 1e23, { target: "GSM8K", predictors, x: "pc1", preprocessing: "standardized", byFamily: false, bootstrap: 200, seed: 42 });

  it("reports finite error and coverage in range; every model is on a side or left out by name", () => {
    expect(bt.train + bt.heldOut + bt.leftOut.length).toBe(148);
    expect(bt.heldOut).toBeGreaterThan(10);
    for (const v of [bt.scores.mae, bt.scores.rmse]) { expect(Number.isFinite(v)).toBe(true); expect(v).toBeGreaterThan(0); expect(v).toBeLessThan(1); }
    for (const v of [bt.scores.coverage95!, bt.scores.ciCoverage95!]) { expect(v).toBeGreaterThanOrEqual(0); expect(v).toBeLessThanOrEqual(1); }
    for (const p of bt.predictions) { expect(p.flops!).toBeGreaterThan(1e23); expect(p.pi95![0]).toBeLessThanOrEqual(p.pi95![1]); }
    expect(bt.leftOut.every((l) => l.missing.length > 0)).toBe(true);
  });

  it("takes its PC1 from the models at or below the cut-off only (no leakage): equal to their own PCA, not the whole table's", () => {
    const usable = completeCases(t.models, [...predictors, "GSM8K"], true).kept;
    const below = usable.filter((m) => m.flops! <= 1e23);
    const own = pca(matrixOf(below, predictors), predictors, "standardized");
    const all = pca(matrixOf(usable, predictors), predictors, "standardized");
    predictors.forEach((m, j) => expect(bt.pc1!.loadings[m]).toBeCloseTo(own.loadings[0][j], 12));
    expect(Math.max(...predictors.map((m, j) => Math.abs(bt.pc1!.loadings[m] - all.loadings[0][j])))).toBeGreaterThan(1e-3);
  });
});
