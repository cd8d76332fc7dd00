/**
 * The `observe` document, assembled in core (DESIGN.md, "Documents are
 * assembled in core"): the table read, the PCA of its metrics over the complete
 * cases, and with a target the downstream sigmoid fit and the compute cut-off
 * backtest. The CLI, the report and the workbench only render it.
 */
import { diagnostic, DiagnosticError, type Diagnostic } from "../diagnostics.js";
import { documentHeader, type DocumentHeader } from "../documentHeader.js";
import { BadOptionError } from "../errors.js";
import { backtestByCompute, type ObserveBacktest } from "./backtest.js";
import { completeCases, matrixOf, type LeftOut } from "./completeCases.js";
import { fitAndPredict, type FitAndPredict, type Predictor } from "./downstream.js";
import { pca, type Preprocessing } from "./pca.js";
import type { ObservationTable } from "./readObservations.js";
import { DEFAULT_FLOOR_BOUNDS } from "./sigmoidFit.js";

/** Bootstrap resamples of the models by default: enough for steady 2.5% and 97.5% points, well under a second on 150 models. */
export const OBSERVE_BOOTSTRAP = 1000;

export const OBSERVE_CONVENTIONS = {
  pca: "PCA of the metric columns over the models that have all of them (complete cases): eigen-decomposition (Jacobi) of the covariance of the z-scored (population sd) or centred columns; explained-variance ratio λ_k/Σλ; loadings signed to sum positive",
  sigmoid: `y = floor + (ceiling − floor)·σ(a·x + b), least squares; ceiling 1 unless set, floor fitted in [${DEFAULT_FLOOR_BOUNDS.join(", ")}] unless fixed (Ruan et al. 2024's sigmoid with fixed height)`,
  intervals: "B resamples of the training models (within each family for per-family fits, skipped families included, as in the full fit's PCA). Predictions: each resample recomputes the PCA (PC1 signed as the full fit's) and refits; CI: 2.5–97.5% percentiles of the refits' predictions; PI: refit prediction plus a full-fit residual inflated by √(n/(n−p)), clipped to [0, 1]. a, b, floor: 2.5–97.5% percentiles of refits on the full fit's own axis (its PCA kept), so they are read on the axis the point estimates are",
  compute: "training FLOPs, C = 6·N·D in Ruan et al.'s table",
} as const;

