/**
 * The workbench's fit, step by step, with the same core functions and defaults
 * as `scalecast fit` (src/cli/fit.ts runFitJob): parseRunTable → selectRuns
 * (--exclude-highest-loss) → fitDataFor → fitLaw (screened multi-start) or
 * fitLawVarpro → fitDocument. Pure: no DOM, so the worker, the page and the
 * parity test (test/web/parity.test.ts) all run it.
 */
import type { ResampleResult } from "../../src/core/fit/bootstrap.js";
import { fitDataFor, missingColumns, type FitData } from "../../src/core/fit/data.js";
import { assembleFitDocument, type FitDocument } from "../../src/core/fit/fitDocument.js";
import { fitLaw, type FitResult } from "../../src/core/fit/fitLaw.js";
import type { ObjectiveId } from "../../src/core/fit/objectives.js";
import { selectRuns, type Selection } from "../../src/core/fit/selectRuns.js";
import { fitLawVarpro } from "../../src/core/fit/varpro.js";
import { exampleSweepCsv } from "../../src/core/fit/exampleSweep.js";
import { getLaw, type LawOptions } from "../../src/core/laws/registry.js";
import type { Law } from "../../src/core/laws/types.js";
import { detectFormat } from "../../src/core/runs/detectFormat.js";
import { parseRunTable } from "../../src/core/runs/parseRunTable.js";
import { readDelimited } from "../../src/core/runs/readDelimited.js";
import { readJson, readJsonl } from "../../src/core/runs/readJson.js";
import { RunTableError, type ColumnRole, type ParamConvention, type Run, type RunTable, type TableFormat } from "../../src/core/runs/types.js";

/** Huber threshold δ, as the CLI's default --delta (Hoffmann et al. 2022). */
export const DEFAULT_DELTA = 1e-3;
/** Seed of the bootstrap and of the example sweep, as the CLI's default --seed. */
export const DEFAULT_SEED = 42;

/** The example's source name, exactly as `scalecast fit --example` prints it. */
export function exampleSource(seed: number): string {
  return `built-in example (simulated from Hoffmann et al. 2022, seed ${seed})`;
}

export function exampleText(seed: number): string {
  return exampleSweepCsv({ seed });
}

export type Loaded =
  | { ok: true; table: RunTable; headers: string[] }
  | { ok: false; error: string; headers: string[] };

/**
 * Reads a run table; on a whole-table problem (no loss column, …) returns the
 * message and whatever headers could be read, so the page can offer them in
 * the column selects.
 */
export function loadTable(text: string, source: string, columns: Partial<Record<ColumnRole, string>> = {}, paramConvention?: ParamConvention): Loaded {
  const headers = readHeaders(text, source);
  const named = Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined && v !== "" && headers.includes(v)));
  try {
    return { ok: true, table: parseRunTable(text, { source, columns: named, ...(paramConvention ? { paramConvention } : {}) }), headers };
  } catch (e) {
    if (e instanceof RunTableError) return { ok: false, error: e.message, headers };
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

/**
 * The runs to fit: selectRuns' rows (the K highest losses dropped) less the
 * lines excluded by hand, each removal listed with its reason. Lines already
 * dropped by K, or not in the table, are ignored. O(n log n).
 */
export function selectForFit(table: RunTable, excludeHighest: number, handExcluded: Iterable<number>): Selection {
  const base = selectRuns(table, { excludeHighestLoss: excludeHighest, groups: "pool" });
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

export interface FitSettings {
  law: string;
  lawOptions: LawOptions;
  method: "grid" | "varpro";
  objective: ObjectiveId;
  delta?: number;
}


/** Law, data and runs ready to fit, or the reason they are not. */
export type Prepared =
  | { ok: true; law: Law; data: FitData; runs: Run[]; selection: Selection }
  | { ok: false; error: string };

export function prepareFit(table: RunTable, settings: FitSettings, excludeHighest: number, handExcluded: Iterable<number>): Prepared {
  let law: Law;
  try { law = getLaw(settings.law, settings.lawOptions); } catch (e) { return { ok: false, error: (e as Error).message }; }
  if (settings.method === "varpro" && !law.linearForm) return { ok: false, error: `law ${law.id} declares no linear form: method varpro needs one (use grid)` };
  let selection: Selection;
  try { selection = selectForFit(table, excludeHighest, handExcluded); } catch (e) { return { ok: false, error: (e as Error).message }; }
  const needed = law.parameters.length;
  if (selection.runs.length < needed) {
    return { ok: false, error: `${selection.runs.length} usable run${selection.runs.length === 1 ? "" : "s"} of ${table.rowsRead} rows read; law ${law.id} has ${needed} parameters and needs at least ${needed}` };
  }
  const missing = missingColumns(law, table, selection.runs, () => "choose it under Columns");
  if (missing) return { ok: false, error: missing };
  try {
    return { ok: true, law, data: fitDataFor(law, selection.runs), runs: selection.runs, selection };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
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

/** The same FitDocument `scalecast fit --json` prints for these inputs (both call assembleFitDocument). */
export function buildFitDocument(input: DocumentInput): FitDocument {
  return assembleFitDocument({
    fit: input.fit, data: input.data, table: input.table, selection: input.selection, excludeHighestLoss: input.excludeHighest,
    simulated: input.simulated, seed: input.seed, budgetFlops: input.budgetFlops,
    ...(input.resamples ? { refits: { results: [...input.resamples], threads: 1 } } : {}),
  });
}
