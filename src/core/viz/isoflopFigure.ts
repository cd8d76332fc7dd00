/**
 * (b) IsoFLOP curves (Hoffmann et al. 2022 §3.2, Figure 3): runs grouped by
 * compute budget, loss against N per budget, with the fitted law's
 * cross-section L(N, C/(6N)) at each budget and its optimum — or, when no law
 * that splits compute is fitted, each budget's parabola in ln N and its vertex
 * (Approach 2, src/core/fit/isoflop.ts).
 */
import { drawnIndices, sampleNote } from "./drawnSample.js";
import { IsoflopError, isoflopFit } from "../fit/isoflop.js";
import { predictLoss } from "../laws/transform.js";
import { allocateWithLaw } from "../plan/allocate.js";
import { positionChannel } from "./axes.js";
import { BUDGET_TOLERANCE, groupBudgets, type Budget } from "./budgets.js";
import type { FigureBuilder } from "./figureBuilder.js";
import { splitsCompute } from "./fitSupport.js";
import { countTextTransforms, flopsLabelExpr, TITLES } from "./labels.js";
import { finiteRows, SIZE, topLevel } from "./spec.js";
import { extent, logGrid } from "./ticks.js";
import type { VizModel, VizRun } from "./types.js";

/** Fewest runs a budget needs to be drawn (a parabola needs 3). */
export const MIN_RUNS_PER_BUDGET = 3;
/** Points on each budget's curve. */
const CURVE_POINTS = 40;

/** Budgets with at least MIN_RUNS_PER_BUDGET runs. */
export function isoflopBudgets(model: VizModel): Budget[] {
  return groupBudgets(model.runs).filter((b) => b.runs.length >= MIN_RUNS_PER_BUDGET);
}

/** Least share of the runs that must sit on shared budgets for the runs to be an IsoFLOP sweep (else the figure would hide the rest). */
export const MIN_ISOFLOP_SHARE = 0.75;
/** Most budgets one figure draws (one colour and legend entry each). */
export const MAX_ISOFLOP_BUDGETS = 20;

/** Why these runs are not an IsoFLOP sweep this figure can draw, or null when they are. */
export function isoflopMissing(model: VizModel): string | null {
  const all = groupBudgets(model.runs), shared = isoflopBudgets(model);
  const within = `within ${100 * BUDGET_TOLERANCE}% of each other's FLOPs`;
  if (shared.length === 0) return `runs sharing a compute budget: no budget (runs ${within}) has ${MIN_RUNS_PER_BUDGET} or more runs`;
  const onShared = shared.reduce((s, b) => s + b.runs.length, 0);
  if (onShared < MIN_ISOFLOP_SHARE * model.runs.length) {
    return `an IsoFLOP sweep: only ${onShared} of ${model.runs.length} runs share a compute budget (${MIN_RUNS_PER_BUDGET} or more runs ${within}); the runs spread over ${all.length} distinct budgets, and drawing ${shared.length} of them would hide ${model.runs.length - onShared} runs (the figure needs ${100 * MIN_ISOFLOP_SHARE}% of runs on shared budgets)`;
  }
  if (shared.length > MAX_ISOFLOP_BUDGETS) return `an IsoFLOP sweep of at most ${MAX_ISOFLOP_BUDGETS} budgets: these runs form ${shared.length} (runs ${within}), too many to tell apart`;
  return null;
}

interface Row { params: number; loss: number; budget: number }

