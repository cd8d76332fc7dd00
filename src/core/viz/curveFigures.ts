/**
 * The figures of curve fits (issue 15, item 6): each run's observed loss
 * against step with the law's predicted curve (and any predicted schedules
 * drawn alone), and the residuals (observed − predicted, nats) against step.
 */
import { maxOf, minOf } from "../stats/extent.js";
import { PALETTE, SIZE, topLevel } from "./spec.js";

export interface CurveSeries {
  run: string;
  /** Logged (step, loss) points; absent for a schedule only predicted. */
  observed?: Array<{ step: number; loss: number }>;
  predicted: Array<{ step: number; loss: number }>;
}

export interface CurveFigure { name: "curves" | "curve-residuals"; title: string; spec: Record<string, unknown>; expected: { points: number; lines: number } }

const colour = { field: "run", type: "nominal", title: "run or schedule", scale: { range: [...PALETTE] } };

/** Observed points and predicted lines, loss (nats) against step. */
export function curvesFigure(series: readonly CurveSeries[], law: string): CurveFigure {
  const observed = series.flatMap((s) => (s.observed ?? []).map((p) => ({ run: s.run, ...p })));
  const predicted = series.flatMap((s) => s.predicted.map((p) => ({ run: s.run, ...p })));
  const losses = [...observed, ...predicted].map((p) => p.loss);
  const x = { field: "step", type: "quantitative", title: "optimizer step" };
  const y = { field: "loss", type: "quantitative", title: "loss (nats)", scale: { domain: [minOf(losses), maxOf(losses)], zero: false } };
  const spec = topLevel("Loss curves, observed and predicted", [`points: logged losses; lines: the ${law} law's prediction under each run's schedule`],
    "Loss against step for each run: logged points and the fitted law's curve.", {
      ...SIZE,
      layer: [
        { data: { values: predicted }, mark: { type: "line" }, encoding: { x, y, color: colour, detail: { field: "run" } } },
        ...(observed.length ? [{ data: { values: observed }, mark: { type: "point", filled: true, size: 12 }, encoding: { x, y, color: colour, tooltip: [{ field: "run" }, { field: "step" }, { field: "loss", format: ".4f" }] } }] : []),
      ],
    });
  return { name: "curves", title: "Loss curves, observed and predicted", spec, expected: { points: observed.length, lines: new Set(predicted.map((p) => p.run)).size } };
}

/** Residuals (observed − predicted, nats) against step, per run. */
export function curveResidualsFigure(series: ReadonlyArray<{ run: string; residuals: Array<{ step: number; residual: number }> }>): CurveFigure {
  const values = series.flatMap((s) => s.residuals.map((p) => ({ run: s.run, ...p })));
  const spec = topLevel("Residuals against step", ["observed − predicted loss (nats); a trend with step means the law misses the curve's shape"],
    "Residuals of the curve fit against step, per run.", {
      ...SIZE,
      layer: [
        { data: { values: [{ zero: 0 }] }, mark: { type: "rule", strokeDash: [4, 3], color: "#888" }, encoding: { y: { field: "zero", type: "quantitative" } } },
        { data: { values }, mark: { type: "point", filled: true, size: 12 }, encoding: { x: { field: "step", type: "quantitative", title: "optimizer step" }, y: { field: "residual", type: "quantitative", title: "residual (nats)" }, color: colour, tooltip: [{ field: "run" }, { field: "step" }, { field: "residual", format: ".4f" }] } },
      ],
    });
  return { name: "curve-residuals", title: "Residuals against step", spec, expected: { points: values.length, lines: 0 } };
}
