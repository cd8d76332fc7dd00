/**
 * The figures of observational scaling (`observe`, report --observe): the PC
 * loadings of each metric (PC1–3, one bar per metric and component) and, with
 * a target, the target against its predictor with the fitted sigmoid, the
 * backtest's held-out models and their 95% prediction intervals.
 */
import type { ObserveDocument } from "../observe/observeDocument.js";
import { predictSigmoid } from "../observe/sigmoidFit.js";
import { PALETTE, SIZE, finiteRows, topLevel } from "./spec.js";

export interface ObserveFigure { name: "pc-loadings" | "observe-fit"; title: string; spec: Record<string, unknown>; expected: { points?: number; lines?: number } }

/** Loadings of every metric on PC1–3 (fewer when there are fewer metrics), as grouped horizontal bars. */
export function loadingsFigure(doc: ObserveDocument): ObserveFigure {
  const shown = doc.pca.components.slice(0, 3);
  const values = shown.flatMap((c) => Object.entries(c.loadings).map(([metric, loading]) => ({ metric, component: `PC${c.component} (${(100 * c.explainedVarianceRatio).toFixed(1)}%)`, loading })));
  const spec = topLevel("Principal-component loadings", [
    `${doc.pca.preprocessing === "standardized" ? "z-scored" : "centred"} metrics over ${doc.pca.models} models with every metric; sign: loadings sum positive`,
    "in brackets: the share of variance each component explains",
  ], "Loading of each benchmark on the first principal components.", {
    data: { values },
    width: 150, height: { step: 14 },
    mark: { type: "bar" },
    encoding: {
      column: { field: "component", type: "nominal", title: null, sort: shown.map((c) => `PC${c.component} (${(100 * c.explainedVarianceRatio).toFixed(1)}%)`) },
      y: { field: "metric", type: "nominal", title: null, sort: doc.pca.metrics },
      x: { field: "loading", type: "quantitative", title: "loading", scale: { domain: [-1, 1] } },
      color: { condition: { test: "datum.loading < 0", value: PALETTE[2] }, value: PALETTE[0] },
      tooltip: [{ field: "metric" }, { field: "component" }, { field: "loading", format: ".3f" }],
    },
  });
  return { name: "pc-loadings", title: "Principal-component loadings", spec, expected: {} };
}

/** The target against its predictor: fitted models, the sigmoid per group, and held-out models with 95% PIs when backtested. */
export function observeFitFigure(doc: ObserveDocument): ObserveFigure | undefined {
  const d = doc.downstream;
  if (!d) return undefined;
  const bt = doc.backtest;
  // with a backtest, everything is drawn on its axis: the PCA and fit of the models below the cut-off
  const source = bt ?? d;
  const xTitle = d.x === "pc1" ? `PC1 of ${d.predictors.length} other metrics${bt ? " (PCA of the models below the cut-off)" : ""}` : "ln training FLOPs";
  const fitted = finiteRows(source.fitted.map((p) => ({ model: p.model, family: p.family ?? "", x: p.x, y: p.actual })));
  const held = bt ? finiteRows(bt.predictions.map((p) => ({ model: p.model, family: p.family ?? "", x: p.x, y: p.actual, predicted: p.predicted, low: p.pi95?.[0] ?? p.predicted, high: p.pi95?.[1] ?? p.predicted }))) : [];
  const xs = [...fitted, ...held].map((p) => p.x);
  const lo = Math.min(...xs), hi = Math.max(...xs);
  const curve = source.groups.flatMap((g) => Array.from({ length: 81 }, (_, i) => { const x = lo + ((hi - lo) * i) / 80; return { group: g.family ?? "pooled", x, y: predictSigmoid(g.fit, x) }; }));
  const x = { field: "x", type: "quantitative", title: xTitle, scale: { zero: false } };
  const y = { field: "y", type: "quantitative", title: d.target, scale: { domain: [0, 1] } };
  const spec = topLevel(`${d.target} against ${d.x === "pc1" ? "PC1" : "compute"}`, [
    `line: the fitted sigmoid (${d.pooled ? "pooled over families" : "one per family"})${bt ? `, fitted to the models at or below ${bt.cutoffFlops.toExponential(2)} FLOPs (blue)` : ", fitted to every model (points)"}`,
    ...(bt ? ["orange: the models above the cut-off, with their 95% prediction intervals"] : []),
  ], `${d.target} of each model against its predictor, with the fitted sigmoid.`, {
    ...SIZE,
    layer: [
      { data: { values: curve }, mark: { type: "line", color: "#1f1f1f" }, encoding: { x, y, detail: { field: "group" } } },
      { data: { values: fitted }, mark: { type: "point", filled: true, size: 24, color: PALETTE[0], opacity: 0.7 }, encoding: { x, y, tooltip: [{ field: "model" }, { field: "family" }, { field: "y", format: ".3f" }] } },
      ...(held.length ? [
        { data: { values: held }, mark: { type: "rule", color: PALETTE[1] }, encoding: { x, y: { ...y, field: "low" }, y2: { field: "high" } } },
        { data: { values: held }, mark: { type: "point", filled: true, size: 30, color: PALETTE[1] }, encoding: { x, y, tooltip: [{ field: "model" }, { field: "family" }, { field: "y", format: ".3f" }, { field: "predicted", format: ".3f" }] } },
      ] : []),
    ],
  });
  return { name: "observe-fit", title: `${d.target} against its predictor`, spec, expected: { points: fitted.length + held.length, lines: source.groups.length } };
}
