/**
 * From text to a raw table, as every table reader starts: a leading BOM
 * removed, line endings made "\n", then the format's reader (CSV, TSV, JSON,
 * JSON Lines). Run tables, loss curves, emergence and observation tables share
 * it. O(text).
 */
import { detectFormat } from "./detectFormat.js";
import type { RawTable } from "./rawTable.js";
import { readDelimited } from "./readDelimited.js";
import { readJson, readJsonl } from "./readJson.js";
import type { TableFormat } from "./types.js";

/** The text without a leading BOM and with "\n" line endings. */
export function normalizedText(input: string): string {
  return (input.charCodeAt(0) === 0xfeff ? input.slice(1) : input).replace(/\r\n?/g, "\n");
}

/** The rows and headers of normalized text in `format`; issues are in the result's `issues`, by line. */
export function readRawTable(text: string, format: TableFormat, source: string): RawTable {
  switch (format) {
    case "csv": return readDelimited(text, ",", source);
    case "tsv": return readDelimited(text, "\t", source);
    case "json": return readJson(text, source);
    case "jsonl": return readJsonl(text, source);
  }
}

/**
 * A small table every row of which must be usable (samples, emergence, observation tables): read in its detected
 * format, with the first unreadable row and an empty table refused by a RangeError naming the source and line.
 */
export function readWholeTable(input: string, source: string): { raw: RawTable; format: TableFormat } {
  const text = normalizedText(input);
  const format = detectFormat(text);
  const raw = readRawTable(text, format, source);
  if (raw.issues.length) throw new RangeError(`${source}: line ${raw.issues[0].line}: ${raw.issues[0].reason}`);
  if (raw.rows.length === 0) throw new RangeError(`${source}: no rows`);
  return { raw, format };
}
