/**
 * The JSON document of a fit: everything needed to reproduce it and to read
 * it back (`--out fit.json`): law, parameters, objective and settings,
 * optimizer status, data summary with every exclusion, bootstrap settings and
 * results, tool version.
 */
import { maxOf, minOf } from "../stats/extent.js";
import { diagnostic, numberText, type Diagnostic } from "../diagnostics.js";
import type { RunTable, RunTablePart, RowIssue } from "../runs/types.js";
import { extrapolation } from "./extrapolation.js";
import { predictLoss } from "../laws/transform.js";
import { isUsableSplit } from "../plan/allocate.js";
import { documentHeader, type DocumentHeader } from "../documentHeader.js";
import { summarizeBootstrap, type BootstrapSummary, type ResampleResult } from "./bootstrap.js";
import type { FitData } from "./data.js";
import { HOFFMANN_ROUNDED } from "./exampleSweep.js";
import { objectives } from "./objectives.js";
import { inflatedResiduals, PREDICTION_METHOD, predictWithIntervals, refitThetas } from "./predict.js";
import type { Selection } from "./selectRuns.js";
import type { FitResult } from "./fitLaw.js";
import type { ChainForecast } from "../plan/chain.js";
import type { IntervalPrediction } from "./predict.js";

export interface FitDocument extends DocumentHeader {
  command: "fit";
  law: {
    id: string;
    title: string;
    formula: string;
    fitForm: string;
    inputs: readonly string[];
    /** What the law predicts: the loss (nats) or a benchmark metric. */
    target: "loss" | "metric";
    options: Record<string, unknown>;
    constraints?: FitResult["law"]["constraints"];
    reference: FitResult["law"]["reference"];
  };
  params: Record<string, number>;
  /** The same parameters in the space they were fitted in (e.g. a = ln A). */
  fitSpace: Record<string, number>;
  objective: { id: string; title: string; delta: number; value: number; residuals: "ln(loss) − ln(predicted loss)" | "ln(metric) − ln(predicted metric)" };
  optimizer: FitResult["optimizer"];
  derived: Record<string, number>;
  /** R² of the loss (nats) and RMS of ln residuals on the fitted points. */
  quality: FitResult["quality"];
  /** extrapolationFactor: the budget ÷ the largest fitted compute (absent when the runs have no C). */
  /** N*, D* at the budget (C = 6ND) and the law's loss there (nats). */
  allocation?: { flops: number; params: number; tokens: number; tokensPerParam: number; loss: number; flopsFormula: "C = 6ND"; extrapolationFactor?: number };
  onBound: FitResult["onBound"];
  /** Parameters whose optimum lay beyond a declared bound, held there while the others were refitted (not estimated). */
  heldAtBound?: Array<{ name: string; bound: number; unconstrained: number }>;
  /** Paths of numbers that are not finite (JSON shows them as null); each also has a warning. */
  nonFinite: string[];
  /** Every warning, each with a stable code (docs/diagnostics.md). */
  warnings: Diagnostic[];
  data: {
    source: string;
    simulated: boolean;
    format: string;
    rowsRead: number;
    n: number;
    excluded: RowIssue[];
    notes: string[];
    columns: RunTable["columns"];
    paramConvention: RunTable["paramConvention"];
    excludeHighestLoss: number;
    units: { params: string; tokens: string; flops: string; loss: string };
    /** Points per fitted parameter, and decades covered by each input. */
    coverage: { pointsPerParameter: number; decades: Record<string, number> };
    /** For a folder of run files: which lines came from which file. */
    parts?: RunTablePart[];
    /** Largest compute C among the fitted runs (FLOPs), when every run has one: plans from this fit state target ÷ this. */
    maxFittedFlops?: number;
  };
  /** lnResiduals: the full fit's ln residuals inflated by √(n/(n−p)), in run order: the noise of prediction intervals. */
  bootstrap?: BootstrapSummary & { threads: number; method: string; samples?: ResampleSamples; lnResiduals?: number[];
    /** With run resampling: which lines each run holds (its points move together in every resample). */
    runs?: Array<{ run: string; lines: number[] }> };
  /** With --bootstrap and an allocation: the loss at N*, D* with its confidence interval (the law's mean) and prediction interval (a new run). */
  prediction?: IntervalPrediction & { intervals: string };
  /** Downstream laws chained with a saved loss fit (`fit --loss-fit`): the metric forecast at the budget. */
  forecast?: ChainForecast & { lossFit: { source: string; lawId: string }; extrapolationFactor?: number };
}

