/**
 * Which metric forecasts the next scale with the tighter interval: a bootstrap
 * over models (rows resampled with replacement, B times, resample b seeded by
 * (seed, b) alone as in src/core/fit/bootstrap.ts), every fit refitted from the
 * full fit's parameters, each metric predicted at the next scale; percentile
 * 95% intervals (type-7 quantiles of the refits' predictions).
 *
 * The two metrics have different units, so widths are compared as a share of
 * each metric's observed range across the models (width ÷ (max − min)): how
 * much of the spread the scaling produced the forecast leaves uncertain. The
 * relative width (÷ |point|) is reported too but not used: it explodes for a
 * metric whose forecast is near 0 (an edit distance, an exact match below its rise).
 *
 * A curve may leave the metric's range beyond the data (an accelerating power
 * law past an accuracy of 1, a decaying one below an edit distance of 0): the
 * point and interval ends are then clipped to the range, the values before
 * clipping kept in `clipped`, and the comparison says so and gives no verdict
 * when an interval was clipped (a clipped interval is narrower than its
 * curve's uncertainty, so its width is no measure of it).
 */
import { resampleCounts } from "../fit/bootstrap.js";
import { quantile } from "../stats/quantile.js";
import { curveData, type EmergenceFits } from "./fitEmergence.js";
import { fitCurve, type CurveFit } from "./leastSquares.js";
import { predictAt } from "./smoothAcross.js";
import { minOf, maxOf } from "../stats/extent.js";

export interface MetricForecast {
  metric: "discontinuous" | "continuous";
  /** Column name. */
  name: string;
  /** The curve that forecasts it. */
  model: string;
  formula: string;
  point: number;
  ci95?: [number, number];
  width?: number;
  /** width ÷ |point| (absent when the point is 0). */
  relativeWidth?: number;
  /** width ÷ the metric's observed range: the comparison. */
  rangeWidth?: number;
  refits?: number;
  /** The values the metric can take, [min, max]; null where unbounded. */
  range: [number | null, number | null];
  /** Present when the point or an interval end left `range` and was clipped to it: the values before clipping (null: not finite). */
  clipped?: { point: number | null; ci95?: [number | null, number | null] };
}

export interface NextForecast {
  next: number;
  nextFrom: string;
  bootstrap?: { resamples: number; seed: number; used: number; degenerate: number; notConverged: number };
  metrics: MetricForecast[];
  /** The metric with the smaller rangeWidth, when both were bootstrapped and neither interval was clipped. */
  tighter: "discontinuous" | "continuous" | null;
  comparison: string;
}

export interface NextInput {
  scales: number[];
  metric: number[];
  continuous?: number[];
  names: { metric: string; continuous?: string };
  /** The values each metric can take, inclusive (±Infinity: unbounded). */
  ranges: { metric: readonly [number, number]; continuous?: readonly [number, number] };
  centre: number;
  fits: EmergenceFits;
  /** The curve that forecasts the discontinuous metric (the sigmoid or the better smooth alternative). */
  discontinuousModel: "sigmoid" | "smooth";
  next: number;
  nextFrom: string;
  resamples: number;
  seed: number;
  /** Fewest distinct scales a resample needs (the largest fit's parameters + 1). */
  minDistinct: number;
  onProgress?: (done: number, total: number) => void;
}

const pick = (fits: EmergenceFits, model: "sigmoid" | "smooth"): CurveFit => (model === "sigmoid" ? fits.sigmoid : fits.bestSmooth);
const range = (v: readonly number[]) => maxOf(v) - minOf(v);
const clip = (v: number, r: readonly [number, number]) => Math.min(r[1], Math.max(r[0], v));
const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);
const outside = (v: number, r: readonly [number, number]) => v < r[0] || v > r[1];
/** Whether the point, or an end of the interval, was clipped. */
export const pointClipped = (m: MetricForecast): boolean => m.clipped !== undefined && m.clipped.point !== m.point;
export const intervalClipped = (m: MetricForecast): boolean => m.ci95 !== undefined && m.clipped?.ci95 !== undefined && (m.clipped.ci95[0] !== m.ci95[0] || m.clipped.ci95[1] !== m.ci95[1]);

/** "[0, 1]", "[0, ∞)": a range in words. */
export function rangeText(r: readonly [number, number]): string {
  return `${Number.isFinite(r[0]) ? `[${r[0]}` : "(−∞"}, ${Number.isFinite(r[1]) ? `${r[1]}]` : "∞)"}`;
}