export interface ObserveOptions {
  preprocessing: Preprocessing;
  /** The downstream metric; omitted: PCA only. */
  target?: string;
  x: Predictor;
  byFamily: boolean;
  ceiling?: number;
  floor?: number;
  /** Backtest cut-off in FLOPs (needs a target). */
  cutoffFlops?: number;
  bootstrap: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ObserveDocument extends DocumentHeader {
  command: "observe";
  data: {
    source: string; models: number; families: number; withCompute: number;
    columns: ObservationTable["columns"]; flopsUnit?: ObservationTable["flopsUnit"];
    metrics: string[]; ignored: ObservationTable["ignored"];
  };
  conventions: typeof OBSERVE_CONVENTIONS;
  pca: {
    preprocessing: Preprocessing; metrics: string[]; models: number; leftOut: LeftOut[];
    explainedVarianceRatio: number[]; cumulative: number[];
    components: Array<{ component: number; explainedVarianceRatio: number; loadings: Record<string, number> }>;
    scores: Array<{ model: string; family: string | null; flops: number | null; pc: number[] }>;
    jacobi: { sweeps: number; converged: boolean };
  };
  downstream?: {
    target: string; x: Predictor; predictors: string[]; pooled: boolean; models: number; leftOut: LeftOut[];
    groups: FitAndPredict["groups"]; skipped: FitAndPredict["skipped"]; pc1?: FitAndPredict["pc1"];
    fitted: FitAndPredict["fitted"];
    bootstrap?: { resamples: number; seed: number };
  };
  backtest?: ObserveBacktest & { bootstrap?: { resamples: number; seed: number } };
  warnings: Diagnostic[];
}

/**
 * Everything `observe` reports for a table. Throws a RangeError naming the table's source for a request the table cannot
 * support, a BadOptionError for a floor or ceiling that contradicts the fit or the data, and a DiagnosticError
 * (`nothing-predicted`) for a backtest that predicts no model.
 */
export function assembleObserveDocument(table: ObservationTable, options: ObserveOptions, argv: readonly string[] = []): ObserveDocument {
  try {
    return assemble(table, options, argv);
  } catch (e) {
    // the table's name on every refusal of its contents (the PCA's "needs at least 3 models", a fit's too few models, …)
    const named = (m: string) => (m.startsWith(`${table.source}:`) ? m : `${table.source}: ${m}`);
    if (e instanceof DiagnosticError) throw new DiagnosticError({ ...e.diagnostic, message: named(e.diagnostic.message), where: { ...e.diagnostic.where, source: table.source } });
    if (e instanceof RangeError && e.constructor === RangeError) throw new RangeError(named(e.message));
    throw e;
  }
}

function assemble(table: ObservationTable, options: ObserveOptions, argv: readonly string[]): ObserveDocument {
  if ((options.x === "log-compute" || options.cutoffFlops !== undefined) && table.columns.flops === undefined) {
    throw new BadOptionError(`${options.cutoffFlops !== undefined ? "--cutoff" : "--x log-compute"} needs the training compute: no compute column (flops, training_flops, compute) was found; give --flops-col NAME`);
  }
  const warnings: Diagnostic[] = [];
  const leftOutNote = (step: string, leftOut: readonly LeftOut[], total: number) => {
    if (leftOut.length) warnings.push(diagnostic("incomplete-cases", `${leftOut.length} of ${total} models lack a value ${step} needs and are left out of it (${leftOut.slice(0, 3).map((l) => `${l.model}: ${l.missing.join(", ")}`).join("; ")}${leftOut.length > 3 ? "; …" : ""}); all are named in --json`, { source: table.source }));
  };
  const { kept, leftOut } = completeCases(table.models, table.metrics);
  leftOutNote("the PCA", leftOut, table.models.length);
  const p = pca(matrixOf(kept, table.metrics), table.metrics, options.preprocessing);
  let cumulative = 0;
  const doc: ObserveDocument = {
    ...documentHeader("observe", argv),
    data: {
      source: table.source, models: table.models.length, families: new Set(table.models.map((m) => m.family ?? "")).size,
      withCompute: table.models.filter((m) => m.flops !== null).length, columns: table.columns,
      ...(table.flopsUnit ? { flopsUnit: table.flopsUnit } : {}), metrics: table.metrics, ignored: table.ignored,
    },
    conventions: OBSERVE_CONVENTIONS,
    pca: {
      preprocessing: p.preprocessing, metrics: p.metrics, models: p.n, leftOut,
      explainedVarianceRatio: p.explainedVarianceRatio, cumulative: p.explainedVarianceRatio.map((r) => (cumulative += r)),
      components: p.loadings.map((l, k) => ({ component: k + 1, explainedVarianceRatio: p.explainedVarianceRatio[k], loadings: Object.fromEntries(p.metrics.map((m, j) => [m, l[j]])) })),
      scores: kept.map((m, i) => ({ model: m.model, family: m.family, flops: m.flops, pc: p.scores[i] })),
      jacobi: p.jacobi,
    },
    warnings,
  };
  if (options.target === undefined) {
    if (options.cutoffFlops !== undefined) throw new RangeError("a backtest needs the metric to predict: give --metric NAME");
    return doc;
  }
  const target = options.target;
  const predictors = table.metrics.filter((m) => m !== target);
  if (options.x === "pc1" && predictors.length < 2) throw new RangeError(`predicting ${target} from PC1 needs at least 2 other metrics, got ${predictors.length}`);
  const needCompute = options.x === "log-compute";
  const dOptions = { target, predictors, x: options.x, preprocessing: options.preprocessing, byFamily: options.byFamily, bootstrap: options.bootstrap, seed: options.seed,
    ...(options.ceiling !== undefined ? { ceiling: options.ceiling } : {}), ...(options.floor !== undefined ? { floor: options.floor } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
  const cases = completeCases(table.models, options.x === "pc1" ? [...predictors, target] : [target], needCompute);
  leftOutNote(`the ${target} fit`, cases.leftOut, table.models.length);
  checkAsymptotes(options, target, cases.kept.map((m) => m.values[target] as number));
  const fit = fitAndPredict(cases.kept, [], dOptions);
  const bootstrap = options.bootstrap > 0 ? { resamples: options.bootstrap, seed: options.seed } : undefined;
  doc.downstream = {
    target, x: options.x, predictors: options.x === "pc1" ? predictors : [], pooled: !options.byFamily, models: cases.kept.length, leftOut: cases.leftOut,
    groups: fit.groups, skipped: fit.skipped, ...(fit.pc1 ? { pc1: fit.pc1 } : {}), fitted: fit.fitted, ...(bootstrap ? { bootstrap } : {}),
  };
  const families = new Set(cases.kept.map((m) => m.family ?? "")).size;
  if (!options.byFamily && families > 1) warnings.push(diagnostic("families-pooled", `one ${target} curve is fitted over ${families} model families; --by-family fits one per family`));
  for (const g of fit.groups) fitWarnings(g, target, warnings);
  if (options.cutoffFlops !== undefined) {
    const bt = backtestByCompute(table.models, options.cutoffFlops, dOptions);
    doc.backtest = { ...bt, ...(bootstrap ? { bootstrap } : {}) };
    leftOutNote(`the backtest (${target}, compute)`, bt.leftOut, table.models.length);
    if (bt.unpredicted.length) warnings.push(diagnostic("not-predicted", `${bt.unpredicted.length} of the ${bt.aboveCutoff} models above the cut-off are not predicted and not scored: no fit covers them (${[...new Set(bt.unpredicted.map((u) => u.reason))].slice(0, 3).join("; ")}${new Set(bt.unpredicted.map((u) => u.reason)).size > 3 ? "; …" : ""}); the scores are over the ${bt.heldOut} predicted`, { source: table.source }));
    for (const g of bt.groups) fitWarnings(g, `${target} (backtest)`, warnings);
  }
  return doc;
}

/** A floor or ceiling the fit cannot use: a fixed floor at or above the ceiling, a ceiling within the fitted floor's range, or below the data (no curve reaches the models above it). */
function checkAsymptotes(options: Pick<ObserveOptions, "floor" | "ceiling">, target: string, values: readonly number[]): void {
  const { floor, ceiling } = options;
  if (ceiling === undefined) return;
  if (floor !== undefined && !(floor < ceiling)) throw new BadOptionError(`--floor ${floor} must be below --ceiling ${ceiling}`);
  const [lo, hi] = DEFAULT_FLOOR_BOUNDS;
  if (floor === undefined && !(ceiling > hi)) throw new BadOptionError(`--ceiling ${ceiling} must lie above the fitted floor's range [${lo}, ${hi}]: raise it, or fix a floor below it with --floor`);
  const above = values.filter((v) => v > ceiling);
  if (above.length) throw new BadOptionError(`--ceiling ${ceiling} is below the data: ${above.length} of the ${values.length} models score above it on ${target} (up to ${Number(Math.max(...above).toPrecision(4))}), which no curve with that ceiling reaches; raise it (default 1)`);
}

function fitWarnings(g: FitAndPredict["groups"][number], what: string, warnings: Diagnostic[]): void {
  const name = `${what}${g.family !== null ? `, family ${g.family}` : ""}`;
  if (!g.fit.converged) warnings.push(diagnostic("not-converged", `the sigmoid fit of ${name} stopped without converging (${g.fit.status})`));
  if (g.fit.floorOnBound === "upper") warnings.push(diagnostic("on-bound", `the fitted floor of ${name} sits on its upper bound ${DEFAULT_FLOOR_BOUNDS[1]}: fix it with --floor (e.g. the random-guess level)`));
}
