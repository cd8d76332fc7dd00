/**
 * Backtests: would these laws have predicted the runs we held back? Fit each
 * candidate (law × method) on the training runs, bootstrap it, and predict
 * the held-out runs with confidence and prediction intervals (predict.ts).
 * Reported per candidate: each held-out run's actual and predicted value and
 * relative error, the mean absolute relative error (MARE), and the share of
 * held-out runs inside the nominal 80% and 95% prediction intervals
 * (empirical coverage). The extrapolation factor is the largest held-out
 * compute over the largest training compute: > 1 means the backtest
 * extrapolates, as a real forecast does.
 */
import { maxOf, minOf } from "../stats/extent.js";
import type { Law } from "../laws/types.js";
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import { countedRuns } from "../runs/counted.js";
import type { Run } from "../runs/types.js";
import { runResamples } from "./bootstrap.js";
import { fitDataFor, type FitData } from "./data.js";
import { FitError, fitLaw, type FitResult } from "./fitLaw.js";
import type { ObjectiveId } from "./objectives.js";
import { PREDICTION_LEVELS, predictWithIntervals, refitThetas } from "./predict.js";
import { fitLawVarpro } from "./varpro.js";

export type Holdout =
  | { kind: "top-compute"; fraction: number }
  | { kind: "group"; group: string }
  | { kind: "indices"; indices: readonly number[]; description: string };

export interface BacktestCandidate {
  law: Law;
  method: "grid" | "varpro";
}

export interface BacktestOptions {
  objective?: ObjectiveId;
  delta?: number;
  /** Bootstrap refits per candidate (default 400). */
  resamples?: number;
  seed?: number;
  /** Steps done of `total`: each candidate's fit is one step, each of its refits one more. */
  onProgress?: (done: number, total: number) => void;
}

export interface BacktestPoint {
  line: number;
  /** N, D, C of the held-out run, where the table has them. */
  params?: number;
  tokens?: number;
  flops?: number;
  actual: number;
  predicted: number;
  /** (predicted − actual) / actual. */
  relativeError: number;
  ci: Record<string, [number, number]>;
  pi: Record<string, [number, number]>;
  /** Per level: whether the actual value lies inside the prediction interval. */
  inside: Record<string, boolean>;
}

export interface CandidateResult {
  lawId: string;
  lawOptions: Record<string, string>;
  method: "grid" | "varpro";
  /** Set when the candidate could not be fitted; the other fields are then absent. */
  error?: string;
  params?: Record<string, number>;
  objective?: number;
  converged?: boolean;
  warnings?: Diagnostic[];
  points?: BacktestPoint[];
  /** Mean |relative error| over held-out runs. */
  mare?: number;
  /** Per level: share of held-out runs inside the prediction interval. */
  coverage?: Record<string, number>;
}

export interface BacktestResult {
  holdout: string;
  train: number;
  test: number;
  /** Largest held-out compute over largest training compute. */
  extrapolationFactor: number;
  levels: number[];
  resamples: number;
  seed: number;
  candidates: CandidateResult[];
  notes: string[];
}

/** Splits runs into training and held-out sets; throws a RangeError when either would be empty. */
export function splitRuns(runs: readonly Run[], holdout: Holdout): { train: Run[]; test: Run[]; description: string } {
  if (runs.length < 2) throw new RangeError(`a backtest needs at least 2 usable runs (some to fit, some to hold out), got ${runs.length}`);
  let test: Run[], description: string;
  if (holdout.kind === "top-compute") {
    const f = holdout.fraction;
    if (!(f > 0 && f < 1)) throw new RangeError(`--holdout-top-compute must be a fraction in (0, 1), got ${f}`);
    const k = Math.max(1, Math.round(f * runs.length));
    const counted = countedRuns(runs, "a top-compute holdout", ["flops"]);
    const threshold = counted.map((r) => r.flops).sort((a, b) => b - a)[k - 1];
    test = counted.filter((r) => r.flops >= threshold); // ties at the threshold are held out together
    description = `the ${test.length} highest-compute runs (top ${(100 * f).toFixed(0)}% by FLOPs, C ≥ ${threshold.toExponential(3)})`;
  } else if (holdout.kind === "group") {
    test = runs.filter((r) => r.group === holdout.group);
    if (test.length === 0) {
      const groups = [...new Set(runs.map((r) => r.group).filter((g) => g !== undefined))];
      throw new RangeError(`no run has group "${holdout.group}"${groups.length ? `; groups: ${groups.slice(0, 20).join(", ")}` : " (the table has no group column)"}`);
    }
    description = `the ${test.length} runs of group "${holdout.group}"`;
  } else {
    const set = new Set(holdout.indices);
    test = runs.filter((_, i) => set.has(i));
    description = holdout.description;
  }
  const held = new Set(test);
  const train = runs.filter((r) => !held.has(r));
  if (train.length === 0) throw new RangeError(`holding out ${description} leaves no run to fit`);
  if (test.length === 0) throw new RangeError("the holdout selects no run");
  return { train, test, description };
}

