/**
 * Whether the continuous metric stays smooth across the apparent jump: the RMS
 * of its power-law fit's residuals over the points inside the rise window (the
 * sigmoid's 10–90% rise, widened to at least ±WINDOW_HALF_DECADES decades
 * around x0), as a share of the metric's observed range; smooth when at most
 * SMOOTH_TOLERANCE. The same share over all points is reported beside it.
 */
import { SMOOTH_TOLERANCE, WINDOW_HALF_DECADES } from "./criterion.js";
import type { CurveFit } from "./leastSquares.js";
import { minOf, maxOf } from "../stats/extent.js";

export interface SmoothAcross {
  window: { from: number; to: number };
  points: number;
  /** RMS residual inside the window, in the metric's unit. */
  rmsResidual: number;
  /** rmsResidual ÷ the observed range of the metric. */
  relativeRms: number;
  /** The same share over every point, for comparison. */
  relativeRmsAll: number;
  smooth: boolean;
  measure: string;
}

export function smoothAcross(fit: CurveFit, scales: readonly number[], values: readonly number[], jump: { midpoint: number; rise: { from: number; to: number } }): SmoothAcross | null {
  const widen = 10 ** WINDOW_HALF_DECADES;
  const riseWindow = { from: Math.min(jump.rise.from, jump.midpoint / widen), to: Math.max(jump.rise.to, jump.midpoint * widen) };
  const residual = (i: number) => values[i] - predictAt(fit, scales[i]);
  const range = maxOf(values) - minOf(values);
  const inside = scales.map((x, i) => (x >= riseWindow.from && x <= riseWindow.to ? i : -1)).filter((i) => i >= 0);
  if (inside.length === 0 || !(range > 0)) return null;
  const rms = (idx: number[]) => Math.sqrt(idx.reduce((s, i) => s + residual(i) ** 2, 0) / idx.length);
  const local = rms(inside);
  return {
    window: riseWindow, points: inside.length, rmsResidual: local, relativeRms: local / range, relativeRmsAll: rms(scales.map((_, i) => i)) / range,
    smooth: local / range <= SMOOTH_TOLERANCE,
    measure: `RMS residual of the power law over the points within the rise window (the 10–90% rise, at least ±${WINDOW_HALF_DECADES} decade around x0) ÷ the metric's observed range; smooth when ≤ ${SMOOTH_TOLERANCE}`,
  };
}

/** A fitted curve's value at a scale x. */
export function predictAt(fit: CurveFit, x: number): number {
  return fit.curve.value(fit.theta, Math.log(x) - fit.centre);
}
