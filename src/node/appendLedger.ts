/**
 * Appending to a file that several processes may append to (a forecast
 * ledger): read-modify-write under an exclusive lock file, and only if the
 * file still holds what the caller read. Two `forecast register` runs on one
 * ledger used to both read it, both fit, and the second to overwrite the
 * first's record; now the second finds the ledger changed and refuses, with
 * nothing appended, so it can be rerun on the new head.
 *
 * The lock is `FILE.lock`, created with O_EXCL and holding the owner's pid. A
 * lock whose owner is no longer alive (killed in the few milliseconds it is
 * held) is taken over; a live owner is waited for, up to `waitMs`.
 */
import { closeSync, existsSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { InputError, readText, writeText } from "./readText.js";

/** Thrown when the file changed since the caller read it: nothing was written. */
export class ChangedUnderfootError extends InputError {}

export interface AppendOptions {
  /** How long to wait for another process's lock, ms (default 10 s: the lock is held for one read and one write). */
  waitMs?: number;
}

/** Writes `before + addition` to `path`, provided `path` still holds `before` ("" for a file that did not exist). */
export function appendIfUnchanged(path: string, before: string, addition: string, options: AppendOptions = {}): void {
  const lock = `${path}.lock`;
  acquire(lock, options.waitMs ?? 10_000);
  try {
    const now = existsSync(path) ? readText(path) : "";
    if (now !== before) {
      throw new ChangedUnderfootError(`${path} changed while this run was working (another process appended to it?): nothing was appended; run again to append to the new ledger`);
    }
    writeText(path, before + addition);
  } finally {
    try { unlinkSync(lock); } catch { /* already gone: nothing to release */ }
  }
}

function acquire(lock: string, waitMs: number): void {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(lock, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw new InputError(`cannot lock ${lock}: ${(e as Error).message}`);
    }
    const owner = ownerOf(lock);
    // stale: its owner is gone, or it names no owner a second after it was made (killed between create and write)
    if (owner !== null ? !alive(owner) : ageMs(lock) > 1000) {
      try { unlinkSync(lock); } catch { /* another process took it over first */ }
      continue;
    }
    if (Date.now() > deadline) throw new InputError(`${lock} is held by process ${owner ?? "(unknown)"} for more than ${waitMs / 1000} s: if no scalecast process is writing this ledger, remove the lock file`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); // a synchronous 20 ms pause
  }
}

function ownerOf(lock: string): number | null {
  try {
    const pid = Number(readFileSync(lock, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function ageMs(lock: string): number {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return Infinity; // gone already: the next attempt creates it
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}
