/**
 * `scalecast observe FILE`: observational scaling (Ruan, Maddison & Hashimoto
 * 2024, arXiv:2405.10938, issue 16): the principal components of a model ×
 * benchmark table, a downstream metric as a sigmoid of PC1 (or of ln compute),
 * and a backtest that fits below a compute cut-off and predicts above it.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_SEED } from "../core/defaults.js";
import { BadOptionError } from "../core/errors.js";
import { assembleObserveDocument, OBSERVE_BOOTSTRAP, type ObserveDocument } from "../core/observe/observeDocument.js";
import type { Predictor } from "../core/observe/downstream.js";
import { readObservations } from "../core/observe/readObservations.js";
import { toJson } from "../core/toJson.js";
import { loadingsFigure, observeFitFigure } from "../core/viz/observeFigures.js";
import { commandArgv } from "../node/io.js";
import { withBar } from "../node/progress.js";
import { readText } from "../node/readText.js";
import { userInput } from "./errors.js";
import { renderDiagnostics, table } from "./format.js";
import { commaList, positiveNumber, resampleCount, seed32 } from "./options.js";
import { emit, withOut } from "./output.js";

/** A fraction in [0, 1). */
function floorValue(value: string): number {
  const v = Number(value);
  if (value.trim() === "" || !(v >= 0 && v < 1)) throw new InvalidArgumentError(`expected a floor in [0, 1) such as 0.25 (4-way multiple choice), got "${value}"`);
  return v;
}

/** A fraction in (0, 1]. */
function ceilingValue(value: string): number {
  const v = Number(value);
  if (value.trim() === "" || !(v > 0 && v <= 1)) throw new InvalidArgumentError(`expected a ceiling in (0, 1], got "${value}"`);
  return v;
}

export interface ObserveCliOptions {
  metrics?: string[]; metric?: string; x: Predictor; standardize?: boolean; centred?: boolean; byFamily?: boolean;
  floor?: number; ceiling?: number; cutoff?: number; bootstrap: number; seed: number;
  modelCol?: string; familyCol?: string; flopsCol?: string; flopsUnit?: number;
  figure?: string; fitFigure?: string; json?: boolean; out?: string;
}

/** Reads FILE and assembles the observe document (also for report --observe). */
export function observeDocumentOf(file: string, opts: ObserveCliOptions, argv: readonly string[] = []): ObserveDocument {
  if (opts.standardize && opts.centred) throw new BadOptionError("--standardize and --centred exclude each other: give one (default --standardize)");
  if (opts.cutoff !== undefined && opts.metric === undefined) throw new BadOptionError("--cutoff backtests the fit of --metric NAME: give the metric to predict");
  for (const o of ["byFamily", "floor", "ceiling"] as const) if (opts[o] !== undefined && opts.metric === undefined) throw new BadOptionError(`--${o === "byFamily" ? "by-family" : o} applies to the fit of --metric NAME: give the metric to predict`);
  if (opts.x === "log-compute" && opts.metric === undefined) throw new BadOptionError("--x log-compute applies to the fit of --metric NAME: give the metric to predict");
  const table = userInput(() => readObservations(readText(file), file, {
    ...(opts.metrics ? { metrics: opts.metrics } : {}), ...(opts.metric ? { extra: [opts.metric] } : {}),
    ...(opts.modelCol ? { modelCol: opts.modelCol } : {}), ...(opts.familyCol ? { familyCol: opts.familyCol } : {}),
    ...(opts.flopsCol ? { flopsCol: opts.flopsCol } : {}), ...(opts.flopsUnit !== undefined ? { flopsUnit: opts.flopsUnit } : {}),
  }));
  if (opts.flopsUnit !== undefined && table.columns.flops === undefined) throw new BadOptionError("--flops-unit needs a compute column: none was found by name; give --flops-col");
  const total = opts.metric === undefined || opts.bootstrap === 0 ? 0 : opts.bootstrap * (opts.cutoff === undefined ? 1 : 2);
  return withBar("observe bootstrap", (onProgress) => {
    let done = 0, base = 0;
    return userInput(() => assembleObserveDocument(table, {
      preprocessing: opts.centred ? "centred" : "standardized", x: opts.x, byFamily: opts.byFamily === true,
      ...(opts.metric !== undefined ? { target: opts.metric } : {}), ...(opts.floor !== undefined ? { floor: opts.floor } : {}),
      ...(opts.ceiling !== undefined ? { ceiling: opts.ceiling } : {}), ...(opts.cutoff !== undefined ? { cutoffFlops: opts.cutoff } : {}),
      bootstrap: opts.metric === undefined ? 0 : opts.bootstrap, seed: opts.seed,
      ...(total ? { onProgress: (d: number, n: number) => { if (d < done) base += n; done = d; onProgress(Math.min(total, base + d), total); } } : {}),
    }, argv));
  });
}

