// Reading loss curves (one row per checkpoint) for the training-curve envelope,
// Approach 1 of Hoffmann et al. 2022 (§3.1). Shares the text readers, quantity
// syntax and header matching of the run table (parseRunTable.ts).

import { COLUMN_ALIASES, headerUnit, normalizeHeader } from "./columns.js";
import { describeHeaders, describeValue, quoteHeader } from "./describe.js";
import { detectFormat } from "./detectFormat.js";
import { readQuantity } from "./quantity.js";
import type { RawRow, RawTable } from "./rawTable.js";
import { normalizedText, readRawTable } from "./readRawTable.js";
import { RunTableError, type RowIssue, type TableFormat } from "./types.js";

/** One checkpoint of one training run. */
export interface LossCheckpoint {
  /** Run id: checkpoints with the same id form one loss curve. */
  run: string;
  /** N, parameters of the run's model. */
  params: number;
  /** D, tokens seen at this checkpoint. */
  tokens: number;
  /** Loss in nats at this checkpoint. */
  lossNats: number;
  /** 1-based source line, when read from text. */
  line?: number;
}

/** The roles a column can play in a loss-curve table. */
export type LossCurveRole = "run" | "params" | "tokens" | "step" | "loss";

/** Roles in the order columns are resolved. */
export const LOSS_CURVE_ROLES: readonly LossCurveRole[] = ["run", "params", "tokens", "step", "loss"];

/**
 * Accepted header names per role, most preferred first; matched as in the run
 * table (case, spaces, "_", "-" and a trailing "(unit)" ignored).
 */
export const LOSS_CURVE_ALIASES: Readonly<Record<LossCurveRole, readonly string[]>> = {
  run: ["run", "run_id", "run_name", "id", "name", "model", "model_name"],
  params: COLUMN_ALIASES.params,
  tokens: [
    "tokens", "D", "tokens_seen", "tokens_processed", "consumed_tokens", "num_tokens_seen", "training_tokens",
    "n_tokens", "num_tokens", "tokens_D", "Training Tokens",
  ],
  step: ["step", "steps", "global_step", "train_step", "iteration", "iter"],
  loss: COLUMN_ALIASES.loss,
};

export interface LossCurveOptions {
  /** Name shown in notes and errors; default "<input>". */
  source?: string;
  /** Default: detected as for the run table. */
  format?: TableFormat;
  /** Explicit column names per role (CLI --run-col, --params-col, …). */
  columns?: Partial<Record<LossCurveRole, string>>;
  /** When set, tokens are step × tokensPerStep (a step column is required; a tokens column is ignored). */
  tokensPerStep?: number;
}

/** The result of {@link parseLossCurves}. */
export interface LossCurveTable {
  source: string;
  format: TableFormat;
  /** Usable rows, in source order. */
  checkpoints: LossCheckpoint[];
  /** Every data row not used, with line, column, value and reason. */
  excluded: RowIssue[];
  notes: string[];
  /** Header used per role. */
  columns: Partial<Record<LossCurveRole, string>>;
  /** Data rows seen: checkpoints.length + excluded.length. */
  rowsRead: number;
}

interface Match { index: number; header: string }

const LOOKS_LIKE_BITS = /(?:^|[^a-z])bits?(?:[^a-z]|$)|bpb|bpc/i;

/**
 * Reads loss curves, one row per checkpoint (run id, N, tokens seen or step,
 * loss in nats), from CSV, TSV, JSON or JSON Lines text. Values may be written
 * "70B", "1.4T", "5.76e23"; a "(B)"-style unit in a params or tokens header
 * scales the column. With `tokensPerStep`, tokens D = step × tokensPerStep.
 * Rows that cannot be used are never dropped silently: each is listed in
 * `excluded` with its line, column, raw value and reason. Throws only
 * {@link RunTableError}, for problems with the table as a whole (empty input,
 * invalid JSON, a required column missing, bad options).
 *
 * Cost: O(length of the text + rows × columns used).
 *
 * @example
 * parseLossCurves("run,N,tokens,loss\na,1e8,1e9,3.1\na,1e8,2e9,2.9\n");
 * // { checkpoints: [{ run: "a", params: 1e8, tokens: 1e9, lossNats: 3.1, line: 2 },
 * //                 { run: "a", params: 1e8, tokens: 2e9, lossNats: 2.9, line: 3 }],
 * //   excluded: [], columns: { run: "run", params: "N", tokens: "tokens", loss: "loss" }, … }
 */
