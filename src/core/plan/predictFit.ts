/**
 * A saved fit's prediction at any points (`scalecast predict`): the law's
 * value, and with bootstrap refits its 80% and 95% confidence intervals (the
 * law's mean) and prediction intervals (a new run: refit plus a residual of the
 * full fit), with the extrapolation factor of each point's compute over the
 * largest fitted compute.
 */
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import { EXTRAPOLATION_WARNING } from "../fit/extrapolation.js";
import { lawInputsAt, predictWithIntervals, refitThetas, type IntervalPrediction } from "../fit/predict.js";
import { fitSpaceVector } from "../laws/transform.js";
import type { RunInput } from "../laws/types.js";
import type { SavedFit } from "./savedFit.js";
import { parseQuantity } from "../runs/quantity.js";
import { ROLE_IDS } from "../runs/roles.js";
import { chainForecast, type ChainForecast } from "./chain.js";

export type PredictionPoint = Partial<Record<RunInput, number>>;

/** The inputs a point may name: the law inputs among the run table's roles. */
export const POINT_KEYS = ROLE_IDS.filter((r) => !["run", "group", "metric"].includes(r)) as RunInput[];

/**
 * One point written as NAME=VALUE pairs: "params=7e10,tokens=1.4T" (sizes such
 * as 70B read). Throws a RangeError naming the pair that is not a known input
 * with a finite value > 0 (`--at` of predict and forecast register, and the
 * workbench's forecast points).
 */
export function parsePoint(text: string): PredictionPoint {
  const point: PredictionPoint = {};
  for (const part of text.split(",")) {
    const m = /^\s*([A-Za-z]+)\s*=\s*(\S+)\s*$/.exec(part);
    if (!m) throw new RangeError(`expected NAME=VALUE pairs separated by commas (e.g. params=7e10,tokens=1.4e12), got "${part}"`);
    const key = m[1] as RunInput;
    if (!POINT_KEYS.includes(key)) throw new RangeError(`unknown input "${m[1]}"; a point names ${POINT_KEYS.join(", ")}`);
    if (point[key] !== undefined) throw new RangeError(`${key} is given twice in "${text}"`);
    const v = parseQuantity(m[2]);
    if (v === null || !(v > 0) || !Number.isFinite(v)) throw new RangeError(`${key} must be a finite number > 0 (e.g. 7e10, 70B), got "${m[2]}"`);
    point[key] = v;
  }
  return point;
}

export interface PointPrediction {
  /** The point as given, plus C = 6ND when N and D are given without C. */
  inputs: PredictionPoint;
  /** The law's value (loss in nats, or the metric). */
  predicted: number;
  ci?: IntervalPrediction["ci"];
  pi?: IntervalPrediction["pi"];
  /** Bootstrap refits with a finite prediction here (the intervals use these). */
  refitsUsed?: number;
  /** The point's compute ÷ the largest fitted compute, when both are known. */
  extrapolationFactor?: number;
}

export interface FitPredictions {
  points: PointPrediction[];
  /** Why there are no intervals, or where they are weak; and far extrapolations. */
  warnings: Diagnostic[];
}

/** Predictions at `points`; throws a RangeError naming a point that lacks one of the law's inputs or has a non-positive one. */
export function predictFit(fit: SavedFit, points: readonly PredictionPoint[]): FitPredictions {
  const law = fit.law;
  if (points.length === 0) throw new RangeError("no point to predict at");
  const at = points.map((p) => (p.flops === undefined && p.params !== undefined && p.tokens !== undefined ? { ...p, flops: 6 * p.params * p.tokens } : { ...p }));
  lawInputsAt(law, at); // names a missing or non-positive input before anything else
  checkCompute(at);
  const theta = fitSpaceVector(law, fit.values);
  const central = new Float64Array(at.length);
  law.logPredict(theta, lawInputsAt(law, at), central);
  const warnings: Diagnostic[] = [];
  let intervals: IntervalPrediction[] | undefined;
  const resamples = fit.resamples ?? [];
  if (resamples.length >= 2 && fit.lnResiduals && fit.lnResiduals.length > 0) {
    const thetas = refitThetas(law, resamples);
    intervals = predictWithIntervals({ law, theta, resampleThetas: thetas, residuals: fit.lnResiduals }, at);
    const short = intervals.filter((iv) => iv.refitsUsed < thetas.length).length;
    if (short > 0) warnings.push(diagnostic("bootstrap-non-finite", `at ${short} point${short === 1 ? "" : "s"} some bootstrap refits gave no finite prediction; the intervals there use the rest`));
  } else {
    warnings.push(diagnostic("no-interval", resamples.length >= 2
      ? "this fit file carries bootstrap refits but not the residuals of the full fit (written before 2026-12-02): no intervals; refit with --bootstrap N --out to get them"
      : "this fit carries no bootstrap refits: no intervals (fit --bootstrap N --out FILE gives them)"));
  }
  const out = at.map((p, i): PointPrediction => {
    const iv = intervals?.[i];
    const factor = fit.maxFittedFlops !== undefined && p.flops !== undefined ? p.flops / fit.maxFittedFlops : undefined;
    return {
      inputs: p, predicted: Math.exp(central[i]),
      ...(iv ? { ci: iv.ci, pi: iv.pi, refitsUsed: iv.refitsUsed } : {}),
      ...(factor !== undefined ? { extrapolationFactor: factor } : {}),
    };
  });
  const far = out.filter((p) => (p.extrapolationFactor ?? 0) > EXTRAPOLATION_WARNING);
  if (far.length > 0) {
    warnings.push(diagnostic("extrapolation", `${far.length} point${far.length === 1 ? " lies" : "s lie"} beyond ${EXTRAPOLATION_WARNING}× the largest fitted compute (${fit.maxFittedFlops!.toExponential(2)} FLOPs; up to ${Math.max(...far.map((p) => p.extrapolationFactor!)).toPrecision(3)}×): a long extrapolation, whose uncertainty the intervals understate`));
  }
  const bad = out.filter((p) => !Number.isFinite(p.predicted)).length;
  if (bad > 0) warnings.push(diagnostic("non-finite", `the law gives no finite value at ${bad} point${bad === 1 ? "" : "s"}`));
  return { points: out, warnings };
}

