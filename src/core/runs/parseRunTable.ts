// Reading a run table from text. Conventions: C = k·N·D with k = 6 (Kaplan et al.
// 2020, §2.1; Hoffmann et al. 2022, §3); loss in nats; N as the table states it.

import { COLUMN_ALIASES, COLUMN_ROLES, findColumn, headerUnit, type ColumnMatch } from "./columns.js";
import { COUNT_ROLES, ROLE, ROLE_IDS, type CountRole, type RoleId } from "./roles.js";
import { parseWhere, whereHolds, whereTarget } from "./where.js";
import { describeHeaders, describeValue, quoteHeader } from "./describe.js";
import { detectFormat } from "./detectFormat.js";
import { plainNumber, readQuantity } from "./quantity.js";
import type { RawRow, RawTable } from "./rawTable.js";
import { normalizedText, readRawTable } from "./readRawTable.js";
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
const SYMBOL: Readonly<Record<CountRole, string>> = { params: "N", tokens: "D", flops: "C" };
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
  checkOptions(options, source);
  const text = normalizedText(input);
  if (text.trim() === "") throw new RunTableError(`${source}: empty input`, { source });
  const format = options.format ?? detectFormat(text);
  return runTableFromRaw(readRawTable(text, format, source), { ...options, source, format });
}

/**
 * The run table of an already-read {@link RawTable} (any reader of the format
 * registry: CSV, Parquet, TensorBoard, W&B exports, a folder of histories).
 * Same rules as {@link parseRunTable}. Throws only {@link RunTableError}.
 *
 * Cost: O(rows × columns used).
 */
