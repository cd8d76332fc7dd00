/**
 * Reading a run table from the file system: one file (any registered format,
 * sniffed from its name and bytes), standard input, or a folder of per-run
 * histories (one file per run; run id from the file name; columns per run from
 * a sidecar JSON such as OLMo's ladder.json, given with --run-meta or found in
 * the folder).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { mergeRunFiles, readRunMeta, type RunMeta } from "../core/runs/readers/folder.js";
import { runTableFromRaw } from "../core/runs/parseRunTable.js";
import type { RawTable } from "../core/runs/rawTable.js";
import { RunTableError, type ParseOptions, type RunTable } from "../core/runs/types.js";
import { InputError } from "./readText.js";
import { stdinBytes } from "./io.js";

export interface ReadRunsOptions extends Omit<ParseOptions, "format"> {
  /** A registered format, or "folder"; default: detected. */
  format?: string;
  /** Sidecar JSON with columns per file (folder input). */
  runMeta?: string;
}

/** The format registry, loaded on first use: its Parquet and TensorBoard readers pull in hyparquet and protobufjs (≈ 40 ms), which `--help` and commands that read no runs should not pay. */
const readers = () => import("../core/runs/readers/index.js");

/** Reads FILE ("-": standard input; a directory: a folder of per-run files) into a run table. */
export async function readRunTable(path: string, options: ReadRunsOptions): Promise<RunTable> {
  const source = options.source ?? path;
  const isDir = path !== "-" && statOrThrow(path).isDirectory();
  if (isDir || options.format === "folder") return readFolder(path, options, source);
  if (options.runMeta !== undefined) throw new RunTableError(`${source}: --run-meta applies to a folder of per-run files, and ${source} is a single file`, { source });
  const bytes = readBytes(path);
  const { readInput, sniffFormat } = await readers();
  const format = options.format ?? sniffFormat(bytes, path);
  const raw = await readInput(format, bytes, source);
  return runTableFromRaw(raw, { ...options, source, format });
}

async function readFolder(dir: string, options: ReadRunsOptions, source: string): Promise<RunTable> {
  const names = readdirSync(dir).filter((n) => !n.startsWith(".") && statSync(join(dir, n)).isFile()).sort();
  let meta: RunMeta | undefined;
  let metaName: string | undefined;
  if (options.runMeta !== undefined) {
    meta = readRunMeta(new TextDecoder().decode(readBytes(options.runMeta)), options.runMeta);
    metaName = basename(options.runMeta);
  } else {
    for (const n of names.filter((x) => x.toLowerCase().endsWith(".json"))) {
      const found = tryMeta(join(dir, n), n, names);
      if (found) { meta = found; metaName = n; break; }
    }
  }
  const files: Array<{ name: string; raw: RawTable }> = [];
  const { readInput, sniffFormat } = await readers();
  for (const name of names) {
    if (name === metaName && options.runMeta === undefined) continue;
    if (options.runMeta !== undefined && join(dir, name) === options.runMeta) continue;
    const bytes = readBytes(join(dir, name));
    const format = sniffFormat(bytes, name);
    files.push({ name, raw: await readInput(format, bytes, `${source}/${name}`) });
  }
  if (files.length === 0) throw new RunTableError(`${source}: the folder holds no run files`, { source });
  const merged = mergeRunFiles(files, meta, source);
  const table = runTableFromRaw(merged.raw, { ...options, source, format: "folder" });
  table.notes.unshift(...merged.notes, ...(metaName ? [`run metadata from ${metaName}${options.runMeta === undefined ? " (found in the folder: its keys name the run files)" : ""}`] : []));
  table.parts = merged.parts;
  return table;
}

/** The sidecar in a folder: a JSON object whose keys (or whose "files" keys) name other files of the folder. */
function tryMeta(path: string, name: string, names: readonly string[]): RunMeta | undefined {
  try {
    const meta = readRunMeta(readFileSync(path, "utf8"), name);
    const others = new Set(names.filter((n) => n !== name));
    return Object.keys(meta).length > 0 && Object.keys(meta).every((k) => others.has(k)) ? meta : undefined;
  } catch {
    return undefined;
  }
}

function statOrThrow(path: string) {
  try {
    return statSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new InputError(`cannot read ${path}: ${e.code === "ENOENT" ? "no such file" : e.code === "EACCES" ? "permission denied" : e.message}`);
  }
}

function readBytes(path: string): Uint8Array {
  try {
    return path === "-" ? Buffer.from(stdinBytes(() => readFileSync(0))) : readFileSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === "ENOENT" ? "no such file" : e.code === "EISDIR" ? "is a directory" : e.code === "EACCES" ? "permission denied" : e.message;
    throw new InputError(`cannot read ${path}: ${why}`);
  }
}
