// Worker thread of the pool (workerPool.ts): for each job it is sent, builds the job's chunk
// runner, takes chunks from the shared counter until none are left, then says it is done.
import { parentPort } from "node:worker_threads";
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