export function runTableFromRaw(raw: RawTable, options: Omit<ParseOptions, "format"> & { format: string }): RunTable {
  const source = options.source ?? "<input>";
  const k = checkOptions({ ...options, format: undefined }, source);
  const notes: string[] = [];
  const cols = resolveColumns(raw, options.columns ?? {}, options.needs, source, notes);
  const scale: Partial<Record<RoleId, number>> = {};
  for (const role of ROLE_IDS) {
    const unit = cols[role] === undefined || ROLE[role].kind !== "count" ? null : headerUnit(cols[role].header);
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
  const plan = countPlan(cols, options.needs);
  const paramConvention = convention(options.paramConvention, cols.params, plan.derive === "params", k, notes);
  if (plan.flopsFromBudget) {
    notes.push(`flops C taken from the stated budget column ${quoteHeader(cols.budget!.header)} (no flops column); a run's real compute may differ from its budget`);
  }
  const strict = new Set<RoleId>(options.needs ?? LEGACY_STRICT);
  // the loss is read on every row unless the law says it does not read it (a metric law of samples or test-time tokens)
  const lossRead = readsLoss(options.needs);
  if (lossRead) strict.add("loss");
  const required = new Set<RoleId>([...(lossRead ? ["loss" as const] : []), ...COUNT_ROLES.filter((r) => plan.wanted.has(r) && cols[r] !== undefined)]);
  // a wanted count derived from the other two needs both of them on every row
  if (plan.derive !== undefined && plan.wanted.has(plan.derive)) {
    for (const r of COUNT_ROLES) if (r !== plan.derive && cols[r] !== undefined) required.add(r);
  }
  if (plan.flopsFromBudget && (plan.wanted.has("flops") || (plan.derive !== undefined && plan.wanted.has(plan.derive)))) required.add("budget");
  // other needed numeric roles (a stated budget for isoflop, a step, …) too; an empty U or metric cell is
  // left to missingColumns, which refuses the table naming the lines
  for (const r of options.needs ?? []) if (cols[r] !== undefined && ROLE[r].kind !== "label" && r !== "uniqueTokens" && r !== "metric") required.add(r);

  const kText = String(k);
  const formula: Record<CountRole, string> = { tokens: `C / (${kText}·N)`, flops: `${kText}·N·D`, params: `C / (${kText}·D)` };
  const runs: Run[] = [];
  const excluded: RowIssue[] = [...raw.issues];
  const seen = new RunIndex(runs);
  const unread = new Map<RoleId, { count: number; line: number; value: string; reason: string }>();
  let mismatches = 0;
  let firstMismatch = 0;
  const numeric = ROLE_IDS.filter((r) => ROLE[r].kind !== "label" && cols[r] !== undefined);
  const filters = (options.where ?? []).map((text) => {
    const clause = parseWhere(text);
    if (typeof clause === "string") throw new RunTableError(`${source}: --where ${clause}`, { source, value: text });
    const target = whereTarget(clause, raw.headers, (r) => cols[r] !== undefined || (COUNT_ROLES as readonly RoleId[]).includes(r));
    if (target === null) {
      throw new RunTableError(`${source}: --where "${text}": no column "${clause.column}"; use a role (${ROLE_IDS.join(", ")}) or a header: ${describeHeaders(raw.headers)}`, { source, column: clause.column }, { code: "missing-column" });
    }
    return { clause, target };
  });

  // per column, everything the row loop needs, looked up once (10^6-row tables)
  const reads = numeric.map((role) => ({
    role, index: cols[role]!.index, header: cols[role]!.header, scale: scale[role] ?? 1,
    zero: ROLE[role].zeroAllowed === true, required: required.has(role), strict: strict.has(role),
  }));
  const d0 = plan.derive;
  const [dp, dq] = d0 === undefined ? [] : COUNT_ROLES.filter((r) => r !== d0);
  const derivedWhat = d0 === undefined ? "" : `derived ${d0} ${SYMBOL[d0]} = ${formula[d0]}`;
  const got: Partial<Record<RoleId, number>> = {}; // reused: makeRun copies what it needs

  rows: for (const row of raw.rows) {
    for (const role of ROLE_IDS) got[role] = undefined;
    for (const c of reads) {
      const role = c.role;
      const cell = row.cell(c.index);
      const reason = readCell(cell, c.scale, c.zero, got, role);
      if (reason === null) continue;
      if (c.required || (c.strict && reason !== "empty cell")) {
        excluded.push({ line: row.line, column: c.header, value: describeValue(cell), reason });
        continue rows;
      }
      if (reason === "empty cell") continue;
      const u = unread.get(role);
      if (u === undefined) unread.set(role, { count: 1, line: row.line, value: describeValue(cell), reason });
      else u.count++;
    }
    if (got.flops === undefined && plan.flopsFromBudget && got.budget !== undefined) got.flops = got.budget;
    if (d0 !== undefined) {
      const d = d0;
      if (got[dp!] !== undefined && got[dq!] !== undefined) {
        const x = d === "tokens" ? got.flops! / (k * got.params!) : d === "flops" ? k * got.params! * got.tokens! : got.flops! / (k * got.tokens!);
        const what = derivedWhat;
        if (!Number.isFinite(x)) {
          if (plan.wanted.has(d)) { excluded.push({ line: row.line, reason: `non-finite (${what})` }); continue; }
        } else if (!(x > 0)) {
          if (plan.wanted.has(d)) { excluded.push({ line: row.line, reason: `must be > 0 (${what} underflows to 0)` }); continue; }
        } else got[d] = x;
      }
    }
    const labels: Partial<Record<"run" | "group", string>> = {};
    for (const role of ["run", "group"] as const) {
      if (cols[role] !== undefined) {
        const label = groupLabel(row.cell(cols[role].index));
        if (label !== undefined) labels[role] = label;
      }
    }
    const run = makeRun(row.line, got, labels);
    const failed = filters.find(({ clause, target }) => !whereHolds(clause, target.kind === "header" ? row.cell(target.index) : roleValue(run, target.role)));
    if (failed !== undefined) {
      excluded.push({ line: row.line, reason: `does not satisfy --where ${failed.clause.text}`, code: "where" });
      continue;
    }
    const earlier = seen.get(run);
    if (earlier !== undefined) {
      excluded.push({ line: row.line, reason: `duplicate of line ${earlier}` });
      continue;
    }
    if (plan.derive === undefined && cols.flops !== undefined && run.params !== undefined && run.tokens !== undefined && run.flops !== undefined &&
      Math.abs(((k * run.params) / run.flops) * run.tokens - 1) > FLOPS_MISMATCH_TOLERANCE) {
      if (mismatches++ === 0) firstMismatch = row.line;
    }
    runs.push(run);
    seen.add(runs.length - 1);
  }

  const d = plan.derive;
  const derivedCount = d === undefined ? 0 : runs.filter((r) => r[d] !== undefined).length;
  if (d !== undefined) {
    notes.push(`${d} ${SYMBOL[d]} derived as ${formula[d]} for ${derivedCount} row${derivedCount === 1 ? "" : "s"} (no ${d} column)`);
  }
  for (const [role, u] of unread) {
    notes.push(`column ${quoteHeader(cols[role]!.header)} (${role}): ${u.count} cell${u.count === 1 ? "" : "s"} not usable (first at line ${u.line}, value ${JSON.stringify(u.value)}: ${u.reason}); rows kept, since the law does not need ${role}`);
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
    format: options.format,
    runs,
    excluded,
    notes,
    columns,
    derived: { tokens: d === "tokens" ? derivedCount : 0, flops: d === "flops" ? derivedCount : 0 },
    paramConvention,
    rowsRead: raw.rowsRead,
    headers: raw.headers,
  };
}

/** A run's value for a role, for --where. */
function roleValue(run: Run, role: RoleId): unknown {
  if (role === "loss") return run.lossNats;
  if (role === "run") return run.runId;
  return run[role];
}

/** Without a law's needs, rows with a bad cell in any of these are unusable (the compute-optimal laws' columns). */
const LEGACY_STRICT: readonly RoleId[] = ["params", "tokens", "flops", "loss", "uniqueTokens", "metric"];

/**
 * Which of N, D, C the law wants, which one (if any) is derived from the other
 * two, and whether C comes from a stated budget column (when there is no flops
 * column and C is wanted or needed to derive N or D).
 */
interface CountPlan { wanted: ReadonlySet<CountRole>; derive?: CountRole; flopsFromBudget: boolean }

function countPlan(cols: Partial<Record<RoleId, ColumnMatch>>, needs: readonly RoleId[] | undefined): CountPlan {
  const wanted = new Set<CountRole>(needs === undefined ? COUNT_ROLES : COUNT_ROLES.filter((r) => needs.includes(r)));
  // C from the stated budget only when it cannot come from N and D (a run's compute may differ from its budget)
  const flopsFromBudget = cols.flops === undefined && cols.budget !== undefined && (cols.params === undefined || cols.tokens === undefined) &&
    (wanted.has("flops") || (cols.params === undefined) !== (cols.tokens === undefined));
  const has = (r: CountRole) => cols[r] !== undefined || (r === "flops" && flopsFromBudget);
  const missing = COUNT_ROLES.filter((r) => !has(r));
  const derive = missing.length === 1 ? missing[0] : undefined;
  return { wanted, derive, flopsFromBudget };
}

/**
 * Reads one numeric cell into `got[role]` (scaled by its header unit); returns
 * null, or why the cell cannot be used ("empty cell", "not a number", "NaN",
 * "non-finite", "must be > 0", "must be ≥ 0").
 */
function readCell(cell: unknown, scale: number, zeroAllowed: boolean, got: Partial<Record<RoleId, number>>, role: RoleId): string | null {
  let value = plainNumber(cell);
  if (value === undefined) {
    const r = readQuantity(cell);
    if (!r.ok) return r.reason;
    value = r.value;
  }
  const x = value * scale;
  if (!Number.isFinite(x)) return "non-finite";
  if (zeroAllowed ? !(x >= 0) : !(x > 0)) return zeroAllowed ? "must be ≥ 0" : "must be > 0";
  got[role] = zeroAllowed && x === 0 ? 0 : x;
  return null;
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


/**
 * Explicit names first, then aliases among the remaining headers. Fatal if the
 * loss is missing, or (with `needs`) a count the law reads can be neither read
 * nor derived, or (without) fewer than two of N, D, C are there.
 */
function resolveColumns(
  raw: RawTable,
  explicit: Partial<Record<ColumnRole, string>>,
  needs: readonly RoleId[] | undefined,
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
  const rule = 'matching ignores case, spaces, "_", "-", "/", "." and a unit in parentheses';
  if (cols.loss === undefined && readsLoss(needs)) {
    throw new RunTableError(
      `${source}: no loss column; ${found}; accepted loss names: ${COLUMN_ALIASES.loss.join(", ")} ` +
        `(${rule}); or name the column explicitly (columns.loss, --loss-col)` + lossLike(headers),
      where,
      { code: "missing-column" },
    );
  }
  const counts = COUNT_ROLES.filter((role) => cols[role] !== undefined || (role === "flops" && cols.budget !== undefined));
  if (needs !== undefined) {
    const wanted = COUNT_ROLES.filter((r) => needs.includes(r));
    const plan = countPlan(cols, needs);
    const lacking = wanted.filter((r) => cols[r] === undefined && !(r === "flops" && plan.flopsFromBudget) && plan.derive !== r);
    if (lacking.length > 0) {
      const have = counts.length === 0 ? "none of N, D, C" : `only ${counts.map((r) => `${r} (${quoteHeader(cols[r]?.header ?? cols.budget!.header)})`).join(" and ")}`;
      const accepted = lacking.map((r) => `${r}: ${COLUMN_ALIASES[r].join(", ")}`).join("; ");
      throw new RunTableError(
        `${source}: the law reads ${wanted.map((r) => `${r} (${SYMBOL[r]})`).join(" and ")}; no column for ${lacking.join(" and ")}, ` +
          `and it cannot be derived from C = k·N·D with ${have}; ${found}; accepted names: ${accepted} (${rule}); ` +
          `or name the column explicitly (${lacking.map((r) => ROLE[r].flag).join(", ")})`,
        where,
        { code: "missing-column" },
      );
    }
    return cols;
  }
  if (counts.length < 2) {
    const have = counts.length === 0 ? "none of them" : `only ${counts[0]} (${quoteHeader((cols[counts[0]] ?? cols.budget)!.header)})`;
    const accepted = (["params", "tokens", "flops"] as const).map((r) => `${r}: ${COLUMN_ALIASES[r].join(", ")}`).join("; ");
    throw new RunTableError(
      `${source}: need at least two of params (N), tokens (D) and flops (C) to derive the third, found ${have}; ` +
        `${found}; accepted names: ${accepted} (${rule}); or name the columns explicitly (columns.params, --params-col, …)`,
      where,
      { code: "missing-column" },
    );
  }
  return cols;
}

/**
 * Whether the loss is read: always without `needs` (every law of N, D, C), and
 * with them when they name it or name any of N, D, C. A law whose target is a
 * metric of other inputs (pass@k against samples, accuracy against test-time
 * tokens) reads no loss, and its table needs none.
 */
function readsLoss(needs: readonly RoleId[] | undefined): boolean {
  return needs === undefined || needs.includes("loss") || COUNT_ROLES.some((r) => needs.includes(r));
}

function convention(
  given: ParamConvention | undefined,
  params: ColumnMatch | undefined,
  derivesParams: boolean,
  k: number,
  notes: string[],
): ParamConvention {
  if (given !== undefined) {
    notes.push(`parameter convention "${given}": set by the caller`);
    return given;
  }
  if (params === undefined) {
    notes.push(derivesParams
      ? `parameter convention "total": assumed (no params column; N derived as C / (${k}·D))`
      : `parameter convention "total": assumed (no params column; the law does not read N)`);
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

/** The fields of a run that make it a duplicate of another: everything read, not its line. */
const RUN_FIELDS = ["params", "tokens", "flops", "budget", "lossNats", "uniqueTokens", "metric", "step", "lr", "batch", "samples", "testTimeTokens", "runId", "group"] as const;

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/** MurmurHash3's 32-bit block mix (Appleby 2011). */
function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** A 32-bit hash of a run's fields: MurmurHash3 blocks over the doubles' bits and the labels' characters. */
function runHash(run: Run): number {
  let h = 0x9747b28c;
  for (const k of RUN_FIELDS) {
    const v = run[k];
    if (typeof v === "number") {
      F64[0] = v;
      h = mix(mix(h, U32[0]), U32[1]);
    } else if (typeof v === "string") {
      for (let i = 0; i < v.length; i++) h = mix(h, v.charCodeAt(i));
    } else h = mix(h, 0x55);
  }
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h & 0x3fffffff;
}

/**
 * The first usable row per run (every field read, not the line): an
 * open-addressing hash table of indices into the kept runs (linear probing,
 * load ≤ 1/2; Knuth, TAOCP vol. 3, §6.4, algorithm L), collisions resolved by
 * comparing the fields. Typed arrays only, so 10^6 rows add no per-row objects.
 */
class RunIndex {
  private slots = new Int32Array(1024).fill(-1);
  private hashes = new Int32Array(1024);
  private count = 0;
  private lastHash = 0;
  constructor(private readonly runs: readonly Run[]) {}
  /** Line of an earlier run with the same fields, or undefined. */
  get(run: Run): number | undefined {
    const h = (this.lastHash = runHash(run));
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const j = this.slots[i];
      if (j < 0) return undefined;
      if (this.hashes[j] === h && this.same(this.runs[j], run)) return this.runs[j].line;
    }
  }
  /** Records runs[index], the run last passed to get(). */
  add(index: number): void {
    if (index >= this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[index] = this.lastHash;
    if (++this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    this.place(index);
  }
  private place(index: number): void {
    const mask = this.slots.length - 1;
    let i = this.hashes[index] & mask;
    while (this.slots[i] >= 0) i = (i + 1) & mask;
    this.slots[i] = index;
  }
  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size).fill(-1);
    for (const j of old) if (j >= 0) this.place(j);
  }
  private same(a: Run, b: Run): boolean {
    for (const k of RUN_FIELDS) if (a[k] !== b[k]) return false;
    return true;
  }
}

/** A run with its keys in the order of the Run interface (readable JSON) and no undefined-valued keys. */
function makeRun(line: number, got: Partial<Record<RoleId, number>>, labels: Partial<Record<"run" | "group", string>>): Run {
  const run: Partial<Run> = {};
  for (const key of ["params", "tokens", "flops", "budget", "lossNats", "uniqueTokens", "metric", "step", "lr", "batch", "samples", "testTimeTokens"] as const) {
    const v = key === "lossNats" ? got.loss : got[key];
    if (v !== undefined) run[key] = v;
  }
  if (labels.run !== undefined) run.runId = labels.run;
  if (labels.group !== undefined) run.group = labels.group;
  run.line = line;
  return run as Run;
}

/** A group label: trimmed text, or a JSON number/boolean as text; empty or structured cells give none. */
function groupLabel(cell: unknown): string | undefined {
  if (typeof cell === "string") return cell.trim() === "" ? undefined : cell.trim();
  if (typeof cell === "number" || typeof cell === "boolean" || typeof cell === "bigint") return String(cell);
  return undefined;
}

/** Headers that look like a loss or bits per byte, suggested when no alias matched. */
function lossLike(headers: readonly string[]): string {
  const like = headers.filter((h) => /loss|bpb|perplexity|ppl/i.test(h));
  return like.length ? `; headers that look like one: ${describeHeaders(like)}` : "";
}
