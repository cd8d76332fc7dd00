/**
 * The forecast ledger (`scalecast forecast register`, `forecast verify`): one
 * JSON record per line, each carrying the SHA-256 of the record before it, so
 * any later edit, deletion or reordering is detectable; and a SHA-256 of the
 * rows a forecast was fitted to, in a canonical form that does not depend on
 * their order or the file's format.
 *
 * Canonical rows (documented in docs/methods.md): for each run, the inputs it
 * has among params, tokens, flops, uniqueTokens, loss (nats) and metric, as
 * `name=value` in that order joined by ";" (value: the shortest decimal that
 * reads back as the same double, JavaScript's String(number)); the lines sorted
 * (UTF-16 code units) and joined by "\n"; SHA-256 of its UTF-8, in hex.
 * Record hash: SHA-256 of the record without its `hash` field, as JSON with
 * object keys sorted at every level.
 */
import type { Run } from "../runs/types.js";

/** The ledger's format version, written in every record. */
export const LEDGER_FORMAT = 1;

const CANONICAL_FIELDS = [["params", "params"], ["tokens", "tokens"], ["flops", "flops"], ["uniqueTokens", "uniqueTokens"], ["loss", "lossNats"], ["metric", "metric"]] as const;

/** The canonical text of the rows (see the file comment). O(n log n). */
export function canonicalRows(runs: readonly Run[]): string {
  return runs.map((r) => CANONICAL_FIELDS.filter(([, key]) => r[key] !== undefined).map(([name, key]) => `${name}=${String(r[key])}`).join(";")).sort().join("\n");
}

/** SHA-256 of a text's UTF-8, hex (Web Crypto: the same in Node and the browser). */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** JSON with the keys of every object sorted: one text per value, whatever order its keys were built in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export interface LedgerRecord {
  format: number;
  id: string;
  createdAt: string;
  tool: { name: string; version: string };
  /** Hash of the previous record; null for the first. */
  previous: string | null;
  data: { source: string; rows: number; sha256: string; canonical: string };
  assumptions: Record<string, unknown>;
  targets: Array<Record<string, number>>;
  predictions: unknown[];
  /** With --vary: the held parameter, its values, each fit's constants and predictions, and the spread per target. */
  vary?: { name: string; values: number[]; variants: unknown[]; spread: Array<{ min: number; max: number }> };
  note?: string;
  commit?: string;
  fit: unknown;
  /** SHA-256 of this record without `hash` (canonicalJson). */
  hash: string;
}

/** The record with its hash filled in. */
export async function sealRecord(record: Omit<LedgerRecord, "hash">): Promise<LedgerRecord> {
  return { ...record, hash: await sha256(canonicalJson(record)) };
}

export interface LedgerProblem {
  /** 1-based line of the ledger file. */
  line: number;
  /** The record's id, when the line is a readable record. */
  id?: string;
  message: string;
}

export interface LedgerCheck {
  records: LedgerRecord[];
  /** The first problem found (the chain after it cannot be trusted), or none. */
  problem?: LedgerProblem;
}

/** Reads and checks a ledger's text: every line a JSON record whose hash is its own and whose `previous` is the hash of the line before. */
export async function checkLedger(text: string): Promise<LedgerCheck> {
  const records: LedgerRecord[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  let previous: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    let rec: LedgerRecord;
    try {
      rec = JSON.parse(lines[i]) as LedgerRecord;
    } catch (e) {
      return { records, problem: { line, message: `not a JSON record (${(e as Error).message}): the ledger is JSON Lines, one record a line` } };
    }
    if (rec === null || typeof rec !== "object" || Array.isArray(rec) || typeof rec.hash !== "string") return { records, problem: { line, message: "not a forecast record (no hash)" } };
    const { hash, ...rest } = rec;
    const id = typeof rec.id === "string" ? rec.id : undefined;
    if (await sha256(canonicalJson(rest)) !== hash) return { records, problem: { line, ...(id ? { id } : {}), message: "its content does not match its hash: the record was edited after it was written" } };
    if (rec.previous !== previous) {
      return { records, problem: { line, ...(id ? { id } : {}), message: previous === null ? "the first record names a previous record: records before it were deleted" : "its previous-record hash is not the hash of the line before it: a record was deleted, inserted or moved" } };
    }
    previous = hash;
    records.push(rec);
  }
  return { records };
}

/** Where a published record hash sits in a checked ledger: its 1-based record number, or why it cannot be found. */
export type HeadMatch = { record: number; id: string; hash: string } | { problem: "absent" | "ambiguous"; message: string };

/** Shortest hash prefix `--head` takes: 12 hex digits, as `forecast register` prints (48 bits). */
export const HEAD_PREFIX_MIN = 12;

/**
 * Finds a published record hash (whole, or a prefix of at least 12 hex digits) in a checked ledger. A valid chain
 * can still have been cut back from its end; a hash published when a record was written anchors it: the record
 * must still be there. Records after it are later forecasts, not a problem.
 */
export function findHead(records: readonly LedgerRecord[], head: string): HeadMatch {
  const want = head.toLowerCase();
  const found = records.flatMap((r, i) => (r.hash.startsWith(want) ? [{ record: i + 1, id: r.id, hash: r.hash }] : []));
  if (found.length === 1) return found[0];
  if (found.length > 1) return { problem: "ambiguous", message: `${found.length} records (${found.map((f) => f.record).join(", ")}) have hashes starting ${head}: give more of the hash` };
  const last = records.length === 0 ? " (the ledger is empty)"
    : ` (the ledger holds ${records.length} record${records.length === 1 ? "" : "s"}; the last has ${records[records.length - 1].hash.slice(0, HEAD_PREFIX_MIN)}…)`;
  return { problem: "absent", message: `no record has the hash ${head}${last}: records were removed from its end, or it was rewritten, after that hash was published` };
}
