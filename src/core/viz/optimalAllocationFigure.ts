/**
 * (c) Compute-optimal allocation: N*(C) and D*(C) of the fitted law
 * (`allocateWithLaw`, C = 6ND) from the runs' compute to the target, with 95%
 * percentile bands over bootstrap refits, and published laws overlaid.
 */
import { maxOf, minOf } from "../stats/extent.js";
import { positionChannel } from "./axes.js";
import type { FigureBuilder } from "./figureBuilder.js";
import { splitsCompute } from "./fitSupport.js";
import { frontier, frontierBands } from "./frontier.js";
import { formatFlops, TITLES } from "./labels.js";
import { computeGrid, fitLabel } from "./lossComputeFigure.js";
import { finiteRows, FIT_COLOR, PALETTE, PANEL, topLevel } from "./spec.js";
import type { VizModel } from "./types.js";

interface Row { flops: number; params: number; tokens: number; series: string }

export const optimalAllocationFigure: FigureBuilder = {
  name: "optimal-allocation",
  title: "Compute-optimal model size and tokens",
  missing: (m) => (m.runs.length === 0 ? "runs (the compute range to draw)" : !m.fit ? "a fitted law" : !splitsCompute(m.fit.law) ? `a fitted law of N and D that predicts the loss (law ${m.fit.law.id} reads ${m.fit.law.inputs.join(", ")})` : null),
  build(model) {
    const fit = model.fit!;
    const grid = computeGrid(model);
    const label = fitLabel(model);
    const series = [label];
    const lines: Row[] = frontier(fit.law, fit.values, grid).map((p) => ({ flops: p.flops, params: p.params, tokens: p.tokens, series: label }));
    for (const c of model.compare ?? []) {
      if (!splitsCompute(c.law)) continue;
      series.push(c.label);
      lines.push(...frontier(c.law, c.values, grid).map((p) => ({ flops: p.flops, params: p.params, tokens: p.tokens, series: c.label })));
    }
    const lineRows = finiteRows(lines);
    const bands = frontierBands(fit, grid);
    const panel = (key: "params" | "tokens", title: string) => {
      const bandRows = bands ? finiteRows(bands[key]) : [];
      const x = positionChannel("flops", "flops", grid, { title: TITLES.flops });
      const y = positionChannel(key, "count", [...lineRows.map((r) => r[key]), ...bandRows.flatMap((b) => [b.lo, b.hi])], { title });
      const layer: Array<Record<string, unknown>> = [];
      if (bandRows.length > 0) {
        layer.push({
          data: { values: bandRows.map((b) => ({ ...b, band: `95% interval (${bands!.resamples} bootstrap refits)` })) },
          mark: { type: "area", opacity: 0.35, color: "#6baed6" },
          encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" } },
        });
      }
      layer.push({
        data: { values: lineRows },
        mark: { type: "line", strokeWidth: 2, clip: true },
        encoding: {
          x, y,
          stroke: { field: "series", type: "nominal", scale: { domain: series, range: series.map((_, i) => (i === 0 ? FIT_COLOR : PALETTE[(i - 1) % PALETTE.length])) }, legend: { title: null, orient: "bottom", direction: "vertical" } },
          strokeDash: { field: "series", type: "nominal", scale: { domain: series, range: series.map((_, i) => (i === 0 ? [1, 0] : [6, 3])) } },
        },
      });
      const maxRunFlops = maxOf(model.runs.map((r) => r.flops));
      if (model.targetFlops !== undefined && model.targetFlops > maxRunFlops) {
        const target = [{ flops: model.targetFlops, label: `target ${formatFlops(model.targetFlops)}` }];
        layer.push({ data: { values: target }, mark: { type: "rule", strokeDash: [2, 2], color: "#888" }, encoding: { x } });
        layer.push({ data: { values: target }, mark: { type: "text", align: "right", baseline: "top", dx: -4, dy: 4, y: 0, color: "#555", fontSize: 10 }, encoding: { x, text: { field: "label" } } });
      }
      return { ...PANEL, layer };
    };
    const spec = topLevel(this.title, `${label}${bands ? `; shaded: 95% interval over ${bands.resamples} bootstrap refits` : ""}; C = 6ND`, "Compute-optimal parameters N* and tokens D* against compute, with bootstrap intervals, extrapolated to the target budget.", {
      hconcat: [panel("params", `compute-optimal ${TITLES.params(model.paramConvention)}`), panel("tokens", `compute-optimal ${TITLES.tokens}`)],
      resolve: { scale: { stroke: "shared", strokeDash: "shared" }, legend: { stroke: "shared" } },
    });
    const n = new Set(lineRows.map((r) => r.series)).size;
    return { name: this.name, title: this.title, spec, expected: { points: 0, lines: 2 * n } };
  },
};