export function parseLossCurves(input: string, options: LossCurveOptions = {}): LossCurveTable {
  const source = options.source ?? "<input>";
  const tokensPerStep = options.tokensPerStep;
  if (tokensPerStep !== undefined && !(Number.isFinite(tokensPerStep) && tokensPerStep > 0)) {
    throw new RunTableError(`${source}: tokens per step must be a finite number > 0, got ${tokensPerStep}`, { source, value: String(tokensPerStep) });
  }
  const text = normalizedText(input);
  if (text.trim() === "") throw new RunTableError(`${source}: empty input`, { source });
  const format = options.format ?? detectFormat(text);
  const raw = readRawTable(text, format, source);
  const notes: string[] = [];
  const cols = resolveColumns(raw, options.columns ?? {}, tokensPerStep !== undefined, source, notes);

  const scale = { params: 1, tokens: 1 };
  for (const role of ["params", "tokens"] as const) {
    const unit = cols[role] === undefined ? null : headerUnit(cols[role].header);
    if (unit !== null) {
      scale[role] = unit.scale;
      notes.push(`${role} column ${quoteHeader(cols[role]!.header)}: values multiplied by ${unit.scale} (unit "${unit.unit}")`);
    }
  }
  if (LOOKS_LIKE_BITS.test(cols.loss.header)) {
    notes.push(`loss column ${quoteHeader(cols.loss.header)} looks like bits, not nats; values are read unchanged as nats`);
  }
  if (tokensPerStep !== undefined) {
    notes.push(`tokens D = step × ${tokensPerStep} (tokens per step), step from column ${quoteHeader(cols.step!.header)}` +
      (cols.tokens ? `; tokens column ${quoteHeader(cols.tokens.header)} ignored` : ""));
  }

  const checkpoints: LossCheckpoint[] = [];
  const excluded: RowIssue[] = [...raw.issues];
  for (const row of raw.rows) {
    const got = readRow(row, cols, scale, tokensPerStep);
    if ("reason" in got) excluded.push(got); else checkpoints.push(got);
  }
  excluded.sort((a, b) => a.line - b.line);
  const columns: LossCurveTable["columns"] = {};
  for (const role of LOSS_CURVE_ROLES) {
    const used = role === "tokens" ? tokensPerStep === undefined : role === "step" ? tokensPerStep !== undefined : true;
    if (cols[role] !== undefined && used) columns[role] = cols[role].header;
  }
  return { source, format, checkpoints, excluded, notes, columns, rowsRead: raw.rowsRead };
}


/** One row as a checkpoint, or the issue with its first bad cell (order: run, params, tokens/step, loss). */
function readRow(
  row: RawRow,
  cols: Record<"run" | "params" | "loss", Match> & Partial<Record<"tokens" | "step", Match>>,
  scale: { params: number; tokens: number },
  tokensPerStep: number | undefined,
): LossCheckpoint | RowIssue {
  const idCell = row.cell(cols.run.index);
  const run = runId(idCell);
  if (run === undefined) {
    const empty = idCell === undefined || idCell === null || (typeof idCell === "string" && idCell.trim() === "");
    return { line: row.line, column: cols.run.header, value: describeValue(idCell), reason: empty ? "empty cell" : "not a run id (expected text or a number)" };
  }
  const number = (m: Match, factor: number, derived?: string): number | RowIssue => {
    const cell = row.cell(m.index);
    const r = readQuantity(cell);
    const x = r.ok ? r.value * factor : Number.NaN;
    const reason = !r.ok ? r.reason : !Number.isFinite(x) ? "non-finite" : x > 0 ? null : `must be > 0${derived ? ` (${derived})` : ""}`;
    return reason === null ? x : { line: row.line, column: m.header, value: describeValue(cell), reason };
  };
  const params = number(cols.params, scale.params);
  if (typeof params !== "number") return params;
  const tokens = tokensPerStep === undefined
    ? number(cols.tokens!, scale.tokens)
    : number(cols.step!, tokensPerStep, `tokens D = step × ${tokensPerStep}`);
  if (typeof tokens !== "number") return tokens;
  const lossNats = number(cols.loss, 1);
  if (typeof lossNats !== "number") return lossNats;
  return { run, params, tokens, lossNats, line: row.line };
}

