#!/usr/bin/env node
// Synthetic recovery of the distributional law (issue 14, acceptance): per-problem pass@1 drawn from Beta(0.5, 3) with a
// seed, n = 100 samples per problem, P problems; fitted by beta-binomial likelihood and bootstrapped over problems
// (B resamples). Over S seeds: how often the 95% intervals hold the true α and β, and how often the forecast interval of
// pass@10,000 holds the truth 1 − B(α, β + 10⁴)/B(α, β). Misses are split into "truth below the interval" and "above",
// and coverage is also given per block of 100 seeds, since one block's coverage has a binomial standard error of about
// 2 points. Run: `node bench/samplesCoverage.bench.mjs [--seeds 400] [--problems 300] [--resamples 200]` after
// `npm run build`.
import { betaPassAtK, fitBetaBinomial } from "../dist/core/samples/betaBinomial.js";
import { bootstrapProblems } from "../dist/core/samples/bootstrapProblems.js";
import { createRng } from "../dist/core/stats/rng.js";
import { betaDeviate } from "../dist/core/stats/deviates.js";

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const S = arg("seeds", 400), P = arg("problems", 300), B = arg("resamples", 200), A = 0.5, BETA = 3, K = 10_000, N = 100;
const truth = betaPassAtK(A, BETA, K);
const blank = () => ({ below: 0, inside: 0, above: 0 });
const tally = (t, lo, hi, v) => { if (v < lo) t.below++; else if (v > hi) t.above++; else t.inside++; };
const blocks = [];
let fits = 0;
const t0 = Date.now();
for (let s = 1; s <= S; s++) {
  if ((s - 1) % 100 === 0) blocks.push({ seeds: `${s}–${Math.min(s + 99, S)}`, alpha: blank(), beta: blank(), passAt10000: blank() });
  const block = blocks[blocks.length - 1];
  const rng = createRng(1000 + s);
  const problems = Array.from({ length: P }, () => { const p = betaDeviate(rng, A, BETA); let c = 0; for (let j = 0; j < N; j++) if (rng.next() < p) c++; return { n: N, c }; });
  if (!fitBetaBinomial(problems).converged) continue;
  fits++;
  const bs = bootstrapProblems(problems, [1], [K], B, s);
  tally(block.alpha, bs.alpha[0], bs.alpha[1], A);
  tally(block.beta, bs.beta[0], bs.beta[1], BETA);
  tally(block.passAt10000, bs.forecast[0].ci95[0], bs.forecast[0].ci95[1], truth);
}
const rate = (t) => t.inside / (t.below + t.inside + t.above);
const total = (key) => blocks.reduce((s, b) => ({ below: s.below + b[key].below, inside: s.inside + b[key].inside, above: s.above + b[key].above }), blank());
const summary = Object.fromEntries(["alpha", "beta", "passAt10000"].map((key) => { const t = total(key); const r = rate(t); return [key, { coverage: r, standardError: Math.sqrt(r * (1 - r) / fits), ...t }]; }));
console.log(JSON.stringify({ seeds: S, problems: P, samplesPerProblem: N, resamples: B, truth: { alpha: A, beta: BETA, passAt10000: truth }, fitted: fits,
  coverage: summary, perBlockOf100: blocks.map((b) => ({ seeds: b.seeds, alpha: rate(b.alpha), beta: rate(b.beta), passAt10000: rate(b.passAt10000) })),
  seconds: (Date.now() - t0) / 1000 }, null, 1));
