// Internal: a table as read from text, before columns are interpreted.

import type { RowIssue } from "./types.js";

/** One data row: where it starts, and its cell in column `index` (undefined if absent). */
export interface RawRow {
  line: number;
  cell: (index: number) => unknown;
}

export interface RawTable {
  headers: string[];
  /** Line of the header (CSV/TSV only). */
  headerLine?: number;
  rows: RawRow[];
  /** Rows rejected while reading (wrong field count, invalid JSON, not an object). */
  issues: RowIssue[];
  /** Data rows seen: rows.length + issues.length. */
  rowsRead: number;
  /** What `RawRow.line` counts: text lines (default), Parquet rows, or TensorBoard event records. */
  position?: "line" | "row" | "record";
}

/**
 * Maps character offsets to 1-based line numbers ("\n" separates lines).
 *
 * Cost: queries in increasing order cost O(text scanned) in total; a smaller
 * offset than the previous one rescans from the start.
 *
 * @example
 * const lineAt = lineCounter("a\nb\nc");
 * lineAt(0); // 1
 * lineAt(4); // 3
 */
export function lineCounter(text: string): (offset: number) => number {
  let pos = 0;
  let line = 1;
  return (offset) => {
    if (offset < pos) {
      pos = 0;
      line = 1;
    }
    for (;;) {
      const nl = text.indexOf("\n", pos);
      if (nl < 0 || nl >= offset) break;
      line++;
      pos = nl + 1;
    }
    return line;
  };
}
