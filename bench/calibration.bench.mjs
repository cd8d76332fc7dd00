#!/usr/bin/env node
// Calibration of scalecast's prediction intervals for a forecast (issue 12): K simulated pilot sweeps (the built-in
// example design: 9 IsoFLOP budgets 6e18 … 3e21 × 9 sizes, Hoffmann et al.'s rounded law, 1% log-normal noise), each
// fitted as `scalecast fit --bootstrap B` fits it and forecast at a large run (N = 7e10, D = 1.4e12: 196× the largest
// pilot budget) whose loss is drawn from the same law with the same noise. Reports how often the 80% and 95% PIs
// covered the large run. Run: `node bench/calibration.bench.mjs [--sweeps 200] [--resamples 100]` after `npm run build`.
import { exampleSweep } from "../dist/core/fit/exampleSweep.js";
import { fitDataFor } from "../dist/core/fit/data.js";
import { fitLaw } from "../dist/core/fit/fitLaw.js";
import { runResamples } from "../dist/core/fit/bootstrap.js";
import { predictWithIntervals, refitThetas } from "../dist/core/fit/predict.js";
import { chinchilla } from "../dist/core/laws/chinchilla.js";
import { createRng } from "../dist/core/stats/rng.js";

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const K = arg("sweeps", 200), B = arg("resamples", 100);
const TRUTH = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const target = { params: 7e10, tokens: 1.4e12, flops: 6 * 7e10 * 1.4e12 };
const truthLoss = TRUTH.E + TRUTH.A / target.params ** TRUTH.alpha + TRUTH.B / target.tokens ** TRUTH.beta;
const rng = createRng(20261202);
const covered = { "0.8": 0, "0.95": 0 }, ciCovered = { "0.8": 0, "0.95": 0 };
let done = 0;
const t0 = Date.now();
for (let s = 1; s <= K; s++) {
  const runs = exampleSweep({ seed: 1000 + s }).map((r, i) => ({ ...r, line: i + 2 }));
  const data = fitDataFor(chinchilla, runs);
  const fit = fitLaw(chinchilla, data);
  const refits = runResamples({ law: chinchilla, objective: "huber", delta: 1e-3, theta: fit.theta, seed: s, budgetFlops: 5.76e23, corrections: fit.corrections }, data, 0, B);
  const [p] = predictWithIntervals({ law: chinchilla, theta: fit.theta, resampleThetas: refitThetas(chinchilla, refits.map((r) => r.values)), data }, [target]);
  const actual = truthLoss * Math.exp(0.01 * rng.normal()); // the large run: same law, same noise
  for (const level of ["0.8", "0.95"]) {
    if (actual >= p.pi[level][0] && actual <= p.pi[level][1]) covered[level]++;
    if (truthLoss >= p.ci[level][0] && truthLoss <= p.ci[level][1]) ciCovered[level]++;
  }
  done++;
  if (done % 20 === 0) process.stderr.write(`${done}/${K} sweeps, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}
const pct = (n) => `${(100 * n / K).toFixed(1)}%`;
console.log(JSON.stringify({ sweeps: K, resamples: B, target, truthLoss, piCoverage: { "0.8": covered["0.8"] / K, "0.95": covered["0.95"] / K }, ciCoverageOfTruth: { "0.8": ciCovered["0.8"] / K, "0.95": ciCovered["0.95"] / K }, seconds: (Date.now() - t0) / 1000 }));
console.log(`PI coverage of the large run: 80% → ${pct(covered["0.8"])}, 95% → ${pct(covered["0.95"])}; CI coverage of the true law: 80% → ${pct(ciCovered["0.8"])}, 95% → ${pct(ciCovered["0.95"])} (${K} sweeps, ${B} refits each)`);
