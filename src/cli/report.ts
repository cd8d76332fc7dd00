/** `scalecast report` and `scalecast demo`: the fit, its diagnostics, a plan, a backtest and the figures in one offline HTML file. */
import { DEFAULT_SEED } from "../core/defaults.js";
import { minOf } from "../core/stats/extent.js";
import { emit, withOut } from "./output.js";
import { commandArgv, err, out, setExitCode } from "../node/io.js";
import { Command } from "commander";
import { backtest } from "../core/fit/backtest.js";
import { HOFFMANN_ROUNDED } from "../core/fit/exampleSweep.js";
import { PUBLISHED_LAWS, publishedLaw, type PublishedLaw } from "../core/catalog/publishedLaws.js";
import { reportHtml, type ReportPlan } from "../core/report/reportHtml.js";
import { assemblePlan } from "../core/plan/assemblePlan.js";
import { planFitOf } from "../core/plan/fitSource.js";
import { TOOL } from "../core/version.js";
import { buildFigures } from "../core/viz/index.js";
import { writeText } from "../node/readText.js";
import { withBar } from "../node/progress.js";
import { REPORT_BOOT_SCRIPT } from "../core/report/reportBoot.js";
import { UserInputError, userInput } from "./errors.js";
import { readText } from "../node/readText.js";
import { checkFitOptions, runFitJob, withFitOptions, type FitCliOptions, type FitJob } from "./fit.js";
import { compareLaws, figureModelOf } from "./figureModel.js";
import { commaList, fraction, positiveNumber, seed32 } from "./options.js";

export interface ReportCliOptions extends FitCliOptions {
  out: string;
  ledger?: string;
  actual?: string;
  compare?: string[];
  holdoutTopCompute?: number;
  samples?: string;
  curveFit?: string;
  observe?: string;
}

/** Bootstrap refits a report makes when none are asked for: enough for 95% bands, a second or less. */
export const REPORT_BOOTSTRAP = 200;

export function reportCommand(): Command {
  return withOut(withFitOptions(new Command("report")
    .description("write one self-contained HTML report (works offline): fit, diagnostics, plan, backtest and figures")
    .argument("[file]", "run table; omit with --example")
    .option("--example", "report on the built-in sweep simulated from Hoffmann et al. 2022's law"))
    , "HTML file to write", "report.html")
    .option("--compare <ids>", `published laws to overlay (${PUBLISHED_LAWS.filter((l) => l.law).map((l) => l.id).join(", ")})`, commaList)
    .option("--holdout-top-compute <f>", "also backtest: hold out this fraction of runs with the most compute", fraction)
    .option("--ledger <file>", "also show a forecast ledger (forecast register): what was forecast when, under which assumptions")
    .option("--actual <file>", "with --ledger: the runs that landed, to score the forecasts (forecast score)")
    .option("--samples <file>", "also a test-time compute section: per-problem samples (as for scalecast samples), with the coverage figure")
    .option("--curve-fit <file>", "also a loss-curves section from a saved curve fit (curve fit --out), with its curves and residuals figures")
    .option("--observe <file>", "also an observational-scaling section: the principal components of a model × benchmark table (as scalecast observe), with the loadings figure")
    .action(async (file: string | undefined, opts: ReportCliOptions, cmd: Command) => {
      checkFitOptions(file, opts, cmd);
      if (opts.actual !== undefined && opts.ledger === undefined) cmd.error("error: --actual scores the forecasts of --ledger: give --ledger too", { exitCode: 2 });
      const compare = compareLaws(opts.compare, cmd);
      const summary = await writeReport(file, opts, compare, commandLine());
      (opts.out === "-" ? err : out)(summary + "\n"); // with -o - the report is standard output
    });
}

