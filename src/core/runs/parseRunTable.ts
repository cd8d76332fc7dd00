// Reading a run table from text. Conventions: C = k·N·D with k = 6 (Kaplan et al.
// 2020, §2.1; Hoffmann et al. 2022, §3); loss in nats; N as the table states it.

import { COLUMN_ALIASES, COLUMN_ROLES, findColumn, headerUnit, type ColumnMatch } from "./columns.js";
import { describeHeaders, describeValue, quoteHeader } from "./describe.js";
import { detectFormat } from "./detectFormat.js";
import { readQuantity } from "./quantity.js";
import type { RawRow, RawTable } from "./rawTable.js";
import { readDelimited } from "./readDelimited.js";
import { readJson, readJsonl } from "./readJson.js";
import {
  RunTableError,
  type ColumnRole,
  type ParamConvention,
  type ParseOptions,
  type RowIssue,
  type Run,
  type RunTable,
  type TableFormat,
} from "./types.js";

/**
 * When params, tokens and flops are all read from columns, a row is counted as
 * inconsistent when |k·N·D / C − 1| > FLOPS_MISMATCH_TOLERANCE (0.1, i.e. 10%).
 * Such rows are kept; one note counts them.
 */
export const FLOPS_MISMATCH_TOLERANCE = 0.1;

const FORMATS: readonly TableFormat[] = ["csv", "tsv", "json", "jsonl"];
const CONVENTIONS: readonly ParamConvention[] = ["total", "nonEmbedding", "active"];
type Count = "params" | "tokens" | "flops";
type Numeric = Count | "loss" | "uniqueTokens" | "metric";
const NUMERIC: readonly Numeric[] = ["params", "tokens", "flops", "loss", "uniqueTokens", "metric"];
const SYMBOL: Readonly<Record<Count, string>> = { params: "N", tokens: "D", flops: "C" };
const LOOKS_LIKE_BITS = /(?:^|[^a-z])bits?(?:[^a-z]|$)|bpb|bpc/i;

/**
 * Reads a run table (one trained model per row: parameters N, tokens D, FLOPs C,
 * loss) from CSV, TSV, JSON or JSON Lines text. Columns are found by alias (see
 * COLUMN_ALIASES) or named in `options.columns`; values may be written "70B",
 * "1.4T", "5.76e23". Needs a loss column and two of params/tokens/flops; the third
 * is derived from C = k·N·D (k = `flopsPerParamToken`, default 6) and a note says
 * so. Rows that cannot be used are never dropped silently: each is listed in
 * `excluded` with its line, column, raw value and reason ("empty cell",
 * "not a number", "NaN", "must be > 0", "non-finite", "duplicate of line 12", a
 * wrong field count, invalid JSON). Throws only {@link RunTableError}, and only
 * for problems with the table as a whole.
 *
 * Cost: O(length of the text + rows × columns used).
 *
 * @example
 * parseRunTable("N,D,loss\n70B,1.4T,1.94\n", { source: "chinchilla.csv" });
 * // { source: "chinchilla.csv", format: "csv",
 * //   runs: [{ params: 7e10, tokens: 1.4e12, flops: 5.88e23, lossNats: 1.94, line: 2 }],
 * //   excluded: [], columns: { params: "N", tokens: "D", loss: "loss" },
 * //   derived: { tokens: 0, flops: 1 }, paramConvention: "total", rowsRead: 1,
 * //   notes: ['parameter convention "total": default (params column "N" names no convention; --param-convention overrides)',
 * //           "flops C derived as 6·N·D for 1 row (no flops column)"] }
 */
export function parseRunTable(text: string, options?: ParseOptions): RunTable {
  const opts: ParseOptions = options ?? {};
  const source = typeof opts.source === "string" ? opts.source : "<input>";
  try {
    return parse(text, opts, source);
  } catch (e) {
    if (e instanceof RunTableError) throw e;
    // Not expected: the property tests assert this branch is never reached.
    const detail = e instanceof Error ? e.message : String(e);
    throw new RunTableError(`${source}: internal error while reading the run table: ${detail}`, { source }, { cause: e });
  }
}

