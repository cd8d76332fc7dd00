// Parquet run tables, read with hyparquet (https://github.com/hyparam/hyparquet).
// Format: Apache Parquet file layout and Thrift metadata,
// https://github.com/apache/parquet-format (README "File Format", src/main/thrift/parquet.thrift):
// "PAR1", column chunks of pages, FileMetaData, its 4-byte little-endian length, "PAR1".
// hyparquet trusts the counts in page headers, so a damaged count can make it allocate and
// fill billions of entries (seen while fuzzing: one flipped byte, minutes of CPU), and it
// leaves the read of a column chunk that matches no schema leaf unawaited (an unhandled
// rejection). checkLayout walks the page headers (hyparquet's own parquetHeader) and
// refuses such files before hyparquet decodes a page.

import { parquetMetadata, parquetReadObjects, parquetSchema, type FileMetaData, type SchemaTree } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import type { RawRow, RawTable } from "../rawTable.js";
import { RunTableError } from "../types.js";
import type { TableReader } from "./types.js";

/**
 * Largest count the reader accepts: rows in the file, values in a column chunk or
 * page, entries in a dictionary (2^24 = 16,777,216). A run table or one run's
 * history is far smaller; a larger count is taken as damage rather than decoded
 * for minutes.
 */
export const PARQUET_MAX_VALUES = 2 ** 24;

/** Largest uncompressed page accepted, in bytes (2^28 = 256 MiB), for the same reason. */
export const PARQUET_MAX_PAGE_BYTES = 2 ** 28;

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"
/** Smallest possible file: magic, 4-byte footer length, magic. */
const MIN_BYTES = 12;

function hasMagic(bytes: Uint8Array, at: number): boolean {
  return MAGIC.every((b, i) => bytes[at + i] === b);
}

function fail(source: string, problem: string, cause?: unknown): RunTableError {
  return new RunTableError(`${source}: ${problem}`, { source }, cause === undefined ? undefined : { cause });
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A column chunk's pages agree with its metadata, every count is bounded, every page lies inside the chunk. */
function checkChunk(
  bytes: Uint8Array,
  chunk: FileMetaData["row_groups"][number]["columns"][number],
  layout: { rows: number; footerStart: number; flat: ReadonlySet<string> },
): string | null {
  const meta = chunk.meta_data;
  if (meta === undefined) return "a column chunk has no metadata";
  const name = meta.path_in_schema.join(".");
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const end = start + Number(meta.total_compressed_size);
  if (!(Number.isSafeInteger(start) && start >= MAGIC.length && end >= start && end <= layout.footerStart)) {
    return `column chunk "${name}" lies outside the data (bytes ${start}–${end} of ${layout.footerStart})`;
  }
  const chunkValues = Number(meta.num_values);
  if (!(Number.isSafeInteger(chunkValues) && chunkValues >= 0 && chunkValues <= PARQUET_MAX_VALUES)) {
    return `column chunk "${name}" claims ${String(meta.num_values)} values`;
  }
  // A column with no repeated level has one value (or null) per row.
  const flat = layout.flat.has(JSON.stringify(meta.path_in_schema));
  if (flat && chunkValues !== layout.rows) return `column chunk "${name}" has ${chunkValues} values for ${layout.rows} rows`;
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset + start, end - start), offset: 0 };
  let values = 0;
  // Mirrors hyparquet's readColumn loop: stop at the chunk's end, or once a flat column has its rows.
  while (reader.offset < reader.view.byteLength - 1 && !(flat && values >= chunkValues)) {
    const page = parquetHeader(reader);
    const compressed = page.compressed_page_size;
    const uncompressed = page.uncompressed_page_size;
    if (!(Number.isSafeInteger(compressed) && compressed >= 0 && reader.offset + compressed <= reader.view.byteLength)) {
      return `a page of column "${name}" runs past its column chunk`;
    }
    if (!(Number.isSafeInteger(uncompressed) && uncompressed >= 0 && uncompressed <= PARQUET_MAX_PAGE_BYTES)) {
      return `a page of column "${name}" claims ${String(uncompressed)} uncompressed bytes`;
    }
    const v2 = page.data_page_header_v2;
    const count = page.data_page_header?.num_values ?? v2?.num_values ?? page.dictionary_page_header?.num_values ?? 0;
    if (!(Number.isSafeInteger(count) && count >= 0 && count <= PARQUET_MAX_VALUES)) {
      return `a page of column "${name}" claims ${String(count)} values`;
    }
    if (v2 !== undefined) {
      const parts = [v2.num_nulls, v2.num_rows, v2.definition_levels_byte_length, v2.repetition_levels_byte_length];
      if (!parts.every((x) => Number.isSafeInteger(x) && x >= 0) || v2.num_nulls > count || v2.num_rows > count
        || v2.definition_levels_byte_length + v2.repetition_levels_byte_length > compressed) {
        return `a page header of column "${name}" is inconsistent`;
      }
    }
    if (page.dictionary_page_header === undefined) values += count;
    if (values > chunkValues) return `the pages of column "${name}" hold more values than its metadata says (${chunkValues})`;
    reader.offset += compressed;
  }
  return null;
}

