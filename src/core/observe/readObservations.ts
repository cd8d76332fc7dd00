/**
 * A model × benchmark table for observational scaling (`scalecast observe`):
 * one row per model, a model name, optionally a family and the training
 * compute, and benchmark metrics as fractions in [0, 1] (CSV, TSV, JSON or
 * JSONL). Headers are matched as run-table headers are (normalizeHeader: case,
 * spaces, "_", "-", "/", "." and a unit in parentheses ignored):
 *
 * - model: model, model_name, name; family: model_family, family, group;
 * - compute: flops, training_flops, compute, c. Its unit is explicit: a power
 *   of ten in the header's parentheses ("FLOPs (1E21)": the cell × 1e21), or
 *   `flopsUnit` (which wins when both are given), else 1 (the cells are FLOPs);
 * - metrics: `metrics` if named, else every other column whose non-empty cells
 *   are mostly numbers in [0, 1], scale columns (parameters, tokens) excepted.
 *   Columns passed over are listed with the reason.
 *
 * Empty cells ("", NaN, NA, null) are kept as missing, never dropped here;
 * callers count and name the models they leave out (completeCases). A bad
 * cell (non-numeric, a metric outside [0, 1], compute ≤ 0), an unknown named
 * column, an empty or repeated model name are refused naming file, line,
 * column and value.
 */
import { normalizeHeader } from "../runs/columns.js";
import { parseQuantity } from "../runs/quantity.js";
import type { RawRow } from "../runs/rawTable.js";
import { readWholeTable } from "../runs/readRawTable.js";

export interface ObservedModel {
  model: string;
  family: string | null;
  /** Line of the row in the source (1-based; the header is line 1 in a CSV). */
  line: number;
  /** Training compute in FLOPs (the cell × the column's unit), null when empty or no compute column. */
  flops: number | null;
  /** Each read fraction column's value, null when the cell is empty. */
  values: Record<string, number | null>;
}

export interface ObservationTable {
  source: string;
  columns: { model: string; family?: string; flops?: string };
  /** What one unit of the compute column is in FLOPs, and where that came from. */
  flopsUnit?: { flopsPerUnit: number; from: "header" | "option" | "default" };
  /** The metric columns (PCA inputs), in file order. */
  metrics: string[];
  /** Other fraction columns read on request (a downstream target outside the metrics). */
  extra: string[];
  /** Columns neither identification, compute nor metric, and why. */
  ignored: Array<{ column: string; reason: string }>;
  models: ObservedModel[];
}

export interface ReadObservationsOptions {
  /** The PCA metrics by name (default: detected). */
  metrics?: readonly string[];
  /** Fraction columns to read besides the metrics (e.g. the target). */
  extra?: readonly string[];
  modelCol?: string;
  familyCol?: string;
  flopsCol?: string;
  /** FLOPs per unit of the compute column, e.g. 1e21 for "FLOPs (1E21)". */
  flopsUnit?: number;
}

const ALIASES = {
  model: ["model", "modelname", "name"],
  family: ["modelfamily", "family", "group"],
  flops: ["flops", "trainingflops", "trainingflop", "compute", "c"],
} as const;
/** Scale columns never taken for metrics (parameters, tokens), matched after normalizeHeader. */
const SCALE_COLUMNS = new Set(["modelsize", "params", "parameters", "n", "size", "nonembeddingparams", "activeparams", "pretrainingdatasize", "tokens", "d", "datasize", "trainingtokens"]);
const EMPTY = /^(|nan|na|n\/a|null|none)$/i;

const cellText = (v: unknown): string => (v === undefined || v === null ? "" : String(v).trim());