function parse(input: unknown, options: ParseOptions, source: string): RunTable {
  if (typeof input !== "string") {
    throw new RunTableError(`${source}: input is not text (got ${typeof input})`, { source });
  }
  const k = checkOptions(options, source);
  const text = (input.charCodeAt(0) === 0xfeff ? input.slice(1) : input).replace(/\r\n?/g, "\n");
  if (text.trim() === "") throw new RunTableError(`${source}: empty input`, { source });
  const format = options.format ?? detectFormat(text);
  const raw = read(text, format, source);
  const notes: string[] = [];
  const cols = resolveColumns(raw, options.columns ?? {}, source, notes);

  const scale: Partial<Record<Numeric, number>> = {};
  for (const role of ["params", "tokens", "flops", "uniqueTokens"] as const) {
    const unit = cols[role] === undefined ? null : headerUnit(cols[role].header);
    if (unit !== null && cols[role] !== undefined) {
      scale[role] = unit.scale;
      notes.push(`${role} column ${quoteHeader(cols[role].header)}: values multiplied by ${unit.scale} (unit "${unit.unit}")`);
    }
  }
  if (cols.loss !== undefined && LOOKS_LIKE_BITS.test(cols.loss.header)) {
    notes.push(
      `loss column ${quoteHeader(cols.loss.header)} looks like bits, not nats; values are read unchanged as nats`,
    );
  }
  const paramConvention = convention(options.paramConvention, cols.params, k, notes);

  const missing = (["params", "tokens", "flops"] as const).find((role) => cols[role] === undefined);
  const kText = String(k);
  const formula: Record<Count, string> = {
    tokens: `C / (${kText}·N)`,
    flops: `${kText}·N·D`,
    params: `C / (${kText}·D)`,
  };
  const runs: Run[] = [];
  const excluded: RowIssue[] = [...raw.issues];
  const firstLine = new TripleMap();
  let mismatches = 0;
  let firstMismatch = 0;

  for (const row of raw.rows) {
    const got = readNumbers(row, cols, scale);
    if ("reason" in got) {
      excluded.push(got);
      continue;
    }
    let { params, tokens, flops } = got;
    if (missing === "tokens") tokens = got.flops! / (k * got.params!);
    else if (missing === "flops") flops = k * got.params! * got.tokens!;
    else if (missing === "params") params = got.flops! / (k * got.tokens!);
    if (missing !== undefined) {
      const x = missing === "tokens" ? tokens! : missing === "flops" ? flops! : params!;
      const what = `derived ${missing} ${SYMBOL[missing]} = ${formula[missing]}`;
      if (!Number.isFinite(x)) {
        excluded.push({ line: row.line, reason: `non-finite (${what})` });
        continue;
      }
      if (!(x > 0)) {
        excluded.push({ line: row.line, reason: `must be > 0 (${what} underflows to 0)` });
        continue;
      }
    }
    const group = cols.group === undefined ? undefined : groupLabel(row.cell(cols.group.index));
    const run = makeRun(row.line, params!, tokens!, flops!, got.loss!, got.uniqueTokens, group, got.metric);
    const earlier = firstLine.get(run.params, run.tokens, run.lossNats);
    if (earlier !== undefined) {
      excluded.push({ line: row.line, reason: `duplicate of line ${earlier}` });
      continue;
    }
    firstLine.set(run.params, run.tokens, run.lossNats, row.line);
    if (missing === undefined && Math.abs(((k * run.params) / run.flops) * run.tokens - 1) > FLOPS_MISMATCH_TOLERANCE) {
      if (mismatches++ === 0) firstMismatch = row.line;
    }
    runs.push(run);
  }

  if (missing !== undefined) {
    const n = runs.length;
    notes.push(
      `${missing} ${SYMBOL[missing]} derived as ${formula[missing]} for ${n} row${n === 1 ? "" : "s"} (no ${missing} column)`,
    );
  }
  if (mismatches > 0) {
    notes.push(
      `C differs from ${kText}·N·D by more than ${FLOPS_MISMATCH_TOLERANCE * 100}% in ${mismatches} ` +
        `row${mismatches === 1 ? "" : "s"} (first at line ${firstMismatch}); rows kept, C read from column ${quoteHeader(cols.flops!.header)}`,
    );
  }
  excluded.sort((a, b) => a.line - b.line);
  const columns: RunTable["columns"] = {};
  for (const role of COLUMN_ROLES) if (cols[role] !== undefined) columns[role] = cols[role].header;
  return {
    source,
    format,
    runs,
    excluded,
    notes,
    columns,
    derived: { tokens: missing === "tokens" ? runs.length : 0, flops: missing === "flops" ? runs.length : 0 },
    paramConvention,
    rowsRead: raw.rowsRead,
  };
}

