/**
 * The workbench's fit, step by step, with the same core functions and defaults
 * as `scalecast fit` (src/cli/fit.ts runFitJob): parseRunTable (the law's
 * roles as `needs`, --where) → selectRuns (--best-of, --last-checkpoint,
 * --pool-groups, --exclude-highest-loss) → fitDataFor → fitLaw (screened
 * multi-start) or fitLawVarpro → fitDocument. Pure: no DOM, so the worker, the
 * page and the parity test (test/web/parity.test.ts) all run it.
 */
import type { ResampleResult } from "../../src/core/fit/bootstrap.js";
import { DiagnosticError, type DiagnosticCode } from "../../src/core/diagnostics.js";
import { fitDataFor, lawRoles, missingColumns, type FitData } from "../../src/core/fit/data.js";
import { assembleFitDocument, type FitDocument } from "../../src/core/fit/fitDocument.js";
import { fitLaw, type FitResult } from "../../src/core/fit/fitLaw.js";
import type { ObjectiveId } from "../../src/core/fit/objectives.js";
import { selectRuns, type SelectOptions, type Selection } from "../../src/core/fit/selectRuns.js";
import { fitLawVarpro } from "../../src/core/fit/varpro.js";
import { exampleSweepCsv } from "../../src/core/fit/exampleSweep.js";
import { getLaw, type LawOptions } from "../../src/core/laws/registry.js";
import type { Law } from "../../src/core/laws/types.js";
import { detectFormat } from "../../src/core/runs/detectFormat.js";
import { parseRunTable } from "../../src/core/runs/parseRunTable.js";
import { readDelimited } from "../../src/core/runs/readDelimited.js";
import { readJson, readJsonl } from "../../src/core/runs/readJson.js";
import type { RoleId } from "../../src/core/runs/roles.js";
import { RunTableError, type ColumnRole, type ParamConvention, type Run, type RunTable, type TableFormat } from "../../src/core/runs/types.js";

/** Huber threshold δ, as the CLI's default --delta (Hoffmann et al. 2022). */
import { DEFAULT_DELTA, DEFAULT_SEED } from "../../src/core/defaults.js";
export { DEFAULT_DELTA, DEFAULT_SEED };
/** Seed of the bootstrap and of the example sweep, as the CLI's default --seed. */

/** The example's source name, exactly as `scalecast fit --example` prints it. */
export function exampleSource(seed: number): string {
  return `built-in example (simulated from Hoffmann et al. 2022, seed ${seed})`;
}

export function exampleText(seed: number): string {
  return exampleSweepCsv({ seed });
}

export type Loaded =
  | { ok: true; table: RunTable; headers: string[] }
  | { ok: false; error: string; code: DiagnosticCode; headers: string[] };

/** How to read the table: the parse options the workbench's controls set. */
export interface ReadSettings {
  /** Column names chosen by hand (names not among the headers are ignored). */
  columns?: Partial<Record<ColumnRole, string>>;
  paramConvention?: ParamConvention;
  /** The roles the law reads ({@link lawRoles}): the table must provide exactly these. */
  needs?: readonly RoleId[];
  /** Row filters, as `--where EXPR` (ANDed); blank entries are skipped. */
  where?: readonly string[];
}

/** The roles a law reads, for {@link ReadSettings.needs}: `lawRoles(getLaw(law, options))`, or undefined for an unknown law. */
export function needsOf(law: string, lawOptions: LawOptions): RoleId[] | undefined {
  try { return lawRoles(getLaw(law, lawOptions)); } catch { return undefined; }
}

/**
 * Reads a run table as the CLI does for the chosen law (`needs`) and filters
 * (`where`); on a whole-table problem (no loss column, a bad --where, …)
 * returns the message, its code when the core gives one, and whatever headers
 * could be read, so the page can offer them in the column selects.
 */
