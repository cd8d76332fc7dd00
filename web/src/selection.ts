/**
 * The selection controls' text read as the CLI reads its options — where-filters
 * one per line (`--where`, each checked by the core's parseWhere), best-of
 * columns comma-separated (`--best-of`, as commaList in src/cli/options.ts) —
 * and a one-line account of what a selection kept. Pure.
 */
import type { Selection } from "../../src/core/fit/selectRuns.js";
import { parseWhere } from "../../src/core/runs/where.js";
import type { RunTable, SelectionCode } from "../../src/core/runs/types.js";
import { HAND_EXCLUSION } from "./pipeline.js";

/** The filters of a where-field, or the first line that is not `COLUMN OP VALUE` (1-based). */
export type WhereLines = { ok: true; where: string[] } | { ok: false; line: number; error: string };

/**
 * Reads a where-field: one filter per line, blank lines skipped, each trimmed.
 * O(length).
 *
 * @example
 * readWhereLines("dataset=rpj\n\nparams<1.25e9"); // { ok: true, where: ["dataset=rpj", "params<1.25e9"] }
 * readWhereLines("params");                       // { ok: false, line: 1, error: 'line 1: expected COLUMN OP VALUE … got "params"' }
 */
export function readWhereLines(text: string): WhereLines {
  const where: string[] = [];
  const lines = text.split(/\r\n?|\n/);
  for (let i = 0; i < lines.length; i++) {
    const w = lines[i].trim();
    if (w === "") continue;
    const clause = parseWhere(w);
    if (typeof clause === "string") return { ok: false, line: i + 1, error: `line ${i + 1}: ${clause}` };
    where.push(w);
  }
  return { ok: true, where };
}

/**
 * Reads a best-of field as `--best-of` does: comma-separated, trimmed, blanks dropped.
 *
 * @example readBestOf(" lr, bs ,") // ["lr", "bs"]
 */
export function readBestOf(text: string): string[] {
  return text.split(",").map((s) => s.trim()).filter(Boolean);
}

/** What each selection code says in the summary. */
const REMOVED: Readonly<Record<SelectionCode, string>> = {
  "where": "rows filtered out by where",
  "not-last-checkpoint": "not a run's last checkpoint",
  "no-run-id": "without a run id (so no last checkpoint)",
  "not-best-of-config": "not the best of their configuration",
  "highest-loss": "among the K highest losses",
};

/**
 * One line on what the selection kept and why the rest went, by code, in the
 * order the rules apply. O(rows).
 *
 * @example
 * selectionSummary(table, selection);
 * // "12 of 24 usable runs selected; 12 not the best of their configuration [not-best-of-config]"
 */
export function selectionSummary(table: RunTable, selection: Selection): string {
  const counts = new Map<SelectionCode, number>();
  let hand = 0;
  for (const e of selection.excluded) {
    if (e.code !== undefined) counts.set(e.code, (counts.get(e.code) ?? 0) + 1);
    else if (e.reason === HAND_EXCLUSION) hand++;
  }
  const usable = table.runs.length;
  const parts = (Object.keys(REMOVED) as SelectionCode[]).filter((c) => counts.has(c)).map((c) => `${counts.get(c)} ${REMOVED[c]} [${c}]`);
  if (hand > 0) parts.push(`${hand} excluded by hand`);
  return [`${selection.runs.length} of ${usable} usable run${usable === 1 ? "" : "s"} selected`, ...parts].join("; ");
}
