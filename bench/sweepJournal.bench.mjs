#!/usr/bin/env node
// Journal overhead of `sweep run` and the time of `sweep status` for a 10,000-run sweep (issue 13: ≤ 1 s in total, ≤ 0.5 s).
// A 10,000-run spec is written directly (a design that large would spend its time in the shape search, not the journal);
// the journal gets what `sweep run` appends for every run (sweep start, submitted with pid and log, done with a result)
// through the runner's own Journal class, then is read and folded as a rerun does; `sweep status SPEC` runs as a process.
// Run: `node bench/sweepJournal.bench.mjs [--runs 10000]` after `npm run build`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Journal, loadJournal, sweepPaths } from "../dist/node/sweepRunner.js";
import { foldJournal } from "../dist/core/sweep/journal.js";
import { mkdirSync } from "node:fs";

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const N = arg("runs", 10_000);
const dir = mkdtempSync(join(tmpdir(), "scalecast-journal-bench-"));
const spec = join(dir, "spec.json");
const runs = Array.from({ length: N }, (_, i) => ({
  id: `iso-c1e18-${i + 1}`, budgetFlops: 1e18, params: 1e8, paramsTotal: 1e8, paramsNonEmbedding: 9e7, tokens: 1.6e9, flops: 9.6e17,
  layers: 8, dModel: 768, heads: 12, batchTokens: 262144, batchSequences: 128, steps: 6104, learningRate: 0.0018, gpuHours: 0.67, priorLoss: 3.5,
}));
writeFileSync(spec, JSON.stringify({
  tool: "scalecast", version: "0.1.0", command: "sweep design", argv: [], format: 1,
  family: { kind: "isoflop", budgets: [1e18], pointsPerBudget: N, spanDecades: 1.2 },
  prior: { name: "hoffmann-2022", lawId: "chinchilla", values: { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 }, paramConvention: "total" },
  conventions: { params: "total", flops: "C = 6ND", loss: "nats" }, rules: { learningRate: "x", batch: "x", shapes: "x" },
  hardware: { gpu: "h100", peakFlops: 989e12, mfu: 0.4, gpusPerRun: 1 }, constraints: {}, model: { vocab: 32000, seqLen: 2048, layout: "llama" },
  runs, excluded: [], totals: { runs: N, flops: N * 9.6e17, gpuHours: N * 0.67 },
}));
const paths = sweepPaths(spec);
mkdirSync(paths.dir, { recursive: true });
const t = () => new Date().toISOString();

let t0 = performance.now();
const journal = new Journal(paths.journal, 0, false);
journal.append({ event: "sweep", t: t(), spec, runs: N, executor: "local" });
for (const r of runs) journal.append({ event: "submitted", t: t(), id: r.id, attempt: 1, executor: "local", log: join(paths.dir, r.id, "attempt-1", "log.txt"), pid: 12345 });
for (const r of runs) journal.append({ event: "done", t: t(), id: r.id, attempt: 1, result: { loss: 3.5, wallclock_s: 12.5 } });
journal.close();
const appendMs = performance.now() - t0;
t0 = performance.now();
const read = loadJournal(paths.journal);
const states = foldJournal(runs.map((r) => r.id), read.events);
const foldMs = performance.now() - t0;
if ([...states.values()].some((s) => s.phase !== "done")) throw new Error("fold lost a run");

const statusMs = [];
for (let i = 0; i < 5; i++) {
  const s0 = performance.now();
  execFileSync(process.execPath, [join(import.meta.dirname, "..", "bin", "scalecast.js"), "sweep", "status", spec], { stdio: "ignore" });
  statusMs.push(performance.now() - s0);
}
statusMs.sort((a, b) => a - b);
const nodeMs = [];
for (let i = 0; i < 5; i++) { const s0 = performance.now(); execFileSync(process.execPath, ["-e", "0"]); nodeMs.push(performance.now() - s0); }
nodeMs.sort((a, b) => a - b);
console.log(JSON.stringify({
  runs: N, events: read.events.length,
  journalAppendMs: +appendMs.toFixed(1), journalReadAndFoldMs: +foldMs.toFixed(1), journalOverheadTotalMs: +(appendMs + foldMs).toFixed(1),
  sweepStatusMedianMs: +statusMs[2].toFixed(0), sweepStatusRunsMs: statusMs.map((v) => +v.toFixed(0)), nodeStartupMedianMs: +nodeMs[2].toFixed(0),
}, null, 1));