/** Physical (leaf) columns in schema order, keyed by the JSON of their path, each saying whether any level on its path repeats. */
function physicalColumns(node: SchemaTree, repeated = false, out = new Map<string, boolean>()): Map<string, boolean> {
  for (const child of node.children) {
    const r = repeated || child.element.repetition_type === "REPEATED";
    if (child.children.length > 0) physicalColumns(child, r, out);
    else out.set(JSON.stringify(child.path), r);
  }
  return out;
}

/** Null when the file's layout is safe to hand to hyparquet, else what is wrong. */
function checkLayout(bytes: Uint8Array, metadata: FileMetaData, root: SchemaTree): string | null {
  const rows = Number(metadata.num_rows);
  if (!(Number.isSafeInteger(rows) && rows >= 0 && rows <= PARQUET_MAX_VALUES)) {
    return `the footer claims ${String(metadata.num_rows)} rows (at most ${PARQUET_MAX_VALUES} are read)`;
  }
  const footerStart = bytes.length - 8 - metadata.metadata_length;
  const columns = physicalColumns(root);
  const leaves = [...columns.keys()].join();
  const flat = new Set([...columns].filter(([, repeated]) => !repeated).map(([key]) => key));
  let total = 0;
  for (const group of metadata.row_groups) {
    const groupRows = Number(group.num_rows);
    if (!(Number.isSafeInteger(groupRows) && groupRows >= 0)) return `a row group claims ${String(group.num_rows)} rows`;
    // One chunk per schema leaf, in schema order: hyparquet leaves the read of an unmatched chunk unawaited.
    if (group.columns.map((c) => JSON.stringify(c.meta_data?.path_in_schema)).join() !== leaves) {
      return "the column chunks of a row group do not match the schema";
    }
    total += groupRows;
    for (const chunk of group.columns) {
      const problem = checkChunk(bytes, chunk, { rows: groupRows, footerStart, flat });
      if (problem !== null) return problem;
    }
  }
  return total === rows ? null : `the row groups hold ${total} rows, the footer says ${rows}`;
}

/** Whether a schema node is read as nested columns (a plain struct), not as one value (list, map, variant). */
function isStruct(node: SchemaTree): boolean {
  const e = node.element;
  return node.children.length > 0 && e.repetition_type !== "REPEATED" && e.converted_type === undefined && e.logical_type === undefined;
}

/** Leaf paths, structs flattened: `eval: {c4, pile}` gives ["eval", "c4"] and ["eval", "pile"]. */
function leafPaths(node: SchemaTree): string[][] {
  return node.children.flatMap((child) => (isStruct(child) ? leafPaths(child) : [child.path]));
}

function jsonSafe(_key: string, v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return Array.from(v);
  return v;
}

/**
 * A parquet value as a run-table cell: numbers, strings and booleans unchanged;
 * bigint (INT64) as a number when it is a safe integer (|x| ≤ 2^53 − 1), else its
 * decimal string, so the run table reports it instead of rounding it silently;
 * null → undefined; a date → its ISO string; lists, maps and bytes → compact JSON.
 */
function cellValue(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "Invalid Date" : v.toISOString();
  if (typeof v === "object") return JSON.stringify(v, jsonSafe);
  return v;
}

