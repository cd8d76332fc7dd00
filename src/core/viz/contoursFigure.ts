/**
 * (f) Loss over (N, D) on log axes: iso-loss lines of the fitted law traced by
 * marching squares, iso-FLOP lines N·D = C/6 (straight, slope −1, on these
 * axes), the compute-efficient frontier (N*(C), D*(C)) — where each iso-FLOP
 * line touches the lowest iso-loss line — and the runs.
 */
import { drawnSample } from "./drawnSample.js";
import { predictLoss } from "../laws/transform.js";
import { quantileSorted } from "../stats/quantile.js";
import { positionChannel } from "./axes.js";
import type { FigureBuilder } from "./figureBuilder.js";
import { splitsCompute } from "./fitSupport.js";
import { frontier } from "./frontier.js";
import { formatFlops, formatValue, TITLES } from "./labels.js";
import { isoLines } from "./marchingSquares.js";
import { finiteRows, SIZE, topLevel } from "./spec.js";
import { extent, logGrid, niceLogDomain } from "./ticks.js";
import type { VizModel } from "./types.js";

/** Grid samples per axis. */
export const CONTOUR_GRID = 48;
/** Iso-loss levels: these quantiles of the loss over the grid, rounded to 3 significant digits. */
const LEVEL_QUANTILES = [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95];

export interface ContourLine { level: number; points: Array<{ params: number; tokens: number }> }

/** The plotted (N, D) rectangle: the runs and the target's optimum, widened by 3× each way to 1-2-5 values (the axes' own domains). */
export function contourDomain(model: VizModel): { params: [number, number]; tokens: [number, number] } {
  const fit = model.fit!;
  const ns = model.runs.map((r) => r.params), ds = model.runs.map((r) => r.tokens);
  if (model.targetFlops !== undefined) {
    const [p] = frontier(fit.law, fit.values, [model.targetFlops]);
    if (p !== undefined) { ns.push(p.params); ds.push(p.tokens); } // frontier() gives only finite points
  }
  const [n0, n1] = extent(ns), [d0, d1] = extent(ds);
  return { params: niceLogDomain(n0 / 3, n1 * 3), tokens: niceLogDomain(d0 / 3, d1 * 3) };
}

/** Iso-loss polylines of the fitted law over the domain. O(grid² · levels). */
export function lossContours(model: VizModel): ContourLine[] {
  const fit = model.fit!;
  const dom = contourDomain(model);
  const ns = logGrid(dom.params[0], dom.params[1], CONTOUR_GRID), ds = logGrid(dom.tokens[0], dom.tokens[1], CONTOUR_GRID);
  const flat = predictLoss(fit.law, fit.values, ds.flatMap((d) => ns.map((n) => ({ params: n, tokens: d, flops: 6 * n * d }))));
  const z = ds.map((_, j) => flat.slice(j * ns.length, (j + 1) * ns.length));
  const sorted = Float64Array.from(flat.filter(Number.isFinite)).sort();
  const levels = [...new Set(LEVEL_QUANTILES.map((q) => Number(quantileSorted(sorted, q).toPrecision(3))))];
  const lnN = ns.map(Math.log), lnD = ds.map(Math.log);
  return levels.flatMap((level) => isoLines(lnN, lnD, z, level).map((line) => ({ level, points: line.map(([x, y]) => ({ params: Math.exp(x), tokens: Math.exp(y) })) })));
}

