/** `scalecast fit`: fit a scaling law to a run table. */
import { emit, withOut } from "./output.js";
import { commandArgv, out, setExitCode } from "../node/io.js";
import { Command, Option } from "commander";
import type { ResampleResult } from "../core/fit/bootstrap.js";
import { fitDataFor, lawRoles, missingColumns, type FitData } from "../core/fit/data.js";
import { gridStarts, startsWith } from "../core/fit/grid.js";
import { fitLawVarpro } from "../core/fit/varpro.js";
import { UserInputError, userInput } from "./errors.js";
import { diagnostic } from "../core/diagnostics.js";
import { exampleSweepCsv } from "../core/fit/exampleSweep.js";
import { assembleFitDocument, type FitDocument } from "../core/fit/fitDocument.js";
import { objectives, type ObjectiveId } from "../core/fit/objectives.js";
import type { Selection } from "../core/fit/selectRuns.js";
import { FitError, type FitResult } from "../core/fit/fitLaw.js";
import { constrainLaw } from "../core/laws/constrain.js";
import { fitWithinBounds, implausible } from "../core/fit/bounds.js";
import { extrapolation } from "../core/fit/extrapolation.js";
import { chainForecast } from "../core/plan/chain.js";
import { getLaw, lawRegistry, type LawOptions } from "../core/laws/registry.js";
import { parseRunTable } from "../core/runs/parseRunTable.js";
import type { ParamConvention, RowIssue, Run, RunTablePart } from "../core/runs/types.js";
import type { Law } from "../core/laws/types.js";
import { bootstrapParallel, fitLawParallel, prestartWorkers } from "../node/parallel.js";
import { withBarAsync } from "../node/progress.js";
import { readText, writeText } from "../node/readText.js";
import { parseOptionsOf, readRuns, selectWith, withRunOptions, type RunCliOptions } from "./runOptions.js";
import { toJson } from "../core/toJson.js";
import { documentHeader } from "../core/documentHeader.js";
import { formatCount, formatNumber, renderDiagnostics, table } from "./format.js";
import { atLeastTwo, fixList, initList, positiveNumber, positiveReal, positiveWholeNumber, seed32, tieList, wholeNumber } from "./options.js";

export interface FitCliOptions extends RunCliOptions {
  example?: boolean;
  law: string;
  x?: "params" | "tokens" | "flops";
  breaks?: "1" | "2";
  base?: "fixed" | "joint";
  objective: ObjectiveId;
  delta: number;
  bootstrap?: number;
  /** Resample points (default) or runs (the run column's ids): cooldown branches and checkpoints of one run are not independent. */
  bootstrapUnit?: "point" | "run";
  seed: number;
  budgetFlops: number;
  exhaustive?: boolean;
  method: "grid" | "varpro";
  fix?: Record<string, number>;
  tie?: Record<string, string>;
  init?: Record<string, number[]>;
  lossFit?: string;
  threads?: number;
  /** Resamples plot and report run when --bootstrap is not given (skipped above DEFAULT_BOOTSTRAP_MAX_RUNS runs). */
  defaultBootstrap?: number;
  json?: boolean;
  out?: string;
}

/**
 * Above this many runs, plot and report skip the bootstrap they would run by
 * default (200 refits of every run: minutes at 10^6 runs, for bands of width
 * ∝ 1/√n that a figure cannot show); `--bootstrap N` still runs one.
 */
export const DEFAULT_BOOTSTRAP_MAX_RUNS = 20_000;

/** Gopher's training budget, at which Hoffmann et al. 2022 (Table 3) and Besiroglu et al. 2024 quote N*, D*. */
export { DEFAULT_BUDGET_FLOPS } from "../core/defaults.js";
import { DEFAULT_BUDGET_FLOPS, DEFAULT_DELTA, DEFAULT_SEED } from "../core/defaults.js";

