// Figure specs (issue 5 items 1 and 4) on the built-in example, seed 42 (fixture.ts).
// Numbers are checked against the core functions they claim to draw and, for the
// frontier, against a brute-force minimisation of L(N, C/6N) that shares no code with it.
import { describe, expect, it } from "vitest";
import { isoflopFit } from "../../../src/core/fit/isoflop.js";
import { chinchilla } from "../../../src/core/laws/chinchilla.js";
import { powerLaw } from "../../../src/core/laws/power.js";
import { predictLoss } from "../../../src/core/laws/transform.js";
import { allocateWithLaw } from "../../../src/core/plan/allocate.js";
import { buildFigures, figure, figureMissing, FIGURE_NAMES, vizRuns, type VizModel } from "../../../src/core/viz/index.js";
import { readFileSync } from "node:fs";
import { parseRunTable } from "../../../src/core/runs/parseRunTable.js";
import { CHINCHILLA_CSV, LLAMA3_CSV } from "../../support/sharedData.js";
import { exampleModel, fittedExample, layersOf, layerWith, rowsOf, TARGET_FLOPS, type Row } from "./fixture.js";

const rel = (a: number, b: number) => Math.abs(a / b - 1);
const { model, fit, table } = exampleModel();
const source = { law: chinchilla, values: fit.params };

/** min over ln N of L(N, C/6N) by a 2,000-point scan refined by golden-section search: independent of allocateWithLaw. */
function bruteForceOptimalLoss(flops: number): number {
  const f = (lnN: number) => predictLoss(chinchilla, fit.params, [{ params: Math.exp(lnN), tokens: flops / (6 * Math.exp(lnN)) }])[0];
  let best = 0, bestF = Infinity;
  const lo = Math.log(1e3), hi = Math.log(flops / 6);
  for (let k = 0; k <= 2000; k++) { const x = lo + ((hi - lo) * k) / 2000, v = f(x); if (v < bestF) { bestF = v; best = x; } }
  let a = best - (hi - lo) / 2000, b = best + (hi - lo) / 2000;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 100; i++) { const c = b - g * (b - a), d = a + g * (b - a); if (f(c) < f(d)) b = d; else a = c; }
  return f((a + b) / 2);
}

describe("buildFigures(model)", () => {
  it("returns every figure, in the order (a)…(h), when the model has fit, refits, plan, comparison and backtest", () => {
    expect(buildFigures(model).map((f) => f.name)).toEqual([...FIGURE_NAMES]);
  });

  it("returns only the figures the data support: runs alone give loss-compute and isoflop", () => {
    const runsOnly: VizModel = { runs: model.runs, paramConvention: "total" };
    expect(buildFigures(runsOnly).map((f) => f.name)).toEqual(["loss-compute", "isoflop"]);
  });

  it("every spec is plain JSON, Vega-Lite v6, with its data inline (no URL anywhere)", () => {
    for (const f of buildFigures(model)) {
      const json = JSON.stringify(f.spec);
      expect(JSON.parse(json)).toEqual(f.spec);
      expect(f.spec.$schema).toBe("https://vega.github.io/schema/vega-lite/v6.json");
      expect(json).not.toMatch(/"url"\s*:/);
      expect(json).not.toMatch(/NaN|Infinity/);
    }
  });
});

describe("figure(model, name) refusals", () => {
  it("names an unknown figure and lists the figures", () => {
    expect(() => figure(model, "pie" as never)).toThrow(/unknown figure "pie".*loss-compute, isoflop/);
  });

  it("names the missing data: no backtest, no plan, no fit", () => {
    const bare: VizModel = { runs: model.runs, paramConvention: "total" };
    expect(() => figure(bare, "backtest")).toThrow(RangeError);
    expect(() => figure(bare, "backtest")).toThrow(/figure "backtest" needs a backtest/);
    expect(() => figure(bare, "residuals")).toThrow(/needs a fitted law/);
    expect(() => figure({ ...bare, fit: model.fit }, "plan")).toThrow(/needs a plan/);
    expect(() => figure({ ...bare, fit: { ...model.fit!, resampleValues: undefined } }, "bootstrap")).toThrow(/needs bootstrap refits/);
  });

  it("refuses figures a law of one variable cannot draw, naming what the law reads", () => {
    const power = fittedExample(powerLaw("flops"));
    expect(() => figure(power.model, "optimal-allocation")).toThrow(/law of N and D .*reads flops/);
    expect(() => figure(power.model, "contours")).toThrow(/law of N and D/);
    expect(() => figure(power.model, "bootstrap")).toThrow(/parameters alpha and beta/);
    // loss against compute still draws: a law of C alone has a frontier L(C)
    const f = figure(power.model, "loss-compute");
    expect(f.expected).toEqual({ points: 81, lines: 1 });
  });
});