function valueAt(row: Record<string, unknown>, path: readonly string[]): unknown {
  let v: unknown = row;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * Reads a Parquet file into a RawTable: one header per leaf column (nested struct
 * fields joined with ".", e.g. "eval.c4_en"), one row per Parquet row with
 * `line` = its 1-based row number (`position: "row"`). Cells: see cellValue
 * (INT64 beyond 2^53 − 1 stays a decimal string; a list column is one cell of
 * JSON text; FLOAT arrives widened to double, 0.1f as 0.10000000149011612). Uncompressed and Snappy pages
 * only (hyparquet without hyparquet-compressors). Rejects with RunTableError when
 * the bytes are not Parquet, the footer is damaged, a count exceeds
 * PARQUET_MAX_VALUES, or hyparquet fails (its error is the cause).
 *
 * Cost: O(file size + rows × columns); the layout check reads every page header once.
 *
 * @example
 * const table = await readParquet(bytes, "runs.parquet");
 * table.headers;         // ["run", "params", "tokens", "loss", …, "eval.c4_en", "eval.pile"]
 * table.rows[0].cell(1); // 44000000 (an INT64 read as a number)
 * table.position;        // "row"
 */
export async function readParquet(input: Uint8Array, source: string): Promise<RawTable> {
  // hyparquet reads an ArrayBuffer from offset 0: a view into a larger buffer (a Node Buffer from a pool) is copied
  const bytes = input.byteOffset === 0 && input.byteLength === input.buffer.byteLength ? input : new Uint8Array(input); // a copy (Buffer.slice would be a view)
  if (bytes.length < MIN_BYTES || !hasMagic(bytes, 0) || !hasMagic(bytes, bytes.length - 4)) {
    throw fail(source, `not a Parquet file: "PAR1" missing at the start or end (${bytes.length} bytes)`);
  }
  let metadata: FileMetaData;
  let root: SchemaTree;
  try {
    metadata = parquetMetadata(bytes.buffer as ArrayBuffer);
    root = parquetSchema(metadata);
  } catch (e) {
    throw fail(source, `damaged Parquet footer: ${message(e)}`, e);
  }
  let problem: string | null;
  try {
    problem = checkLayout(bytes, metadata, root);
  } catch (e) {
    throw fail(source, `damaged Parquet page header: ${message(e)}`, e);
  }
  if (problem !== null) throw fail(source, `damaged Parquet file: ${problem}`);
  const paths = leafPaths(root);
  if (paths.length === 0) throw fail(source, "the Parquet file has no columns");
  let objects: Record<string, unknown>[];
  try {
    objects = await parquetReadObjects({ file: bytes.buffer as ArrayBuffer, metadata });
  } catch (e) {
    throw fail(source, `damaged Parquet data: ${message(e)}`, e);
  }
  if (objects.length !== Number(metadata.num_rows)) {
    throw fail(source, `damaged Parquet data: read ${objects.length} rows, the footer says ${String(metadata.num_rows)}`);
  }
  const rows: RawRow[] = [];
  try {
    objects.forEach((object, i) => {
      const cells = paths.map((path) => cellValue(valueAt(object, path)));
      rows.push({ line: i + 1, cell: (index) => cells[index] });
    });
  } catch (e) {
    throw fail(source, `could not convert a Parquet value: ${message(e)}`, e);
  }
  return { headers: paths.map((p) => p.join(".")), rows, issues: [], rowsRead: rows.length, position: "row" };
}

/**
 * The Parquet reader: sniffs "PAR1" at both ends of the bytes; reads with {@link readParquet}.
 *
 * Cost: sniff O(1); read as readParquet.
 *
 * @example
 * parquetReader.sniff({ bytes, firstLine: "", name: "runs.parquet" }); // true
 * (await parquetReader.read(bytes, "runs.parquet")).rowsRead;          // 4
 */
export const parquetReader: TableReader = {
  format: "parquet",
  title: "Apache Parquet file",
  sniff: ({ bytes }) => bytes.length >= MIN_BYTES && hasMagic(bytes, 0) && hasMagic(bytes, bytes.length - 4),
  read: readParquet,
};
