#!/usr/bin/env node
// `npm run fuzz`: generated command lines and run tables (scripts/fuzzCases.mjs) for every
// command, run in-process in worker threads with a time bound per case. Counts uncaught
// exceptions (exit 70), runs past their bound (the worker is terminated and replaced), exit
// codes outside the contract and NaN or Infinity in exit-0 output, and writes every failing
// case to fuzz-failures.json for replay. Needs a build (dist/).
//
//   node scripts/fuzz.mjs [--minutes 10] [--seed 1] [--bound-seconds 60] [--threads 2]
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { argvOf, fuzzCase, tableText, violation } from "./fuzzCases.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : fallback; };
const MINUTES = opt("minutes", 1), SEED = opt("seed", 1), BOUND = opt("bound-seconds", 60) * 1000, THREADS = opt("threads", availableParallelism());
const HERE = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "scalecast-fuzz-"));
let files = 0;
const writeTable = (text, ext) => { const p = join(dir, `t${files++}.${ext}`); writeFileSync(p, text); return p; };

const counts = { cases: 0, exit: { 0: 0, 1: 0, 2: 0, 3: 0 }, internal: 0, overBound: 0, badExit: 0, nonFinite: 0 };
const byCommand = {};
const failures = [];
const deadline = Date.now() + MINUTES * 60_000;
/** Cases drawn 500 at a time (seed, seed + 1, …), so the stream is endless and reproducible from the seed. */
function* stream() {
  for (let chunk = 0; ; chunk++) yield* fc.sample(fuzzCase, { seed: SEED + chunk, numRuns: 500 });
}
const rng = stream();

function worker() {
  const w = new Worker(join(HERE, "fuzzWorker.mjs"));
  w.unref();
  return w;
}

async function lane(k) {
  let w = worker();
  for (let id = 0; Date.now() < deadline; id++) {
    const c = rng.next().value;
    const argv = argvOf(c, writeTable, join(dir, `out-${k}`));
    const started = Date.now();
    const result = await new Promise((ok) => {
      const timer = setTimeout(() => ok({ status: "over-bound" }), BOUND);
      const onMessage = (m) => { clearTimeout(timer); w.off("message", onMessage); ok(m); };
      w.on("message", onMessage);
      w.postMessage({ id, argv });
    });
    counts.cases++;
    byCommand[c.command] = (byCommand[c.command] ?? 0) + 1;
    if (result.status === "over-bound") {
      counts.overBound++;
      failures.push({ argv, why: `over the ${BOUND / 1000} s bound`, ...(c.table ? { table: tableText(c.table) } : {}) });
      await w.terminate();
      w = worker();
      continue;
    }
    if (result.status in counts.exit) counts.exit[result.status]++;
    const v = violation(result);
    if (v) {
      if (v.startsWith("internal")) counts.internal++; else if (v.startsWith("exit")) counts.badExit++; else counts.nonFinite++;
      failures.push({ argv, why: v, seconds: (Date.now() - started) / 1000, ...(c.table ? { table: tableText(c.table) } : {}), stderr: result.stderr.slice(0, 3000) });
    }
  }
  await w.terminate();
}

const t0 = Date.now();
await Promise.all(Array.from({ length: THREADS }, (_, k) => lane(k)));
rmSync(dir, { recursive: true, force: true });
writeFileSync("fuzz-failures.json", JSON.stringify(failures, null, 2) + "\n");
console.log(`scalecast fuzz: ${counts.cases} cases in ${((Date.now() - t0) / 60_000).toFixed(1)} min (seed ${SEED}, ${THREADS} threads, ${BOUND / 1000} s bound per case) on ${cpus().length} × ${cpus()[0].model}`);
console.log(`  by command: ${Object.entries(byCommand).map(([k, v]) => `${k} ${v}`).join(", ")}`);
console.log(`  exit codes: 0 ${counts.exit[0]}, 1 ${counts.exit[1]}, 2 ${counts.exit[2]}, 3 ${counts.exit[3]}`);
console.log(`  uncaught exceptions (exit 70): ${counts.internal}; past the time bound: ${counts.overBound}; exit code outside the contract: ${counts.badExit}; NaN or Infinity in exit-0 output: ${counts.nonFinite}`);
if (failures.length) console.log(`  ${failures.length} failing cases written to fuzz-failures.json`);
process.exit(failures.length ? 1 : 0);
