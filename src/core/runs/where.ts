// Row filters, `--where EXPR` (several are ANDed): `dataset=rpj`, `params<1.25e9`,
// `State!=crashed`. One vocabulary for every command that reads runs.

import { normalizeHeader } from "./columns.js";
import { parseQuantity, quantityFromUnknown } from "./quantity.js";
import { ROLE_IDS, type RoleId } from "./roles.js";

export type WhereOp = "=" | "!=" | "<" | "<=" | ">" | ">=";

/** One parsed filter: a column (a role id such as `params`, or a header) compared with a value. */
export interface WhereClause {
  /** As written, for messages: "params<1.25e9". */
  readonly text: string;
  readonly column: string;
  readonly op: WhereOp;
  readonly value: string;
  /** The value as a number when it reads as one (70B, 1.25e9), for numeric comparison. */
  readonly number: number | null;
}

const WHERE = /^\s*([^<>=!]+?)\s*(<=|>=|!=|==|=|<|>)\s*(.*?)\s*$/;

/**
 * Parses `COLUMN OP VALUE` with OP one of = (or ==), !=, <, <=, >, >=. Returns
 * the clause or a message naming the bad expression. O(length).
 *
 * @example
 * parseWhere("params<1.25e9"); // { text: "params<1.25e9", column: "params", op: "<", value: "1.25e9", number: 1250000000 }
 * parseWhere("dataset = rpj"); // { …, column: "dataset", op: "=", value: "rpj", number: null }
 * parseWhere("params");        // 'expected COLUMN OP VALUE with OP one of =, !=, <, <=, >, >= (e.g. dataset=rpj, params<1.25e9), got "params"'
 */
export function parseWhere(text: string): WhereClause | string {
  const m = WHERE.exec(text);
  if (!m || m[1].trim() === "" || m[3] === "") return `expected COLUMN OP VALUE with OP one of =, !=, <, <=, >, >= (e.g. dataset=rpj, params<1.25e9), got "${text}"`;
  const op = (m[2] === "==" ? "=" : m[2]) as WhereOp;
  const number = parseQuantity(m[3]);
  if (op !== "=" && op !== "!=" && number === null) return `"${text}": ${op} compares numbers, and "${m[3]}" is not one`;
  return { text: text.trim(), column: m[1].trim(), op, value: m[3], number };
}

/** Where a clause's column comes from: a role's value on the run, or a raw header. */
export type WhereTarget = { kind: "role"; role: RoleId } | { kind: "header"; index: number };

/**
 * Resolves a clause's column among role ids and the table's headers (exact,
 * then by {@link normalizeHeader}); null when neither matches.
 */
export function whereTarget(clause: WhereClause, headers: readonly string[], hasRole: (role: RoleId) => boolean): WhereTarget | null {
  const role = ROLE_IDS.find((r) => r === clause.column);
  if (role !== undefined && hasRole(role)) return { kind: "role", role };
  let index = headers.findIndex((h) => h.trim() === clause.column);
  if (index < 0) index = headers.findIndex((h) => normalizeHeader(h) === normalizeHeader(clause.column));
  return index < 0 ? null : { kind: "header", index };
}

/**
 * Whether a cell satisfies the clause: numerically when both sides read as
 * numbers, else as trimmed text (only = and != apply to text; a missing cell
 * fails every test except !=). O(1).
 */
export function whereHolds(clause: WhereClause, cell: unknown): boolean {
  const x = typeof cell === "number" ? cell : quantityFromUnknown(cell);
  if (clause.number !== null && typeof x === "number" && Number.isFinite(x)) {
    const y = clause.number;
    switch (clause.op) {
      case "=": return x === y || Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y));
      case "!=": return !(x === y || Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y)));
      case "<": return x < y;
      case "<=": return x <= y;
      case ">": return x > y;
      case ">=": return x >= y;
    }
  }
  const text = cell === undefined || cell === null ? undefined : String(cell).trim();
  if (clause.op === "=") return text === clause.value;
  if (clause.op === "!=") return text !== clause.value;
  return false;
}
