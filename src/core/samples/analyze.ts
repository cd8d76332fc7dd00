/**
 * One model's test-time analysis from its per-problem (n, c) counts (issue 14),
 * shared by `scalecast samples`, the report and the workbench:
 *
 * - pass@k at each k asked: Chen et al.'s unbiased estimator averaged over problems;
 * - the distributional law: Beta(α, β) of per-problem success by beta-binomial likelihood;
 * - the aggregate law −ln pass@k = a·k^(−b), fitted to the empirical coverage at
 *   k = 1, 2, 4, … up to the smallest n;
 * - both laws' forecasts at larger k, and with a bootstrap over problems the
 *   95% intervals of everything, the aggregate law's forecast included.
 *
 * And its backtest: fit on n₀ samples per problem, forecast the k beyond n₀ up to
 * the smallest n, and score both laws against the estimator on all n samples.
 */
import { betaPassAtK, fitBetaBinomial } from "./betaBinomial.js";
import { fitKumaraswamyBinomial, kumaraswamyPassAtK } from "./kumaraswamy.js";
import { bootstrapProblems, fitAggregate, type ProblemBootstrap } from "./bootstrapProblems.js";
import { coverageCurve, passAtK } from "./passAtK.js";
import type { ProblemCounts } from "./readSamples.js";
import { maxOf, minOf } from "../stats/extent.js";
import { createRng } from "../stats/rng.js";
import type { CoverageSeries } from "../viz/samplesFigures.js";
import { bestOfK, majorityAtK } from "./voting.js";

/** Random k-subsets per problem behind each majority@k (its Monte Carlo standard error is said). */
export const MAJORITY_DRAWS = 400;

export interface AggregateFit { a: number; b: number; converged: boolean; fittedOn: number[] }

export interface ModelAnalysis {
  model: string;
  problems: number;
  samples: { min: number; max: number };
  passAtK: Array<{ k: number; value: number }>;
  beta: { alpha: number; beta: number; logLikelihood: number; converged: boolean };
  aggregate?: AggregateFit;
  /** The Kumaraswamy alternative to Beta (same two parameters, fitted by the same likelihood; no bootstrap). */
  kumaraswamy: { a: number; b: number; logLikelihood: number; converged: boolean };
  forecast: Array<{ k: number; beta: number; kumaraswamy: number; aggregate?: number }>;
  /** Percentile 95% intervals from resampling the problems. */
  bootstrap?: ProblemBootstrap;
  /** With per-sample scores or answers: best-of-k (exact) and majority@k (Monte Carlo) at the table's k, averaged over problems. */
  voting?: Array<{ k: number; bestOfK?: number; majority?: { value: number; monteCarloSE: number; draws: number } }>;
  /** The measured coverage at the aggregate law's k (1, 2, 4, … ≤ the smallest n), for figures. */
  measured: Array<{ k: number; value: number }>;
}

export interface AnalysisOptions {
  /** The k of the pass@k table; each must be ≤ every problem's n (refused per problem otherwise). */
  ks: readonly number[];
  /** Larger k to forecast at; default 10× and 100× the largest n. */
  forecastKs?: readonly number[];
  /** Resamples of the problems (0 or 1: no intervals). */
  bootstrap: number;
  seed: number;
  onProgress?: (done: number) => void;
}

/** The k at which the aggregate law is fitted: 1, 2, 4, … and the smallest n itself. */
export function aggregateKs(nMin: number): number[] {
  const ks: number[] = [];
  for (let k = 1; k <= nMin; k *= 2) ks.push(k);
  if (ks[ks.length - 1] !== nMin) ks.push(nMin);
  return ks;
}

