/**
 * (d) Residuals of the fit, ln(observed) − ln(fitted) — the space the law is
 * fitted in — against N, D and C: structure here (a trend, a curve, a fan)
 * means the law misses something the data show.
 */
import { drawnSample } from "./drawnSample.js";
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

/** Most runs drawn per residual panel. */
export const RESIDUAL_POINTS_CAP = 2000;

export const residualsFigure: FigureBuilder = {
  name: "residuals",
  title: "Residuals of the fit",
  missing: (m) => (!m.fit ? "a fitted law"
    : m.fit.data.n !== m.runs.length ? `the runs the fit used (the fit has ${m.fit.data.n} points, the model ${m.runs.length} runs)` : null),
  build(model) {
    const all = finiteRows(residuals(model));
    // three panels of every run make a 5,000-run report mostly this figure: above the cap an evenly spaced
    // subsample is drawn (every run still enters the RMS), and the subtitle says so
    const rows = drawnSample(all, RESIDUAL_POINTS_CAP).rows;
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
    const rms = Math.sqrt(all.reduce((s, r) => s + r.residual ** 2, 0) / Math.max(1, all.length));
    const shown = rows.length === all.length ? `${all.length} runs` : `${rows.length} of ${all.length} runs drawn (every ${(all.length / rows.length).toFixed(1)}th)`;
    const spec = topLevel(this.title, `${shown}, fitted ${model.fit!.law.id}; RMS ln residual ${rms.toPrecision(3)}${rows.length === all.length ? "" : ` over all ${all.length}`}`, "ln residuals of the fitted law against parameters, tokens and compute.", {
      hconcat: [panel("params", "count", TITLES.params(model.paramConvention)), panel("tokens", "count", TITLES.tokens), panel("flops", "flops", TITLES.flops)],
    });
    return { name: this.name, title: this.title, spec, expected: { points: 3 * rows.length, lines: 0 } };
  },
};