export function fitCommand(): Command {
  return withOut(withFitOptions(new Command("fit")
    .description("fit a scaling law to a table of training runs (CSV, TSV, JSON or JSONL; - reads stdin)")
    .argument("[file]", "run table; omit with --example")
    .option("--example", "fit a built-in sweep simulated from Hoffmann et al. 2022's law with 1% noise"))
    .option("--json", "print one JSON document on stdout"), "also write the JSON document to FILE")
    .action(async (file: string | undefined, opts: FitCliOptions, cmd: Command) => {
      checkFitOptions(file, opts, cmd);
      if (opts.groupCol !== undefined && file) {
        // one fit per group: the same pipeline, restricted with --where group=G
        const groups = await groupsOf(file, opts);
        const docs: Array<{ group: string } & Awaited<ReturnType<typeof runFit>>> = [];
        for (const g of groups) docs.push({ group: g, ...(await runFit(file, { ...opts, where: [...(opts.where ?? []), `group=${g}`] })) });
        emit(opts, () => toJson({ ...documentHeader("fit", commandArgv()), groupBy: opts.groupCol, groups: docs }),
          () => docs.map((d) => `=== group "${d.group}" (column "${opts.groupCol}")\n${renderFit(d)}`).join("\n\n"));
        if (docs.some((d) => !d.optimizer.converged || d.nonFinite.length > 0)) setExitCode(3);
        return;
      }
      const doc = await runFit(file, opts);
      emit(opts, () => toJson(doc), () => renderFit(doc));
      if (!doc.optimizer.converged || doc.nonFinite.length > 0) setExitCode(3);
    });
}


/** The options of a fit (law, objective, bootstrap, columns, …), shared by fit, report and plot. */
export function withFitOptions(cmd: Command): Command {
  return withRunOptions(cmd
    .addOption(new Option("--law <id>", "law to fit").choices(Object.keys(lawRegistry)).default("chinchilla"))
    .addOption(new Option("--x <input>", "input variable of the one-variable laws (power, bnsl)").choices(["params", "tokens", "flops"]))
    .addOption(new Option("--breaks <n>", "number of breaks of the broken power law (bnsl)").choices(["1", "2"]))
    .addOption(new Option("--base <b>", "data-constrained: hold the base law at Muennighoff et al. 2023's fit (fixed) or fit all seven parameters (joint)").choices(["fixed", "joint"]))
    .addOption(new Option("--objective <id>", "fitting objective").choices(Object.keys(objectives)).default("huber"))
    .option("--delta <d>", "Huber threshold on ln-loss residuals", positiveReal, DEFAULT_DELTA)
    .option("--bootstrap <n>", "case-resampling bootstrap with n ≥ 2 resamples (≥ 1000 for stable 95% intervals)", atLeastTwo)
    .addOption(new Option("--bootstrap-unit <u>", "what the bootstrap resamples: points, or whole runs of the run column (several points per run, e.g. cooldown branches, are not independent)").choices(["point", "run"]).default("point"))
    .option("--seed <s>", "seed of every random draw (bootstrap, --example noise), 0 … 2^32 − 1", seed32, DEFAULT_SEED)
    .option("--budget-flops <C>", "compute budget for N*, D* (C = 6ND)", positiveNumber, DEFAULT_BUDGET_FLOPS)
    .option("--exhaustive", "run every start of the law's grid to convergence (default: screened multi-start)")
    .option("--fix <list>", "hold parameters at values, e.g. E=1.69,beta=0.28 (the law's names)", fixList)
    .option("--tie <list>", "fit parameters as one, e.g. alpha=beta (alpha takes beta's value)", tieList)
    .option("--init <list>", "replace the start grid of parameters (natural units), e.g. RD=6.667:13.333:20,RN=6.667:13.333:20", initList)
    .option("--loss-fit <file>", "downstream laws: chain with this saved loss fit (fit --out) to forecast the metric at --budget-flops")
    .addOption(new Option("--method <m>", "grid: multi-start over the law's grid; varpro: variable projection (laws with linear coefficients)").choices(["grid", "varpro"]).default("grid"))
    .option("--threads <n>", "threads for --bootstrap and --exhaustive (default: all cores; under 200 resamples: 1)", positiveWholeNumber));
}

/** Checks the input and the law options of a fit; exits 2 with a message on a bad combination. */
export function checkFitOptions(file: string | undefined, opts: FitCliOptions, cmd: Command): void {
  if (!file && !opts.example) cmd.error("error: give a run table FILE, or --example for the built-in simulated sweep", { exitCode: 2 });
  if (file && opts.example) cmd.error("error: give either FILE or --example, not both", { exitCode: 2 });
  for (const key of LAW_OPTION_KEYS) {
    if (opts[key] === undefined || lawRegistry[opts.law].options.includes(key)) continue;
    const takers = Object.entries(lawRegistry).filter(([, e]) => e.options.includes(key)).map(([id]) => id);
    cmd.error(`error: --${key} applies to --law ${takers.join(", ")} only (got --law ${opts.law})`, { exitCode: 2 });
  }
}

