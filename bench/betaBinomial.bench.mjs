#!/usr/bin/env node
// Beta-binomial fit of 1,000 problems (issue 14, performance: "a beta-binomial fit of 1,000 problems in ≤ 100 ms"), and
// the Kumaraswamy alternative on the same problems (no target; its likelihood is a quadrature).
// Problems: pass@1 drawn from Beta(0.5, 3) (seed 2025), 100 samples each. Median of 7 fits after one warm-up.
// Run: `node bench/betaBinomial.bench.mjs` after `npm run build`.
import { performance } from "node:perf_hooks";
import { fitBetaBinomial } from "../dist/core/samples/betaBinomial.js";
import { fitKumaraswamyBinomial } from "../dist/core/samples/kumaraswamy.js";
import { createRng } from "../dist/core/stats/rng.js";
import { betaDeviate } from "../dist/core/stats/deviates.js";

const rng = createRng(2025);
const problems = Array.from({ length: 1000 }, () => { const p = betaDeviate(rng, 0.5, 3); let c = 0; for (let j = 0; j < 100; j++) if (rng.next() < p) c++; return { n: 100, c }; });
fitBetaBinomial(problems);
const times = [];
let fit;
for (let r = 0; r < 7; r++) { const t0 = performance.now(); fit = fitBetaBinomial(problems); times.push(performance.now() - t0); }
times.sort((a, b) => a - b);
fitKumaraswamyBinomial(problems);
const kt = [];
let kf;
for (let r = 0; r < 7; r++) { const t0 = performance.now(); kf = fitKumaraswamyBinomial(problems); kt.push(performance.now() - t0); }
kt.sort((a, b) => a - b);
console.log(JSON.stringify({ problems: 1000, samplesPerProblem: 100, medianMs: +times[3].toFixed(2), runsMs: times.map((t) => +t.toFixed(2)), fit: { alpha: fit.alpha, beta: fit.beta, iterations: fit.iterations, converged: fit.converged },
  kumaraswamy: { medianMs: +kt[3].toFixed(2), runsMs: kt.map((t) => +t.toFixed(2)), a: kf.a, b: kf.b, iterations: kf.iterations, converged: kf.converged, logLikelihoodMinusBeta: kf.logLikelihood - fit.logLikelihood } }, null, 1));