/** Reads the table. Throws a RangeError naming file, line, column and value for anything it cannot use. O(rows × columns). */
export function readObservations(text: string, source: string, options: ReadObservationsOptions = {}): ObservationTable {
  const { raw } = readWholeTable(text, source);
  const norm = raw.headers.map(normalizeHeader);
  const named = (name: string, option: string): number => {
    const exact = raw.headers.indexOf(name);
    const i = exact >= 0 ? exact : norm.indexOf(normalizeHeader(name));
    if (i < 0) throw new RangeError(`${source}: no column "${name}" (${option}); headers: ${raw.headers.join(", ")}`);
    return i;
  };
  const alias = (names: readonly string[]): number => { for (const a of names) { const i = norm.indexOf(a); if (i >= 0) return i; } return -1; };
  const modelCol = options.modelCol !== undefined ? named(options.modelCol, "--model-col") : alias(ALIASES.model);
  if (modelCol < 0) throw new RangeError(`${source}: no model column (model, model_name, name; or --model-col); headers: ${raw.headers.join(", ")}`);
  const familyCol = options.familyCol !== undefined ? named(options.familyCol, "--family-col") : alias(ALIASES.family);
  const flopsCol = options.flopsCol !== undefined ? named(options.flopsCol, "--flops-col") : alias(ALIASES.flops);
  const idCols = new Set([modelCol, familyCol, flopsCol].filter((i) => i >= 0));

  const at = (row: RawRow, i: number) => `${source}: line ${row.line}, column "${raw.headers[i]}"`;
  const ignored: ObservationTable["ignored"] = [];
  let metricCols: number[];
  if (options.metrics !== undefined) {
    if (options.metrics.length === 0) throw new RangeError(`${source}: --metrics names no column`);
    metricCols = options.metrics.map((m) => named(m, "--metrics"));
    for (const i of metricCols) if (idCols.has(i)) throw new RangeError(`${source}: column "${raw.headers[i]}" is the model, family or compute column; it cannot be a metric`);
    if (new Set(metricCols).size !== metricCols.length) throw new RangeError(`${source}: --metrics names a column twice`);
  } else {
    metricCols = [];
    raw.headers.forEach((h, i) => {
      if (idCols.has(i)) return;
      if (SCALE_COLUMNS.has(norm[i])) { ignored.push({ column: h, reason: "a scale column (parameters or tokens), not a benchmark" }); return; }
      const why = notFractions(raw.rows, i, at);
      if (why === null) metricCols.push(i);
      else ignored.push({ column: h, reason: why });
    });
  }
  const extraCols = (options.extra ?? []).map((m) => named(m, "--metric")).filter((i) => !metricCols.includes(i));
  for (const i of extraCols) if (idCols.has(i)) throw new RangeError(`${source}: column "${raw.headers[i]}" is the model, family or compute column; it cannot be a target metric`);

  const headerUnit = flopsCol >= 0 ? unitOf(raw.headers[flopsCol]) : null;
  const flopsPerUnit = options.flopsUnit ?? headerUnit ?? 1;
  const seen = new Map<string, number>();
  const models = raw.rows.map((row): ObservedModel => {
    const model = cellText(row.cell(modelCol));
    if (model === "") throw new RangeError(`${at(row, modelCol)}: empty model name`);
    const was = seen.get(model);
    if (was !== undefined) throw new RangeError(`${at(row, modelCol)}: model "${model}" is listed twice (also line ${was}); give one row per model`);
    seen.set(model, row.line);
    const family = familyCol >= 0 ? cellText(row.cell(familyCol)) || null : null;
    let flops: number | null = null;
    if (flopsCol >= 0) {
      const s = cellText(row.cell(flopsCol));
      if (!EMPTY.test(s)) {
        const v = parseQuantity(s);
        if (v === null || !Number.isFinite(v) || !(v > 0)) throw new RangeError(`${at(row, flopsCol)}: "${s}" is not a compute > 0`);
        flops = v * flopsPerUnit;
      }
    }
    const values: Record<string, number | null> = {};
    for (const i of [...metricCols, ...extraCols]) {
      const s = cellText(row.cell(i));
      if (EMPTY.test(s)) { values[raw.headers[i]] = null; continue; }
      const v = Number(s);
      if (!Number.isFinite(v)) throw new RangeError(`${at(row, i)}: "${s}" is not a number`);
      if (v < 0 || v > 1) throw new RangeError(`${at(row, i)}: ${s} is outside [0, 1]; metrics are fractions (write 65% as 0.65)`);
      values[raw.headers[i]] = v;
    }
    return { model, family, line: row.line, flops, values };
  });
  return {
    source,
    columns: { model: raw.headers[modelCol], ...(familyCol >= 0 ? { family: raw.headers[familyCol] } : {}), ...(flopsCol >= 0 ? { flops: raw.headers[flopsCol] } : {}) },
    ...(flopsCol >= 0 ? { flopsUnit: { flopsPerUnit, from: options.flopsUnit !== undefined ? "option" as const : headerUnit !== null ? "header" as const : "default" as const } } : {}),
    metrics: metricCols.map((i) => raw.headers[i]), extra: extraCols.map((i) => raw.headers[i]), ignored, models,
  };
}

/** "FLOPs (1E21)" → 1e21; "flops [1e18]" → 1e18; no power of ten in brackets → null. */
export function unitOf(header: string): number | null {
  const m = /[([]\s*(1e[+-]?\d+|10\^\d+)\s*[)\]]\s*$/i.exec(header);
  if (!m) return null;
  const s = m[1].toLowerCase();
  return s.startsWith("10^") ? 10 ** Number(s.slice(3)) : Number(s);
}

/**
 * Null when most of a column's non-empty cells are numbers in [0, 1] (a metric): then every
 * other non-empty cell is refused by line. Otherwise why the column is not a metric.
 */
function notFractions(rows: readonly RawRow[], i: number, at: (row: RawRow, i: number) => string): string | null {
  let fractions = 0, filled = 0;
  let first: { row: RawRow; text: string } | undefined;
  for (const row of rows) {
    const s = cellText(row.cell(i));
    if (EMPTY.test(s)) continue;
    filled++;
    const v = Number(s);
    if (Number.isFinite(v) && v >= 0 && v <= 1) fractions++;
    else first ??= { row, text: s };
  }
  if (filled === 0) return "every cell empty";
  if (2 * fractions <= filled) return `not fractions in [0, 1] (line ${first!.row.line}: "${first!.text.slice(0, 40)}")`;
  if (first) {
    const v = Number(first.text);
    throw new RangeError(`${at(first.row, i)}: ${Number.isFinite(v) ? `${first.text} is outside [0, 1]; metrics are fractions (write 65% as 0.65)` : `"${first.text}" is not a number`} (the other cells of this column are fractions, so it is read as a metric; pass --metrics to choose the metrics)`);
  }
  return null;
}