export function loadTable(text: string, source: string, read: ReadSettings = {}): Loaded {
  const headers = readHeaders(text, source);
  const named = Object.fromEntries(Object.entries(read.columns ?? {}).filter(([, v]) => v !== undefined && v !== "" && headers.includes(v)));
  const where = (read.where ?? []).map((w) => w.trim()).filter((w) => w !== "");
  try {
    return {
      ok: true, headers,
      table: parseRunTable(text, {
        source, columns: named, ...(read.paramConvention ? { paramConvention: read.paramConvention } : {}),
        ...(read.needs ? { needs: read.needs } : {}), ...(where.length ? { where } : {}),
      }),
    };
  } catch (e) {
    if (e instanceof RunTableError) return { ok: false, error: e.message, code: e.code, headers };
    throw e;
  }
}

/** The header names of a table's text ([] when it cannot be read). */
export function readHeaders(text: string, source: string): string[] {
  try {
    const t = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, "\n");
    const format: TableFormat = detectFormat(t);
    const raw = format === "csv" ? readDelimited(t, ",", source) : format === "tsv" ? readDelimited(t, "\t", source) : format === "json" ? readJson(t, source) : readJsonl(t, source);
    return raw.headers;
  } catch {
    return [];
  }
}

/** Reason recorded for a run excluded by hand (a click on its point, or its checkbox). */
export const HAND_EXCLUSION = "excluded by hand in the workbench";

/** The selection controls, as the CLI's selection options (src/cli/runOptions.ts); --where is applied by {@link loadTable}. */
export interface SelectionSettings {
  /** --best-of COL,COL: rows differing only in these columns are one configuration; the best target is kept. */
  bestOf: readonly string[];
  /** --last-checkpoint: keep each run id's last checkpoint. */
  lastCheckpoint: boolean;
  /** --pool-groups: fit several groups together with a warning, instead of refusing. */
  poolGroups: boolean;
  /** --exclude-highest-loss K. */
  excludeHighest: number;
}

/** selectRuns' options for a law, exactly as the CLI's selectWith builds them: the law's inputs make a configuration. */
export function selectOptionsFor(law: Law, s: SelectionSettings): SelectOptions {
  return {
    checkpoints: "warn", excludeHighestLoss: s.excludeHighest, configuration: law.inputs, target: law.target ?? "loss",
    ...(s.bestOf.length > 0 ? { bestOf: s.bestOf } : {}), lastCheckpoint: s.lastCheckpoint, groups: s.poolGroups ? "pool" : "refuse",
  };
}

/**
 * The runs to fit: selectRuns' rows (last checkpoints, best of each
 * configuration, the K highest losses dropped) less the lines excluded by
 * hand, each removal listed with its reason. Lines already removed by the
 * selection, or not in the table, are ignored. Throws what selectRuns throws:
 * a DiagnosticError for a refusal (groups-pooled), a RangeError for a bad
 * option (no such --best-of column). O(n log n).
 */
export function selectForFit(table: RunTable, law: Law, selection: SelectionSettings, handExcluded: Iterable<number>): Selection {
  const base = selectRuns(table, selectOptionsFor(law, selection));
  const hand = new Set(handExcluded);
  if (hand.size === 0) return base;
  const removed = base.runs.filter((r) => hand.has(r.line));
  if (removed.length === 0) return base;
  return {
    runs: base.runs.filter((r) => !hand.has(r.line)),
    excluded: [...base.excluded, ...removed.map((r) => ({
      line: r.line, ...(table.columns.loss ? { column: table.columns.loss } : {}), value: String(r.lossNats), reason: HAND_EXCLUSION,
    }))].sort((a, b) => a.line - b.line),
    diagnostics: base.diagnostics,
  };
}

/** A selection, or why there is none: the message and, for a refusal, its diagnostic code. */
export type Selected =
  | { ok: true; selection: Selection }
  | { ok: false; error: string; code: DiagnosticCode };

