/**
 * (d) Residuals of the fit, ln(observed) − ln(fitted) — the space the law is
 * fitted in — against N, D and C: structure here (a trend, a curve, a fan)
 * means the law misses something the data show.
 */
import { positionChannel } from "./axes.js";
import type { FigureBuilder } from "./figureBuilder.js";
import { lawTheta } from "./fitSupport.js";
import { TITLES } from "./labels.js";
import { finiteRows, PANEL, topLevel } from "./spec.js";
import type { VizModel } from "./types.js";

export interface ResidualRow { line: number; params: number; tokens: number; flops: number; residual: number }

/** ln residual of each fitted run, in the fit data's order. O(n). */
export function residuals(model: VizModel): ResidualRow[] {
  const fit = model.fit!;
  const pred = new Float64Array(fit.data.n);
  fit.law.logPredict(lawTheta(fit), fit.data.inputs, pred);
  return model.runs.map((r, i) => ({ line: r.line, params: r.params, tokens: r.tokens, flops: r.flops, residual: fit.data.logLoss[i] - pred[i] }));
}

export const residualsFigure: FigureBuilder = {
  name: "residuals",
  title: "Residuals of the fit",
  missing: (m) => (!m.fit ? "a fitted law"
    : m.fit.data.n !== m.runs.length ? `the runs the fit used (the fit has ${m.fit.data.n} points, the model ${m.runs.length} runs)` : null),
  build(model) {
    const rows = finiteRows(residuals(model));
    const target = model.fit!.law.target === "metric" ? "metric" : "loss";
    const y = positionChannel("residual", "value", [...rows.map((r) => r.residual), 0], { title: `ln residual of the ${target} (observed / fitted)`, ticks: 6 });
    const panel = (field: "params" | "tokens" | "flops", kind: "count" | "flops", title: string) => ({
      ...PANEL,
      layer: [
        { data: { values: [{ zero: 0 }] }, mark: { type: "rule", color: "#888" }, encoding: { y: { ...y, field: "zero" } } },
        {
          data: { values: rows },
          mark: { type: "point", filled: true, size: 24, opacity: 0.8, color: "#4c78a8" },
          encoding: {
            x: positionChannel(field, kind, rows.map((r) => r[field]), { title }), y,
            tooltip: [{ field: "line", type: "quantitative" }, { field: "residual", type: "quantitative", format: "+.4f" }],
          },
        },
      ],
    });
    const rms = Math.sqrt(rows.reduce((s, r) => s + r.residual ** 2, 0) / Math.max(1, rows.length));
    const spec = topLevel(this.title, `${rows.length} runs, fitted ${model.fit!.law.id}; RMS ln residual ${rms.toPrecision(3)}`, "ln residuals of the fitted law against parameters, tokens and compute.", {
      hconcat: [panel("params", "count", TITLES.params(model.paramConvention)), panel("tokens", "count", TITLES.tokens), panel("flops", "flops", TITLES.flops)],
    });
    return { name: this.name, title: this.title, spec, expected: { points: 3 * rows.length, lines: 0 } };
  },
};