export function observeCommand(): Command {
  return withOut(new Command("observe")
    .description("observational scaling (Ruan et al. 2024): principal components of a model × benchmark table, a metric as a sigmoid of PC1 or of compute, and a backtest above a compute cut-off")
    .argument("<file>", "one row per model: a model name, optionally its family and training compute, and benchmark scores as fractions in [0, 1] (CSV, TSV, JSON, JSONL)")
    .option("--metrics <names>", "the benchmark columns of the PCA, comma-separated (default: every column of fractions in [0, 1] other than the scale columns)", commaList)
    .option("--metric <name>", "the downstream metric to fit as a sigmoid (left out of the PCA it is predicted from)")
    .addOption(new Option("--x <predictor>", "what the sigmoid of --metric reads: PC1 of the other metrics, or ln training compute").choices(["pc1", "log-compute"]).default("pc1"))
    .option("--standardize", "z-score each metric before the PCA (the default)")
    .option("--centred", "centre the metrics only (the default of Ruan et al.'s perform_pca)")
    .option("--by-family", "fit one sigmoid per model family (default: one pooled over families, with a warning)")
    .option("--floor <f>", "fix the sigmoid's floor, e.g. the random-guess level (default: fitted in [0, 0.2])", floorValue)
    .option("--ceiling <c>", "the sigmoid's ceiling (default 1); at or above every value of --metric, and above the floor or its fitted range [0, 0.2]", ceilingValue)
    .option("--cutoff <FLOPS>", "backtest: fit on the models with training compute ≤ FLOPS (e.g. 1e23), predict those above; the PCA is also from the models below only", positiveNumber)
    .option("--bootstrap <B>", `resample the models B times for 95% intervals of the fit and the backtest's predictions (0: none)`, resampleCount, OBSERVE_BOOTSTRAP)
    .option("--seed <s>", "seed of the bootstrap", seed32, DEFAULT_SEED)
    .option("--model-col <name>", "the model column (default: found by name)")
    .option("--family-col <name>", "the family column (default: found by name; absent: one family)")
    .option("--flops-col <name>", "the training-compute column (default: found by name, e.g. \"FLOPs (1E21)\")")
    .option("--flops-unit <u>", "FLOPs per unit of the compute column, e.g. 1e21 (default: the power of ten in the header's brackets, else 1)", positiveNumber)
    .option("--figure <file>", "also draw the PC loadings: .svg or .png")
    .option("--fit-figure <file>", "with --metric: also draw the metric against its predictor with the fitted sigmoid (and the backtest): .svg or .png")
    .option("--json", "print one JSON document on stdout"), "also write the JSON document to FILE")
    .action(async (file: string, opts: ObserveCliOptions) => {
      for (const f of [opts.figure, opts.fitFigure]) if (f !== undefined && !/\.(svg|png)$/i.test(f)) throw new BadOptionError(`a figure's format comes from its extension: .svg or .png, got "${f}"`);
      if (opts.fitFigure !== undefined && opts.metric === undefined) throw new BadOptionError("--fit-figure draws the fit of --metric NAME: give the metric");
      const doc = observeDocumentOf(file, opts, commandArgv());
      if (opts.figure) await writeObserveFigure(opts.figure, loadingsFigure(doc).spec);
      const fit = opts.fitFigure ? observeFitFigure(doc) : undefined;
      if (opts.fitFigure && fit) await writeObserveFigure(opts.fitFigure, fit.spec);
      emit(opts, () => toJson(doc), () => renderObserve(doc));
    });
}

/** A figure written as SVG or PNG (by the extension); Vega and resvg load only here. */
async function writeObserveFigure(file: string, spec: Record<string, unknown>): Promise<void> {
  const { renderPng, renderSvg, writeFigure } = await import("../node/render.js");
  const svg = await renderSvg(spec);
  writeFigure(file, /\.png$/i.test(file) ? renderPng(svg) : svg);
}

const f4 = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : "not finite");
const band = (v?: readonly [number, number]) => (v ? `[${f4(v[0])}, ${f4(v[1])}]` : "—");

