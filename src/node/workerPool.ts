/**
 * Runs a job's items [0, total) in chunks on the main thread and T − 1 worker
 * threads. Every thread takes its next chunk from one shared counter
 * (`Atomics.add` on a SharedArrayBuffer), so a worker never waits for the main
 * thread to hand it work: the main thread only reads results when it is
 * between chunks of its own, and a worker that waited for it there sat idle
 * for up to a chunk at a time (measured: a worker finished 17 and 20 of 45
 * survey chunks). Results come back in item order, so output never depends on
 * thread timing.
 *
 * The workers persist for the life of the process and serve one job at a time:
 * starting one costs ≈ 50 ms and its compiled code is cold, so a command that
 * runs an exhaustive fit, then a bootstrap, then a backtest's refits starts
 * them once (and `startWorkers` can start them while the data are read). An
 * idle worker does not keep the process alive (`unref`).
 */
import { availableParallelism } from "node:os";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import { chunkRunner, type ChunkResult, type WorkerJob } from "./jobs.js";

/** Default thread count: every core the process may use. */
export function defaultThreads(): number {
  return availableParallelism();
}

export interface ChunkOptions {
  threads: number;
  chunkSize: number;
  /** Called with the number of items finished so far. */
  onProgress?: (done: number) => void;
}

/** What a worker receives per job: the job, its chunks and the shared index of the next chunk to take. */
export interface WorkerInput {
  job: WorkerJob;
  chunks: Array<[number, number]>;
  next: SharedArrayBuffer;
}

/** What a worker sends: one chunk's result, that it has taken its last chunk, or that the job failed. */
export type WorkerMessage = { chunk: number; result: ChunkResult } | { done: true } | { error: string };

/** Takes the next chunk index from the shared counter; −1 when every chunk has been taken. */
export function takeChunk(next: Int32Array, chunks: number): number {
  const k = Atomics.add(next, 0, 1);
  return k < chunks ? k : -1;
}

/**
 * The worker's compiled script. Run from TypeScript sources (tests under vitest),
 * this module is src/node/workerPool.ts and the worker is taken from dist/
 * (`npm test` builds it first): a worker thread loads JavaScript only.
 */
const WORKER_SCRIPT = import.meta.url.endsWith(".ts") ? new URL("../../dist/node/worker.js", import.meta.url) : new URL("./worker.js", import.meta.url);

const workers: Worker[] = [];
/** Why each worker that died did so, for the job that was waiting on it. */
const deaths = new WeakMap<Worker, Error>();
let queue: Promise<unknown> = Promise.resolve();

/** Starts worker threads up to `count` (T − 1 for T threads), so that the first job finds them running. */
export function startWorkers(count: number = defaultThreads() - 1): void {
  while (workers.length < count) {
    // --input-type (node -e scripts) is refused by a worker's module loader: not passed on
    const execArgv = process.execArgv.filter((a) => !a.startsWith("--input-type"));
    const worker = new Worker(WORKER_SCRIPT, { execArgv, workerData: { warmUp: true } });
    worker.unref();
    // a worker that dies (it should not: job errors are messages) is replaced at the next job
    worker.on("exit", () => { const k = workers.indexOf(worker); if (k >= 0) workers.splice(k, 1); });
    worker.on("error", (e) => deaths.set(worker, e));
    workers.push(worker);
  }
}

/** One job on `workers` and the main thread. */
async function runOn<R extends ChunkResult>(helpers: Worker[], job: WorkerJob, chunks: Array<[number, number]>, options: ChunkOptions): Promise<R[]> {
  const results = new Array<R>(chunks.length);
  const next = new SharedArrayBuffer(4), counter = new Int32Array(next);
  let done = 0;
  const finish = (k: number, r: R) => { results[k] = r; done += chunks[k][1] - chunks[k][0]; options.onProgress?.(done); };

  const input: WorkerInput = { job, chunks, next };
  const finished = helpers.map((worker) => new Promise<void>((resolve, reject) => {
    const onMessage = (m: WorkerMessage) => {
      if ("chunk" in m) return finish(m.chunk, m.result as R);
      settle();
      if ("error" in m) reject(new Error(`${job.kind} worker: ${m.error}`));
      else resolve();
    };
    const onExit = () => {
      settle();
      const why = deaths.get(worker);
      reject(new Error(`${job.kind} worker stopped before finishing${why ? `: ${why.message}` : ""}`));
    };
    const settle = () => { worker.off("message", onMessage); worker.off("exit", onExit); worker.unref(); };
    worker.on("message", onMessage);
    worker.on("exit", onExit);
    worker.ref();
    worker.postMessage(input);
  }));

  try {
    const run = chunkRunner(job);
    for (let k = takeChunk(counter, chunks.length); k >= 0; k = takeChunk(counter, chunks.length)) {
      finish(k, run(chunks[k][0], chunks[k][1]) as R);
      await yieldToEventLoop(); // let worker messages (and the progress bar) through
    }
  } catch (e) {
    // the workers finish their chunks of this job before the next job may use them
    Atomics.store(counter, 0, chunks.length);
    await Promise.allSettled(finished);
    throw e;
  }
  await Promise.all(finished);
  return results;
}

/** Runs a job over threads; jobs queue for the shared workers one at a time. */
export function runChunked<R extends ChunkResult>(job: WorkerJob, total: number, options: ChunkOptions): Promise<R[]> {
  const chunks: Array<[number, number]> = [];
  for (let from = 0; from < total; from += options.chunkSize) chunks.push([from, Math.min(total, from + options.chunkSize)]);
  const helpers = Math.max(0, options.threads - 1);
  const result = queue.then(() => {
    startWorkers(helpers);
    return runOn<R>(workers.slice(0, helpers), job, chunks, options);
  });
  queue = result.catch(() => undefined);
  return result;
}
