/**
 * Multi-threaded versions of the core's exhaustive fit and bootstrap, with the
 * same results as the single-threaded core functions for any thread count
 * (tested): bootstrap resample b depends only on (seed, b), and survey end
 * points are merged in start order.
 */
import { runResamples, type BootstrapSpec, type ResampleResult } from "../core/fit/bootstrap.js";
import type { FitData } from "../core/fit/data.js";
import { finishFit, fitLaw, resolveFit, type FitOptions, type FitResult, type Survey } from "../core/fit/fitLaw.js";
import { lawRegistry, type LawOptions } from "../core/laws/registry.js";
import type { Law } from "../core/laws/types.js";
import type { BootstrapJob, SimulateJob, SurveyJob } from "./jobs.js";
import { simulateSweeps, type SimulatedSweep, type SimulationSpec } from "../core/sweep/simulate.js";
import { defaultThreads, runChunked, startWorkers } from "./workerPool.js";

/** Items per chunk: large enough to amortise a message, small enough to balance threads. */
const RESAMPLES_PER_CHUNK = 100;
const STARTS_PER_CHUNK = 25;
/** Below this much work, starting a worker (≈ 50 ms) costs more than it saves. */
const MIN_RESAMPLES_FOR_THREADS = 200;

/**
 * Starts the worker threads a command will want (an exhaustive survey, or a
 * bootstrap large enough to go parallel) so that their start-up overlaps the
 * reading of the data and the first fit.
 */
export function prestartWorkers(plan: { exhaustive?: boolean; resamples?: number; threads?: number }): void {
  const threads = Math.max(1, plan.threads ?? defaultThreads());
  if (threads > 1 && (plan.exhaustive || (plan.resamples ?? 0) >= MIN_RESAMPLES_FOR_THREADS)) startWorkers(threads - 1);
}

export interface ParallelOptions {
  threads?: number;
  /** Steps done, and (when known) how many there will be. */
  onProgress?: (done: number, total?: number) => void;
}

/**
 * fitLaw with the exhaustive survey spread over threads (the screened survey
 * is sequential by nature: it stops once the best basin is confirmed).
 */
export async function fitLawParallel(
  law: Law, lawOptions: LawOptions, data: FitData, options: FitOptions & ParallelOptions = {},
): Promise<FitResult & { threads: number }> {
  const resolved = resolveFit(law, data, options);
  // workers rebuild the law from the registry by id and options, so only registered, unconstrained laws go parallel
  const threads = Object.hasOwn(lawRegistry, law.id) && !law.constraints ? Math.max(1, options.threads ?? defaultThreads()) : 1;
  if (resolved.strategy !== "exhaustive" || threads === 1) {
    return { ...fitLaw(law, data, { ...options, onProgress: (d, total) => options.onProgress?.(d, total) }), threads: 1 };
  }
  const job: SurveyJob = { kind: "survey", lawId: law.id, lawOptions, data, delta: resolved.delta, starts: resolved.starts.map((s) => Array.from(s)) };
  const parts = await runChunked<Survey>(job, resolved.starts.length, { threads, chunkSize: STARTS_PER_CHUNK, onProgress: options.onProgress });
  const survey: Survey = {
    ends: parts.flatMap((p) => p.ends.map((e) => ({ x: Float64Array.from(e.x), f: e.f }))),
    run: parts.reduce((s, p) => s + p.run, 0),
    iterations: parts.reduce((s, p) => s + p.iterations, 0),
    evaluations: parts.reduce((s, p) => s + p.evaluations, 0),
  };
  return { ...finishFit(law, data, resolved, survey), threads };
}

/** runResamples over threads. */
export async function bootstrapParallel(
  spec: BootstrapSpec, lawOptions: LawOptions, data: FitData, resamples: number, options: ParallelOptions = {},
): Promise<{ results: ResampleResult[]; threads: number }> {
  const threads = resamples < MIN_RESAMPLES_FOR_THREADS || !Object.hasOwn(lawRegistry, spec.law.id) || spec.law.constraints ? 1 : Math.max(1, options.threads ?? defaultThreads());
  if (threads === 1) { // in this thread, with the law object itself (it may be constrained, or not registered)
    let done = 0;
    return { results: runResamples(spec, data, 0, resamples, () => options.onProgress?.(++done)), threads };
  }
  const job: BootstrapJob = {
    kind: "bootstrap", lawId: spec.law.id, lawOptions, data,
    objective: spec.objective, delta: spec.delta, seed: spec.seed, budgetFlops: spec.budgetFlops,
    theta: Array.from(spec.theta),
    corrections: spec.corrections?.map((c) => ({ s: Array.from(c.s), y: Array.from(c.y) })),
    ...(spec.clusters ? { clusters: Array.from(spec.clusters) } : {}),
  };
  const parts = await runChunked<ResampleResult[]>(job, resamples, { threads, chunkSize: RESAMPLES_PER_CHUNK, onProgress: options.onProgress });
  return { results: parts.flat(), threads };
}

/** Simulated sweeps of a design over threads (the same results for any thread count: sweep k depends only on (seed, k)). */
export async function simulateParallel(spec: SimulationSpec, lawOptions: LawOptions, sweeps: number, options: ParallelOptions = {}): Promise<SimulatedSweep[]> {
  const threads = !Object.hasOwn(lawRegistry, spec.law.id) || spec.law.constraints || sweeps < 8 ? 1 : Math.max(1, options.threads ?? defaultThreads());
  if (threads === 1) {
    const out: SimulatedSweep[] = [];
    for (let k = 0; k < sweeps; k++) { out.push(...simulateSweeps(spec, k, k + 1)); options.onProgress?.(k + 1, sweeps); }
    return out;
  }
  const { law, ...rest } = spec;
  const job: SimulateJob = { kind: "simulate", lawId: law.id, lawOptions, spec: rest };
  const parts = await runChunked<SimulatedSweep[]>(job, sweeps, { threads, chunkSize: 4, onProgress: options.onProgress });
  return parts.flat();
}