/**
 * The numeric cells of a row, scaled by their header unit, or the issue with the
 * first bad one (in the order params, tokens, flops, loss, uniqueTokens). An
 * empty uniqueTokens or metric cell is not an issue: both are optional per row.
 */
function readNumbers(
  row: RawRow,
  cols: Partial<Record<ColumnRole, ColumnMatch>>,
  scale: Partial<Record<Numeric, number>>,
): Partial<Record<Numeric, number>> | RowIssue {
  const got: Partial<Record<Numeric, number>> = {};
  for (const role of NUMERIC) {
    const match = cols[role];
    if (match === undefined) continue;
    const cell = row.cell(match.index);
    const r = readQuantity(cell);
    if (!r.ok && (role === "uniqueTokens" || role === "metric") && r.reason === "empty cell") continue;
    const x = r.ok ? r.value * (scale[role] ?? 1) : Number.NaN;
    const reason = !r.ok ? r.reason : !Number.isFinite(x) ? "non-finite" : x > 0 ? null : "must be > 0";
    if (reason !== null) return { line: row.line, column: match.header, value: describeValue(cell), reason };
    got[role] = x;
  }
  return got;
}

/** Validates the options a JavaScript caller may have got wrong; returns k. */
function checkOptions(options: ParseOptions, source: string): number {
  const bad = (what: string, value: unknown): RunTableError =>
    new RunTableError(`${source}: option ${what}, got ${describeValue(value) || String(value)}`, {
      source,
      value: describeValue(value),
    });
  const k = options.flopsPerParamToken ?? 6;
  if (typeof k !== "number" || !Number.isFinite(k) || k <= 0) throw bad("flopsPerParamToken must be a finite number > 0", k);
  if (options.format !== undefined && !FORMATS.includes(options.format)) {
    throw bad(`format must be one of ${FORMATS.join(", ")}`, options.format);
  }
  if (options.paramConvention !== undefined && !CONVENTIONS.includes(options.paramConvention)) {
    throw bad(`paramConvention must be one of ${CONVENTIONS.join(", ")}`, options.paramConvention);
  }
  const columns: unknown = options.columns;
  if (columns !== undefined && (typeof columns !== "object" || columns === null)) throw bad("columns must be an object", columns);
  for (const role of COLUMN_ROLES) {
    const name = options.columns?.[role];
    if (name !== undefined && typeof name !== "string") throw bad(`columns.${role} must be a string`, name);
  }
  return k;
}

function read(text: string, format: TableFormat, source: string): RawTable {
  switch (format) {
    case "csv":
      return readDelimited(text, ",", source);
    case "tsv":
      return readDelimited(text, "\t", source);
    case "json":
      return readJson(text, source);
    case "jsonl":
      return readJsonl(text, source);
  }
}

