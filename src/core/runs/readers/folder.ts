// A folder of per-run histories (one file per run, e.g. OLMo's ladder CSVs or
// `wandb` history exports) as one table: the run id from the file name, columns
// per run from a sidecar JSON, and line numbers that stay unique across files.

import type { RawRow, RawTable } from "../rawTable.js";
import { normalizeHeader } from "../columns.js";
import { RunTableError, type RunTablePart } from "../types.js";

/** Columns per run file: file name → { column: value }. */
export type RunMeta = Record<string, Record<string, unknown>>;

/**
 * Reads a sidecar: `{ "<file>": { "n": 190354176, … }, … }`, or the same map
 * under a "files" key (OLMo ladder.json). Throws RunTableError naming the
 * source when it is neither. O(length).
 *
 * @example
 * readRunMeta('{"files": {"a.csv": {"n": 1e8}}}', "ladder.json"); // { "a.csv": { n: 100000000 } }
 */
export function readRunMeta(text: string, source: string): RunMeta {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new RunTableError(`${source}: run metadata is not valid JSON (${(e as Error).message})`, { source });
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  const map = isObject(doc) && isObject(doc.files) ? doc.files : doc;
  if (!isObject(map) || !Object.values(map).every(isObject)) {
    throw new RunTableError(`${source}: run metadata must map each file name to an object of columns, e.g. {"190M-1xC.csv": {"params": 190354176}} (or hold that map under "files")`, { source });
  }
  return map as RunMeta;
}

/** The merged table, with what the merge did and where each file's lines went. */
export interface MergedRuns {
  raw: RawTable;
  notes: string[];
  parts: RunTablePart[];
}

/**
 * One table of several per-run files: headers in order of first appearance,
 * then a run-id column holding the file name without its extension ("run", or
 * "file" when a file has its own run column), then the sidecar's columns. Line
 * L of the k-th file becomes line offset_k + L, where offset_k is the number of
 * lines of the files before it; `parts` maps lines back to files. A sidecar
 * column that is also a header of a file is refused (which would win is not
 * clear). O(total rows × columns).
 */
export function mergeRunFiles(files: ReadonlyArray<{ name: string; raw: RawTable }>, meta: RunMeta | undefined, source: string): MergedRuns {
  const headers: string[] = [];
  const index = new Map<string, number>();
  const add = (h: string) => { if (!index.has(h)) { index.set(h, headers.length); headers.push(h); } };
  for (const f of files) f.raw.headers.forEach(add);
  const ownRun = headers.some((h) => ["run", "runid", "runname"].includes(normalizeHeader(h)));
  const runHeader = ownRun ? "file" : "run";
  if (index.has(runHeader)) throw new RunTableError(`${source}: the files already have a column "${runHeader}"; cannot add the file name as the run id`, { source, column: runHeader });
  add(runHeader);
  const metaKeys: string[] = [];
  if (meta) {
    for (const f of files) for (const k of Object.keys(meta[f.name] ?? {})) if (!metaKeys.includes(k)) metaKeys.push(k);
    for (const k of metaKeys) {
      if (index.has(k)) throw new RunTableError(`${source}: run metadata column "${k}" is also a column of the files; rename one`, { source, column: k });
      add(k);
    }
  }
  const rows: RawRow[] = [];
  const issues: RawTable["issues"] = [];
  const parts: RunTablePart[] = [];
  const missingMeta: string[] = [];
  let offset = 0, rowsRead = 0;
  for (const f of files) {
    const stem = f.name.replace(/\.[^.]+$/, "");
    const own = new Map(f.raw.headers.map((h, i) => [index.get(h)!, i]));
    const values = meta?.[f.name];
    if (meta && values === undefined) missingMeta.push(f.name);
    let last = f.raw.headerLine ?? 0;
    for (const row of f.raw.rows) {
      last = Math.max(last, row.line);
      rows.push({
        line: offset + row.line,
        cell: (i) => {
          const j = own.get(i);
          if (j !== undefined) return row.cell(j);
          if (i === index.get(runHeader)) return stem;
          const key = headers[i];
          const v = values?.[key];
          return v === null || typeof v !== "object" ? v : JSON.stringify(v);
        },
      });
    }
    for (const issue of f.raw.issues) { last = Math.max(last, issue.line); issues.push({ ...issue, line: offset + issue.line }); }
    parts.push({ file: f.name, firstLine: offset + 1, lastLine: offset + last });
    rowsRead += f.raw.rowsRead;
    offset += last;
  }
  const notes = [`folder: ${files.length} run files, run id (the file name without extension) in column "${runHeader}"; line numbers run on across files in name order (${parts.slice(0, 3).map((p) => `${p.file}: ${p.firstLine}–${p.lastLine}`).join(", ")}${parts.length > 3 ? ", …" : ""})`];
  if (metaKeys.length > 0) notes.push(`columns from the run metadata: ${metaKeys.map((k) => `"${k}"`).join(", ")}`);
  if (missingMeta.length > 0) notes.push(`no run metadata for ${missingMeta.length} file${missingMeta.length === 1 ? "" : "s"} (${missingMeta.slice(0, 5).join(", ")}): their metadata cells are empty`);
  return { raw: { headers, rows, issues, rowsRead }, notes, parts };
}
