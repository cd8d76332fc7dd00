// The text formats (CSV, TSV, JSON, JSON Lines) as registry readers: UTF-8, a
// leading byte-order mark removed, CRLF and CR read as LF.

import { detectFormat } from "../detectFormat.js";
import type { RawTable } from "../rawTable.js";
import { readDelimited } from "../readDelimited.js";
import { readJson, readJsonl } from "../readJson.js";
import { RunTableError } from "../types.js";
import type { TableReader } from "./types.js";

/**
 * Bytes as text, line breaks as "\n": UTF-8 (invalid sequences become U+FFFD;
 * a leading byte-order mark is dropped), or UTF-16 when the bytes start with a
 * UTF-16 byte-order mark (Excel's "Unicode text", PowerShell). Bytes with NUL
 * in their first 4 KB and no such mark (UTF-16 without a mark, UTF-32, a binary
 * file) are refused by name, not read as garbled headers. O(length).
 */
export function decodeText(bytes: Uint8Array, source = "input"): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder("utf-16be").decode(bytes.subarray(2));
  else {
    if (bytes.subarray(0, 4096).includes(0)) {
      throw new RunTableError(`${source}: holds NUL bytes, so it is not UTF-8 text (UTF-16 without a byte-order mark, UTF-32, or a binary file?): save it as UTF-8, or as UTF-16 with a byte-order mark`, { source }, { code: "unreadable-input" });
    }
    text = new TextDecoder("utf-8").decode(bytes);
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.includes("\r") ? body.replace(/\r\n?/g, "\n") : body;
}

function nonEmpty(bytes: Uint8Array, source: string): string {
  const text = decodeText(bytes, source);
  if (text.trim() === "") throw new RunTableError(`${source}: empty input`, { source });
  return text;
}

export const csvReader: TableReader = {
  format: "csv", title: "comma-separated values (RFC 4180)",
  sniff: ({ name, firstLine }) => /\.csv$/i.test(name) || (!/\.(tsv|json|jsonl|ndjson)$/i.test(name) && detectFormat(firstLine) === "csv"),
  read: (bytes, source): RawTable => readDelimited(nonEmpty(bytes, source), ",", source),
};

export const tsvReader: TableReader = {
  format: "tsv", title: "tab-separated values",
  sniff: ({ name, firstLine }) => /\.tsv$/i.test(name) || detectFormat(firstLine) === "tsv",
  read: (bytes, source) => readDelimited(nonEmpty(bytes, source), "\t", source),
};

export const jsonReader: TableReader = {
  format: "json", title: "JSON: an array of records, or {\"runs\": [...]}",
  sniff: ({ name, firstLine }) => /\.json$/i.test(name) || detectFormat(firstLine) === "json",
  read: (bytes, source) => readJson(nonEmpty(bytes, source), source),
};

export const jsonlReader: TableReader = {
  format: "jsonl", title: "JSON Lines: one record per line",
  sniff: ({ name, firstLine }) => /\.(jsonl|ndjson)$/i.test(name) || detectFormat(firstLine) === "jsonl",
  read: (bytes, source) => readJsonl(nonEmpty(bytes, source), source),
};
