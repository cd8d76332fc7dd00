// Worker thread of the pool (workerPool.ts): for each job it is sent, builds the job's chunk
// runner, takes chunks from the shared counter until none are left, then says it is done.
import { parentPort, workerData } from "node:worker_threads";
import { exampleSweep } from "../core/fit/exampleSweep.js";
import { fitDataFor } from "../core/fit/data.js";
import { chinchilla } from "../core/laws/chinchilla.js";
import { chunkRunner } from "./jobs.js";
import { takeChunk, type WorkerInput, type WorkerMessage } from "./workerPool.js";

parentPort!.on("message", ({ job, chunks, next }: WorkerInput) => {
  try {
    const run = chunkRunner(job);
    const counter = new Int32Array(next);
    for (let k = takeChunk(counter, chunks.length); k >= 0; k = takeChunk(counter, chunks.length)) {
      parentPort!.postMessage({ chunk: k, result: run(chunks[k][0], chunks[k][1]) } satisfies WorkerMessage);
    }
    parentPort!.postMessage({ done: true } satisfies WorkerMessage);
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies WorkerMessage);
  }
});

// Started ahead of its first job (startWorkers while the command reads its data): compile the
// hot paths now, on a small simulated sweep, so that the first chunk of the real job runs
// optimised code. ≈ 30 ms of this thread's time, before any job can arrive.
if ((workerData as { warmUp?: boolean } | null)?.warmUp) {
  const data = fitDataFor(chinchilla, exampleSweep({ seed: 1 }));
  const theta = [Math.log(406.4), Math.log(410.7), Math.log(1.69), 0.34, 0.28];
  chunkRunner({ kind: "bootstrap", lawId: "chinchilla", lawOptions: {}, data, objective: "huber", delta: 1e-3, seed: 1, budgetFlops: 1e21, theta })(0, 60);
  chunkRunner({ kind: "survey", lawId: "chinchilla", lawOptions: {}, data, delta: 1e-3, starts: [[0, 0, 0, 0, 0], [5, 5, 0.5, 0.5, 0.5], [10, 10, 1, 1, 1]] })(0, 3);
}
