/**
 * The page's side of the fit worker: one job at a time, as a promise with a
 * progress callback. Cancelling (or starting a new job while one runs)
 * terminates the worker and starts a fresh one: the simplest way to stop a
 * synchronous computation.
 */
import type { BootstrapRequest, FigureRequest, FitRequest, WorkerRequest, WorkerResponse } from "./workerProtocol.js";

export class Cancelled extends Error {
  override name = "Cancelled";
}

type Result<R extends WorkerRequest> = R extends FitRequest ? Extract<WorkerResponse, { type: "fit" }> : R extends BootstrapRequest ? Extract<WorkerResponse, { type: "bootstrap" }> : R extends FigureRequest ? Extract<WorkerResponse, { type: "figure" }> : never;

interface Job {
  id: number;
  resolve: (r: WorkerResponse) => void;
  reject: (e: Error) => void;
  onProgress?: (done: number, total: number) => void;
}

export class FitWorkerClient {
  private worker: Worker | null = null;
  private job: Job | null = null;
  private nextId = 1;

  get busy(): boolean {
    return this.job !== null;
  }

  /** Runs a job; a job already running is cancelled first (its promise rejects with Cancelled). */
  run<R extends WorkerRequest>(request: Omit<R, "id">, onProgress?: (done: number, total: number) => void): Promise<Result<R>> {
    if (this.job) this.cancel();
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<Result<R>>((resolve, reject) => {
      this.job = { id, resolve: resolve as (r: WorkerResponse) => void, reject, onProgress };
      worker.postMessage({ ...request, id });
    });
  }

  /** Stops the running job, if any (terminate, and a new worker on the next run). */
  cancel(): void {
    const job = this.job;
    this.job = null;
    this.worker?.terminate();
    this.worker = null;
    job?.reject(new Cancelled("cancelled"));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./fitWorker.ts", import.meta.url), { type: "module", name: "scalecast-fit" });
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const m = event.data, job = this.job;
      if (!job || m.id !== job.id) return; // a cancelled job's late message
      if (m.type === "progress") { job.onProgress?.(m.done, m.total); return; }
      this.job = null;
      if (m.type === "error") job.reject(new Error(m.message));
      else job.resolve(m);
    };
    worker.onerror = (event) => {
      const job = this.job;
      this.job = null;
      this.worker?.terminate();
      this.worker = null;
      job?.reject(new Error(`the fit worker failed: ${event.message || "unknown error"}`));
    };
    this.worker = worker;
    return worker;
  }
}
