#!/usr/bin/env node
// pass@k curves (issue 14, performance: "pass@k curves for 1,000 problems × n = 10,000 samples at every k from 1 to
// 10,000 in ≤ 1 s"). Problems' correct counts c are drawn (seeded) from a Beta(0.3, 2)-distributed pass@1 times n, so
// curves range from problems never solved to ones nearly always solved; every curve is computed (per problem, every k)
// and averaged into coverage@k. Median of 5 runs after one warm-up. Run: `node bench/passAtK.bench.mjs` after `npm run build`.
import { performance } from "node:perf_hooks";
import { coverageCurve } from "../dist/core/samples/passAtK.js";
import { createRng } from "../dist/core/stats/rng.js";
import { betaDeviate } from "../dist/core/stats/deviates.js";

const P = 1000, n = 10_000;
const rng = createRng(14);
const problems = Array.from({ length: P }, (_, i) => ({ id: String(i), n, c: Math.round(n * betaDeviate(rng, 0.3, 2)) }));
coverageCurve(problems, n); // warm-up
const times = [];
let cov;
for (let r = 0; r < 5; r++) { const t0 = performance.now(); cov = coverageCurve(problems, n); times.push(performance.now() - t0); }
times.sort((a, b) => a - b);
console.log(JSON.stringify({ problems: P, samplesPerProblem: n, ks: n, medianMs: +times[2].toFixed(1), runsMs: times.map((t) => +t.toFixed(1)), coverage: { k1: cov[0], k100: cov[99], k10000: cov[n - 1] } }, null, 1));