export function demoCommand(): Command {
  return withOut(new Command("demo")
    .description("the whole job on a built-in default: simulate a pilot sweep, fit it, plan a budget, backtest, write report.html"), "HTML file to write", "report.html")
    .option("--seed <s>", "seed of the simulation and the bootstrap, 0 … 2^32 − 1", seed32, DEFAULT_SEED)
    .option("--budget-flops <C>", "the budget to plan", positiveNumber, 1e24)
    .action(async (opts: { out: string; seed: number; budgetFlops: number }) => {
      const t = HOFFMANN_ROUNDED;
      out(`scalecast demo: simulating a pilot sweep of 81 runs (9 IsoFLOP budgets × 9 sizes) from Hoffmann et al. 2022's law ` +
        `(E=${t.E}, A=${t.A}, B=${t.B}, alpha=${t.alpha}, beta=${t.beta}) with 1% log-normal noise, seed ${opts.seed};\n` +
        `fitting it (chinchilla law, summed Huber), bootstrapping ${REPORT_BOOTSTRAP} refits, planning ${opts.budgetFlops.toExponential(2)} FLOPs and backtesting on the top 20% of compute.\n`);
      const reportOpts: ReportCliOptions = {
        example: true, law: "chinchilla", objective: "huber", delta: 1e-3, excludeHighestLoss: 0, bootstrap: REPORT_BOOTSTRAP, seed: opts.seed,
        budgetFlops: opts.budgetFlops, method: "grid", out: opts.out, compare: ["hoffmann-2022", "besiroglu-2024"], holdoutTopCompute: 0.2,
      };
      const summary = await writeReport(undefined, reportOpts, reportOpts.compare!.map(publishedLaw), commandLine());
      (opts.out === "-" ? err : out)(summary + "\n"); // with -o - the report is standard output
    });
}

/** The command as typed, quoted where needed, for the report's provenance. */
function commandLine(): string {
  return ["scalecast", ...commandArgv()].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ");
}

/** Fits, plans, backtests, draws and writes the report; returns a one-paragraph summary. */
export async function writeReport(file: string | undefined, opts: ReportCliOptions, compare: readonly PublishedLaw[], command: string): Promise<string> {
  const job = await runFitJob(file, { ...opts, defaultBootstrap: REPORT_BOOTSTRAP });
  const bt = opts.holdoutTopCompute === undefined ? undefined
    : withBar("backtest fits", (onProgress) => userInput(() => backtest(job.runs, { kind: "top-compute", fraction: opts.holdoutTopCompute! }, [{ law: job.law, method: opts.method }], { objective: opts.objective, delta: opts.delta, resamples: REPORT_BOOTSTRAP, seed: opts.seed, onProgress })));
  const { compileFigures, vegaRuntime } = await import("../node/report.js"); // vega loads only for reports
  const { model } = figureModelOf(job, { budgetFlops: opts.budgetFlops, compare, ...(bt ? { backtest: bt } : {}) });
  const figures = compileFigures(buildFigures(model));
  const plan = reportPlan(job);
  const forecasts = opts.ledger === undefined ? undefined : await forecastsOf(opts.ledger, opts.actual);
  if (forecasts?.score) {
    // the scored ledger's calibration figure, beside the fit's; left out (and said in its section) when no target carries intervals
    const { calibrationFigure } = await import("../core/viz/calibrationFigure.js");
    const { compileVegaLite } = await import("../node/render.js");
    const drawn = calibrationFigure(forecasts.score);
    if ("figure" in drawn) figures.push({ name: drawn.figure.name, title: drawn.figure.title, vegaSpec: compileVegaLite(drawn.figure.spec).vega, expected: drawn.figure.expected });
  }
  const samples = opts.samples === undefined ? undefined : await samplesOf(opts.samples, opts.seed);
  if (samples) {
    const { coverageFigure } = await import("../core/viz/samplesFigures.js");
    const { compileVegaLite } = await import("../node/render.js");
    const fig = coverageFigure(samples.series);
    figures.push({ name: fig.name, title: fig.title, vegaSpec: compileVegaLite(fig.spec).vega, expected: fig.expected });
  }
  let observe: Parameters<typeof reportHtml>[0]["observe"];
  if (opts.observe !== undefined) {
    const { observeDocumentOf } = await import("./observe.js");
    const { loadingsFigure } = await import("../core/viz/observeFigures.js");
    const { compileVegaLite } = await import("../node/render.js");
    observe = observeDocumentOf(opts.observe, { x: "pc1", bootstrap: 0, seed: opts.seed });
    const fig = loadingsFigure(observe);
    figures.push({ name: fig.name, title: fig.title, vegaSpec: compileVegaLite(fig.spec).vega, expected: fig.expected });
  }
  let curves: Parameters<typeof reportHtml>[0]["curves"];
  if (opts.curveFit !== undefined) {
    const { curvesOfFit, curveSeries } = await import("./curve.js");
    const { curvesFigure, curveResidualsFigure } = await import("../core/viz/curveFigures.js");
    const { compileVegaLite } = await import("../node/render.js");
    const got = await curvesOfFit(opts.curveFit);
    const per = curveSeries(got.fit.law.id, got.fit.params, got.curves);
    for (const fig of [curvesFigure(per, got.fit.law.id), curveResidualsFigure(per)]) figures.push({ name: fig.name, title: fig.title, vegaSpec: compileVegaLite(fig.spec).vega, expected: fig.expected });
    const f = got.fit;
    curves = { file: opts.curveFit, title: f.law.title, formula: f.law.formula, citation: f.law.citation, source: f.data.source, params: f.params, derived: f.derived, curves: f.curves,
      ...(f.bootstrap ? { bootstrap: { resamples: f.bootstrap.resamples, runs: f.bootstrap.runs } } : {}) };
  }
  const html = reportHtml({
    title: `scalecast report: ${job.doc.law.title}`,
    command, tool: { ...TOOL },
    ...(job.simulated ? { simulated: job.doc.warnings.find((w) => w.code === "simulated-data")?.message } : {}),
    fit: job.doc, ...(plan ? { plan } : {}), ...(bt ? { backtest: bt } : {}), ...(forecasts ? { forecasts } : {}),
    ...(samples ? { samples: { source: samples.source, models: samples.models } } : {}),
    ...(curves ? { curves } : {}),
    ...(observe ? { observe } : {}),
    figures, vegaScript: vegaRuntime(), bootScript: REPORT_BOOT_SCRIPT,
  });
  writeText(opts.out, html);
  const backtestNotFinite = bt?.candidates.some((c) => c.mare !== undefined && !Number.isFinite(c.mare)) ?? false;
  if (!job.doc.optimizer.converged || job.doc.nonFinite.length > 0 || backtestNotFinite) setExitCode(3);
  return `wrote ${opts.out === "-" ? "the report to standard output" : opts.out} (${(html.length / 1024).toFixed(0)} KB, ${figures.length} figures: ${figures.map((f) => f.name).join(", ")}); ` +
    `${job.doc.warnings.length} warning${job.doc.warnings.length === 1 ? "" : "s"}. Open it in a browser; it needs no network.`;
}

