#!/usr/bin/env node
// Synthetic recovery of the distributional law (issue 14, acceptance): per-problem pass@1 drawn from Beta(0.5, 3) with a
// seed, n = 100 samples per problem, P problems; fitted by beta-binomial likelihood and bootstrapped over problems
// (B resamples). Over S seeds: how often the 95% intervals hold the true α and β, and how often the forecast interval of
// pass@10,000 holds the truth 1 − B(α, β + 10⁴)/B(α, β). Run: `node bench/samplesCoverage.bench.mjs [--seeds 100]
// [--problems 300] [--resamples 200]` after `npm run build`.
import { betaPassAtK, fitBetaBinomial } from "../dist/core/samples/betaBinomial.js";
import { bootstrapProblems } from "../dist/core/samples/bootstrapProblems.js";
import { createRng } from "../dist/core/stats/rng.js";
import { betaDeviate } from "../dist/core/stats/deviates.js";

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const S = arg("seeds", 100), P = arg("problems", 300), B = arg("resamples", 200), A = 0.5, BETA = 3, K = 10_000, N = 100;
const truth = betaPassAtK(A, BETA, K);
let inA = 0, inB = 0, inF = 0, fits = 0;
const t0 = Date.now();
for (let s = 1; s <= S; s++) {
  const rng = createRng(1000 + s);
    const problems = Array.from({ length: P }, () => { const p = betaDeviate(rng, A, BETA); let c = 0; for (let j = 0; j < N; j++) if (rng.next() < p) c++; return { n: N, c }; });
  if (!fitBetaBinomial(problems).converged) continue;
  fits++;
  const bs = bootstrapProblems(problems, [1], [K], B, s);
  if (bs.alpha[0] <= A && A <= bs.alpha[1]) inA++;
  if (bs.beta[0] <= BETA && BETA <= bs.beta[1]) inB++;
  if (bs.forecast[0].ci95[0] <= truth && truth <= bs.forecast[0].ci95[1]) inF++;
}
console.log(JSON.stringify({ seeds: S, problems: P, samplesPerProblem: N, resamples: B, truth: { alpha: A, beta: BETA, passAt10000: truth }, fitted: fits,
  coverage: { alpha: inA / fits, beta: inB / fits, passAt10000: inF / fits }, seconds: (Date.now() - t0) / 1000 }, null, 1));