/** The analysis of one model. Throws a RangeError for k beyond a problem's n or for bad counts. O(problems · (Σk + kMin) + bootstrap). */
export function analyzeModel(model: string, problems: readonly ProblemCounts[], o: AnalysisOptions): ModelAnalysis {
  const ns = problems.map((p) => p.n);
  const min = minOf(ns), max = maxOf(ns);
  const passAt = o.ks.map((k) => ({ k, value: problems.reduce((s, p) => s + passAtK(p.n, p.c, k, `${p.id} (model ${model})`), 0) / problems.length }));
  const beta = fitBetaBinomial(problems);
  const kuma = fitKumaraswamyBinomial(problems, { a: beta.alpha, b: beta.beta });
  const ks = aggregateKs(min);
  const curve = coverageCurve(problems, min);
  const agg = fitAggregate(ks, ks.map((k) => curve[k - 1]));
  const aggregate = agg && { a: agg.a, b: agg.b, converged: agg.converged, fittedOn: agg.fittedOn };
  const forecastKs = o.forecastKs ?? [10 * max, 100 * max];
  const bootstrap = o.bootstrap >= 2
    ? bootstrapProblems(problems, o.ks, forecastKs, o.bootstrap, o.seed, o.onProgress, agg ? { ks: agg.fittedOn, start: agg.fitSpace } : undefined)
    : undefined;
  const voting = votingTable(model, problems, o.ks, o.seed);
  return {
    model, problems: problems.length, samples: { min, max }, passAtK: passAt, ...(voting ? { voting } : {}),
    beta: { alpha: beta.alpha, beta: beta.beta, logLikelihood: beta.logLikelihood, converged: beta.converged },
    ...(aggregate ? { aggregate } : {}),
    kumaraswamy: { a: kuma.a, b: kuma.b, logLikelihood: kuma.logLikelihood, converged: kuma.converged },
    forecast: forecastKs.map((k) => ({ k, beta: betaPassAtK(beta.alpha, beta.beta, k), kumaraswamy: kumaraswamyPassAtK(kuma.a, kuma.b, k), ...(aggregate ? { aggregate: aggregatePassAtK(aggregate, k) } : {}) })),
    ...(bootstrap ? { bootstrap } : {}),
    measured: ks.map((k) => ({ k, value: curve[k - 1] })),
  };
}

/** best-of-k and majority@k over a model's problems, when every problem has scores or answers. */
function votingTable(model: string, problems: readonly ProblemCounts[], ks: readonly number[], seed: number): ModelAnalysis["voting"] {
  const scored = problems.every((p) => p.scores && p.outcomes), answered = problems.every((p) => p.answers && p.outcomes);
  if (!scored && !answered) return undefined;
  const rng = createRng(seed);
  const P = problems.length;
  return ks.map((k) => {
    for (const p of problems) if (k > p.n) throw new RangeError(`k = ${k} exceeds the n = ${p.n} samples of problem ${p.id} (model ${model}) [k-exceeds-samples]`);
    const row: NonNullable<ModelAnalysis["voting"]>[number] = { k };
    if (scored) row.bestOfK = problems.reduce((s, p) => s + bestOfK(p.scores!, p.outcomes!, k), 0) / P;
    if (answered) {
      let sum = 0, variance = 0;
      for (const p of problems) { const m = majorityAtK(p.answers!, p.outcomes!, k, MAJORITY_DRAWS, rng); sum += m; variance += m * (1 - m) / MAJORITY_DRAWS; }
      row.majority = { value: sum / P, monteCarloSE: Math.sqrt(variance) / P, draws: MAJORITY_DRAWS };
    }
    return row;
  });
}

/** A model's analysis as documents carry it: without the figure's points. */
export type SamplesModel = Omit<ModelAnalysis, "measured"> & { backtest?: SamplesBacktest };

/**
 * The analysis at the forecast k asked, and the coverage figure's series for it: the measured coverage and the
 * beta-binomial forecast (with its band when bootstrapped) from the smallest n to the largest forecast k, 12 steps
 * in log k. One pass: the figure's k ride along with the bootstrap.
 */
export function analyzeWithSeries(model: string, problems: readonly ProblemCounts[], o: AnalysisOptions): { analysis: SamplesModel; series: CoverageSeries } {
  const ns = problems.map((p) => p.n);
  const min = minOf(ns), max = maxOf(ns);
  const forecastKs = o.forecastKs ?? [10 * max, 100 * max];
  const top = Math.max(...forecastKs, min);
  const gridKs = Array.from({ length: 12 }, (_, i) => Math.round(min * (top / min) ** (i / 11)));
  const all = analyzeModel(model, problems, { ...o, forecastKs: [...forecastKs, ...gridKs] });
  const F = forecastKs.length;
  const series: CoverageSeries = {
    model, measured: all.measured,
    forecast: gridKs.map((k, j) => ({ k, value: all.forecast[F + j].beta, ...(all.bootstrap ? { low: all.bootstrap.forecast[F + j].ci95[0], high: all.bootstrap.forecast[F + j].ci95[1] } : {}) })),
  };
  const { measured: _, ...rest } = all;
  const cut = <T>(xs: T[]) => xs.slice(0, F);
  const bootstrap = rest.bootstrap && { ...rest.bootstrap, forecast: cut(rest.bootstrap.forecast),
    ...(rest.bootstrap.aggregate ? { aggregate: { ...rest.bootstrap.aggregate, forecast: cut(rest.bootstrap.aggregate.forecast) } } : {}) };
  return { analysis: { ...rest, forecast: cut(rest.forecast), ...(bootstrap ? { bootstrap } : {}) }, series };
}

