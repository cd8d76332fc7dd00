// The text formats (CSV, TSV, JSON, JSON Lines) as registry readers: UTF-8, a
// leading byte-order mark removed, CRLF and CR read as LF.

import { detectFormat } from "../detectFormat.js";
import type { RawTable } from "../rawTable.js";
import { readDelimited } from "../readDelimited.js";
import { readJson, readJsonl } from "../readJson.js";
import { RunTableError } from "../types.js";
import type { TableReader } from "./types.js";

/**
 * Bytes as text: UTF-8 (invalid sequences become U+FFFD), without a leading
 * byte-order mark, line breaks as "\n". O(length).
 */
export function decodeText(bytes: Uint8Array): string {
  const text = new TextDecoder("utf-8").decode(bytes);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.includes("\r") ? body.replace(/\r\n?/g, "\n") : body;
}

function nonEmpty(bytes: Uint8Array, source: string): string {
  const text = decodeText(bytes);
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