export function forecastNext(input: NextInput): NextForecast {
  const { fits, next } = input;
  const dFit = pick(fits, input.discontinuousModel);
  const ranges = [input.ranges.metric, input.ranges.continuous ?? ([-Infinity, Infinity] as const)];
  const raw: number[] = [predictAt(dFit, next)];
  if (fits.continuous && input.continuous) raw.push(predictAt(fits.continuous, next));
  const metrics: MetricForecast[] = raw.map((p, j) => {
    const f = j === 0 ? dFit : fits.continuous!;
    return {
      metric: j === 0 ? "discontinuous" : "continuous", name: j === 0 ? input.names.metric : input.names.continuous!, model: f.curve.id, formula: f.curve.formula,
      point: clip(p, ranges[j]), range: [finiteOrNull(ranges[j][0]), finiteOrNull(ranges[j][1])], ...(outside(p, ranges[j]) ? { clipped: { point: finiteOrNull(p) } } : {}),
    };
  });
  const clippedNote = () => metrics.filter((m) => m.clipped).map((m) => {
    const parts = [...(pointClipped(m) ? ["forecast"] : []), ...(intervalClipped(m) ? ["95% interval"] : [])];
    return `; ${m.name}'s ${m.model} ${parts.join(" and ")} left its range ${rangeText(ranges[metrics.indexOf(m)])} and ${parts.length > 1 ? "were" : "was"} clipped to it`;
  }).join("");
  if (input.resamples === 0) return { next, nextFrom: input.nextFrom, metrics, tighter: null, comparison: `no bootstrap (--bootstrap 0): no intervals to compare${clippedNote()}` };
  const draws: number[][] = metrics.map(() => []);
  let degenerate = 0, notConverged = 0;
  const n = input.scales.length;
  for (let b = 0; b < input.resamples; b++) {
    const w = resampleCounts(n, input.seed, b);
    const distinct = new Set(input.scales.filter((_, i) => w[i] > 0)).size;
    if (distinct < input.minDistinct) { degenerate++; input.onProgress?.(b + 1, input.resamples); continue; }
    // only the curves that forecast are refitted, each from the full fit's parameters
    const d = fitCurve(dFit.curve, curveData(input.scales, input.metric, input.centre, w), [dFit.theta]);
    const c = fits.continuous && input.continuous ? fitCurve(fits.continuous.curve, curveData(input.scales, input.continuous, input.centre, w), [fits.continuous.theta]) : undefined;
    if (!d.converged || (c && !c.converged)) notConverged++;
    draws[0].push(predictAt(d, next));
    if (c) draws[1].push(predictAt(c, next));
    input.onProgress?.(b + 1, input.resamples);
  }
  const observed = [input.metric, input.continuous ?? []];
  metrics.forEach((m, j) => {
    const finite = draws[j].filter(Number.isFinite);
    if (finite.length < 2) return;
    const rawLo = quantile(finite, 0.025), rawHi = quantile(finite, 0.975);
    const lo = clip(rawLo, ranges[j]), hi = clip(rawHi, ranges[j]), width = hi - lo;
    const relativeWidth = width / Math.abs(m.point); // not finite for a forecast of 0 (e.g. clipped to an edit distance of 0)
    Object.assign(m, { ci95: [lo, hi], width, ...(Number.isFinite(relativeWidth) ? { relativeWidth } : {}), rangeWidth: width / range(observed[j]), refits: finite.length });
    if (m.clipped || outside(rawLo, ranges[j]) || outside(rawHi, ranges[j])) m.clipped = { point: m.clipped ? m.clipped.point : m.point, ci95: [finiteOrNull(rawLo), finiteOrNull(rawHi)] };
  });
  const both = metrics.length === 2 && metrics.every((m) => m.rangeWidth !== undefined);
  const judged = both && !metrics.some(intervalClipped);
  const tighter = judged ? (metrics[0].rangeWidth! <= metrics[1].rangeWidth! ? "discontinuous" : "continuous") : null;
  const pct = (v?: number) => (v === undefined ? "—" : `${(100 * v).toFixed(1)}%`);
  const comparison = (judged
    ? `${tighter === "discontinuous" ? metrics[0].name : metrics[1].name} forecasts ${next.toExponential(2)} with the tighter 95% interval: ${metrics.map((m) => `${m.name} ${pct(m.rangeWidth)}`).join(" vs ")} of its observed range`
    : both ? "no verdict on the tighter interval: a clipped interval is narrower than its curve's uncertainty, so the widths do not compare"
      : metrics.length < 2 ? "no continuous metric: nothing to compare" : "too few usable refits to compare intervals")
    + clippedNote();
  return { next, nextFrom: input.nextFrom, bootstrap: { resamples: input.resamples, seed: input.seed, used: input.resamples - degenerate, degenerate, notConverged }, metrics, tighter, comparison };
}