/** pass@k under the aggregate law: exp(−a·k^(−b)). */
export const aggregatePassAtK = (f: { a: number; b: number }, k: number) => Math.exp(-f.a * k ** -f.b);

export interface SamplesBacktest {
  model: string;
  /** Samples per problem the laws were fitted on. */
  n0: number;
  /** How the n₀ samples were chosen: the first n₀ rows of each problem (per-sample files) or a seeded draw without replacement (count files). */
  subset: string;
  rows: Array<{ k: number; actual: number; beta: { value: number; ci95?: [number, number] }; aggregate?: { value: number; ci95?: [number, number] } }>;
  /**
   * Per law: mean |forecast − actual| of pass@k; mean |relative error| of the failure rate 1 − pass@k over the
   * `failingK` held-out k where some problem was never solved (absent when none); how many k its interval holds.
   */
  summary: Record<"beta" | "aggregate", { meanAbsError: number; meanRelFailureError?: number; failingK: number; inside?: number; of: number } | undefined>;
}

/**
 * c correct among n₀ of the n samples. With the per-sample outcomes in order, the first n₀; with counts only, n₀
 * drawn without replacement (hypergeometric, seeded). O(n₀).
 */
function firstN0(p: ProblemCounts, n0: number, rng: ReturnType<typeof createRng>): number {
  if (p.outcomes) { let c = 0; for (let i = 0; i < n0; i++) c += p.outcomes[i]; return c; }
  let c = 0, good = p.c, left = p.n;
  for (let i = 0; i < n0; i++) { if (rng.next() * left < good) { c++; good--; } left--; }
  return c;
}

/**
 * Fit both laws on n₀ samples per problem and forecast pass@k at k = 2n₀, 4n₀, … and the smallest n, where the
 * estimator on all samples is the actual. Intervals come from `bootstrap` resamples of the problems of the n₀ fit.
 */
export function backtestSamples(model: string, problems: readonly ProblemCounts[], n0: number, bootstrap: number, seed: number, onProgress?: (done: number) => void): SamplesBacktest {
  const min = minOf(problems.map((p) => p.n));
  if (!Number.isInteger(n0) || n0 < 2) throw new RangeError(`the backtest needs n₀ ≥ 2 samples per problem to fit on, got ${n0}`);
  if (2 * n0 > min) throw new RangeError(`model ${model}: the backtest fits on n₀ = ${n0} samples and forecasts k up to the smallest n = ${min}; it needs n ≥ 2·n₀ on every problem`);
  const rng = createRng(seed);
  const head = problems.map((p) => ({ id: p.id, n: n0, c: firstN0(p, n0, rng) }));
  const held: number[] = [];
  for (let k = 2 * n0; k < min; k *= 2) held.push(k);
  held.push(min);
  const fit = analyzeModel(model, head, { ks: [1], forecastKs: held, bootstrap, seed, onProgress });
  const rows = held.map((k, j) => ({
    k,
    actual: problems.reduce((s, p) => s + passAtK(p.n, p.c, k), 0) / problems.length,
    beta: { value: fit.forecast[j].beta, ...(fit.bootstrap ? { ci95: fit.bootstrap.forecast[j].ci95 } : {}) },
    ...(fit.aggregate ? { aggregate: { value: fit.forecast[j].aggregate!, ...(fit.bootstrap?.aggregate ? { ci95: fit.bootstrap.aggregate.forecast[j].ci95 } : {}) } } : {}),
  }));
  const score = (law: "beta" | "aggregate") => {
    const got = rows.filter((r) => r[law] !== undefined);
    if (got.length === 0) return undefined;
    const withCi = got.filter((r) => r[law]!.ci95);
    // the failure rate's relative error is undefined where every problem was solved (actual = 1): those k are left out
    const failing = got.filter((r) => r.actual < 1);
    return {
      meanAbsError: got.reduce((s, r) => s + Math.abs(r[law]!.value - r.actual), 0) / got.length,
      ...(failing.length ? { meanRelFailureError: failing.reduce((s, r) => s + Math.abs((1 - r[law]!.value) / (1 - r.actual) - 1), 0) / failing.length } : {}),
      failingK: failing.length,
      ...(withCi.length ? { inside: withCi.filter((r) => r[law]!.ci95![0] <= r.actual && r.actual <= r[law]!.ci95![1]).length } : {}),
      of: got.length,
    };
  };
  return {
    model, n0, subset: problems.every((p) => p.outcomes) ? `the first ${n0} samples of each problem, in file order` : `${n0} of each problem's samples drawn without replacement (seed ${seed}): a count file does not say which came first`,
    rows, summary: { beta: score("beta"), aggregate: score("aggregate") },
  };
}
