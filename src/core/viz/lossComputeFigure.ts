/**
 * (a) Loss against compute, log–log: the runs coloured by model size, the
 * fitted compute-optimal frontier L*(C) (the least loss at each C under
 * C = 6ND, Hoffmann et al. 2022 eq. 4) extrapolated to the target compute,
 * its 95% confidence band (the frontier of each bootstrap refit) and 95%
 * prediction band (a new run at the full fit's optimum), and published laws
 * overlaid on request.
 */
import { drawnSample } from "./drawnSample.js";
import { maxOf, minOf } from "../stats/extent.js";
import { axisFor, positionChannel } from "./axes.js";
import type { FigureBuilder } from "./figureBuilder.js";
import { hasComputeFrontier } from "./fitSupport.js";
import { frontier, frontierBands, predictionBand } from "./frontier.js";
import { countLabelExpr, countTextTransforms, formatFlops, TITLES } from "./labels.js";
import { finiteRows, FIT_COLOR, PALETTE, SIZE, topLevel } from "./spec.js";
import { extent, logGrid } from "./ticks.js";
import type { VizModel } from "./types.js";

/** Points on each frontier curve. */
export const FRONTIER_POINTS = 64;
/** The prediction band is evaluated at every PI_STRIDE-th frontier point (and the last). */
const PI_STRIDE = 4;

const CI = "95% confidence band (bootstrap refits)";
const PI = "95% prediction band (a new run)";

/** Compute grid of the frontier: the runs' least compute to the larger of their most and the target. */
export function computeGrid(model: VizModel, count = FRONTIER_POINTS): number[] {
  const [lo, hi] = extent(model.runs.map((r) => r.flops));
  return logGrid(lo, Math.max(hi, model.targetFlops ?? hi), count);
}

/** Label of the fitted law in legends. */
export function fitLabel(model: VizModel): string {
  return `fitted ${model.fit!.law.id}`;
}