describe("(a) loss-compute", () => {
  const f = figure(model, "loss-compute");
  const line = rowsOf(layerWith(f.spec, "line")).filter((r) => r.series === "fitted chinchilla");
  const bands = rowsOf(layerWith(f.spec, "area"));
  const ci = bands.filter((b) => /confidence/.test(b.band)), pi = bands.filter((b) => /prediction/.test(b.band));

  it("draws the 81 runs, coloured by model size", () => {
    const runs = layerWith(f.spec, "point");
    expect(rowsOf(runs)).toHaveLength(81);
    expect(f.expected.points).toBe(81);
    expect((runs.encoding as { color: { field: string; scale: { type: string } } }).color).toMatchObject({ field: "params", scale: { type: "log" } });
  });

  it("the frontier equals allocateWithLaw's loss at every sampled C (1e-9) and a brute-force minimum of L(N, C/6N) (1e-8)", () => {
    expect(line.length).toBeGreaterThanOrEqual(32);
    for (const r of line) expect(rel(r.loss, allocateWithLaw(source, r.flops).loss!)).toBeLessThan(1e-9);
    for (const r of line.filter((_, i) => i % 8 === 0)) expect(rel(r.loss, bruteForceOptimalLoss(r.flops))).toBeLessThan(1e-8);
  });

  it("runs from the least run compute to the target compute", () => {
    expect(line[0].flops).toBeCloseTo(Math.min(...table.runs.map((r) => r.flops!)), -10);
    expect(line[line.length - 1].flops).toBe(TARGET_FLOPS);
  });

  it("the 95% confidence band contains the frontier and widens with extrapolation; the prediction band contains it too", () => {
    expect(ci).toHaveLength(line.length);
    expect(pi.length).toBeGreaterThanOrEqual(16);
    line.forEach((r, i) => {
      expect(ci[i].flops).toBe(r.flops);
      expect(ci[i].lo).toBeLessThanOrEqual(r.loss);
      expect(ci[i].hi).toBeGreaterThanOrEqual(r.loss);
    });
    for (const b of pi) {
      const r = line.find((l) => l.flops === b.flops)!;
      expect(b.lo).toBeLessThanOrEqual(r.loss);
      expect(b.hi).toBeGreaterThanOrEqual(r.loss);
    }
    expect(pi[pi.length - 1].flops).toBe(TARGET_FLOPS);
    const width = (b: Row) => Math.log(b.hi / b.lo);
    expect(width(ci[ci.length - 1])).toBeGreaterThan(3 * width(ci[Math.floor(ci.length / 4)]));
  });

  it("overlays the compared law as its own line, and counts 2 lines", () => {
    const other = rowsOf(layerWith(f.spec, "line")).filter((r) => r.series === "besiroglu-2024");
    expect(other).toHaveLength(line.length);
    expect(f.expected.lines).toBe(2);
  });

  it("axis titles carry units and the parameter convention", () => {
    const enc = layerWith(f.spec, "point").encoding as Record<string, { axis?: { title: string }; legend?: { title: string } }>;
    expect(enc.x.axis!.title).toBe("training compute C = 6ND (FLOPs)");
    expect(enc.y.axis!.title).toBe("loss (nats)");
    expect(enc.color.legend!.title).toBe("parameters N (total)");
    const nonEmbedding = figure({ ...model, paramConvention: "nonEmbedding" }, "loss-compute");
    expect(JSON.stringify(nonEmbedding.spec)).toContain("parameters N (non-embedding)");
  });

  it("log axes tick at decades of FLOPs, labelled by the shared label expression", () => {
    const x = (layerWith(f.spec, "point").encoding as { x: { scale: { type: string }; axis: { values: number[]; labelExpr: string } } }).x;
    expect(x.scale.type).toBe("log");
    expect(x.axis.values).toEqual([1e19, 1e20, 1e21, 1e22, 1e23, 1e24]);
    expect(x.axis.labelExpr).toContain("replace(format(datum.value, '.2~e'), 'e+', 'e')");
  });
});