/** Resamples of the problems behind a report's test-time intervals (as `scalecast samples` by default). */
export const REPORT_SAMPLES_BOOTSTRAP = 1000;

/** The test-time analysis of a sample file for the report: every model with intervals, and the coverage figure's series. */
async function samplesOf(file: string, seed: number) {
  const { readSamples } = await import("../core/samples/readSamples.js");
  const { analyzeWithSeries } = await import("../core/samples/analyze.js");
  const data = userInput(() => readSamples(readText(file), file));
  const done = data.models.map((m) => withBar(`samples bootstrap ${m.model}`, (onProgress) =>
    userInput(() => analyzeWithSeries(m.model, m.problems, { ks: [1, minOf(m.problems.map((p) => p.n))], bootstrap: REPORT_SAMPLES_BOOTSTRAP, seed, onProgress: (done) => onProgress(done, REPORT_SAMPLES_BOOTSTRAP) }))));
  return { source: file, models: done.map((d) => d.analysis), series: done.map((d) => d.series) };
}

/** The ledger, checked (a broken one is refused, as forecast verify refuses it), and scored against the landed runs when given. */
async function forecastsOf(ledger: string, actual: string | undefined): Promise<NonNullable<Parameters<typeof reportHtml>[0]["forecasts"]>> {
  const { checkLedger } = await import("../core/forecast/ledger.js");
  const check = await checkLedger(readText(ledger));
  if (check.problem) throw new UserInputError(`${ledger} line ${check.problem.line}${check.problem.id ? ` (record ${check.problem.id})` : ""}: ${check.problem.message}`);
  if (actual === undefined) return { ledger, records: check.records };
  const { scoreLedger } = await import("../core/forecast/score.js");
  const { readRuns } = await import("./runOptions.js");
  return { ledger, records: check.records, score: scoreLedger(check.records, (await readRuns(actual, { excludeHighestLoss: 0 })).runs) };
}

/** The plan at the fit's budget, assembled as `plan --fit` would from this fit (whole plan: schedule, memory, intervals). */
function reportPlan(job: FitJob): ReportPlan | undefined {
  const a = job.doc.allocation;
  if (!a) return undefined;
  const body = userInput(() => assemblePlan({ budgetFlops: a.flops }, planFitOf(job.doc, job.law, "fit", `${job.doc.law.title}, fitted here`)));
  return { body, ...(job.doc.prediction ? { pi: job.doc.prediction.pi } : {}) };
}