export const lossComputeFigure: FigureBuilder = {
  name: "loss-compute",
  title: "Loss against compute",
  missing: (m) => (m.runs.length === 0 ? "runs to draw" : null),
  build(model) {
    const fit = model.fit && hasComputeFrontier(model.fit.law) ? model.fit : undefined;
    const grid = computeGrid(model);
    const lines: Array<{ flops: number; loss: number; series: string }> = [];
    const bands: Array<{ flops: number; lo: number; hi: number; band: string }> = [];
    const series: string[] = [];
    let resamples = 0;
    if (fit) {
      const label = fitLabel(model);
      const curve = frontier(fit.law, fit.values, grid);
      series.push(label);
      lines.push(...curve.map((p) => ({ flops: p.flops, loss: p.loss, series: label })));
      const ci = frontierBands(fit, grid);
      // the prediction band is smooth in ln C and costs O(B·n log(B·n)) a point: 17 points of the 64 suffice
      const pi = predictionBand(fit, curve.filter((_, i) => i % PI_STRIDE === 0 || i === curve.length - 1));
      if (pi) bands.push(...pi.map((b) => ({ ...b, band: PI })));
      if (ci) { bands.push(...ci.loss.map((b) => ({ ...b, band: CI }))); resamples = ci.resamples; }
    }
    for (const c of model.compare ?? []) {
      if (!hasComputeFrontier(c.law)) continue;
      series.push(c.label);
      lines.push(...frontier(c.law, c.values, grid).map((p) => ({ flops: p.flops, loss: p.loss, series: c.label })));
    }
    const lineRows = finiteRows(lines), bandRows = finiteRows(bands);
    const x = positionChannel("flops", "flops", [...model.runs.map((r) => r.flops), ...grid], { title: TITLES.flops });
    const y = positionChannel("loss", "value", [...model.runs.map((r) => r.loss), ...lineRows.map((l) => l.loss), ...bandRows.flatMap((b) => [b.lo, b.hi])], { title: TITLES.loss, log: true });
    const layer: Array<Record<string, unknown>> = [];
    if (bandRows.length > 0) {
      const present = [PI, CI].filter((b) => bandRows.some((r) => r.band === b));
      layer.push({
        data: { values: bandRows },
        mark: { type: "area", opacity: 0.35 },
        encoding: {
          x, y: { ...y, field: "lo" }, y2: { field: "hi" },
          fill: { field: "band", type: "nominal", scale: { domain: present, range: present.map((b) => (b === PI ? "#c6dbef" : "#6baed6")) }, legend: { title: "uncertainty", orient: "bottom", direction: "vertical" } },
        },
      });
    }
    if (lineRows.length > 0) {
      layer.push({
        data: { values: lineRows },
        mark: { type: "line", strokeWidth: 2, clip: true },
        encoding: {
          x, y,
          stroke: { field: "series", type: "nominal", scale: { domain: series, range: series.map((_, i) => (fit && i === 0 ? FIT_COLOR : PALETTE[(i - (fit ? 1 : 0)) % PALETTE.length])) }, legend: { title: "compute-optimal frontier L*(C)", orient: "bottom", direction: "vertical" } },
          strokeDash: { field: "series", type: "nominal", scale: { domain: series, range: series.map((_, i) => (fit && i === 0 ? [1, 0] : [6, 3])) } },
        },
      });
    }
    const maxRunFlops = maxOf(model.runs.map((r) => r.flops));
    if (model.targetFlops !== undefined && model.targetFlops > maxRunFlops) {
      const target = [{ flops: model.targetFlops, label: `target ${formatFlops(model.targetFlops)}` }];
      layer.push({ data: { values: target }, mark: { type: "rule", strokeDash: [2, 2], color: "#888" }, encoding: { x } });
      layer.push({ data: { values: target }, mark: { type: "text", align: "right", baseline: "top", dx: -4, dy: 4, y: 0, color: "#555", fontSize: 10 }, encoding: { x, text: { field: "label" } } });
    }
    const params = model.runs.map((r) => r.params);
    const size = axisFor("count", params, { title: null });
    const drawn = drawnSample(model.runs);
    layer.push({
      data: { values: drawn.rows },
      transform: countTextTransforms(["params", "tokens"]),
      mark: { type: "point", filled: true, size: 36, opacity: 0.85 },
      encoding: {
        x, y,
        color: { field: "params", type: "quantitative", scale: { type: "log", scheme: "viridis", domain: size.scale.domain }, legend: { title: TITLES.params(model.paramConvention), values: (size.axis as { values: number[] }).values, labelExpr: countLabelExpr(), orient: "right" } },
        tooltip: [
          { field: "line", type: "quantitative", title: "line" },
          { field: "paramsText", type: "nominal", title: "N" },
          { field: "tokensText", type: "nominal", title: "D" },
          { field: "flops", type: "quantitative", title: "C (FLOPs)", format: ".3e" },
          { field: "loss", type: "quantitative", title: "loss (nats)", format: ".4f" },
        ],
      },
    });
    const subtitle = (fit
      ? `${model.runs.length} runs; ${fitLabel(model)} frontier${resamples ? `, bands from ${resamples} bootstrap refits` : ""}${model.compare?.length ? "; published laws dashed (their constants belong to their own setup)" : ""}`
      : `${model.runs.length} runs`) + (drawn.note ? `; ${drawn.note}` : "");
    const spec = topLevel(this.title, subtitle, "Final loss of each run against its training compute, log–log, coloured by model size, with the fitted compute-optimal frontier and its uncertainty bands.", {
      ...SIZE,
      layer,
      resolve: { scale: { color: "independent", fill: "independent", stroke: "independent", strokeDash: "independent" } },
    });
    return { name: this.name, title: this.title, spec, expected: { points: drawn.rows.length, lines: new Set(lineRows.map((l) => l.series)).size } };
  },
};