describe("(b) isoflop", () => {
  const f = figure(model, "isoflop");
  const optima = rowsOf(layersOf(f.spec)[2]);

  it("groups the 81 runs into the sweep's 9 budgets and marks one optimum per budget", () => {
    expect(rowsOf(layersOf(f.spec)[1])).toHaveLength(81);
    expect(optima).toHaveLength(9);
    expect(f.expected).toEqual({ points: 90, lines: 9 });
  });

  it("each optimum is allocateWithLaw's at the budget's geometric-mean compute (1e-12)", () => {
    for (const o of optima) {
      const a = allocateWithLaw(source, o.budget);
      expect(rel(o.params, a.params)).toBeLessThan(1e-12);
      expect(rel(o.loss, a.loss!)).toBeLessThan(1e-12);
    }
  });

  it("each cross-section is L(N, C/6N) at its budget, and no point of it lies below the budget's optimum", () => {
    const curves = rowsOf(layersOf(f.spec)[0]);
    for (const c of curves) {
      expect(rel(c.loss, predictLoss(chinchilla, fit.params, [{ params: c.params, tokens: c.budget / (6 * c.params) }])[0])).toBeLessThan(1e-12);
      const o = optima.find((x) => x.budget === c.budget)!;
      expect(c.loss).toBeGreaterThanOrEqual(o.loss - 1e-12);
    }
  });

  it("without a law that splits compute it draws each budget's parabola and marks the vertex isoflopFit finds", () => {
    const g = figure({ runs: model.runs, paramConvention: "total" }, "isoflop");
    const vertices = rowsOf(layersOf(g.spec)[2]);
    const ref = isoflopFit(table.runs, { by: "params" });
    expect(vertices).toHaveLength(ref.budgets.length);
    vertices.forEach((v, i) => expect(rel(v.params, ref.budgets[i].params)).toBeLessThan(1e-12));
  });

  it.skipIf(!CHINCHILLA_CSV || !LLAMA3_CSV)("refuses runs that are not an IsoFLOP sweep, saying why: Hoffmann et al.'s 245 points spread over 85 budgets, only 166 runs share one", () => {
    const runs = vizRuns(parseRunTable(readFileSync(CHINCHILLA_CSV!, "utf8"), { source: "chinchilla" }).runs);
    const m: VizModel = { runs, paramConvention: "total" };
    expect(figureMissing(m, "isoflop")).toMatch(/^an IsoFLOP sweep: only 166 of 245 runs share a compute budget .* 85 distinct budgets, and drawing 30 of them would hide 79 runs/);
    expect(buildFigures(m).map((x) => x.name)).not.toContain("isoflop");
    // Llama 3's IsoFLOP points (133 runs, 10 budgets) are one
    const llama = vizRuns(parseRunTable(readFileSync(LLAMA3_CSV!, "utf8"), { source: "llama3" }).runs);
    expect(figureMissing({ runs: llama, paramConvention: "total" }, "isoflop")).toBeNull();
  });

  it("a parabola vertex far below every run of its budget (an artefact of noise) is not drawn, and the figure says so", () => {
    // three runs per budget on a steep, noisy V: the fitted parabola's vertex dives below the data
    const rows: Array<{ params: number; tokens: number; flops: number; loss: number; line: number }> = [];
    let line = 2;
    for (const c of [1e19, 1e20]) for (const [n, loss] of [[1e8, 4], [1.02e8, 2.3], [1e9, 4]] as const) rows.push({ params: n, tokens: c / (6 * n), flops: c, loss, line: line++ });
    const g = figure({ runs: rows, paramConvention: "total" }, "isoflop");
    expect(rowsOf(layersOf(g.spec)[2])).toHaveLength(0);
    expect(JSON.stringify(g.spec)).toContain("2 budgets without a usable vertex (no interior minimum, or 2 far below every run): runs only");
  });
});

