/**
 * Whether the discontinuous metric rises with scale at all: the question
 * `scalecast emergence` asks (where does it jump up?) has no answer for a
 * metric that falls (inverse scaling, McKenzie et al. 2023, arXiv:2306.09479)
 * or stays flat, and every curve then collapses to a constant (the sigmoid's
 * k → 0, its rise from 0 to ∞). The trend is the least-squares line of the
 * metric against log10(scale); it rises when that line climbs by more than
 * RESOLUTION (one question in 1,000) across the observed scales.
 */
import { diagnostic, DiagnosticError } from "../diagnostics.js";
import { RESOLUTION } from "./criterion.js";

export interface RisingTrend {
  /** Least-squares slope of the metric against log10(scale), per decade. */
  slopePerDecade: number;
  /** The line's change from the smallest to the largest scale. */
  change: number;
}

/** The least-squares trend of `metric` in log10(scale). O(n). */
export function risingTrend(scales: readonly number[], metric: readonly number[]): RisingTrend {
  const n = scales.length, u = scales.map(Math.log10);
  const mu = u.reduce((s, v) => s + v, 0) / n, my = metric.reduce((s, v) => s + v, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (u[i] - mu) * (metric[i] - my); sxx += (u[i] - mu) ** 2; }
  const slopePerDecade = sxx > 0 ? sxy / sxx : 0;
  return { slopePerDecade, change: slopePerDecade * (Math.max(...u) - Math.min(...u)) };
}

/** Refuses (`no-rising-trend`) a metric whose trend does not rise by more than RESOLUTION across the data. O(n). */
export function requireRisingTrend(scales: readonly number[], metric: readonly number[], source: string, column: string): RisingTrend {
  const t = risingTrend(scales, metric);
  if (!(t.change > RESOLUTION)) {
    const how = t.change < -RESOLUTION ? "falls with scale (inverse scaling)" : "stays flat across the scales";
    throw new DiagnosticError(diagnostic("no-rising-trend", `${source}: column "${column}" ${how}: its least-squares line in log10(scale) changes by ${t.change.toPrecision(3)} (${t.slopePerDecade.toPrecision(3)} per decade) across the data; emergence locates a rise, and a curve fitted to this would be a constant with a rise from 0 to ∞. For a metric where lower is better, analyse 1 − it`, { source, column }));
  }
  return t;
}

/** Refuses (`no-rising-trend`) a sigmoid fit whose rise is not a finite span of positive scales (k → 0: it found no rise). O(1). */
export function requireFiniteRise(rise: { from: number; to: number }, k: number, source: string, column: string): void {
  if (rise.from > 0 && Number.isFinite(rise.to) && Number.isFinite(rise.from)) return;
  throw new DiagnosticError(diagnostic("no-rising-trend", `${source}: the sigmoid fitted to column "${column}" found no rise (steepness k = ${k.toExponential(2)} per nat, so its 10–90% rise runs from ${rise.from.toExponential(2)} to ${rise.to.toExponential(2)}): the metric has no rising trend to locate a jump in`, { source, column }));
}