/** {@link selectForFit} that returns a refusal or a bad option instead of throwing. */
export function trySelect(table: RunTable, law: Law, selection: SelectionSettings, handExcluded: Iterable<number>): Selected {
  try {
    return { ok: true, selection: selectForFit(table, law, selection, handExcluded) };
  } catch (e) {
    // a refusal keeps its code; a bad option (RangeError) is "bad-input", as the CLI's userInput reports it
    if (e instanceof DiagnosticError) return { ok: false, error: e.message, code: e.diagnostic.code };
    if (e instanceof RangeError) return { ok: false, error: e.message, code: "bad-input" };
    throw e;
  }
}

export interface FitSettings {
  law: string;
  lawOptions: LawOptions;
  method: "grid" | "varpro";
  objective: ObjectiveId;
  delta?: number;
}


/** Law, data and runs ready to fit, or why not: the message and its code (as the CLI's refusal would give). */
export type Prepared =
  | { ok: true; law: Law; data: FitData; runs: Run[]; selection: Selection }
  | { ok: false; error: string; code: DiagnosticCode };

export function prepareFit(table: RunTable, settings: FitSettings, selecting: SelectionSettings, handExcluded: Iterable<number>): Prepared {
  let law: Law;
  try { law = getLaw(settings.law, settings.lawOptions); } catch (e) { return { ok: false, error: (e as Error).message, code: "bad-input" }; }
  if (settings.method === "varpro" && !law.linearForm) return { ok: false, error: `law ${law.id} declares no linear form: method varpro needs one (use grid)`, code: "fit-failed" };
  const selected = trySelect(table, law, selecting, handExcluded);
  if (!selected.ok) return selected;
  const selection = selected.selection;
  const needed = law.parameters.length;
  if (selection.runs.length < needed) {
    return { ok: false, code: "too-few-points", error: `${selection.runs.length} usable run${selection.runs.length === 1 ? "" : "s"} of ${table.rowsRead} rows read; law ${law.id} has ${needed} parameters and needs at least ${needed}` };
  }
  const missing = missingColumns(law, table, selection.runs, () => "choose it under Columns");
  if (missing) return { ok: false, error: missing, code: "missing-column" };
  try {
    return { ok: true, law, data: fitDataFor(law, selection.runs), runs: selection.runs, selection };
  } catch (e) {
    return { ok: false, error: (e as Error).message, code: "bad-input" };
  }
}

/** The CLI's fit for these settings (`scalecast fit --law … --method … --objective … --delta …`). */
export function runFit(law: Law, data: FitData, settings: FitSettings, onProgress?: (done: number, total: number) => void): FitResult {
  const options = { objective: settings.objective, delta: settings.delta ?? DEFAULT_DELTA };
  return settings.method === "varpro" ? fitLawVarpro(law, data, options) : fitLaw(law, data, { ...options, strategy: "screened", onProgress });
}

export interface DocumentInput {
  fit: FitResult;
  table: RunTable;
  selection: Selection;
  data: FitData;
  excludeHighest: number;
  simulated: boolean;
  /** Seed of the bootstrap (and of the example sweep when simulated). */
  seed: number;
  budgetFlops: number;
  /** Bootstrap refits (resample index order), when a bootstrap ran. */
  resamples?: readonly ResampleResult[];
}

/**
 * The same FitDocument `scalecast fit --json` prints for these inputs (both
 * call assembleFitDocument, then put the selection's diagnostics first).
 */
export function buildFitDocument(input: DocumentInput): FitDocument {
  const doc = assembleFitDocument({
    fit: input.fit, data: input.data, table: input.table, selection: input.selection, excludeHighestLoss: input.excludeHighest,
    simulated: input.simulated, seed: input.seed, budgetFlops: input.budgetFlops,
    ...(input.resamples ? { refits: { results: [...input.resamples], threads: 1 } } : {}),
  });
  doc.warnings.unshift(...input.selection.diagnostics);
  return doc;
}