export const contoursFigure: FigureBuilder = {
  name: "contours",
  title: "Loss contours over model size and data",
  missing: (m) => (m.runs.length === 0 ? "runs (the (N, D) range to draw)" : !m.fit ? "a fitted law" : !splitsCompute(m.fit.law) ? `a fitted law of N and D that predicts the loss (law ${m.fit.law.id} reads ${m.fit.law.inputs.join(", ")})` : null),
  build(model) {
    const drawn = drawnSample(model.runs);
    const fit = model.fit!;
    const dom = contourDomain(model);
    const contours = lossContours(model);
    const contourRows = contours.flatMap((c, id) => c.points.map((p, order) => ({ ...p, level: c.level, id, order })));
    // label each level once, 30% along its longest line (the middle tends to sit on the frontier)
    const labels = [...new Set(contours.map((c) => c.level))].map((level) => {
      const longest = contours.filter((c) => c.level === level).reduce((a, b) => (b.points.length > a.points.length ? b : a));
      return { ...longest.points[Math.floor(longest.points.length * 0.3)], label: formatValue(level) };
    });
    const inside = (n: number, d: number) => n >= dom.params[0] * (1 - 1e-9) && n <= dom.params[1] * (1 + 1e-9) && d >= dom.tokens[0] * (1 - 1e-9) && d <= dom.tokens[1] * (1 + 1e-9);
    // 6ND of the corners may underflow to 0 or overflow to ∞ (N or D near 1e-300 or 1e308): clamped to the finite doubles
    const cLo = Math.max(6 * dom.params[0] * dom.tokens[0], Number.MIN_VALUE), cHi = Math.min(6 * dom.params[1] * dom.tokens[1], Number.MAX_VALUE);
    const isoFlops: Array<{ params: number; tokens: number; flops: number; order: number }> = [];
    // C = 6ND of the domain's corners may overflow (N or D near 1e308): iso-FLOP lines only over finite decades
    const kLo = Math.ceil(Math.log10(cLo)), kHi = Number.isFinite(cHi) ? Math.floor(Math.log10(cHi)) : 308;
    for (let k = kLo; Number.isFinite(kLo) && k <= kHi; k++) {
      const c = 10 ** k;
      const n0 = Math.max(dom.params[0], c / (6 * dom.tokens[1])), n1 = Math.min(dom.params[1], c / (6 * dom.tokens[0]));
      if (n1 > n0 * 1.01) isoFlops.push({ params: n0, tokens: c / (6 * n0), flops: c, order: 0 }, { params: n1, tokens: c / (6 * n1), flops: c, order: 1 });
    }
    const isoFlopLabels = isoFlops.filter((r) => r.order === 1).map((r) => ({ params: r.params, tokens: r.tokens, label: `C = ${formatFlops(r.flops)}` }));
    const frontierRows = finiteRows(frontier(fit.law, fit.values, logGrid(cLo, cHi, 96)).filter((p) => inside(p.params, p.tokens)).map((p) => ({ params: p.params, tokens: p.tokens, flops: p.flops })));
    const x = positionChannel("params", "count", dom.params, { title: TITLES.params(model.paramConvention) });
    const y = positionChannel("tokens", "count", dom.tokens, { title: TITLES.tokens });
    const layer: Array<Record<string, unknown>> = [
      {
        data: { values: contourRows },
        mark: { type: "line", strokeWidth: 1.2, clip: true },
        encoding: {
          x, y, detail: { field: "id", type: "nominal" }, order: { field: "order", type: "quantitative" },
          color: { field: "level", type: "quantitative", scale: { scheme: "viridis", reverse: true }, legend: { title: TITLES.loss } },
        },
      },
      { data: { values: labels }, mark: { type: "text", fontSize: 9, color: "#333", dy: -6 }, encoding: { x, y, text: { field: "label" } } },
      {
        data: { values: isoFlops },
        mark: { type: "line", strokeDash: [4, 3], strokeWidth: 1, color: "#999", clip: true },
        encoding: { x, y, detail: { field: "flops", type: "quantitative" }, order: { field: "order", type: "quantitative" } },
      },
      {
        data: { values: isoFlopLabels },
        mark: { type: "text", fontSize: 9, color: "#777", align: "right", baseline: "bottom", dx: -3, dy: -2 },
        encoding: { x, y, text: { field: "label" } },
      },
      {
        data: { values: frontierRows },
        mark: { type: "line", strokeWidth: 2.5, color: "#e45756", clip: true },
        encoding: { x, y, order: { field: "flops", type: "quantitative" } },
      },
      {
        data: { values: drawn.rows },
        mark: { type: "point", filled: true, size: 16, color: "black", opacity: 0.7 },
        encoding: { x, y, tooltip: [{ field: "line", type: "quantitative" }, { field: "loss", type: "quantitative", format: ".4f" }] },
      },
    ];
    const nLevels = labels.length;
    const spec = topLevel(this.title, `fitted ${fit.law.id}: ${nLevels} iso-loss lines (nats); dashed grey: iso-FLOP lines C = 6ND; red: compute-efficient frontier; dots: the ${model.runs.length} runs${drawn.note ? ` (${drawn.note})` : ""}`, "Predicted loss over parameters and tokens, with iso-FLOP lines and the compute-efficient frontier.", {
      ...SIZE,
      layer,
    });
    return { name: this.name, title: this.title, spec, expected: { points: drawn.rows.length, lines: contours.length + isoFlops.length / 2 + (frontierRows.length >= 2 ? 1 : 0) } };
  },
};