/** The law parameters of every bootstrap resample, so a saved fit can carry its uncertainty into a plan. */
export interface ResampleSamples {
  names: string[];
  /** One row per resample, values in the order of `names` (natural units). */
  values: number[][];
}

export interface FitDocumentInput {
  fit: FitResult;
  objectiveTitle: string;
  table: RunTable;
  excluded: RowIssue[];
  excludeHighestLoss: number;
  simulated: boolean;
  budgetFlops: number;
  bootstrap?: BootstrapSummary & { threads: number; samples?: ResampleSamples; lnResiduals?: number[] };
  /** Set when the bootstrap resampled runs (a column's ids), not points. */
  bootstrapUnit?: { column: string; runs: number; members?: Array<{ run: string; lines: number[] }> };
  /** The command line that made the document (empty outside the CLI). */
  argv?: readonly string[];
  coverage: { pointsPerParameter: number; decades: Record<string, number> };
}

/** The table's notes, plus one when the law's published constants used another parameter convention. */
function conventionNotes(fit: FitResult, table: RunTable): string[] {
  const published = fit.law.reference.paramConvention;
  if (published === table.paramConvention) return table.notes;
  return [...table.notes, `${fit.law.id} was published with N = ${published} parameters; these runs count ${table.paramConvention} parameters, so fitted constants are not comparable with the paper's`];
}

/** |ρ| at or above which two parameters are reported as not separately identifiable. */
export const IDENTIFIABILITY_RHO = 0.95;

