/** VizModel pieces from the core's own results: the runs of a fit and the fit with its bootstrap refits. */
import type { ResampleResult } from "../fit/bootstrap.js";
import type { FitData } from "../fit/data.js";
import type { FitResult } from "../fit/fitLaw.js";
import { countedRuns } from "../runs/counted.js";
import type { Run } from "../runs/types.js";
import type { VizFit, VizRun } from "./types.js";

/** Runs as figures draw them (loss in nats). O(n). */
export function vizRuns(runs: readonly Run[]): VizRun[] {
  return countedRuns(runs, "figures").map((r) => ({ params: r.params, tokens: r.tokens, flops: r.flops, loss: r.lossNats, line: r.line }));
}

/** A fit, the data it used and its bootstrap refits (runResamples or bootstrapParallel results) as figures need them. */
export function vizFit(fit: FitResult, data: FitData, resamples?: readonly ResampleResult[]): VizFit {
  return { law: fit.law, values: fit.params, theta: fit.theta, data, ...(resamples ? { resampleValues: resamples.map((r) => r.values) } : {}) };
}