/** C = 6ND of a point that overflows (N·D near the largest double) is refused, never carried as Infinity. */
function checkCompute(points: readonly PredictionPoint[], first = 0): void {
  points.forEach((p, k) => {
    const i = first + k;
    if (p.flops !== undefined && !Number.isFinite(p.flops)) throw new RangeError(`point ${i}: C = 6ND = 6 × ${p.params} × ${p.tokens} overflows the largest finite number: no compute (and no extrapolation factor) can be given for it`);
  });
}

export interface ChainedPrediction {
  /** The point as given (N and D, or C alone for the loss law's compute-optimal split). */
  inputs: PredictionPoint;
  /** The downstream law at the loss law's prediction there. */
  predicted: number;
  chain: ChainForecast;
  extrapolationFactor?: number;
}

/**
 * A downstream fit's metric at points, through a loss fit (Llama 3 §3.2.1's two
 * steps): N and D give the loss law's loss there, C alone its compute-optimal
 * split; the downstream law maps that loss to the metric. With bootstrap refits
 * of either fit, a 95% interval from paired refits (chainForecast).
 */
export function predictChained(lossFit: SavedFit, metricFit: SavedFit, points: readonly PredictionPoint[]): { points: ChainedPrediction[]; warnings: Diagnostic[] } {
  if (points.length === 0) throw new RangeError("no point to predict at");
  const warnings: Diagnostic[] = [];
  const out = points.map((p, i): ChainedPrediction => {
    const at = p.params !== undefined && p.tokens !== undefined ? { params: p.params, tokens: p.tokens }
      : p.flops !== undefined && p.params === undefined && p.tokens === undefined ? { flops: p.flops }
      : undefined;
    if (!at) throw new RangeError(`point ${i}: a chained prediction needs params and tokens, or flops alone (the loss law's compute-optimal split)`);
    if (!("flops" in at)) checkCompute([{ ...at, flops: 6 * at.params * at.tokens }], i);
    const chain = chainForecast({ ...lossFit, resamples: lossFit.resamples }, { ...metricFit, resamples: metricFit.resamples }, at);
    const factor = lossFit.maxFittedFlops !== undefined ? chain.flops / lossFit.maxFittedFlops : undefined;
    return { inputs: { ...p, flops: chain.flops }, predicted: chain.metric, chain, ...(factor !== undefined ? { extrapolationFactor: factor } : {}) };
  });
  const far = out.filter((p) => (p.extrapolationFactor ?? 0) > EXTRAPOLATION_WARNING);
  if (far.length > 0) {
    warnings.push(diagnostic("extrapolation", `${far.length} point${far.length === 1 ? " lies" : "s lie"} beyond ${EXTRAPOLATION_WARNING}× the loss fit's largest compute (${lossFit.maxFittedFlops!.toExponential(2)} FLOPs): a long extrapolation`));
  }
  const bad = out.filter((p) => !Number.isFinite(p.predicted)).length;
  if (bad > 0) warnings.push(diagnostic("non-finite", `the downstream law gives no finite value at ${bad} point${bad === 1 ? "" : "s"} (the forecast loss is outside its domain)`));
  return { points: out, warnings };
}
