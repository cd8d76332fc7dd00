// The format registry (DESIGN.md, "Readers are a registry"): every input format
// scalecast reads, sniffed in order. A new format is one reader file and one line here.

import { UnknownNameError } from "../../errors.js";
import type { RawTable } from "../rawTable.js";
import { RunTableError } from "../types.js";
import { parquetReader } from "./parquet.js";
import { tensorboardReader } from "./tensorboard.js";
import { wandbChartReader, wandbHistoryReader, wandbRunsReader } from "./wandb.js";
import { detectFormat } from "../detectFormat.js";
import { csvReader, decodeText, jsonlReader, jsonReader, tsvReader } from "./text.js";
import type { InputFormat, TableReader } from "./types.js";

/** Every reader; sniffing tries the specific formats first, then the text formats. */
export const READERS: readonly TableReader[] = [
  parquetReader, tensorboardReader, wandbChartReader, wandbHistoryReader, wandbRunsReader,
  csvReader, tsvReader, jsonReader, jsonlReader,
];

/** Specific formats are sniffed before the generic text ones. */
const SNIFF_ORDER: readonly InputFormat[] = ["parquet", "tensorboard", "wandb-chart", "wandb-history", "wandb-runs"];

/** The reader of a format, or a RangeError listing the known ones. */
export function readerOf(format: string): TableReader {
  const reader = READERS.find((r) => r.format === format);
  if (reader === undefined) throw new UnknownNameError(`unknown input format "${format}"; known formats: ${READERS.map((r) => r.format).join(", ")}`);
  return reader;
}

/**
 * The format of an input from its name and bytes: binary and W&B formats by
 * their signature, then the text formats by extension and content. O(first line).
 */
export function sniffFormat(bytes: Uint8Array, name: string): InputFormat {
  let head = "";
  try {
    head = decodeText(bytes.subarray(0, 64 * 1024), name);
  } catch { /* NUL bytes: a binary format, recognised by its signature below */ }
  const firstLine = head.split("\n").find((l) => l.trim() !== "") ?? "";
  const input = { bytes, firstLine, name };
  for (const format of SNIFF_ORDER) {
    const reader = READERS.find((r) => r.format === format);
    if (reader?.sniff(input)) return format;
  }
  if (/\.tsv$/i.test(name)) return "tsv";
  if (/\.(jsonl|ndjson)$/i.test(name)) return "jsonl";
  if (/\.json$/i.test(name)) return "json";
  return detectFormat(head);
}

/** Reads bytes in a format; throws RunTableError for unreadable input, never anything else. */
export async function readInput(format: string, bytes: Uint8Array, source: string): Promise<RawTable> {
  let reader: TableReader;
  try {
    reader = readerOf(format);
  } catch (e) {
    throw new RunTableError(`${source}: ${(e as Error).message}`, { source, value: format });
  }
  try {
    return await reader.read(bytes, source);
  } catch (e) {
    if (e instanceof RunTableError) throw e;
    throw new RunTableError(`${source}: cannot read as ${reader.title}: ${e instanceof Error ? e.message : String(e)}`, { source }, { cause: e });
  }
}