/** The distinct groups of FILE's usable rows, in order of first appearance (--group-col). */
async function groupsOf(file: string, opts: FitCliOptions): Promise<string[]> {
  const table = await readRuns(file, opts, lawRoles(getLaw(opts.law, lawOptionsOf(opts))));
  const groups = [...new Set(table.runs.map((r) => r.group).filter((g): g is string => g !== undefined))];
  if (groups.length === 0) throw new UserInputError(`${table.source}: --group-col ${opts.groupCol}: no usable row has a group value`);
  return groups;
}

async function runFit(file: string | undefined, opts: FitCliOptions): Promise<FitDocument> {
  return (await runFitJob(file, opts)).doc;
}

/** Everything a fit produced, for front ends that draw it (report, plot). */
export interface FitJob {
  doc: FitDocument;
  fit: FitResult;
  /** The law as fitted (constraints applied) and the base law it came from. */
  law: Law;
  baseLaw: Law;
  lawOptions: LawOptions;
  data: FitData;
  runs: Run[];
  paramConvention: ParamConvention;
  /** Bootstrap refits in resample order (empty without --bootstrap). */
  refits: ResampleResult[];
  simulated: boolean;
}

export async function runFitJob(file: string | undefined, options: FitCliOptions): Promise<FitJob> {
  let opts = options;
  const simulated = Boolean(opts.example);
  prestartWorkers({ exhaustive: opts.exhaustive, resamples: opts.bootstrap ?? opts.defaultBootstrap, threads: opts.threads });
  const lawOptions = lawOptionsOf(opts);
  const baseLaw = getLaw(opts.law, lawOptions);
  const needs = lawRoles(baseLaw);
  const runTable = simulated
    ? parseRunTable(exampleSweepCsv({ seed: opts.seed }), parseOptionsOf(opts, `built-in example (simulated from Hoffmann et al. 2022, seed ${opts.seed})`, needs))
    : await readRuns(file!, opts, needs);
  const userLaw = opts.fix || opts.tie ? userInput(() => constrainLaw(baseLaw, { fix: opts.fix, tie: opts.tie })) : baseLaw;
  let law = userLaw;
  if (opts.lossFit && law.target !== "metric") throw new UserInputError(`--loss-fit chains a loss fit with a downstream law; law ${law.id} predicts the loss itself`);
  // with run resampling, several rows per run are the design (cooldown branches), not stray checkpoints
  const selection = selectWith(runTable, opts, law.inputs, law.target ?? "loss", opts.bootstrapUnit === "run" ? "expected" : "warn");
  const needed = law.parameters.length;
  if (selection.runs.length < needed) throw new FitError(tooFewRuns(runTable.source, runTable.rowsRead, selection, law.id, needed), "too-few-points");
  const missing = missingColumns(law, runTable, selection.runs, (role) => `name it with ${role === "metric" ? "--metric-col" : "--unique-tokens-col"}`);
  if (missing) throw new UserInputError(`${runTable.source}: ${missing}`);
  const data = fitDataFor(law, selection.runs);
  const strategy = opts.exhaustive ? "exhaustive" : "screened";
  if (opts.method === "varpro" && (opts.exhaustive || opts.init)) throw new UserInputError(`${opts.exhaustive ? "--exhaustive" : "--init"} applies to --method grid`);
  const starts = opts.init ? userInput(() => startsWith(law.parameters, opts.init!)) : undefined;
  // the screened survey learns how many starts it will try as it goes: the bar takes its size from the first update
  const first = opts.method === "varpro"
    ? userInput(() => fitLawVarpro(law, data, { objective: opts.objective, delta: opts.delta }))
    : await withBarAsync(`${strategy} multi-start`, strategy === "exhaustive" ? (starts ?? gridStarts(law.parameters)).length : 0, (onProgress) =>
      fitLawParallel(law, lawOptions, data, { objective: opts.objective, delta: opts.delta, strategy, starts, threads: opts.threads, onProgress }));
  // declared bounds are enforced: a value beyond its bound is held there and the rest refitted
  const bounded = await fitWithinBounds(baseLaw, { fix: opts.fix, tie: opts.tie }, { law, fit: first }, (held) =>
    fitLawParallel(held, lawOptions, data, { objective: opts.objective, delta: opts.delta, strategy: "screened", threads: opts.threads }));
  law = bounded.law;
  const fit = bounded.fit;

  let refits: { results: ResampleResult[]; threads: number } | undefined;
  let skipped: string | undefined;
  if (!opts.bootstrap && opts.defaultBootstrap) {
    // a figure's or report's own bootstrap, which the user did not ask for: skipped on very large tables
    if (data.n <= DEFAULT_BOOTSTRAP_MAX_RUNS) opts = { ...opts, bootstrap: opts.defaultBootstrap };
    else skipped = `the default ${opts.defaultBootstrap}-resample bootstrap was skipped: ${data.n} runs is above ${DEFAULT_BOOTSTRAP_MAX_RUNS} (each refit is a fit of every run); no bands or intervals are drawn; pass --bootstrap N to compute them`;
  }
  let unit: { column: string; runs: number; clusters: number[] } | undefined;
  if (opts.bootstrapUnit === "run") {
    const column = runTable.columns.run;
    const missing = selection.runs.find((r) => r.runId === undefined);
    if (column === undefined || missing) throw new UserInputError(`--bootstrap-unit run resamples the runs of the run column, but ${column === undefined ? `${runTable.source} has none (name it with --run-col)` : `line ${missing!.line} has no run id`}`);
    const ids = new Map<string, number>();
    const clusters = selection.runs.map((r) => ids.get(r.runId!) ?? ids.set(r.runId!, ids.size).get(r.runId!)!);
    if (ids.size < 2) throw new UserInputError(`--bootstrap-unit run needs at least 2 runs to resample; column "${column}" has ${ids.size}`);
    unit = { column, runs: ids.size, clusters };
  }
  if (opts.bootstrap) {
    refits = await withBarAsync("bootstrap", opts.bootstrap, (onProgress) => bootstrapParallel(
      { law, objective: opts.objective, delta: opts.delta, theta: fit.theta, seed: opts.seed, budgetFlops: opts.budgetFlops, corrections: fit.corrections, ...(unit ? { clusters: unit.clusters } : {}) },
      lawOptions, data, opts.bootstrap!, { threads: opts.threads, onProgress },
    ));
  }
  const doc = assembleFitDocument({
    fit, data, table: runTable, selection, excludeHighestLoss: opts.excludeHighestLoss, simulated, seed: opts.seed, budgetFlops: opts.budgetFlops, ...(refits ? { refits } : {}), argv: commandArgv(),
    ...(unit ? { bootstrapUnit: { column: unit.column, runs: unit.runs, members: runMembers(selection.runs) } } : {}),
  });
  doc.warnings.unshift(...selection.diagnostics);
  if (skipped) doc.warnings.push(diagnostic("bootstrap-skipped", skipped));
  doc.warnings.push(...bounded.warnings, ...implausible(baseLaw, fit.params));
  if (bounded.held.length > 0) {
    // a parameter held at its bound is not estimated: it has no SE or interval, and it is on its bound
    doc.heldAtBound = bounded.held;
    for (const h of bounded.held) {
      doc.onBound.push({ name: h.name, value: h.bound, bound: h.bound, side: h.unconstrained < h.bound ? "lower" : "upper" });
      if (doc.bootstrap) { delete doc.bootstrap.se[h.name]; delete doc.bootstrap.ci95[h.name]; }
    }
  }
  if (opts.lossFit) {
    const { readSavedFit } = await import("../core/plan/savedFit.js"); // zod: loaded only when a saved fit is read
    const lossFit = userInput(() => readSavedFit(readText(opts.lossFit!), opts.lossFit!));
    const resamples = refits?.results.map((r) => r.values);
    const forecast = userInput(() => chainForecast(lossFit, { law: baseLaw, values: fit.params, resamples }, { flops: opts.budgetFlops }));
    doc.forecast = { ...forecast, lossFit: { source: opts.lossFit, lawId: lossFit.law.id } };
    if (lossFit.maxFittedFlops !== undefined) {
      const ex = extrapolation(forecast.flops, lossFit.maxFittedFlops, "the forecast's compute");
      doc.forecast.extrapolationFactor = ex.factor;
      if (ex.warning) doc.warnings.push(ex.warning);
    }
    doc.warnings.push(...forecast.notes.map((n) => diagnostic("chain-uncertainty", n)));
    if (!Number.isFinite(forecast.metric)) doc.nonFinite.push("forecast.metric");
  }
  return { doc, fit, law, baseLaw, lawOptions, data, runs: selection.runs, paramConvention: runTable.paramConvention, refits: refits?.results ?? [], simulated };
}


