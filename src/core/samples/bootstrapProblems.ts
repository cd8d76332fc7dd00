/**
 * Bootstrap over problems (issue 14): the problems of a model resampled with
 * replacement (B times, seeded: resample b depends only on (seed, b)), the
 * pass@k table and the beta-binomial law computed on each, and percentile 95%
 * intervals of every quantity. Problems, not samples, are the unit: a
 * benchmark's uncertainty is which problems it happens to hold.
 */
import { fitDataFor } from "../fit/data.js";
import { fitLaw } from "../fit/fitLaw.js";
import { passkPower } from "../laws/passkPower.js";
import { resampleSeed } from "../fit/bootstrap.js";
import { quantileSorted } from "../stats/quantile.js";
import { createRng } from "../stats/rng.js";
import { betaPassAtK, fitBetaBinomial } from "./betaBinomial.js";
import { passAtK } from "./passAtK.js";

export interface ProblemBootstrap {
  resamples: number;
  seed: number;
  /** 95% percentile interval of pass@k at each k of the table. */
  passAtK: Array<{ k: number; ci95: [number, number] }>;
  alpha: [number, number];
  beta: [number, number];
  /** 95% interval of the beta-binomial forecast of pass@k at each forecast k. */
  forecast: Array<{ k: number; ci95: [number, number] }>;
  /** Resamples whose beta-binomial fit did not converge (kept out of the law's intervals, and counted). */
  notConverged: number;
  /** With an aggregate law to refit: its 95% intervals of a, b and of its forecast at each forecast k. */
  aggregate?: { a: [number, number]; b: [number, number]; forecast: Array<{ k: number; ci95: [number, number] }>; notConverged: number };
}

/** The aggregate law to refit on each resample: fitted at these k (each ≤ every problem's n), started from the full data's fit. */
export interface AggregateRefit { ks: readonly number[]; start: ArrayLike<number> }

/** The aggregate law −ln pass@k = a·k^(−b) fitted to coverage values at k (those strictly inside (0, 1)); undefined with fewer than 3. */
export function fitAggregate(ks: readonly number[], coverage: readonly number[], start?: ArrayLike<number>) {
  const pts = ks.map((k, j) => ({ samples: k, metric: coverage[j] })).filter((p) => p.metric > 0 && p.metric < 1);
  if (pts.length < 3) return undefined;
  const fit = fitLaw(passkPower, fitDataFor(passkPower, pts.map((p) => ({ ...p, lossNats: 1 }))), { objective: "huber", delta: 1e-3, ...(start ? { starts: [start] } : {}) });
  return { a: fit.params.a, b: fit.params.b, converged: fit.optimizer.converged, fittedOn: pts.map((p) => p.samples), fitSpace: [Math.log(fit.params.a), fit.params.b] };
}

const interval = (v: number[]): [number, number] => {
  const s = Float64Array.from(v).sort();
  return [quantileSorted(s, 0.025), quantileSorted(s, 0.975)];
};

/** B resamples of the problems. O(B · (problems · Σk + one beta-binomial fit)). */
export function bootstrapProblems(problems: ReadonlyArray<{ n: number; c: number }>, ks: readonly number[], forecastKs: readonly number[], resamples: number, seed: number, onEach?: (done: number) => void, aggregate?: AggregateRefit): ProblemBootstrap {
  if (!(resamples >= 2)) throw new RangeError(`the bootstrap needs at least 2 resamples, got ${resamples}`);
  const P = problems.length;
  // each problem's pass@k at each k, once: a resample's table is a weighted mean of these
  const per = ks.map((k) => problems.map((p) => passAtK(p.n, p.c, k)));
  const table: number[][] = ks.map(() => []);
  const alphas: number[] = [], betas: number[] = [];
  const fc: number[][] = forecastKs.map(() => []);
  let notConverged = 0;
  const aggPer = aggregate ? aggregate.ks.map((k) => problems.map((p) => passAtK(p.n, p.c, k))) : [];
  const aggA: number[] = [], aggB: number[] = [], aggFc: number[][] = forecastKs.map(() => []);
  let aggNotConverged = 0;
  for (let b = 0; b < resamples; b++) {
    const rng = createRng(resampleSeed(seed, b));
    const pick = Array.from({ length: P }, () => rng.int(P));
    ks.forEach((_, j) => table[j].push(pick.reduce((s, i) => s + per[j][i], 0) / P));
    if (aggregate) {
      const agg = fitAggregate(aggregate.ks, aggPer.map((col) => pick.reduce((s, i) => s + col[i], 0) / P), aggregate.start);
      if (agg === undefined || !agg.converged) aggNotConverged++;
      else { aggA.push(agg.a); aggB.push(agg.b); forecastKs.forEach((k, j) => aggFc[j].push(Math.exp(-agg.a * k ** -agg.b))); }
    }
    const fit = fitBetaBinomial(pick.map((i) => problems[i]));
    onEach?.(b + 1);
    if (!fit.converged) { notConverged++; continue; }
    alphas.push(fit.alpha); betas.push(fit.beta);
    forecastKs.forEach((k, j) => fc[j].push(betaPassAtK(fit.alpha, fit.beta, k)));
  }
  if (alphas.length < 2) throw new RangeError(`only ${alphas.length} of ${resamples} bootstrap fits converged: no interval`);
  return {
    resamples, seed, notConverged,
    passAtK: ks.map((k, j) => ({ k, ci95: interval(table[j]) })),
    alpha: interval(alphas), beta: interval(betas),
    forecast: forecastKs.map((k, j) => ({ k, ci95: interval(fc[j]) })),
    ...(aggregate && aggA.length >= 2 ? { aggregate: { a: interval(aggA), b: interval(aggB), forecast: forecastKs.map((k, j) => ({ k, ci95: interval(aggFc[j]) })), notConverged: aggNotConverged } } : {}),
  };
}