/** Explicit names first, then aliases among the remaining headers; fatal if loss or two of N, D, C are missing. */
function resolveColumns(
  raw: RawTable,
  explicit: Partial<Record<ColumnRole, string>>,
  source: string,
  notes: string[],
): Partial<Record<ColumnRole, ColumnMatch>> {
  const { headers } = raw;
  const cols: Partial<Record<ColumnRole, ColumnMatch>> = {};
  const claimed = new Set<number>();
  for (const role of COLUMN_ROLES) {
    const name = explicit[role];
    if (name === undefined || name.trim() === "") continue;
    const match = findColumn(headers, role, name, { source })!;
    cols[role] = match;
    claimed.add(match.index);
  }
  for (const role of COLUMN_ROLES) {
    if (cols[role] !== undefined) continue;
    const match = findColumn(headers, role, undefined, { source, skip: claimed });
    if (match === null) continue;
    cols[role] = match;
    claimed.add(match.index);
    if (match.note !== undefined) notes.push(match.note);
  }
  const where = { source, line: raw.headerLine };
  const found = `headers found: ${describeHeaders(headers)}`;
  const rule = 'matching ignores case, spaces, "_", "-" and a unit in parentheses';
  if (cols.loss === undefined) {
    throw new RunTableError(
      `${source}: no loss column; ${found}; accepted loss names: ${COLUMN_ALIASES.loss.join(", ")} ` +
        `(${rule}); or name the column explicitly (columns.loss, --loss-col)`,
      where,
    );
  }
  const counts = (["params", "tokens", "flops"] as const).filter((role) => cols[role] !== undefined);
  if (counts.length < 2) {
    const have = counts.length === 0 ? "none of them" : `only ${counts[0]} (${quoteHeader(cols[counts[0]]!.header)})`;
    const accepted = (["params", "tokens", "flops"] as const).map((r) => `${r}: ${COLUMN_ALIASES[r].join(", ")}`).join("; ");
    throw new RunTableError(
      `${source}: need at least two of params (N), tokens (D) and flops (C) to derive the third, found ${have}; ` +
        `${found}; accepted names: ${accepted} (${rule}); or name the columns explicitly (columns.params, --params-col, …)`,
      where,
    );
  }
  return cols;
}

function convention(
  given: ParamConvention | undefined,
  params: ColumnMatch | undefined,
  k: number,
  notes: string[],
): ParamConvention {
  if (given !== undefined) {
    notes.push(`parameter convention "${given}": set by the caller`);
    return given;
  }
  if (params === undefined) {
    notes.push(`parameter convention "total": assumed (no params column; N derived as C / (${k}·D))`);
    return "total";
  }
  const header = quoteHeader(params.header);
  if (/non.?embed/i.test(params.header)) {
    notes.push(`parameter convention "nonEmbedding": params column ${header} matches /non.?embed/i`);
    return "nonEmbedding";
  }
  if (/active/i.test(params.header)) {
    notes.push(`parameter convention "active": params column ${header} matches /active/i`);
    return "active";
  }
  notes.push(
    `parameter convention "total": default (params column ${header} names no convention; --param-convention overrides)`,
  );
  return "total";
}

/**
 * Line of the first usable row per (params, tokens, loss), keyed by the numbers
 * themselves: no string formatting, and O(1) per row even when many rows share N.
 */
class TripleMap {
  private readonly map = new Map<number, Map<number, Map<number, number>>>();
  get(a: number, b: number, c: number): number | undefined {
    return this.map.get(a)?.get(b)?.get(c);
  }
  set(a: number, b: number, c: number, line: number): void {
    let byB = this.map.get(a);
    if (byB === undefined) this.map.set(a, (byB = new Map()));
    let byC = byB.get(b);
    if (byC === undefined) byB.set(b, (byC = new Map()));
    byC.set(c, line);
  }
}

/** A run with its keys in the order of the Run interface (readable JSON) and no undefined-valued keys. */
function makeRun(line: number, params: number, tokens: number, flops: number, lossNats: number, uniqueTokens?: number, group?: string, metric?: number): Run {
  return {
    params, tokens, flops, lossNats,
    ...(uniqueTokens !== undefined ? { uniqueTokens } : {}),
    ...(metric !== undefined ? { metric } : {}),
    ...(group !== undefined ? { group } : {}),
    line,
  };
}

/** A group label: trimmed text, or a JSON number/boolean as text; empty or structured cells give none. */
function groupLabel(cell: unknown): string | undefined {
  if (typeof cell === "string") return cell.trim() === "" ? undefined : cell.trim();
  if (typeof cell === "number" || typeof cell === "boolean" || typeof cell === "bigint") return String(cell);
  return undefined;
}