/** The build options of the chosen law, as given on the command line. */
const LAW_OPTION_KEYS = ["x", "breaks", "base"] as const satisfies ReadonlyArray<keyof LawOptions>;

export function lawOptionsOf(opts: { x?: LawOptions["x"]; breaks?: "1" | "2"; base?: LawOptions["base"] }): LawOptions {
  const o: LawOptions = {};
  if (opts.x) o.x = opts.x;
  if (opts.breaks) o.breaks = Number(opts.breaks) as 1 | 2;
  if (opts.base) o.base = opts.base;
  return o;
}

function tooFewRuns(source: string, rowsRead: number, selection: Selection, lawId: string, needed: number): string {
  const lines = [`${source}: ${selection.runs.length} usable run${selection.runs.length === 1 ? "" : "s"} of ${rowsRead} rows read; law ${lawId} has ${needed} parameters and needs at least ${needed}`];
  for (const e of selection.excluded.slice(0, 10)) lines.push(`  ${describeIssue(e)}`);
  if (selection.excluded.length > 10) lines.push(`  … and ${selection.excluded.length - 10} more excluded rows`);
  return lines.join("\n");
}

function describeIssue(e: RowIssue, parts?: readonly RunTablePart[]): string {
  return `${locate(e.line, parts)}${e.column ? `, column ${e.column}` : ""}${e.value !== undefined ? `, value ${JSON.stringify(e.value)}` : ""}: ${e.reason}`;
}

