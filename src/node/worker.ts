// Worker thread: builds the job's chunk runner once, then takes chunks from the shared counter until none are left.
import { parentPort, workerData } from "node:worker_threads";
import { chunkRunner } from "./jobs.js";
import { takeChunk, type WorkerInput, type WorkerMessage } from "./workerPool.js";

const { job, chunks, next } = workerData as WorkerInput;
const run = chunkRunner(job);
const counter = new Int32Array(next);
for (let k = takeChunk(counter, chunks.length); k >= 0; k = takeChunk(counter, chunks.length)) {
  parentPort!.postMessage({ chunk: k, result: run(chunks[k][0], chunks[k][1]) } satisfies WorkerMessage);
}
parentPort!.postMessage({ done: true } satisfies WorkerMessage);