export function fitDocument(input: FitDocumentInput): FitDocument {
  const { fit, table } = input;
  const fitSpace: Record<string, number> = {};
  fit.law.parameters.forEach((p, j) => { fitSpace[p.fitName] = fit.theta[j]; });
  const raw = fit.law.allocate?.(fit.params, input.budgetFlops);
  // N*, D* that are not finite positive numbers (a degenerate fit) are no allocation: said, not printed as 0 or NaN
  const alloc = raw && isUsableSplit(raw) ? raw : undefined;
  const warnings = [...fit.warnings];
  if (raw && !alloc) warnings.push(diagnostic("non-finite", `the fitted law gives no usable compute-optimal split at ${input.budgetFlops.toExponential(2)} FLOPs (N* = ${numberText(raw.params)}, D* = ${numberText(raw.tokens)}): no allocation is reported`));
  if (input.bootstrap && input.bootstrap.notConverged > 0) {
    warnings.push(diagnostic("bootstrap-not-converged", `${input.bootstrap.notConverged} of ${input.bootstrap.resamples} bootstrap refits did not meet a convergence test (kept in the intervals)`));
  }
  const corr = input.bootstrap?.correlation;
  if (corr) {
    // exponents only: a coefficient and its own exponent are always correlated (the coefficient is the
    // term's value at x = 1, far outside the data), which says nothing about the runs
    const space = new Map(fit.law.parameters.map((p) => [p.name, p.space]));
    for (let a = 0; a < corr.names.length; a++) for (let b = a + 1; b < corr.names.length; b++) {
      const rho = corr.matrix[a][b];
      if (space.get(corr.names[a]) === "linear" && space.get(corr.names[b]) === "linear" && Math.abs(rho) >= IDENTIFIABILITY_RHO) {
        warnings.push(diagnostic("correlated-parameters", `${corr.names[a]} and ${corr.names[b]} are ${rho.toFixed(2)} correlated across bootstrap resamples: these runs cannot pin them down separately (more spread in ${fit.law.inputs.join(" and ")}, or --fix/--tie, would)`));
      }
    }
  }
  for (const [k, count] of Object.entries(input.bootstrap?.nonFinite ?? {})) {
    warnings.push(diagnostic("bootstrap-non-finite", `${k} was not finite in ${count} of ${input.bootstrap!.resamples} bootstrap refits; its SE and interval use the others`, { value: k }));
  }
  const doc: FitDocument = {
    ...documentHeader("fit", input.argv),
    law: {
      id: fit.law.id,
      title: fit.law.title,
      formula: fit.law.formula,
      fitForm: fit.law.fitForm,
      inputs: fit.law.inputs,
      target: fit.law.target ?? "loss",
      options: { ...(fit.law.options ?? {}) },
      ...(fit.law.constraints ? { constraints: fit.law.constraints } : {}),
      reference: fit.law.reference,
    },
    params: fit.params,
    fitSpace,
    objective: { id: fit.objective.id, title: input.objectiveTitle, delta: fit.objective.delta, value: fit.objective.value, residuals: fit.law.target === "metric" ? "ln(metric) − ln(predicted metric)" : "ln(loss) − ln(predicted loss)" },
    optimizer: fit.optimizer,
    derived: fit.derived,
    quality: fit.quality,
    ...(alloc ? { allocation: { flops: input.budgetFlops, params: alloc.params, tokens: alloc.tokens, tokensPerParam: alloc.tokens / alloc.params, loss: predictLoss(fit.law, fit.params, [{ params: alloc.params, tokens: alloc.tokens, flops: input.budgetFlops }])[0], flopsFormula: "C = 6ND" as const } } : {}),
    onBound: fit.onBound,
    warnings,
    data: {
      source: table.source,
      simulated: input.simulated,
      format: table.format,
      rowsRead: table.rowsRead,
      n: fit.n,
      excluded: input.excluded,
      notes: conventionNotes(fit, table),
      columns: table.columns,
      paramConvention: table.paramConvention,
      excludeHighestLoss: input.excludeHighestLoss,
      units: { params: `parameters (${table.paramConvention})`, tokens: "tokens", flops: "FLOPs", loss: "nats" },
      coverage: input.coverage,
    },
    ...(input.bootstrap ? { bootstrap: { ...input.bootstrap, method: input.bootstrapUnit
      ? `run resampling: ${input.bootstrapUnit.runs} runs of column "${input.bootstrapUnit.column}" drawn with replacement, every point of a drawn run kept (points of one run are not independent); each refit starts from the full-data optimum`
      : "case resampling; each refit starts from the full-data optimum",
      ...(input.bootstrapUnit?.members ? { runs: input.bootstrapUnit.members } : {}) } } : {}),
    nonFinite: [],
  };
  // no silent NaN: JSON would print null, so every non-finite number is named
  const sections: Array<[string, Record<string, unknown>]> = [
    ["params", doc.params], ["derived", doc.derived], ["quality", { ...doc.quality }], ["allocation", doc.allocation ?? {}],
    ["objective", { value: doc.objective.value }], ["optimizer", { gradNorm: doc.optimizer.gradNorm }],
    ["bootstrap.se", doc.bootstrap?.se ?? {}],
    ["bootstrap.ci95", Object.fromEntries(Object.entries(doc.bootstrap?.ci95 ?? {}).map(([k, [lo, hi]]) => [k, lo + hi]))],
  ];
  for (const [section, values] of sections) {
    for (const [k, v] of Object.entries(values)) {
      if (typeof v === "number" && !Number.isFinite(v)) {
        doc.nonFinite.push(`${section}.${k}`);
        warnings.push(diagnostic("non-finite", `${section}.${k} is not finite (shown as null in JSON): the fitted parameters are outside the range where it is defined`, { value: `${section}.${k}` }));
      }
    }
  }
  if (raw && !alloc) doc.nonFinite.push("allocation");
  return doc;
}

export interface AssembleInput {
  fit: FitResult;
  /** The data the fit used (coverage, residuals for the prediction interval). */
  data: FitData;
  table: RunTable;
  selection: Selection;
  excludeHighestLoss: number;
  /** Data simulated by the built-in example sweep (its warning names the seed). */
  simulated: boolean;
  /** Seed of the bootstrap (and of the example's noise). */
  seed: number;
  budgetFlops: number;
  /** Bootstrap refits in resample order, and the threads that ran them. */
  refits?: { results: ResampleResult[]; threads: number };
  /** Set when the bootstrap resampled runs (a column's ids), not points. */
  bootstrapUnit?: { column: string; runs: number; members?: Array<{ run: string; lines: number[] }> };
  /** The command line that made the document (empty outside the CLI). */
  argv?: readonly string[];
}

