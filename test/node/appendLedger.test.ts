// Appending to a ledger several processes may append to (src/node/appendLedger.ts): the write happens only if the file
// still holds what was read, under an exclusive lock; a lock left by a dead process is taken over, a live one waited for.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { appendIfUnchanged, ChangedUnderfootError } from "../../src/node/appendLedger.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-append-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("appendIfUnchanged", () => {
  it("appends when the file still holds what was read, creating it from empty, and leaves no lock behind", () => {
    const f = join(dir, "a.jsonl");
    appendIfUnchanged(f, "", "one\n");
    appendIfUnchanged(f, "one\n", "two\n");
    expect(readFileSync(f, "utf8")).toBe("one\ntwo\n");
    expect(existsSync(`${f}.lock`)).toBe(false);
  });

  it("refuses, writing nothing, when another process appended after the read (the lost-record race of two registers)", () => {
    const f = join(dir, "b.jsonl");
    writeFileSync(f, "one\n");
    const before = readFileSync(f, "utf8");
    writeFileSync(f, "one\nother\n"); // the other register's record lands first
    expect(() => appendIfUnchanged(f, before, "mine\n")).toThrow(ChangedUnderfootError);
    expect(readFileSync(f, "utf8")).toBe("one\nother\n");
    expect(existsSync(`${f}.lock`)).toBe(false);
  });

  it("takes over a lock whose owner is dead, and waits for a live one until its limit", () => {
    const f = join(dir, "c.jsonl");
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(`${f}.lock`, child.stdout); // the pid of a process that has exited
    appendIfUnchanged(f, "", "one\n");
    expect(readFileSync(f, "utf8")).toBe("one\n");
    writeFileSync(`${f}.lock`, String(process.pid)); // held by a live process (this one)
    expect(() => appendIfUnchanged(f, "one\n", "two\n", { waitMs: 50 })).toThrow(/is held by process \d+ .*remove the lock file/);
    expect(readFileSync(f, "utf8")).toBe("one\n");
  });
});
