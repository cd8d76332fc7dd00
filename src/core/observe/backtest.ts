/**
 * Backtest by compute cut-off (Ruan et al. 2024, §4: fit on the models below a
 * FLOP threshold, predict the ones above): train on the models whose training
 * compute is ≤ the cut-off, predict those above it. The PCA that places every
 * model (means, scales, loadings) comes from the training models only, so no
 * held-out model's scores shape the capability axis it is predicted on (their
 * repository's pca_preprocess_data also fits on the training split). Models without
 * compute cannot be put on either side and are left out by name. A model above
 * the cut-off that no fit covers (per family, its family has too few models below
 * the cut-off) is not predicted: it is named with the reason and counted apart
 * from `heldOut`; a backtest that predicts no model is refused
 * (`nothing-predicted`), never scored over nothing.
 *
 * Scores, over the predicted models, in metric units: MAE = mean |y − ŷ|,
 * RMSE = √(mean (y − ŷ)²), mean error = mean (y − ŷ) (positive: the forecast is
 * low), and the share of actual values inside the 95% prediction interval and
 * inside the 95% confidence interval of the curve (bounds inclusive).
 */
import { diagnostic, DiagnosticError } from "../diagnostics.js";
import { completeCases, type LeftOut } from "./completeCases.js";
import { fitAndPredict, type DownstreamOptions, type FitAndPredict, type Prediction } from "./downstream.js";
import type { ObservedModel } from "./readObservations.js";
import { maxOf } from "../stats/extent.js";

export const BACKTEST_NOTE = "PCA means, scales and loadings from the training models only (no held-out model shapes the axis it is predicted on); held-out models are projected onto it";

export interface BacktestScores {
  n: number;
  mae: number;
  rmse: number;
  meanError: number;
  /** Share of held-out actuals inside their 95% PI (with a bootstrap). */
  coverage95?: number;
  /** Share inside the 95% CI of the curve: expected well below 95%, since models scatter about the curve. */
  ciCoverage95?: number;
}

export interface ObserveBacktest {
  cutoffFlops: number;
  note: string;
  train: number;
  /** Models above the cut-off that are predicted (and scored). */
  heldOut: number;
  /** Models above the cut-off: heldOut + unpredicted.length. */
  aboveCutoff: number;
  /** Largest predicted compute ÷ largest training compute. */
  extrapolationFactor: number;
  leftOut: LeftOut[];
  groups: FitAndPredict["groups"];
  skipped: FitAndPredict["skipped"];
  pc1?: FitAndPredict["pc1"];
  /** The training models with their predictor value and fitted value. */
  fitted: Prediction[];
  predictions: Prediction[];
  unpredicted: FitAndPredict["unpredicted"];
  scores: BacktestScores;
}

/** Backtests the downstream fit at a compute cut-off (FLOPs). Throws a RangeError when either side is empty, and a DiagnosticError (`nothing-predicted`) when no fit covers any model above the cut-off. */
export function backtestByCompute(models: readonly ObservedModel[], cutoffFlops: number, options: DownstreamOptions): ObserveBacktest {
  if (!(cutoffFlops > 0)) throw new RangeError(`the compute cut-off must be > 0 FLOPs, got ${cutoffFlops}`);
  const { kept, leftOut } = completeCases(models, [...options.predictors, options.target], true);
  const train = kept.filter((m) => (m.flops as number) <= cutoffFlops), test = kept.filter((m) => (m.flops as number) > cutoffFlops);
  if (test.length === 0) throw new RangeError(`no usable model has compute above the cut-off ${cutoffFlops.toExponential(3)} FLOPs: nothing to predict (largest ${maxOf(kept.map((m) => m.flops as number)).toExponential(3)})`);
  if (train.length === 0) throw new RangeError(`no usable model has compute at or below the cut-off ${cutoffFlops.toExponential(3)} FLOPs: nothing to fit on`);
  const r = fitAndPredict(train, test, options);
  if (r.predictions.length === 0) {
    const why = [...new Set(r.unpredicted.map((u) => u.reason))];
    throw new DiagnosticError(diagnostic("nothing-predicted", `the backtest at ${cutoffFlops.toExponential(3)} FLOPs predicts none of the ${test.length} models above the cut-off: no fit covers them (${why.slice(0, 4).join("; ")}${why.length > 4 ? "; …" : ""}); fit one curve over families (drop --by-family) or raise the cut-off`));
  }
  const maxFlops = (ms: ReadonlyArray<{ flops: number | null }>) => maxOf(ms.map((m) => m.flops as number));
  return {
    cutoffFlops, note: options.x === "pc1" ? BACKTEST_NOTE : "x = ln compute: no PCA enters the fit",
    train: train.length, heldOut: r.predictions.length, aboveCutoff: test.length, extrapolationFactor: maxFlops(r.predictions) / maxFlops(train),
    leftOut, groups: r.groups, skipped: r.skipped, ...(r.pc1 ? { pc1: r.pc1 } : {}),
    fitted: r.fitted, predictions: r.predictions, unpredicted: r.unpredicted, scores: scorePredictions(r.predictions),
  };
}

/**
 * Error and interval coverage of predictions against their actual values. O(n).
 * Throws a RangeError for no predictions (there is nothing to score; never NaN).
 *
 * @example
 * scorePredictions([{ actual: 0.5, predicted: 0.4, pi95: [0.3, 0.6] }]); // { n: 1, mae: 0.1, rmse: 0.1, meanError: 0.1, coverage95: 1 }
 */
export function scorePredictions(predictions: ReadonlyArray<Pick<Prediction, "actual" | "predicted" | "ci95" | "pi95">>): BacktestScores {
  const n = predictions.length;
  if (n === 0) throw new RangeError("no predictions to score");
  const err = predictions.map((p) => p.actual - p.predicted);
  const inside = (key: "pi95" | "ci95") => {
    const withBand = predictions.filter((p) => p[key] && Number.isFinite(p[key]![0]));
    return withBand.length ? withBand.filter((p) => p.actual >= p[key]![0] && p.actual <= p[key]![1]).length / withBand.length : undefined;
  };
  const coverage95 = inside("pi95"), ciCoverage95 = inside("ci95");
  return {
    n, mae: err.reduce((s, e) => s + Math.abs(e), 0) / n, rmse: Math.sqrt(err.reduce((s, e) => s + e * e, 0) / n), meanError: err.reduce((s, e) => s + e, 0) / n,
    ...(coverage95 !== undefined ? { coverage95 } : {}), ...(ciCoverage95 !== undefined ? { ciCoverage95 } : {}),
  };
}