/**
 * The whole fit document as `scalecast fit --json` prints it, from a fit, its
 * data and (optionally) its bootstrap refits: the bootstrap summary with every
 * parameter's samples (held ones included), coverage of the inputs, the loss
 * at N*, D* with its confidence and prediction intervals, and the simulation
 * warning. Front ends (CLI, workbench) call this one function, so they print
 * the same document. O(n + B·p).
 */
export function assembleFitDocument(input: AssembleInput): FitDocument {
  const { fit, data } = input;
  const law = fit.law;
  const results = input.refits?.results;
  let bootstrap: FitDocumentInput["bootstrap"];
  if (results && results.length >= 2) {
    const extras = new Set(objectives[fit.objective.id].extraParameters.map((p) => p.name));
    const names = Object.keys(fit.params).filter((n) => !extras.has(n)); // every parameter, fixed and tied ones included
    bootstrap = {
      ...summarizeBootstrap(results, input.seed, input.budgetFlops, law.parameters.map((p) => p.name)),
      threads: input.refits!.threads, samples: { names, values: results.map((r) => names.map((n) => r.values[n])) },
      // the noise model of prediction intervals, so `scalecast predict` can give a PI from the saved fit alone
      lnResiduals: Array.from(inflatedResiduals(law, fit.theta.subarray(0, law.parameters.length), data)),
    };
  }
  const decades: Record<string, number> = {};
  for (const name of law.inputs) {
    const col = data.inputs.log[name]!;
    let lo = Infinity, hi = -Infinity;
    for (const v of col) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    decades[name] = (hi - lo) / Math.LN10;
  }
  const doc = fitDocument({
    fit, objectiveTitle: objectives[fit.objective.id].title, table: input.table, excluded: input.selection.excluded,
    excludeHighestLoss: input.excludeHighestLoss, simulated: input.simulated, budgetFlops: input.budgetFlops, bootstrap, argv: input.argv,
    ...(input.bootstrapUnit ? { bootstrapUnit: input.bootstrapUnit } : {}),
    coverage: { pointsPerParameter: data.n / law.parameters.length, decades },
  });
  if (bootstrap && doc.allocation) { // the loss a run at the compute-optimal split would measure: CI (the law's mean) and PI (a new run)
    const thetas = refitThetas(law, results!.map((r) => r.values));
    const at = { params: doc.allocation.params, tokens: doc.allocation.tokens, flops: doc.allocation.flops };
    try {
      const [p] = predictWithIntervals({ law, theta: fit.theta.subarray(0, law.parameters.length), resampleThetas: thetas, data }, [at]);
      doc.prediction = { ...p, intervals: PREDICTION_METHOD };
      if (p.refitsUsed < results!.length) doc.warnings.push(diagnostic("bootstrap-non-finite", `only ${p.refitsUsed} of ${results!.length} bootstrap refits give a finite loss at N*, D*; its intervals use those`));
      if (![p.predicted, ...Object.values(p.ci).flat(), ...Object.values(p.pi).flat()].every(Number.isFinite)) doc.nonFinite.push("prediction");
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      doc.warnings.push(diagnostic("no-interval", `no interval for the loss at N*, D*: ${e.message}`));
    }
  }
  const fittedFlops = input.selection.runs.map((r) => r.flops).filter((c): c is number => c !== undefined);
  if (fittedFlops.length === input.selection.runs.length && fittedFlops.length > 0) doc.data.maxFittedFlops = maxOf(fittedFlops);
  if (doc.allocation) {
    const fitted = fittedFlops;
    if (fitted.length === input.selection.runs.length && fitted.length > 0) {
      const ex = extrapolation(doc.allocation.flops, maxOf(fitted), "the budget for N*, D*");
      doc.allocation.extrapolationFactor = ex.factor;
      if (ex.warning) doc.warnings.push(ex.warning);
    }
  }
  if (input.table.parts) doc.data.parts = input.table.parts;
  doc.warnings.push(...outliers(fit, data, input.selection.runs.map((r) => r.line), input.table.source));
  doc.warnings.push(...unphysicalIntervals(fit, data, doc.bootstrap?.ci95));
  if (input.simulated) {
    const t = HOFFMANN_ROUNDED;
    doc.warnings.unshift(diagnostic("simulated-data", `data are SIMULATED from Hoffmann et al. 2022's law (E=${t.E}, A=${t.A}, B=${t.B}, alpha=${t.alpha}, beta=${t.beta}) with 1% noise, seed ${input.seed}: a demonstration, not a measurement`));
  }
  return doc;
}

