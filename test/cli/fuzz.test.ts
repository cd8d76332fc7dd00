// A short, fixed-seed run of the fuzz harness (scripts/fuzz.mjs runs the long one): generated
// command lines and tables for every command, in-process. None may end in an internal error,
// an exit code outside the contract, or NaN/Infinity in exit-0 output; a hang fails the test
// by its time-out.
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs module shared with the harness script
import { argvOf, fuzzCase, violation } from "../../scripts/fuzzCases.mjs";
import { scalecast } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-fuzz-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const writeTable = (text: string, ext: string) => { const p = join(dir, `t${n++}.${ext}`); writeFileSync(p, text); return p; };

describe("fuzz, short budget (seed 7, 30 cases over every command)", () => {
  it("no internal error, no exit code outside 0–3, no NaN or Infinity in exit-0 output", async () => {
    const cases = fc.sample(fuzzCase, { seed: 7, numRuns: 30 }) as Array<{ command: string }>;
    const failures: string[] = [];
    const seen = new Set<string>();
    for (const c of cases) {
      const argv = argvOf(c, writeTable, join(dir, "out")) as string[];
      const r = await scalecast(argv);
      seen.add(c.command);
      const v = violation(r) as string | null;
      if (v) failures.push(`scalecast ${argv.join(" ")}: ${v}`);
    }
    expect(failures).toEqual([]);
    expect(seen.size).toBeGreaterThanOrEqual(5);
  }, 180_000);
});