function runId(cell: unknown): string | undefined {
  if (typeof cell === "string") return cell.trim() === "" ? undefined : cell.trim();
  if (typeof cell === "number" || typeof cell === "bigint" || typeof cell === "boolean") return String(cell);
  return undefined;
}

/** Explicit names first, then aliases among the remaining headers; fatal when a required column is missing. */
function resolveColumns(
  raw: RawTable,
  explicit: Partial<Record<LossCurveRole, string>>,
  fromSteps: boolean,
  source: string,
  notes: string[],
): Record<"run" | "params" | "loss", Match> & Partial<Record<"tokens" | "step", Match>> {
  const { headers } = raw;
  const cols: Partial<Record<LossCurveRole, Match>> = {};
  const claimed = new Set<number>();
  const where = { source, line: raw.headerLine };
  for (const role of LOSS_CURVE_ROLES) {
    const name = explicit[role]?.trim();
    if (name === undefined || name === "") continue;
    let index = headers.findIndex((h) => h.trim() === name);
    if (index < 0 && normalizeHeader(name) !== "") index = headers.findIndex((h) => normalizeHeader(h) === normalizeHeader(name));
    if (index < 0) {
      throw new RunTableError(`${source}: column ${quoteHeader(name)} given for ${role} was not found; headers are: ${describeHeaders(headers)}`, { ...where, column: name });
    }
    cols[role] = { index, header: headers[index] };
    claimed.add(index);
  }
  for (const role of LOSS_CURVE_ROLES) {
    if (cols[role] !== undefined) continue;
    const ranks = LOSS_CURVE_ALIASES[role].map(normalizeHeader);
    let best = -1, bestRank = Infinity;
    const matching: number[] = [];
    headers.forEach((h, i) => {
      const r = ranks.indexOf(normalizeHeader(h));
      if (claimed.has(i) || r < 0) return;
      matching.push(i);
      if (r < bestRank) { best = i; bestRank = r; }
    });
    if (best < 0) continue;
    cols[role] = { index: best, header: headers[best] };
    claimed.add(best);
    const ignored = matching.filter((i) => i !== best).map((i) => headers[i]);
    if (ignored.length > 0) notes.push(`${role} column ${quoteHeader(headers[best])} chosen; also matching, ignored: ${describeHeaders(ignored)}`);
  }
  const missing = (role: LossCurveRole, flag: string, extra = ""): RunTableError => new RunTableError(
    `${source}: no ${role} column${extra}; headers found: ${describeHeaders(headers)}; accepted ${role} names: ${LOSS_CURVE_ALIASES[role].join(", ")} ` +
      `(matching ignores case, spaces, "_", "-" and a unit in parentheses); or name the column explicitly (${flag})`,
    where,
  );
  if (cols.run === undefined) throw missing("run", "--run-col", " (a run id says which checkpoints form one loss curve)");
  if (cols.params === undefined) throw missing("params", "--params-col");
  if (cols.loss === undefined) throw missing("loss", "--loss-col");
  if (fromSteps && cols.step === undefined) throw missing("step", "--step-col", " (tokens per step was given, so tokens are derived from steps)");
  if (!fromSteps && cols.tokens === undefined) {
    const hint = cols.step ? ` (found step column ${quoteHeader(cols.step.header)}: give --tokens-per-step to derive tokens = step × tokens per step)` : "";
    throw missing("tokens", "--tokens-col", hint);
  }
  return { ...cols, run: cols.run, params: cols.params, loss: cols.loss };
}