describe("(c) optimal-allocation", () => {
  const f = figure(model, "optimal-allocation");
  const nLine = rowsOf(layerWith(f.spec, "line", "params")).filter((r) => r.series === "fitted chinchilla");
  const nBand = rowsOf(layerWith(f.spec, "area"));

  it("N*(C) and D*(C) equal allocateWithLaw's (1e-9), from the runs' compute to the target", () => {
    for (const r of nLine) {
      const a = allocateWithLaw(source, r.flops);
      expect(rel(r.params, a.params)).toBeLessThan(1e-9);
      expect(rel(r.tokens, a.tokens)).toBeLessThan(1e-9);
      expect(rel(6 * r.params * r.tokens, r.flops)).toBeLessThan(1e-12);
    }
    expect(nLine[nLine.length - 1].flops).toBe(TARGET_FLOPS);
  });

  it("the 95% band of N* over the refits contains N*, and at the target is the 2.5% type-7 percentile of the refits' N*", () => {
    nLine.forEach((r, i) => { expect(nBand[i].lo).toBeLessThanOrEqual(r.params); expect(nBand[i].hi).toBeGreaterThanOrEqual(r.params); });
    const last = nBand[nBand.length - 1];
    const ns = fittedExample().refits.map((r) => allocateWithLaw({ law: chinchilla, values: r.values }, TARGET_FLOPS).params).sort((a, b) => a - b);
    // type-7 quantile at 2.5% of 100 sorted values: between the 3rd and 4th
    expect(last.lo).toBeGreaterThanOrEqual(ns[2]);
    expect(last.lo).toBeLessThanOrEqual(ns[3]);
  });

  it("has two panels titled with units and the convention, 2 lines each (fit and comparison)", () => {
    const titles = JSON.stringify(f.spec);
    expect(titles).toContain("compute-optimal parameters N (total)");
    expect(titles).toContain("compute-optimal training tokens D");
    expect(f.expected.lines).toBe(4);
  });
});

describe("(d) residuals", () => {
  const f = figure(model, "residuals");

  it("draws each of the 81 runs in three panels (N, D, C): 243 points", () => {
    expect((f.spec.hconcat as unknown[]).length).toBe(3);
    expect(f.expected.points).toBe(243);
  });

  it("residuals are ln(loss) − ln(predicted) (1e-12) and average near zero (|mean| < 0.003 at 1% noise)", () => {
    const rows = rowsOf(layerWith(f.spec, "point"));
    for (const r of rows) {
      const run = table.runs.find((x) => x.line === r.line)!;
      expect(r.residual).toBeCloseTo(Math.log(run.lossNats) - Math.log(predictLoss(chinchilla, fit.params, [{ params: run.params, tokens: run.tokens }])[0]), 12);
    }
    expect(Math.abs(rows.reduce((s, r) => s + r.residual, 0) / rows.length)).toBeLessThan(0.003);
  });
});

describe("(e) bootstrap", () => {
  const f = figure(model, "bootstrap");

  it("draws one point per refit plus the full fit, and a = β/(α+β) for each refit (1e-12)", () => {
    const rows = rowsOf(layerWith(f.spec, "point"));
    expect(rows).toHaveLength(100);
    expect(f.expected.points).toBe(101);
    for (const r of rows) expect(r.a).toBeCloseTo(r.beta / (r.alpha + r.beta), 12);
  });

  it("the refits scatter around the full fit (the medians within 0.02 of α̂ and β̂)", () => {
    const rows = rowsOf(layerWith(f.spec, "point"));
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[50];
    expect(Math.abs(median(rows.map((r) => r.alpha)) - fit.params.alpha)).toBeLessThan(0.02);
    expect(Math.abs(median(rows.map((r) => r.beta)) - fit.params.beta)).toBeLessThan(0.02);
  });
});

describe("(f) contours", () => {
  const f = figure(model, "contours");
  const lines = rowsOf(layersOf(f.spec)[0]);

  it("every iso-loss line point predicts its level (marching squares interpolates in ln N, ln D: within 0.2%)", () => {
    expect(lines.length).toBeGreaterThan(100);
    for (const p of lines) expect(rel(predictLoss(chinchilla, fit.params, [p])[0], p.level)).toBeLessThan(2e-3);
  });

  it("iso-FLOP lines satisfy 6ND = C and the frontier is allocateWithLaw's split", () => {
    for (const r of rowsOf(layersOf(f.spec)[2])) expect(rel(6 * r.params * r.tokens, r.flops)).toBeLessThan(1e-12);
    const frontier = rowsOf(layersOf(f.spec)[4]);
    expect(frontier.length).toBeGreaterThan(10);
    for (const r of frontier) expect(rel(r.params, allocateWithLaw(source, r.flops).params)).toBeLessThan(1e-9);
  });

  it("draws the 81 runs and counts every polyline", () => {
    expect(f.expected.points).toBe(81);
    const ids = new Set(lines.map((r) => r.id)).size, isoFlop = new Set(rowsOf(layersOf(f.spec)[2]).map((r) => r.flops)).size;
    expect(f.expected.lines).toBe(ids + isoFlop + 1);
  });
});

