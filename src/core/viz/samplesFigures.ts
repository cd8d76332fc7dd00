/**
 * The two figures of test-time compute (issue 14): coverage (pass@k) against
 * k per model, measured up to the samples drawn and forecast beyond by the
 * beta-binomial law with its bootstrap band; and the frontier of accuracy
 * against inference FLOPs per problem across models.
 */
import { PALETTE, SIZE, topLevel } from "./spec.js";

export interface CoverageSeries {
  model: string;
  /** Measured pass@k at k = 1 … n (or a subset), from the estimator. */
  measured: Array<{ k: number; value: number }>;
  /** The law's forecast at larger k, with its 95% band when bootstrapped. */
  forecast: Array<{ k: number; value: number; low?: number; high?: number }>;
}

export interface SamplesFigure { name: "coverage" | "inference-frontier"; title: string; spec: Record<string, unknown>; expected: { points: number; lines: number } }

const logK = (values: number[]) => ({ type: "log", domain: [Math.min(...values), Math.max(...values)] });

/** Coverage against k, log k axis: measured points, the forecast line and its band. */
export function coverageFigure(series: readonly CoverageSeries[]): SamplesFigure {
  const measured = series.flatMap((s) => s.measured.map((p) => ({ model: s.model, k: p.k, value: p.value })));
  const forecast = series.flatMap((s) => s.forecast.map((p) => ({ model: s.model, ...p })));
  const band = forecast.filter((p) => p.low !== undefined && p.high !== undefined);
  const ks = [...measured, ...forecast].map((p) => p.k);
  const colour = { field: "model", type: "nominal", title: "model", scale: { range: [...PALETTE] } };
  const x = { field: "k", type: "quantitative", title: "samples per problem, k (log)", scale: logK(ks) };
  const y = { field: "value", type: "quantitative", title: "pass@k (coverage)", scale: { domain: [0, 1] } };
  const spec = topLevel("Coverage against samples", [
    "points: measured pass@k (unbiased estimator, averaged over problems); lines: the beta-binomial law's forecast",
    band.length ? "band: its 95% interval from resampling the problems" : "no band: run with --bootstrap for one",
  ], "pass@k against the number of samples per problem, measured and forecast.", {
    ...SIZE,
    layer: [
      ...(band.length ? [{ data: { values: band }, mark: { type: "area", opacity: 0.18 }, encoding: { x, y: { ...y, field: "low" }, y2: { field: "high" }, color: colour } }] : []),
      { data: { values: forecast }, mark: { type: "line", strokeDash: [5, 3] }, encoding: { x, y, color: colour } },
      { data: { values: measured }, mark: { type: "point", filled: true, size: 30 }, encoding: { x, y, color: colour, tooltip: [{ field: "model" }, { field: "k" }, { field: "value", format: ".4f" }] } },
    ],
  });
  return { name: "coverage", title: "Coverage against samples", spec, expected: { points: measured.length, lines: new Set(forecast.map((p) => p.model)).size } };
}

/** Accuracy against inference FLOPs per problem: every (model, k) point, the frontier as a step line. */
export function inferenceFrontierFigure(points: ReadonlyArray<{ model: string; k: number; flops: number; accuracy: number; from: string }>, frontierPts: ReadonlyArray<{ flops: number; accuracy: number }>, convention: string): SamplesFigure {
  const x = { field: "flops", type: "quantitative", title: "inference FLOPs per problem (log)", scale: logK(points.map((p) => p.flops)), axis: { format: ".0e" } };
  const y = { field: "accuracy", type: "quantitative", title: "pass@k", scale: { domain: [0, 1] } };
  const spec = topLevel("Accuracy against inference compute", [convention, "line: the frontier (no point above it is cheaper); hollow points: from the law beyond the samples"],
    "pass@k against inference FLOPs per problem for each model and k, with the frontier.", {
      ...SIZE,
      layer: [
        { data: { values: frontierPts }, mark: { type: "line", interpolate: "step-after", color: "#333" }, encoding: { x, y } },
        {
          data: { values: points.map((p) => ({ ...p, measured: p.from === "data" })) }, mark: { type: "point", size: 40 },
          encoding: { x, y, color: { field: "model", type: "nominal", scale: { range: [...PALETTE] } }, fill: { condition: { test: "datum.measured", field: "model", type: "nominal" }, value: "transparent" }, tooltip: [{ field: "model" }, { field: "k" }, { field: "flops", format: ".3e" }, { field: "accuracy", format: ".4f" }, { field: "from" }] },
        },
      ],
    });
  return { name: "inference-frontier", title: "Accuracy against inference compute", spec, expected: { points: points.length, lines: 1 } };
}