/** A run is an outlier when its ln residual is more than OUTLIER_MADS robust standard deviations (1.4826·MAD) from the median residual … */
export const OUTLIER_MADS = 5;
/** … and more than this far in ln (2%), so noise-free fits and quantised losses do not flag rounding. */
export const OUTLIER_FLOOR = 0.02;

/**
 * Outlying runs by a robust residual test (Hampel's identifier: median and
 * MAD of the ln residuals, which one bad run cannot drag): one `outlier`
 * warning per run, naming its line and value. O(n log n).
 */
export function outliers(fit: FitResult, data: FitData, lines: readonly number[], source: string): Diagnostic[] {
  const law = fit.law, n = data.n;
  if (n < 5 || lines.length !== n) return [];
  const pred = new Float64Array(n);
  law.logPredict(fit.theta.subarray(0, law.parameters.length), data.inputs, pred);
  const r = data.logLoss.map((y, i) => y - pred[i]);
  if (!r.every(Number.isFinite)) return [];
  // typed-array sorts: numeric and native, 10^6 residuals in tens of milliseconds
  const median = (xs: Float64Array) => { const s = xs.slice().sort(), m = s.length >> 1; return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]); };
  const med = median(r), scale = 1.4826 * median(r.map((x) => Math.abs(x - med)));
  const out: Diagnostic[] = [];
  const target = law.target === "metric" ? "metric" : "loss";
  for (let i = 0; i < n; i++) {
    const d = Math.abs(r[i] - med);
    if (d > OUTLIER_FLOOR && d > OUTLIER_MADS * scale) {
      const value = Math.exp(data.logLoss[i]);
      out.push(diagnostic("outlier", `line ${lines[i]}: ${target} ${value.toPrecision(5)} is ${Number.isFinite(100 * Math.exp(r[i])) ? `${(100 * (Math.exp(r[i]) - 1)).toFixed(1)}%` : `e^${r[i].toFixed(0)} times`} ${r[i] > 0 ? "above" : "below"} the fit (ln residual ${r[i] >= 0 ? "+" : ""}${r[i].toFixed(3)}, ${scale > 0 ? `${(d / scale).toFixed(1)} robust SDs` : "the other runs fit exactly"} from the median): check that run`, { source, line: lines[i], value: String(value) }));
    }
  }
  return out;
}

/**
 * Values and intervals that say more than the data can: a bootstrap 95%
 * interval of a positive (log-space) parameter reaching its lower bound, i.e.
 * not bounded away from zero (`interval-reaches-zero`), and a location
 * parameter (a break) outside the range of its input in the data
 * (`break-beyond-data`). O(p + n).
 */
export function unphysicalIntervals(fit: FitResult, data: FitData, ci95?: Record<string, [number, number]>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of fit.law.parameters) { // free parameters: held ones have no interval
    const ci = ci95?.[p.name];
    if (ci && p.space === "log" && ci[0] <= p.bounds[0] * (1 + 1e-6)) {
      out.push(diagnostic("interval-reaches-zero", `the bootstrap 95% interval of ${p.name} reaches its lower bound ${p.bounds[0]} ([${ci[0].toPrecision(3)}, ${ci[1].toPrecision(3)}]): the runs do not bound ${p.name} away from zero`, { value: p.name }));
    }
    if (p.locationOn) {
      const col = data.inputs.log[p.locationOn];
      if (!col) continue;
      let lo = Infinity, hi = -Infinity;
      for (const v of col) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      const v = fit.params[p.name], lnv = Math.log(v);
      if (lnv < lo || lnv > hi) {
        const factor = lnv > hi ? v / Math.exp(hi) : Math.exp(lo) / v;
        out.push(diagnostic("break-beyond-data", `${p.name} = ${v.toPrecision(4)} lies ${factor.toPrecision(3)}× ${lnv > hi ? "beyond the largest" : "below the smallest"} ${p.locationOn} in the data (${Math.exp(lo).toPrecision(3)} … ${Math.exp(hi).toPrecision(3)}): the break is extrapolated, not measured`, { value: p.name }));
      }
    }
  }
  return out;
}