export function renderObserve(d: ObserveDocument): string {
  const u = d.data.flopsUnit;
  const lines = [`scalecast observe: ${d.data.source}: ${d.data.models} models, ${d.data.families} famil${d.data.families === 1 ? "y" : "ies"}, ${d.data.metrics.length} metrics${d.data.columns.flops ? `; compute "${d.data.columns.flops}" × ${u!.flopsPerUnit.toExponential(0)} FLOPs (${u!.from === "header" ? "unit from the header" : u!.from === "option" ? "--flops-unit" : "no unit given: FLOPs"}), ${d.data.withCompute} models have it` : "; no compute column"}`];
  for (const i of d.data.ignored) lines.push(`  not a metric: ${i.column} (${i.reason})`);
  const p = d.pca;
  lines.push("", `PCA (${p.preprocessing === "standardized" ? "z-scored metrics" : "centred metrics"}) over ${p.models} models with every metric${p.leftOut.length ? `; ${p.leftOut.length} left out for a missing metric` : ""}:`);
  const shown = p.components.slice(0, Math.min(3, p.components.length));
  lines.push(table([["", ...shown.map((c) => `PC${c.component}`)],
    ["explained variance", ...shown.map((c) => f4(c.explainedVarianceRatio))],
    ["cumulative", ...shown.map((c) => f4(p.cumulative[c.component - 1]))],
    ...p.metrics.map((m) => [`loading ${m}`, ...shown.map((c) => f4(c.loadings[m]))])]));
  const ds = d.downstream;
  if (ds) {
    lines.push("", `${ds.target} = floor + (ceiling − floor)·σ(a·x + b), x = ${ds.x === "pc1" ? `PC1 of ${ds.predictors.join(", ")} (${ds.target} left out)` : "ln training FLOPs"}; ${ds.pooled ? "pooled over families" : "one fit per family"}; ${ds.models} models${ds.leftOut.length ? ` (${ds.leftOut.length} left out for a missing value)` : ""}`);
    lines.push(table([["family", "models", "a", "b", "floor", "ceiling", "RMSE", "status"], ...ds.groups.map((g) => [g.family ?? "(pooled)", String(g.models),
      `${f4(g.fit.a)}${g.bootstrap ? ` ${band(g.bootstrap.a)}` : ""}`, `${f4(g.fit.b)}${g.bootstrap ? ` ${band(g.bootstrap.b)}` : ""}`,
      `${f4(g.fit.floor)}${g.fit.floorFitted ? (g.bootstrap?.floor ? ` ${band(g.bootstrap.floor)}` : "") : " (fixed)"}`, f4(g.fit.ceiling), f4(g.fit.rmse), g.fit.converged ? g.fit.status : `NOT converged (${g.fit.status})`])]));
    for (const s of ds.skipped) lines.push(`  not fitted: family ${s.family} (${s.reason})`);
  }
  const bt = d.backtest;
  if (bt) {
    lines.push("", `backtest: fitted on ${bt.train} models with compute ≤ ${bt.cutoffFlops.toExponential(3)} FLOPs${u ? ` (${(bt.cutoffFlops / u.flopsPerUnit).toPrecision(4)} in the file's unit)` : ""}, predicting ${bt.heldOut === bt.aboveCutoff ? `${bt.heldOut}` : `${bt.heldOut} of the ${bt.aboveCutoff}`} above (up to ${bt.extrapolationFactor.toPrecision(3)}× the largest fitted compute); ${bt.note}`);
    lines.push(table([["model", "family", "FLOPs", "actual", "predicted", "95% PI", "inside"], ...bt.predictions.map((q) => [q.model, q.family ?? "", (q.flops ?? NaN).toExponential(2), f4(q.actual), f4(q.predicted), band(q.pi95), q.pi95 ? (q.actual >= q.pi95[0] && q.actual <= q.pi95[1] ? "yes" : "NO") : ""])]));
    const s = bt.scores;
    lines.push(`  MAE ${f4(s.mae)}, RMSE ${f4(s.rmse)}, mean error ${f4(s.meanError)} (actual − predicted, metric units) over ${s.n} model${s.n === 1 ? "" : "s"}${s.coverage95 !== undefined ? `; 95% PI coverage ${(100 * s.coverage95).toFixed(1)}%, 95% CI (curve) coverage ${(100 * (s.ciCoverage95 ?? NaN)).toFixed(1)}%` : ""}`);
    for (const q of bt.unpredicted) lines.push(`  not predicted, not scored: ${q.model} (${q.reason})`);
  }
  const b = ds?.bootstrap;
  if (ds) lines.push("", b ? `[ ]: 95% intervals from ${b.resamples} resamples of the models (seed ${b.seed}); ${d.conventions.intervals}` : "no intervals (--bootstrap 0)");
  lines.push(...renderDiagnostics(d.warnings));
  return lines.join("\n");
}

