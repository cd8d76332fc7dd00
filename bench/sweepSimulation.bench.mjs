#!/usr/bin/env node
// Design precision by simulation against the bootstrap (issue 13, acceptance: "the simulated interval width of a is within
// 15% of the width from bootstrapping one simulated sweep, and the 95% interval of a covers the true a in 92–98% of 200
// simulated sweeps"). The design: `sweep design --prior hoffmann-2022 --budgets 1e18,3e18,1e19,3e19,1e20
// --points-per-budget 7 --vocab 8192 --seq-len 512` (35 runs), 1% log-normal noise, seed 42, 200 sweeps, each also
// bootstrapped with 200 resamples. Run for both objectives (least squares in ln loss, δ = 1, the efficient fit for this
// noise; and fit's default Huber δ = 1e-3) and both bootstraps (residual: the design held fixed; case: fit's --bootstrap).
// Run: `node bench/sweepSimulation.bench.mjs [--sweeps 200] [--resamples 200]` after `npm run build`.
import { publishedLaw } from "../dist/core/catalog/publishedLaws.js";
import { getLaw } from "../dist/core/laws/registry.js";
import { designSweep } from "../dist/core/sweep/design.js";
import { summarizeSimulation } from "../dist/core/sweep/simulate.js";
import { simulateParallel } from "../dist/node/parallel.js";

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const K = arg("sweeps", 200), B = arg("resamples", 200);
const entry = publishedLaw("hoffmann-2022");
const law = getLaw(entry.law.lawId);
const design = designSweep({
  family: { kind: "isoflop", budgets: [1e18, 3e18, 1e19, 3e19, 1e20], pointsPerBudget: 7, spanDecades: 1.2 },
  prior: { name: entry.id, law, values: { ...entry.law.values }, paramConvention: "total" }, vocab: 8192, seqLen: 512, layout: "llama",
  hardware: { gpu: "h100", peakFlops: 989e12, mfu: 0.4, gpusPerRun: 1 }, constraints: {},
});
const rows = [];
for (const [delta, method] of [[1, "residual"], [1e-3, "residual"], [1, "case"]]) {
  const spec = { law, truth: { ...entry.law.values }, runs: design.runs, noise: 0.01, seed: 42, targetFlops: 1e22, delta, bootstrap: B, bootstrapMethod: method };
  const t0 = Date.now();
  const s = summarizeSimulation(spec, await simulateParallel(spec, {}, K));
  rows.push({
    delta, bootstrap: method, sweeps: s.a.n, notConverged: s.notConverged + s.failed,
    simulatedWidthA: +s.a.width95.toFixed(4), bootstrapMedianWidthA: +s.bootstrap.medianWidthA.toFixed(4),
    ratio: +(s.bootstrap.medianWidthA / s.a.width95).toFixed(3), coverageA: s.bootstrap.coverageA, seconds: (Date.now() - t0) / 1000,
  });
}
console.log(JSON.stringify({ runs: design.runs.length, sweeps: K, resamples: B, rows }, null, 1));
process.exit(0);
