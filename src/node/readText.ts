import { decodeText } from "../core/runs/readers/text.js";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { out, stdinBytes } from "./io.js";

/** Thrown when an input file cannot be read; the message names the path and the reason. */
export class InputError extends Error {
  override name = "InputError";
}

/** Thrown when an output file cannot be written. */
export class OutputError extends Error {
  override name = "OutputError";
}

/**
 * Writes an output file atomically: into a temporary file in the same folder,
 * then renamed over PATH, so a killed command never leaves a partial file nor
 * wipes an earlier good one. "-" writes to standard output. File-system
 * failures become an OutputError naming the path.
 */
export function writeOutput(path: string, content: string | Uint8Array): void {
  if (path === "-") { out(content); return; }
  if (path === "") throw new OutputError("the output file name is empty (give a path, or - for standard output)");
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  removeStaleTemporaries(path);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (err) {
    rmSync(temporary, { force: true });
    const e = err as NodeJS.ErrnoException;
    const why = e.code === "ENOENT" ? "no such directory" : e.code === "EISDIR" ? "is a directory" : e.code === "EACCES" ? "permission denied" : e.message;
    throw new OutputError(`cannot write ${path}: ${why}`);
  }
}

/** Temporary files of PATH left by a writer that was killed (its process no longer exists). */
function removeStaleTemporaries(path: string): void {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try { names = readdirSync(dirname(path)); } catch { return; }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (m && !alive(Number(m[1]))) rmSync(join(dirname(path), name), { force: true });
  }
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === "EPERM"; }
}

/** Writes a text file (see writeOutput). */
export function writeText(path: string, text: string): void {
  writeOutput(path, text);
}

/** Reads a text file ("-" reads standard input). UTF-8, a leading BOM removed. */
export function readText(path: string): string {
  let bytes: Buffer;
  try {
    bytes = path === "-" ? Buffer.from(stdinBytes(() => readFileSync(0))) : readFileSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === "ENOENT" ? "no such file" : e.code === "EISDIR" ? "is a directory" : e.code === "EACCES" ? "permission denied" : e.message;
    throw new InputError(`cannot read ${path}: ${why}`);
  }
  try {
    return decodeText(bytes, path);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}


