/**
 * The calibration figure of a scored forecast ledger (`forecast score
 * --figure`, the report's Forecasts section, the workbench): for the 80% and
 * 95% prediction and confidence intervals, the share of landed runs each
 * covered against the share it claims, with a Wilson 95% interval for that
 * share (few forecasts make a wide one); and the coverage read from the
 * z-scores at every level (each 95% PI read as normal), against the diagonal
 * of perfect calibration. Points below the diagonal: intervals too narrow.
 */
import type { LedgerScore } from "../forecast/score.js";
import { normalQuantile, wilsonInterval } from "../stats/normal.js";
import { PALETTE, SIZE, topLevel } from "./spec.js";

export const CALIBRATION_FIGURE = "forecast-calibration";

export interface CalibrationRow {
  interval: "prediction interval" | "confidence interval";
  /** The level the interval claims (0.8, 0.95). */
  nominal: number;
  /** Scored targets with this interval, and how many it covered. */
  n: number;
  covered: number;
  observed: number;
  /** Wilson 95% interval of the observed share. */
  low: number;
  high: number;
}

/** The observed coverage of each interval at each level, over the scored targets that carry it. O(targets). */
export function calibrationRows(score: LedgerScore): CalibrationRow[] {
  const withIntervals = score.targets.filter((t) => t.actual && t.covered);
  const rows: CalibrationRow[] = [];
  for (const [interval, key] of [["prediction interval", "pi"], ["confidence interval", "ci"]] as const) {
    for (const level of ["0.8", "0.95"]) {
      const have = withIntervals.filter((t) => t.covered![key][level] !== undefined);
      if (have.length === 0) continue;
      const covered = have.filter((t) => t.covered![key][level]).length;
      const [low, high] = wilsonInterval(covered, have.length, 0.95);
      rows.push({ interval, nominal: Number(level), n: have.length, covered, observed: covered / have.length, low, high });
    }
  }
  return rows;
}

/** Levels at which the z-score curve is drawn: 0.02 … 0.98 by 0.02, and 0.99. */
const CURVE_LEVELS = [...Array.from({ length: 49 }, (_, i) => (i + 1) / 50), 0.99];

/** Share of targets whose |z| is within the normal two-sided quantile of each level. O(targets · levels). */
export function zCoverageCurve(score: LedgerScore): Array<{ nominal: number; observed: number }> {
  const z = score.targets.filter((t) => t.z !== undefined && Number.isFinite(t.z)).map((t) => Math.abs(t.z!));
  if (z.length === 0) return [];
  return CURVE_LEVELS.map((q) => {
    const limit = normalQuantile(0.5 + q / 2);
    return { nominal: q, observed: z.filter((v) => v <= limit).length / z.length };
  });
}

export interface CalibrationFigure {
  name: typeof CALIBRATION_FIGURE;
  title: string;
  spec: Record<string, unknown>;
  /** Symbol items (one per interval and level) and line paths (the z-score curve), as FigureSpec.expected. */
  expected: { points: number; lines: number };
}

/** The figure, or why there is none (no scored target carries an interval). */
export function calibrationFigure(score: LedgerScore): { figure: CalibrationFigure } | { missing: string } {
  const rows = calibrationRows(score);
  if (rows.length === 0) return { missing: "forecasts scored against runs that landed, registered with intervals (a bootstrap)" };
  const curve = zCoverageCurve(score);
  const x = { field: "nominal", type: "quantitative", title: "interval level claimed", scale: { domain: [0, 1] }, axis: { format: ".0%" } };
  const y = { field: "observed", type: "quantitative", title: "share of landed runs inside", scale: { domain: [0, 1] }, axis: { format: ".0%" } };
  const colour = { field: "interval", type: "nominal", title: null, scale: { domain: ["prediction interval", "confidence interval"], range: [PALETTE[0], PALETTE[1]] }, legend: { orient: "top-left" } };
  // the two kinds sit a hair apart at the same level, so neither hides the other
  const shifted = rows.map((r) => ({ ...r, x: r.nominal + (r.interval === "prediction interval" ? -0.006 : 0.006) }));
  const xShifted = { ...x, field: "x" };
  const scored = score.targets.filter((t) => t.actual).length;
  const spec = topLevel("Forecast calibration", [
    `${scored} scored target${scored === 1 ? "" : "s"}: share inside each interval; bars: Wilson 95% interval of that share`,
    `${curve.length ? "grey: coverage at each level from z-scores (95% PI read as normal); " : ""}below the diagonal: too narrow`,
    "(a confidence interval bounds the law's mean, not a new run: it is expected to cover less)",
  ], "Observed coverage of the forecasts' 80% and 95% intervals against the level claimed, with the diagonal of perfect calibration.", {
    ...SIZE,
    layer: [
      { data: { values: [{ a: 0, b: 1 }] }, mark: { type: "rule", color: "#aaa", strokeDash: [4, 3] }, encoding: { x: { ...x, field: "a" }, y: { ...y, field: "a" }, x2: { field: "b" }, y2: { field: "b" } } },
      ...(curve.length ? [{ data: { values: curve }, mark: { type: "line", color: "#888", strokeWidth: 1.5, interpolate: "step-after" }, encoding: { x, y } }] : []),
      { data: { values: shifted }, mark: { type: "rule", strokeWidth: 2 }, encoding: { x: xShifted, y: { ...y, field: "low" }, y2: { field: "high" }, color: colour } },
      {
        data: { values: shifted }, mark: { type: "point", filled: true, size: 70, opacity: 1 },
        encoding: {
          x: xShifted, y, color: colour,
          tooltip: [{ field: "interval" }, { field: "nominal", title: "level", format: ".0%" }, { field: "covered", title: "covered" }, { field: "n", title: "of" }, { field: "observed", format: ".1%" }, { field: "low", format: ".1%" }, { field: "high", format: ".1%" }],
        },
      },
    ],
  });
  return { figure: { name: CALIBRATION_FIGURE, title: "Forecast calibration", spec, expected: { points: rows.length, lines: curve.length ? 1 : 0 } } };
}