export const isoflopFigure: FigureBuilder = {
  name: "isoflop",
  title: "IsoFLOP curves",
  missing: isoflopMissing,
  build(model) {
    const budgets = isoflopBudgets(model);
    const fit = model.fit && splitsCompute(model.fit.law) ? model.fit : undefined;
    // rows only for the runs drawn (a 10^6-run table would otherwise build 10^6 row objects here)
    const count = budgets.reduce((s, b) => s + b.runs.length, 0);
    const drawn = { rows: [] as Row[], note: sampleNote(count) };
    const picks = drawnIndices(count);
    for (let b = 0, offset = 0, t = 0; b < budgets.length; offset += budgets[b].runs.length, b++) {
      const { runs, flops } = budgets[b];
      for (; t < picks.length && picks[t] < offset + runs.length; t++) {
        const r = runs[picks[t] - offset];
        drawn.rows.push({ params: r.params, tokens: r.tokens, loss: r.loss, line: r.line, budget: flops } as Row);
      }
    }
    const every = function* (value: (r: VizRun) => number) { for (const b of budgets) for (const r of b.runs) yield value(r); };
    const curves: Row[] = [], optima: Array<Row & { tokens: number }> = [];
    let method = "";
    if (fit) {
      method = `fitted ${fit.law.id}: L(N, C/6N) per budget, its optimum marked (diamonds)`;
      for (const b of budgets) {
        const [lo, hi] = extent(b.runs.map((r) => r.params));
        const ns = logGrid(lo / 1.5, hi * 1.5, CURVE_POINTS);
        const losses = predictLoss(fit.law, fit.values, ns.map((n) => ({ params: n, tokens: b.flops / (6 * n), flops: b.flops })));
        curves.push(...ns.map((n, i) => ({ params: n, loss: losses[i], budget: b.flops })));
        const a = allocateWithLaw({ law: fit.law, values: fit.values }, b.flops);
        optima.push({ params: a.params, tokens: a.tokens, loss: a.loss!, budget: b.flops });
      }
    } else {
      let result, implausible = 0;
      try {
        result = isoflopFit(budgets.flatMap((b) => b.runs.map((r) => ({ params: r.params, tokens: r.tokens, flops: r.flops, lossNats: r.loss, line: r.line }))), { by: "params", budgetTolerance: BUDGET_TOLERANCE });
      } catch (e) {
        if (!(e instanceof IsoflopError)) throw e;
      }
      for (const o of result?.budgets ?? []) {
        const b = budgets.find((x) => Math.abs(x.flops / o.flops - 1) < 1e-9);
        if (!b) continue;
        // a vertex far below every run of its budget (more than the budget's own spread of losses) is an artefact of noise, not an optimum
        const [l0, l1] = extent(b.runs.map((r) => r.loss));
        if (o.lossAtOptimum < l0 - (l1 - l0)) { implausible++; continue; }
        const ns = logGrid(o.range[0], o.range[1], CURVE_POINTS);
        curves.push(...ns.map((n) => ({ params: n, loss: o.lossAtOptimum + o.curvature * Math.log(n / o.params) ** 2, budget: b.flops })));
        optima.push({ params: o.params, tokens: o.tokens, loss: o.lossAtOptimum, budget: b.flops });
      }
      const without = budgets.length - optima.length;
      method = `parabola in ln N per budget (Approach 2), its vertex marked (diamonds)${without ? `; ${without} budget${without === 1 ? "" : "s"} without a usable vertex (no interior minimum${implausible ? `, or ${implausible} far below every run` : ""}): runs only` : ""}`;
    }
    const curveRows = finiteRows(curves), optimaRows = finiteRows(optima);
    const x = positionChannel("params", "count", [...every((r) => r.params), ...curveRows.map((r) => r.params)], { title: TITLES.params(model.paramConvention) });
    const y = positionChannel("loss", "value", [...every((r) => r.loss), ...curveRows.map((r) => r.loss), ...optimaRows.map((r) => r.loss)], { title: TITLES.loss });
    const color = {
      field: "budget", type: "ordinal",
      scale: { scheme: "viridis", domain: budgets.map((b) => b.flops) },
      legend: { title: "budget C (FLOPs)", labelExpr: flopsLabelExpr() },
    };
    const layer: Array<Record<string, unknown>> = [
      { data: { values: curveRows }, mark: { type: "line", strokeWidth: 1.5, clip: true }, encoding: { x, y, color } },
      {
        data: { values: drawn.rows },
        transform: countTextTransforms(["params", "tokens"]),
        mark: { type: "point", filled: true, size: 30, opacity: 0.9 },
        encoding: {
          x, y, color,
          tooltip: [
            { field: "line", type: "quantitative" },
            { field: "paramsText", type: "nominal", title: "N" },
            { field: "tokensText", type: "nominal", title: "D" },
            { field: "loss", type: "quantitative", title: "loss (nats)", format: ".4f" },
          ],
        },
      },
      {
        data: { values: optimaRows },
        mark: { type: "point", shape: "diamond", filled: true, size: 110, stroke: "black", strokeWidth: 1 },
        encoding: { x, y, color },
      },
    ];
    const spec = topLevel(this.title, `${count} runs in ${budgets.length} budgets; ${method}${drawn.note ? `; ${drawn.note}` : ""}`, "Loss against model size at each compute budget, with the law's cross-section at that budget and the budget's optimum.", {
      ...SIZE,
      layer,
    });
    return { name: this.name, title: this.title, spec, expected: { points: drawn.rows.length + optimaRows.length, lines: new Set(curveRows.map((r) => r.budget)).size } };
  },
};
