/**
 * The compute-optimal frontier of a fitted law — N*(C), D*(C) and L*(C) from
 * `allocateWithLaw` — with percentile bands over bootstrap refits (each refit's
 * own frontier; Efron & Tibshirani 1993, ch. 13) and the prediction interval
 * of a new run at the full fit's optimum (`predictWithIntervals`).
 */
import { predictWithIntervals } from "../fit/predict.js";
import { allocateWithLaw, isUsableSplit } from "../plan/allocate.js";
import type { Law } from "../laws/types.js";
import { quantileSorted } from "../stats/quantile.js";
import { lawTheta, resamplesOf } from "./fitSupport.js";
import type { VizFit } from "./types.js";

export interface FrontierPoint {
  flops: number;
  params: number;
  tokens: number;
  loss: number;
}

/** L*(C), N*(C), D*(C) of a law at each compute. Cost: one allocation per C. */
export function frontier(law: Law, values: Readonly<Record<string, number>>, flops: readonly number[]): FrontierPoint[] {
  const points: FrontierPoint[] = [];
  for (const c of flops) { // a degenerate law (an exponent at 0) has no interior optimum at some C: no point there
    let a;
    try { a = allocateWithLaw({ law, values }, c); } catch (e) { if (e instanceof RangeError) continue; throw e; }
    if (isUsableSplit(a) && Number.isFinite(a.loss)) points.push({ flops: c, params: a.params, tokens: a.tokens, loss: a.loss! });
  }
  return points;
}

export interface Band {
  flops: number;
  lo: number;
  hi: number;
}

export interface FrontierBands {
  /** Refits that gave a finite frontier at every C. */
  resamples: number;
  loss: Band[];
  params: Band[];
  tokens: Band[];
}

/** 2.5–97.5 percentile bands of each refit's frontier. Cost: B allocations per C. */
export function frontierBands(fit: VizFit, flops: readonly number[], level = 0.95): FrontierBands | undefined {
  const { values } = resamplesOf(fit);
  const curves: FrontierPoint[][] = [];
  for (const v of values) {
    try {
      const f = frontier(fit.law, v, flops);
      if (f.length === flops.length) curves.push(f); // frontier() leaves out non-finite points: a complete curve is a finite one
    } catch { /* a refit whose allocation fails is left out, like a non-finite one */ }
  }
  if (curves.length < 2) return undefined;
  const q = (1 - level) / 2;
  const band = (key: "loss" | "params" | "tokens") => flops.map((c, i) => {
    const sorted = Float64Array.from(curves, (f) => f[i][key]).sort();
    return { flops: c, lo: quantileSorted(sorted, q), hi: quantileSorted(sorted, 1 - q) };
  });
  return { resamples: curves.length, loss: band("loss"), params: band("params"), tokens: band("tokens") };
}

/** Prediction interval (level) of a new run's loss at each frontier point. */
export function predictionBand(fit: VizFit, points: readonly FrontierPoint[], level = 0.95): Band[] | undefined {
  const { thetas } = resamplesOf(fit);
  if (thetas.length < 2) return undefined;
  const at = points.map((p) => ({ params: p.params, tokens: p.tokens, flops: p.flops }));
  const iv = predictWithIntervals({ law: fit.law, theta: lawTheta(fit), resampleThetas: thetas, data: fit.data, levels: [level] }, at);
  return iv.map((p, i) => ({ flops: points[i].flops, lo: p.pi[String(level)][0], hi: p.pi[String(level)][1] }));
}