/** Runs the backtest. Cost per candidate: one fit on the training runs, `resamples` warm-started refits, and the interval quantiles. */
export function backtest(runs: readonly Run[], holdout: Holdout, candidates: readonly BacktestCandidate[], options: BacktestOptions = {}): BacktestResult {
  const { train, test, description } = splitRuns(runs, holdout);
  const resamples = options.resamples ?? 400, seed = options.seed ?? 42;
  if (!(resamples >= 2)) throw new RangeError(`a backtest needs at least 2 bootstrap refits for its intervals, got ${resamples}`);
  const maxFlops = (rs: readonly Run[]) => (rs.every((r) => r.flops !== undefined) ? maxOf(rs.map((r) => r.flops!)) : NaN);
  const maxTrain = maxFlops(train), maxTest = maxFlops(test);
  const extrapolationFactor = maxTest / maxTrain;
  const notes: string[] = [];
  if (!Number.isFinite(extrapolationFactor)) notes.push("the runs have no FLOPs C (no flops column, and it cannot be derived): no extrapolation factor");
  else if (extrapolationFactor <= 1) notes.push(`the held-out runs use no more compute than the training runs (factor ${extrapolationFactor.toPrecision(3)}): this tests interpolation, not extrapolation`);
  if (test.length < 10) notes.push(`${test.length} held-out run${test.length === 1 ? "" : "s"}: an empirical coverage from so few runs is coarse (one run moves it by ${(100 / test.length).toFixed(0)} points)`);
  const total = candidates.length * (resamples + 1);
  let done = 0;
  const step = options.onProgress ? () => options.onProgress!(++done, total) : undefined;
  const out = candidates.map((c, k) => {
    const result = runCandidate(c, train, test, { ...options, resamples, seed }, step);
    done = (k + 1) * (resamples + 1); // a candidate that failed skips its refits
    options.onProgress?.(done, total);
    return result;
  });
  return { holdout: description, train: train.length, test: test.length, extrapolationFactor, levels: [...PREDICTION_LEVELS], resamples, seed, candidates: out, notes };
}

function runCandidate(c: BacktestCandidate, train: readonly Run[], test: readonly Run[], options: Required<Pick<BacktestOptions, "resamples" | "seed">> & BacktestOptions, step?: () => void): CandidateResult {
  const head = { lawId: c.law.id, lawOptions: { ...(c.law.options ?? {}) }, method: c.method };
  let data: FitData, fit: FitResult;
  try {
    data = fitDataFor(c.law, train);
    const fitOptions = { objective: options.objective, delta: options.delta };
    fit = c.method === "varpro" ? fitLawVarpro(c.law, data, fitOptions) : fitLaw(c.law, data, fitOptions);
  } catch (e) {
    if (e instanceof FitError || e instanceof RangeError) return { ...head, error: e.message };
    throw e;
  }
  step?.();
  const refits = runResamples({
    law: c.law, objective: fit.objective.id, delta: fit.objective.delta, theta: fit.theta, seed: options.seed, budgetFlops: 1, corrections: fit.corrections,
  }, data, 0, options.resamples, step);
  const thetas = refitThetas(c.law, refits.map((r) => r.values)); // a non-finite refit is left out, and counted below
  // backtest has no --exhaustive: a hint to use it would send the user to an option this command refuses
  const warnings = fit.warnings.map((w) => (w.message.endsWith(" (try --exhaustive)") ? { ...w, message: w.message.replace(/ \(try --exhaustive\)$/, " (fit --exhaustive on the training runs runs every start)") } : w));
  if (thetas.length < refits.length) warnings.push(diagnostic("bootstrap-non-finite", `${refits.length - thetas.length} of ${refits.length} bootstrap refits gave non-finite parameters and are left out of the intervals`));
  const actualOf = (r: Run) => (c.law.target === "metric" ? r.metric : r.lossNats);
  const inputsOf = (r: Run) => ({ params: r.params, tokens: r.tokens, flops: r.flops, uniqueTokens: r.uniqueTokens, loss: r.lossNats });
  let intervals;
  try {
    intervals = predictWithIntervals({ law: c.law, theta: fit.theta, resampleThetas: thetas, data }, test.map(inputsOf));
  } catch (e) {
    if (e instanceof RangeError) return { ...head, error: `held-out runs cannot be predicted: ${e.message}` };
    throw e;
  }
  const short = intervals.map((iv, i) => ({ iv, line: test[i].line })).filter(({ iv }) => iv.refitsUsed < thetas.length);
  if (short.length > 0) {
    warnings.push(diagnostic("bootstrap-non-finite", `at ${short.length} held-out run${short.length === 1 ? "" : "s"} (line ${short.slice(0, 5).map((x) => x.line).join(", ")}${short.length > 5 ? ", …" : ""}) some refits gave no finite prediction ` +
      `(fewest used: ${minOf(short.map((x) => x.iv.refitsUsed))} of ${thetas.length}); the intervals there use the rest`));
  }
  const points: BacktestPoint[] = test.map((r, i) => {
    const actual = actualOf(r);
    if (actual === undefined) throw new RangeError(`line ${r.line}: no metric value for law ${c.law.id}`);
    const iv = intervals[i];
    const inside: Record<string, boolean> = {};
    for (const [level, [lo, hi]] of Object.entries(iv.pi)) inside[level] = actual >= lo && actual <= hi;
    return { line: r.line, params: r.params, tokens: r.tokens, flops: r.flops, actual, predicted: iv.predicted, relativeError: (iv.predicted - actual) / actual, ci: iv.ci, pi: iv.pi, inside };
  });
  const unpredictable = points.filter((p) => !Number.isFinite(p.predicted));
  if (unpredictable.length > 0) {
    warnings.push(diagnostic("non-finite", `the fitted law predicts no finite loss at ${unpredictable.length} held-out run${unpredictable.length === 1 ? "" : "s"} (line ${unpredictable.slice(0, 5).map((p) => p.line).join(", ")}${unpredictable.length > 5 ? ", …" : ""}): its errors there, and the mean error, are not finite`));
  }
  const coverage: Record<string, number> = {};
  for (const level of PREDICTION_LEVELS) coverage[String(level)] = points.filter((p) => p.inside[String(level)]).length / points.length;
  return {
    ...head,
    params: fit.params,
    objective: fit.objective.value,
    converged: fit.optimizer.converged,
    warnings,
    points,
    mare: points.reduce((s, p) => s + Math.abs(p.relativeError), 0) / points.length,
    coverage,
  };
}
