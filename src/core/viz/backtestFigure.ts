/**
 * (h) Backtest: each held-out run's actual value against the value the fit on
 * the other runs predicted, with its 95% prediction interval as a vertical bar
 * (the run lies inside when the bar crosses its point) and the line y = x
 * (a perfect forecast).
 */
import { maxOf, minOf } from "../stats/extent.js";
import type { BacktestPoint } from "../fit/backtest.js";
import { positionChannel } from "./axes.js";
import type { FigureBuilder } from "./figureBuilder.js";
import { countTextTransforms, formatFlops } from "./labels.js";
import { finiteRows, PALETTE, SIZE, topLevel } from "./spec.js";
import { extent } from "./ticks.js";
import type { VizModel } from "./types.js";

const LEVEL = "0.95";

function candidatesWithPoints(model: VizModel) {
  return (model.backtest?.candidates ?? []).filter((c) => c.points && c.points.length > 0);
}

export const backtestFigure: FigureBuilder = {
  name: "backtest",
  title: "Backtest: predicted against actual",
  missing(m) {
    if (!m.backtest) return "a backtest (held-out runs predicted by a fit on the others)";
    if (candidatesWithPoints(m).length === 0) return `a backtest candidate with predictions (${m.backtest.candidates.map((c) => `${c.lawId}: ${c.error ?? "no points"}`).join("; ")})`;
    return null;
  },
  build(model) {
    const bt = model.backtest!;
    const candidates = candidatesWithPoints(model);
    const label = (c: (typeof candidates)[number]) => `${c.lawId} (${c.method}): MARE ${(100 * c.mare!).toFixed(2)}%, 95% PI coverage ${(100 * c.coverage![LEVEL]).toFixed(0)}%`;
    const rows = finiteRows(candidates.flatMap((c) => c.points!.map((p: BacktestPoint) => ({
      candidate: label(c), line: p.line, params: p.params, tokens: p.tokens, flops: p.flops,
      actual: p.actual, predicted: p.predicted, lo: p.pi[LEVEL][0], hi: p.pi[LEVEL][1], inside: p.inside[LEVEL] ? "inside" : "outside",
    }))));
    const target = model.fit?.law.target === "metric" ? "metric" : "loss (nats)";
    const all = rows.flatMap((r) => [r.actual, r.predicted, r.lo, r.hi]);
    const [lo, hi] = extent(all);
    const x = positionChannel("predicted", "value", all, { title: `predicted ${target}` });
    const y = positionChannel("actual", "value", all, { title: `actual ${target}` });
    const domain = candidates.map(label);
    const color = { field: "candidate", type: "nominal", scale: { domain, range: domain.map((_, i) => PALETTE[i % PALETTE.length]) }, legend: { title: null, orient: "bottom", direction: "vertical" } };
    const layer = [
      { data: { values: [{ predicted: lo, actual: lo }, { predicted: hi, actual: hi }] }, mark: { type: "line", color: "#888", strokeDash: [4, 3], clip: true }, encoding: { x, y } },
      { data: { values: rows }, mark: { type: "rule", strokeWidth: 1.5, opacity: 0.6 }, encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color } },
      {
        data: { values: rows },
        transform: countTextTransforms(["params"]),
        mark: { type: "point", filled: true, size: 40 },
        encoding: {
          x, y, color,
          shape: { field: "inside", type: "nominal", scale: { domain: ["inside", "outside"], range: ["circle", "triangle-up"] }, legend: { title: "actual vs 95% PI", orient: "right" } },
          tooltip: [
            { field: "line", type: "quantitative" },
            { field: "paramsText", type: "nominal", title: "N" },
            { field: "flops", type: "quantitative", title: "C (FLOPs)", format: ".3e" },
            { field: "actual", type: "quantitative", format: ".4f" },
            { field: "predicted", type: "quantitative", format: ".4f" },
            { field: "lo", type: "quantitative", title: "95% PI low", format: ".4f" },
            { field: "hi", type: "quantitative", title: "95% PI high", format: ".4f" },
          ],
        },
      },
    ];
    const subtitle = [`held out: ${bt.holdout}; fitted on ${bt.train} runs`, `extrapolation ×${bt.extrapolationFactor.toPrecision(3)} in compute (largest held-out ${formatFlops(maxOf(rows.map((r) => r.flops ?? NaN)))} FLOPs); bars: 95% prediction intervals; dashed: y = x`];
    const spec = topLevel(this.title, subtitle, "Held-out runs: actual against predicted value, with 95% prediction intervals and the line y = x.", { ...SIZE, layer });
    return { name: this.name, title: this.title, spec, expected: { points: rows.length, lines: 1 } };
  },
};
