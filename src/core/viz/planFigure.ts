/**
 * (g) The plan: loss against N at the plan's fixed compute, L(N, C/(6N)),
 * with its 95% confidence band, the compute-optimal model marked and, when
 * planned, the inference-aware model (Sardana & Frankle 2023): a smaller model
 * trained on more tokens to the same loss, drawn on its own iso-compute curve.
 */
import { predictWithIntervals } from "../fit/predict.js";
import { predictLoss } from "../laws/transform.js";
import type { Law } from "../laws/types.js";
import { positionChannel } from "./axes.js";
import type { FigureBuilder } from "./figureBuilder.js";
import { lawTheta, resamplesOf, splitsCompute } from "./fitSupport.js";
import { formatCount, formatFlops, formatValue, TITLES } from "./labels.js";
import { finiteRows, FIT_COLOR, SIZE, topLevel } from "./spec.js";
import { extent, logGrid } from "./ticks.js";
import type { VizFit, VizModel } from "./types.js";

/** Decades of N drawn each side of the optimum. */
const HALF_SPAN_DECADES = 1.5;
const CURVE_POINTS = 64;

/** The law the plan is drawn with: the fit, else the first compared law. */
function planLaw(model: VizModel): { law: Law; values: Record<string, number>; label: string; fit?: VizFit } | undefined {
  if (model.fit && splitsCompute(model.fit.law)) return { law: model.fit.law, values: model.fit.values, label: `fitted ${model.fit.law.id}`, fit: model.fit };
  const c = model.compare?.find((x) => splitsCompute(x.law));
  return c ? { law: c.law, values: c.values, label: c.label } : undefined;
}

export const planFigure: FigureBuilder = {
  name: "plan",
  title: "The plan at fixed compute",
  missing: (m) => (!m.plan ? "a plan (a compute budget and its compute-optimal allocation)" : !planLaw(m) ? "a law of N and D that predicts the loss (fitted or compared)" : null),
  build(model) {
    const plan = model.plan!;
    const src = planLaw(model)!;
    const ia = plan.inferenceAware;
    const curve = (flops: number, series: string) => {
      const [lo, hi] = extent([plan.params, ...(ia ? [ia.params] : [])]);
      const ns = logGrid(lo / 10 ** HALF_SPAN_DECADES, hi * 10 ** HALF_SPAN_DECADES, CURVE_POINTS).filter((n) => flops / (6 * n) >= 1);
      const pts = ns.map((n) => ({ params: n, tokens: flops / (6 * n), flops }));
      const loss = predictLoss(src.law, src.values, pts);
      return pts.map((p, i) => ({ ...p, loss: loss[i], series }));
    };
    const main = `C = ${formatFlops(plan.flops)} (the plan)`;
    const lines = [...curve(plan.flops, main)];
    const series = [main];
    let iaSeries: string | undefined;
    if (ia) {
      iaSeries = `C = ${formatFlops(6 * ia.params * ia.tokens)} (inference-aware training)`;
      series.push(iaSeries);
      lines.push(...curve(6 * ia.params * ia.tokens, iaSeries));
    }
    const lineRows = finiteRows(lines);
    let band: Array<{ params: number; lo: number; hi: number }> = [];
    const thetas = src.fit ? resamplesOf(src.fit).thetas : [];
    if (src.fit && thetas.length >= 2) {
      const pts = lineRows.filter((r) => r.series === main);
      const iv = predictWithIntervals({ law: src.law, theta: lawTheta(src.fit), resampleThetas: thetas, data: src.fit.data, levels: [0.95] }, pts);
      band = finiteRows(iv.map((p, i) => ({ params: pts[i].params, lo: p.ci["0.95"][0], hi: p.ci["0.95"][1] })));
    }
    const markers = [{ params: plan.params, tokens: plan.tokens, loss: plan.loss, what: `compute-optimal: N ${formatCount(plan.params)}, D ${formatCount(plan.tokens)}, ${formatValue(plan.loss)} nats` }];
    if (ia) markers.push({ params: ia.params, tokens: ia.tokens, loss: ia.loss, what: `inference-aware: N ${formatCount(ia.params)}, D ${formatCount(ia.tokens)}, ${formatValue(ia.loss)} nats` });
    const markerRows = finiteRows(markers);
    const x = positionChannel("params", "count", lineRows.map((r) => r.params), { title: TITLES.params(model.paramConvention) });
    const y = positionChannel("loss", "value", [...lineRows.map((r) => r.loss), ...markerRows.map((m) => m.loss), ...band.flatMap((b) => [b.lo, b.hi])], { title: TITLES.loss });
    const layer: Array<Record<string, unknown>> = [];
    if (band.length > 0) layer.push({ data: { values: band }, mark: { type: "area", opacity: 0.35, color: "#6baed6" }, encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" } } });
    layer.push({
      data: { values: lineRows },
      mark: { type: "line", strokeWidth: 2, clip: true },
      encoding: {
        x, y,
        strokeDash: { field: "series", type: "nominal", scale: { domain: series, range: series.map((_, i) => (i === 0 ? [1, 0] : [6, 3])) }, legend: { title: "loss at fixed compute L(N, C/6N)", orient: "bottom", direction: "vertical" } },
        color: { value: FIT_COLOR },
      },
    });
    layer.push({
      data: { values: markerRows },
      mark: { type: "point", filled: true, size: 120, stroke: "black", strokeWidth: 1 },
      encoding: {
        x, y,
        shape: { field: "what", type: "nominal", scale: { range: ["diamond", "square"] }, legend: { title: null, orient: "bottom", direction: "vertical" } },
        fill: { field: "what", type: "nominal", scale: { range: ["#e45756", "#f58518"] } },
      },
    });
    const subtitle = `${src.label}${band.length ? "; shaded: 95% confidence band (bootstrap refits)" : ""}`;
    const spec = topLevel(this.title, subtitle, "Loss against model size at the plan's compute, with the compute-optimal and inference-aware models marked.", {
      ...SIZE,
      layer,
      resolve: { scale: { fill: "independent", shape: "independent", strokeDash: "independent" } },
    });
    return { name: this.name, title: this.title, spec, expected: { points: markerRows.length, lines: new Set(lineRows.map((r) => r.series)).size } };
  },
};
