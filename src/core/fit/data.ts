import type { Law, LawInputs, RunInput } from "../laws/types.js";

/** A fitting data set: law inputs and observed losses as natural logs, optional case weights. */
export interface FitData {
  readonly n: number;
  readonly inputs: LawInputs;
  /** ln of the target: the loss in nats, or for downstream laws (target "metric") the metric. */
  readonly logLoss: Float64Array;
  /** Case weights (a bootstrap resample is integer weights); absent means all 1. */
  readonly weights?: Float64Array;
}

/** A point as the fitter needs it: natural-unit inputs, loss in nats and, for downstream laws, the metric. */
export type FitPoint = Partial<Record<Exclude<RunInput, "loss">, number>> & { lossNats: number; metric?: number };

/**
 * Builds fit data for a law from points. Throws a RangeError naming the point
 * and field when an input the law reads is missing, non-finite or ≤ 0 (the run
 * table has already excluded such rows; this guards library callers). O(n·k).
 */
export function fitDataFor(law: Law, points: ReadonlyArray<FitPoint>): FitData {
  const log: Partial<Record<RunInput, Float64Array>> = {};
  const positiveLog = (v: number | undefined, what: string, i: number) => {
    if (typeof v !== "number" || !Number.isFinite(v) || !(v > 0)) {
      throw new RangeError(`point ${i}: ${what} must be a finite number > 0 for law ${law.id}, got ${v}`);
    }
    return Math.log(v);
  };
  for (const input of law.inputs) log[input] = Float64Array.from(points, (pt, i) => positiveLog(input === "loss" ? pt.lossNats : pt[input], input, i));
  const logLoss = law.target === "metric"
    ? Float64Array.from(points, (pt, i) => positiveLog(pt.metric, "metric", i))
    : Float64Array.from(points, (pt, i) => positiveLog(pt.lossNats, "lossNats", i));
  return { n: points.length, inputs: { n: points.length, log }, logLoss };
}

/**
 * The same data with case weights, compacted to the points of non-zero weight
 * (a bootstrap resample touches ≈ 63% of the points, so this saves a third of
 * every evaluation). O(n·k).
 */
export function weightedSubset(data: FitData, counts: ArrayLike<number>): FitData {
  let m = 0;
  for (let i = 0; i < data.n; i++) if (counts[i] > 0) m++;
  const keep = new Int32Array(m);
  for (let i = 0, k = 0; i < data.n; i++) if (counts[i] > 0) keep[k++] = i;
  const pick = (col: Float64Array) => {
    const out = new Float64Array(m);
    for (let k = 0; k < m; k++) out[k] = col[keep[k]];
    return out;
  };
  const log: Partial<Record<RunInput, Float64Array>> = {};
  for (const input of Object.keys(data.inputs.log) as RunInput[]) log[input] = pick(data.inputs.log[input]!);
  const weights = new Float64Array(m);
  for (let k = 0; k < m; k++) weights[k] = counts[keep[k]] * (data.weights ? data.weights[keep[k]] : 1);
  return { n: m, inputs: { n: m, log }, logLoss: pick(data.logLoss), weights };
}