/** What a metric law's symbols stand for: the loss of a downstream map, k of pass@k, T of test-time tokens. */
function metricInputs(inputs: readonly string[]): string {
  const say: Record<string, string> = { loss: "L: loss in nats", samples: "k: samples per problem", testTimeTokens: "T: test-time tokens per problem" };
  return inputs.map((i) => say[i] ?? i).join("; ");
}

/** Each run id with the lines of its points, in first-appearance order. */
function runMembers(runs: ReadonlyArray<{ runId?: string; line: number }>): Array<{ run: string; lines: number[] }> {
  const by = new Map<string, number[]>();
  for (const r of runs) (by.get(r.runId!) ?? by.set(r.runId!, []).get(r.runId!)!).push(r.line);
  return [...by].map(([run, lines]) => ({ run, lines }));
}

/** The readable report of a fit document. */
export function renderFit(doc: FitDocument): string {
  const out: string[] = [];
  const d = doc.data;
  out.push(`scalecast fit: ${doc.law.title}`);
  out.push(`  ${doc.law.formula}   (${doc.law.target === "metric" ? `${metricInputs(doc.law.inputs)}; target: the metric in column "${d.columns.metric}"` : `N: parameters, ${d.paramConvention}; D: tokens; loss in nats`})`);
  const c = doc.law.constraints;
  const atBound = new Set((doc.heldAtBound ?? []).map((h) => h.name));
  if (c) out.push(`  held: ${[...Object.entries(c.fix).map(([k, v]) => atBound.has(k) ? `${k} held at its bound ${formatNumber(v, 8)} (not estimated)` : `${k} fixed at ${formatNumber(v, 8)}`), ...Object.entries(c.tie).map(([f, l]) => `${f} tied to ${l}`)].join("; ")}`);
  out.push("");
  out.push(`data: ${d.source} (${d.format}): ${d.rowsRead} rows read, ${d.n} used, ${d.excluded.length} excluded; ` +
    `${d.coverage.pointsPerParameter.toFixed(1)} points per parameter, ${Object.entries(d.coverage.decades).map(([k, v]) => `${k} over ${v.toFixed(1)} decades`).join(", ")}`);
  for (const note of d.notes) out.push(`  note: ${note}`);
  out.push("");
  const bs = doc.bootstrap;
  const rows: string[][] = [["parameter", "estimate", ...(bs ? ["SE", "95% CI (percentile)"] : [])]];
  const show = (k: string, v: number) => rows.push([k, formatNumber(v), ...(bs && bs.se[k] !== undefined ? [formatNumber(bs.se[k], 3), `[${formatNumber(bs.ci95[k][0], 4)}, ${formatNumber(bs.ci95[k][1], 4)}]`] : [])]);
  for (const [k, v] of Object.entries(doc.params)) show(k, v);
  for (const [k, v] of Object.entries(doc.derived)) show(k, v);
  out.push(table(rows));
  if (doc.allocation) {
    const a = doc.allocation;
    let line = `compute-optimal at C = ${a.flops.toExponential(2)} FLOPs (${a.flopsFormula}): N* = ${formatCount(a.params)} parameters, D* = ${formatCount(a.tokens)} tokens, ${a.tokensPerParam.toFixed(1)} tokens/parameter${a.extrapolationFactor !== undefined ? `; ${a.extrapolationFactor.toPrecision(3)}× the largest fitted compute` : ""}`;
    if (bs && bs.ci95.paramsOpt) line += `\n  95% CI: N* [${formatCount(bs.ci95.paramsOpt[0])}, ${formatCount(bs.ci95.paramsOpt[1])}], D* [${formatCount(bs.ci95.tokensOpt[0])}, ${formatCount(bs.ci95.tokensOpt[1])}]`;
    out.push("", line);
  }
  if (doc.prediction) {
    const p = doc.prediction, [c0, c1] = p.ci["0.95"], [q0, q1] = p.pi["0.95"], [r0, r1] = p.pi["0.8"];
    out.push(`  loss there: ${p.predicted.toFixed(4)} nats; 95% CI [${c0.toFixed(4)}, ${c1.toFixed(4)}] (the law's mean, fit uncertainty); ` +
      `prediction interval for a new run: 80% [${r0.toFixed(4)}, ${r1.toFixed(4)}], 95% [${q0.toFixed(4)}, ${q1.toFixed(4)}] (fit uncertainty plus run-to-run scatter)`);
  }

  out.push("");
  out.push(`fit quality: R² = ${doc.quality.r2.toFixed(4)} (${doc.law.target === "metric" ? "metric" : "loss in nats"}), RMS of ln residuals ${doc.quality.rmsLogResidual.toPrecision(3)}`);
  out.push(`objective: ${doc.objective.title} (delta = ${doc.objective.delta}) = ${doc.objective.value.toPrecision(11)}`);
  const o = doc.optimizer;
  out.push(o.strategy === "varpro"
    ? `optimizer: ${o.method}; ${o.status} (${o.message})`
    : `optimizer: ${o.strategy} multi-start L-BFGS: ${o.startsRun} of ${o.starts} starts run${o.subsample ? ` on an evenly spaced subsample of ${o.subsample.points} of the ${o.subsample.of} runs, then polished on all ${o.subsample.of}` : ""}, ${o.startsAtBest} reached the best objective; ${o.status} (${o.message})`);
  if (doc.forecast) {
    const f = doc.forecast;
    out.push("", `forecast at C = ${f.flops.toExponential(2)} FLOPs with the loss fit ${f.lossFit.source} (${f.lossFit.lawId}): N ${formatCount(f.params)}, D ${formatCount(f.tokens)}, loss ${f.loss.toFixed(4)} nats → metric ${formatNumber(f.metric, 4)}` +
      (f.ci95 ? `\n  95% CI (fit uncertainty of the ${f.ci95.varied.join(" and ")}, ${f.ci95.resamples} paired resamples): loss [${f.ci95.loss[0].toFixed(4)}, ${f.ci95.loss[1].toFixed(4)}], metric [${formatNumber(f.ci95.metric[0], 4)}, ${formatNumber(f.ci95.metric[1], 4)}]` : ""));
  }
  if (bs) out.push(`bootstrap: ${bs.resamples} ${bs.runs ? `resamples of ${bs.runs.length} whole runs (${bs.runs.map((r) => `${r.run}: ${r.lines.length} points`).slice(0, 6).join(", ")}${bs.runs.length > 6 ? ", …" : ""})` : "case resamples"}, seed ${bs.seed}, ${bs.threads} thread${bs.threads === 1 ? "" : "s"}; ${bs.notConverged} refits not converged`);
  if (d.excluded.length > 0) {
    out.push("", "excluded rows:");
    const shown = d.excluded.slice(0, 20);
    for (const e of shown) out.push(`  ${describeIssue(e, d.parts)}`);
    if (d.excluded.length > shown.length) out.push(`  … and ${d.excluded.length - shown.length} more (all listed in --json)`);
  }
  out.push("", doc.warnings.length ? "warnings:" : "warnings: none");
  out.push(...renderDiagnostics(doc.warnings));
  return out.join("\n");
}

/** "line 12", or "190M-1xC.csv line 12 (line 196 of the folder)" for a folder of run files. */
export function locate(line: number, parts?: readonly RunTablePart[]): string {
  const p = parts?.find((x) => line >= x.firstLine && line <= x.lastLine);
  return p ? `${p.file} line ${line - p.firstLine + 1} (line ${line} of the folder)` : `line ${line}`;
}