describe("(g) plan", () => {
  const f = figure(model, "plan");
  const markers = rowsOf(layerWith(f.spec, "point"));
  const curve = rowsOf(layerWith(f.spec, "line")).filter((r) => /the plan/.test(r.series));

  it("marks the compute-optimal model at the bottom of the fixed-compute curve", () => {
    const [opt] = markers;
    expect(opt.params).toBe(model.plan!.params);
    expect(Math.min(...curve.map((r) => r.loss))).toBeGreaterThanOrEqual(opt.loss - 1e-12);
    for (const r of curve) expect(rel(6 * r.params * r.tokens, TARGET_FLOPS)).toBeLessThan(1e-12);
  });

  it("marks the inference-aware model: smaller, more tokens, the same loss, on its own iso-compute curve", () => {
    const ia = markers[1];
    expect(ia.params).toBeLessThan(markers[0].params);
    expect(ia.tokens).toBeGreaterThan(markers[0].tokens);
    expect(ia.loss).toBeCloseTo(markers[0].loss, 9);
    expect(rel(predictLoss(chinchilla, fit.params, [ia])[0], ia.loss)).toBeLessThan(1e-9);
    expect(f.expected).toEqual({ points: 2, lines: 2 });
  });
});

describe("(h) backtest", () => {
  const f = figure(model, "backtest");
  const rows = rowsOf(layerWith(f.spec, "point"));

  it("draws each held-out run with its prediction and 95% PI from the backtest (18 = 20% of 81 rounded, ties held out)", () => {
    const pts = model.backtest!.candidates[0].points!;
    expect(rows).toHaveLength(pts.length);
    expect(f.expected.points).toBe(18);
    rows.forEach((r, i) => {
      expect(r.predicted).toBe(pts[i].predicted);
      expect(r.actual).toBe(pts[i].actual);
      expect(r.lo).toBeLessThanOrEqual(r.predicted);
      expect(r.hi).toBeGreaterThanOrEqual(r.predicted);
      expect(r.inside).toBe(r.actual >= r.lo && r.actual <= r.hi ? "inside" : "outside");
    });
  });

  it("draws y = x across the data", () => {
    const diag = rowsOf(layerWith(f.spec, "line"));
    for (const d of diag) expect(d.actual).toBe(d.predicted);
    expect(f.expected.lines).toBe(1);
  });
});

describe("residuals of a large table", () => {
  it("above 2,000 runs draws an evenly spaced 2,000 per panel and says so; the RMS is over every run", async () => {
    const { residualsFigure, residuals, RESIDUAL_POINTS_CAP } = await import("../../../src/core/viz/residualsFigure.js");
    const { fitDataFor } = await import("../../../src/core/fit/data.js");
    const { chinchilla } = await import("../../../src/core/laws/chinchilla.js");
    const runs = Array.from({ length: 2500 }, (_, i) => {
      const N = 1e7 * 10 ** (3 * (i % 50) / 49), D = N * (5 + (i % 37));
      return { params: N, tokens: D, flops: 6 * N * D, loss: (1.69 + 406.4 / N ** 0.34 + 410.7 / D ** 0.28) * (1 + 0.01 * Math.sin(i)), line: i + 2 };
    });
    const data = fitDataFor(chinchilla, runs.map((r) => ({ ...r, lossNats: r.loss })));
    const values = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
    const theta = [Math.log(406.4), Math.log(410.7), Math.log(1.69), 0.34, 0.28];
    const model = { runs, paramConvention: "total" as const, fit: { law: chinchilla, values, theta, data } };
    const fig = residualsFigure.build(model as never);
    expect(fig.expected.points).toBe(3 * RESIDUAL_POINTS_CAP);
    const all = residuals(model as never);
    const rms = Math.sqrt(all.reduce((s, r) => s + r.residual ** 2, 0) / all.length);
    expect(JSON.stringify(fig.spec)).toContain(`2000 of 2500 runs drawn`);
    expect(JSON.stringify(fig.spec)).toContain(`RMS ln residual ${rms.toPrecision(3)} over all 2500`);
  });
});
