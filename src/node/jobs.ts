/**
 * Work that can be split into index ranges and run on any thread. A job is
 * plain data (it survives structured cloning); `chunkRunner` turns it into a
 * function of a range, the same in a worker and in the main thread.
 */
import { runResamples, type ResampleResult } from "../core/fit/bootstrap.js";
import type { FitData } from "../core/fit/data.js";
import { surveyStarts, type Survey } from "../core/fit/fitLaw.js";
import type { ObjectiveId } from "../core/fit/objectives.js";
import { getLaw, type LawOptions } from "../core/laws/registry.js";
import { simulateSweeps, type SimulatedSweep, type SimulationSpec } from "../core/sweep/simulate.js";

interface LawJob {
  lawId: string;
  lawOptions: LawOptions;
  data: FitData;
}

/** Refit bootstrap resamples; items are resample indices. */
export interface BootstrapJob extends LawJob {
  kind: "bootstrap";
  objective: ObjectiveId;
  delta: number;
  seed: number;
  budgetFlops: number;
  theta: number[];
  corrections?: { s: number[]; y: number[] }[];
  /** A run index per point: resample runs, not points. */
  clusters?: number[];
}

/** Survey multi-start starts (exhaustive); items are indices into `starts`. */
export interface SurveyJob extends LawJob {
  kind: "survey";
  delta: number;
  starts: number[][];
}

/** Simulated sweeps of a design (sweep design --simulate); items are sweep indices. */
export interface SimulateJob {
  kind: "simulate";
  lawId: string;
  lawOptions: LawOptions;
  spec: Omit<SimulationSpec, "law">;
}

export type WorkerJob = BootstrapJob | SurveyJob | SimulateJob;
export type ChunkResult = ResampleResult[] | Survey | SimulatedSweep[];

/** The function that runs items [from, to) of a job. */
export function chunkRunner(job: WorkerJob): (from: number, to: number) => ChunkResult {
  const law = getLaw(job.lawId, job.lawOptions);
  if (job.kind === "simulate") {
    const spec: SimulationSpec = { ...job.spec, law };
    return (from, to) => simulateSweeps(spec, from, to);
  }
  if (job.kind === "bootstrap") {
    const corrections = job.corrections?.map((c) => ({ s: Float64Array.from(c.s), y: Float64Array.from(c.y) }));
    const spec = { law, objective: job.objective, delta: job.delta, theta: job.theta, seed: job.seed, budgetFlops: job.budgetFlops, corrections, ...(job.clusters ? { clusters: job.clusters } : {}) };
    return (from, to) => runResamples(spec, job.data, from, to);
  }
  const starts = job.starts.map((s) => Float64Array.from(s));
  return (from, to) => surveyStarts(law, job.data, job.delta, starts.slice(from, to), "exhaustive");
}
