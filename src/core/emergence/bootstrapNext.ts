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
  /** width ÷ |point|. */
  relativeWidth?: number;
  /** width ÷ the metric's observed range: the comparison. */
  rangeWidth?: number;
  refits?: number;
}

export interface NextForecast {
  next: number;
  nextFrom: string;
  bootstrap?: { resamples: number; seed: number; used: number; degenerate: number; notConverged: number };
  metrics: MetricForecast[];
  /** The metric with the smaller rangeWidth, when both were bootstrapped. */
  tighter: "discontinuous" | "continuous" | null;
  comparison: string;
}

export interface NextInput {
  scales: number[];
  metric: number[];
  continuous?: number[];
  names: { metric: string; continuous?: string };
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

export function forecastNext(input: NextInput): NextForecast {
  const { fits, next } = input;
  const dFit = pick(fits, input.discontinuousModel);
  const metrics: MetricForecast[] = [{ metric: "discontinuous", name: input.names.metric, model: dFit.curve.id, formula: dFit.curve.formula, point: predictAt(dFit, next) }];
  if (fits.continuous && input.continuous) metrics.push({ metric: "continuous", name: input.names.continuous!, model: fits.continuous.curve.id, formula: fits.continuous.curve.formula, point: predictAt(fits.continuous, next) });
  if (input.resamples === 0) return { next, nextFrom: input.nextFrom, metrics, tighter: null, comparison: "no bootstrap (--bootstrap 0): no intervals to compare" };
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
    const lo = quantile(finite, 0.025), hi = quantile(finite, 0.975), width = hi - lo;
    Object.assign(m, { ci95: [lo, hi], width, relativeWidth: width / Math.abs(m.point), rangeWidth: width / range(observed[j]), refits: finite.length });
  });
  const both = metrics.length === 2 && metrics.every((m) => m.rangeWidth !== undefined);
  const tighter = both ? (metrics[0].rangeWidth! <= metrics[1].rangeWidth! ? "discontinuous" : "continuous") : null;
  const pct = (v?: number) => (v === undefined ? "—" : `${(100 * v).toFixed(1)}%`);
  const comparison = both
    ? `${tighter === "discontinuous" ? metrics[0].name : metrics[1].name} forecasts ${next.toExponential(2)} with the tighter 95% interval: ${metrics.map((m) => `${m.name} ${pct(m.rangeWidth)}`).join(" vs ")} of its observed range`
    : metrics.length < 2 ? "no continuous metric: nothing to compare" : "too few usable refits to compare intervals";
  return { next, nextFrom: input.nextFrom, bootstrap: { resamples: input.resamples, seed: input.seed, used: input.resamples - degenerate, degenerate, notConverged }, metrics, tighter, comparison };
}
