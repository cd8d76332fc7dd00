/**
 * The fits of `scalecast emergence` on one task: the discontinuous metric
 * against ln(scale) by a sigmoid in log scale and by two smooth power laws,
 * the continuous metric by the power law its kind calls for; then where the
 * apparent jump sits and whether it is sharp (criterion.ts).
 */
import { bic, MAX_RISE_DECADES, MIN_BIC_GAIN } from "./criterion.js";
import { fitCurve, type CurveData, type CurveFit } from "./leastSquares.js";
import { LN81, logSigmoid, type SigmoidBound } from "./logSigmoid.js";
import { powerCurve } from "./powerCurves.js";
import { minOf, maxOf } from "../stats/extent.js";

export interface FitSummary {
  id: string;
  formula: string;
  params: Record<string, number>;
  r2: number;
  rss: number;
  bic: number;
  converged: boolean;
  status: string;
}

export interface JumpResult {
  sharp: boolean;
  /** x0, the scale at the sigmoid's midpoint. */
  midpoint: number;
  /** Scales at 10% and 90% of the rise. */
  rise: { from: number; to: number };
  widthDecades: number;
  midpointInRange: boolean;
  /** BIC of the better smooth alternative minus the sigmoid's (positive: the sigmoid fits better). */
  bicGain: number;
  /** Observed points strictly inside the 10–90% rise (0: the rise falls between two scales and its width is not measured). */
  pointsInRise: number;
  /** One sentence per criterion, saying whether it held. */
  reasons: string[];
}

export interface EmergenceFits {
  sigmoid: CurveFit;
  smooth: CurveFit[];
  /** The better smooth alternative by BIC. */
  bestSmooth: CurveFit;
  continuous?: CurveFit;
}

export interface FitSettings {
  floor: SigmoidBound;
  ceiling: SigmoidBound;
  better?: "lower" | "higher";
  maxRiseDecades?: number;
  minBicGain?: number;
}

/** Data of one curve: u = ln x − centre. */
export function curveData(scales: readonly number[], y: readonly number[], centre: number, w?: ArrayLike<number>): CurveData {
  return { u: Float64Array.from(scales, (x) => Math.log(x) - centre), y: Float64Array.from(y), centre, ...(w ? { w } : {}) };
}

/** Fits every curve; with `warm`, each starts from the matching fit of `warm` only (bootstrap refits). O(starts · iterations · n). */
export function fitEmergence(scales: readonly number[], metric: readonly number[], continuous: readonly number[] | undefined, centre: number, settings: FitSettings, w?: ArrayLike<number>, warm?: EmergenceFits): EmergenceFits {
  const data = curveData(scales, metric, centre, w);
  const sigmoid = fitCurve(logSigmoid(settings.floor, settings.ceiling), data, warm ? [warm.sigmoid.theta] : undefined);
  const smooth = (["saturating", "accelerating"] as const).map((shape, i) => fitCurve(powerCurve(shape), data, warm ? [warm.smooth[i].theta] : undefined));
  const n = scales.length;
  const bestSmooth = bic(smooth[0].rss, n, 3) <= bic(smooth[1].rss, n, 3) ? smooth[0] : smooth[1];
  const fits: EmergenceFits = { sigmoid, smooth, bestSmooth };
  if (continuous && settings.better) {
    fits.continuous = fitCurve(powerCurve(settings.better === "lower" ? "decaying" : "saturating"), curveData(scales, continuous, centre, w), warm?.continuous ? [warm.continuous.theta] : undefined);
  }
  return fits;
}

export function summarize(fit: CurveFit, n: number): FitSummary {
  return { id: fit.curve.id, formula: fit.curve.formula, params: fit.params, r2: fit.r2, rss: fit.rss, bic: bic(fit.rss, n, fit.curve.fitNames.length), converged: fit.converged, status: fit.status };
}

const sci = (x: number) => x.toExponential(2);

/** Where the apparent jump sits and whether it is sharp (criterion.ts). O(n). */
export function detectJump(fits: EmergenceFits, scales: readonly number[], settings: FitSettings): JumpResult {
  const n = scales.length;
  const maxRise = settings.maxRiseDecades ?? MAX_RISE_DECADES, minGain = settings.minBicGain ?? MIN_BIC_GAIN;
  const { x0, k, widthDecades } = fits.sigmoid.params;
  const half = LN81 / (2 * k);
  const rise = { from: x0 * Math.exp(-half), to: x0 * Math.exp(half) };
  const lo = minOf(scales), hi = maxOf(scales);
  const midpointInRange = x0 >= lo && x0 <= hi;
  const bicGain = bic(fits.bestSmooth.rss, n, 3) - bic(fits.sigmoid.rss, n, fits.sigmoid.curve.fitNames.length);
  const narrow = widthDecades <= maxRise, better = bicGain >= minGain;
  const reasons = [
    `midpoint x0 = ${sci(x0)} ${midpointInRange ? "inside" : "outside"} the observed scales ${sci(lo)}–${sci(hi)}`,
    `10–90% rise over ${widthDecades.toFixed(2)} decades (${sci(rise.from)}–${sci(rise.to)}), ${narrow ? "within" : "wider than"} the ${maxRise} allowed`,
    `sigmoid ${bicGain >= 0 ? "better" : "worse"} than the best smooth power law (${fits.bestSmooth.curve.formula}) by ${Math.abs(bicGain).toFixed(1)} in BIC; a jump needs ≥ ${minGain}`,
  ];
  return {
    sharp: midpointInRange && narrow && better, midpoint: x0, rise, widthDecades, midpointInRange, bicGain,
    pointsInRise: scales.filter((x) => x > rise.from && x < rise.to).length, reasons,
  };
}
