/**
 * The metric-transforms figure of `scalecast emergence --figure` (after
 * Schaeffer, Miranda & Koyejo 2023, Figure 2): against scale on a log axis,
 * exact match p^ℓ (left axis, 0–1) and expected token edit distance ℓ(1 − p)
 * (right axis, 0–ℓ), both drawn from the fitted per-token loss (lines) and at
 * each model's measured p (points), with the measured discontinuous metric as
 * hollow points on the exact-match axis.
 */
import type { TransformSeries } from "../emergence/transformSeries.js";
import { finiteRows, PALETTE, SIZE, topLevel } from "./spec.js";

export interface EmergenceFigure { name: "transforms"; title: string; spec: Record<string, unknown>; expected: { points: number; lines: number } }

export function transformsFigure(t: TransformSeries, scaleTitle: string, metricName: string): EmergenceFigure {
  const em = `exact match p^${t.length}`, ed = `edit distance ${t.length}(1 − p)`;
  const colour = { field: "series", type: "nominal", title: null, scale: { domain: [em, ed, `measured ${metricName}`], range: [PALETTE[0], PALETTE[1], "#555"] }, legend: { orient: "bottom" } };
  const xs = [...t.points.map((p) => p.scale), ...t.curve.map((p) => p.scale)];
  const x = { field: "scale", type: "quantitative", title: `${scaleTitle} (log)`, scale: { type: "log", domain: [Math.min(...xs), Math.max(...xs)] }, axis: { format: ".0e" } };
  const yEm = { field: "value", type: "quantitative", title: `exact match (p^${t.length})`, scale: { domain: [0, 1] }, axis: { orient: "left", titleColor: PALETTE[0] } };
  const yEd = { field: "value", type: "quantitative", title: `token edit distance (${t.length}(1 − p))`, scale: { domain: [0, t.length] }, axis: { orient: "right", titleColor: PALETTE[1] } };
  const line = (key: "exactMatch" | "editDistance", name: string) => finiteRows(t.curve.map((p) => ({ scale: p.scale, value: p[key], series: name })));
  const pts = (key: "exactMatch" | "editDistance", name: string) => finiteRows(t.points.map((p) => ({ scale: p.scale, value: p[key], p: p.p, series: name })));
  const tooltip = [{ field: "series" }, { field: "scale", format: ".3e" }, { field: "value", format: ".4f" }];
  const layer = (y: Record<string, unknown>, key: "exactMatch" | "editDistance", name: string, extra: Array<Record<string, unknown>> = []) => ({
    layer: [
      ...(t.curve.length ? [{ data: { values: line(key, name) }, mark: { type: "line" }, encoding: { x, y, color: colour } }] : []),
      { data: { values: pts(key, name) }, mark: { type: "point", filled: true, size: 36 }, encoding: { x, y, color: colour, tooltip: [...tooltip, { field: "p", format: ".4f" }] } },
      ...extra,
    ],
  });
  const measured = { data: { values: finiteRows(t.points.map((p) => ({ scale: p.scale, value: p.observedMetric, series: `measured ${metricName}` }))) }, mark: { type: "point", filled: false, shape: "diamond", size: 60 }, encoding: { x, y: yEm, color: colour, tooltip } };
  const spec = topLevel("Exact match and edit distance from one per-token probability", [
    `filled points: each model's p transformed; lines: ${t.curve.length ? "from the power law fitted to the per-token loss −ln p" : "none (fewer than 4 scales with p > 0)"}`,
    `diamonds: the measured ${metricName}; left axis exact match, right axis edit distance (Schaeffer, Miranda & Koyejo 2023)`,
  ], `Exact match p^${t.length} and expected edit distance ${t.length}(1 − p) against scale.`, {
    ...SIZE,
    layer: [layer(yEm, "exactMatch", em, [measured]), layer(yEd, "editDistance", ed)],
    resolve: { scale: { y: "independent" } },
  });
  return { name: "transforms", title: "Exact match and edit distance from one per-token probability", spec, expected: { points: 3 * t.points.length, lines: t.curve.length ? 2 : 0 } };
}
