/**
 * Whether the continuous metric stays smooth across the apparent jump: the RMS
 * of its power-law fit's residuals over the points inside the rise window (the
 * sigmoid's 10–90% rise, widened to at least ±WINDOW_HALF_DECADES decades
 * around x0), as a share of the metric's observed range; smooth when at most
 * SMOOTH_TOLERANCE. The same share over all points is reported beside it.
 * Fewer than MIN_WINDOW_POINTS models in the window cannot show a departure
 * from the curve (a single model always sits near it), so the test then
 * declines to judge and says why.
 */
import { MIN_WINDOW_POINTS, SMOOTH_TOLERANCE, WINDOW_HALF_DECADES } from "./criterion.js";
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

/** Why the test did not judge: too few models in the window, or a metric with no range. */
export interface NotJudged {
  reason: string;
}

/** The smoothness test, or why it cannot judge. O(n). */
export function smoothAcross(fit: CurveFit, scales: readonly number[], values: readonly number[], jump: { midpoint: number; rise: { from: number; to: number } }): SmoothAcross | NotJudged {
  const widen = 10 ** WINDOW_HALF_DECADES;
  const riseWindow = { from: Math.min(jump.rise.from, jump.midpoint / widen), to: Math.max(jump.rise.to, jump.midpoint * widen) };
  const residual = (i: number) => values[i] - predictAt(fit, scales[i]);
  const range = maxOf(values) - minOf(values);
  const inside = scales.map((x, i) => (x >= riseWindow.from && x <= riseWindow.to ? i : -1)).filter((i) => i >= 0);
  if (!(range > 0)) return { reason: "the continuous metric has the same value for every model" };
  if (inside.length < MIN_WINDOW_POINTS) {
    return { reason: `${inside.length} model${inside.length === 1 ? "" : "s"} in the rise window ${riseWindow.from.toExponential(2)}–${riseWindow.to.toExponential(2)}, fewer than the ${MIN_WINDOW_POINTS} needed to tell a smooth curve from a jump` };
  }
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
