// `scalecast fit` on bad input: a non-zero exit and a message that names the problem, or, for bad
// rows, a fit on the good rows that lists every row left out.
// Exit codes (src/cli/main.ts): 2 for usage errors found by option parsing, 1 for unusable input.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, expectFailure, scalecast, scalecastJson } from "./run.js";
import { csv, RUNS } from "./syntheticRuns.js";

let dir: string;
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "scalecast-cli-bad-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("fit with unreadable or unusable files", () => {
  it("fit MISSING exits 1 naming the file", async () => {
    const missing = join(dir, "no-such-runs.csv");
    const r = await scalecast(["fit", missing]);
    expectFailure(r, 1);
    expect(r.stderr).toContain(`cannot read ${missing}: no such file`);
  });

  it("fit FILE without a loss column exits 1 listing the headers", async () => {
    const path = file("no-loss.csv", "N,D,perplexity\n1e9,2e10,18.2\n2e9,4e10,15.1\n");
    const r = await scalecast(["fit", path]);
    expectFailure(r, 1);
    expect(r.stderr).toContain(path);
    expect(r.stderr).toContain("line 1"); // the header line
    expect(r.stderr).toContain("no loss column");
    expect(r.stderr).toContain('headers found: "N", "D", "perplexity"');
    expect(r.stderr).toContain("--loss-col");
  });

  it("fit FILE with a non-numeric N and a negative loss fits the rest and lists both rows", async () => {
    // 12 good rows (lines 2–5 and 7–10, 12–15) around two bad ones at lines 6 and 11.
    const good = csv().trimEnd().split("\n");
    const lines = [...good.slice(0, 5), "abc,2e10,2.9", ...good.slice(5, 9), "1e9,2e10,-2.5", ...good.slice(9)];
    const path = file("two-bad-rows.csv", lines.join("\n") + "\n");
    const doc = await scalecastJson(["fit", path]);
    expect(doc.data.rowsRead).toBe(14);
    expect(doc.data.n).toBe(12);
    expect(doc.data.excluded).toEqual([
      { line: 6, column: "N", value: "abc", reason: "not a number" },
      { line: 11, column: "loss", value: "-2.5", reason: "must be > 0" },
    ]);
    const text = await scalecast(["fit", path]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('line 6, column N, value "abc": not a number');
    expect(text.stdout).toContain('line 11, column loss, value "-2.5": must be > 0');
  });

  it("fit FILE where every row is bad exits 1: no usable points", async () => {
    const path = file("all-bad.csv", "N,D,loss\nabc,2e10,2.9\n1e9,2e10,-2.9\n1e9,,2.9\n");
    const r = await scalecast(["fit", path]);
    expectFailure(r, 1);
    expect(r.stderr).toContain(`${path}: 0 usable runs of 3 rows read; law chinchilla has 5 parameters and needs at least 5`);
    expect(r.stderr).toContain('line 2, column N, value "abc": not a number');
    expect(r.stderr).toContain('line 3, column loss, value "-2.9": must be > 0');
  });

  it("fit FILE with fewer usable points than the law's 5 parameters exits 1 naming both numbers", async () => {
    const path = file("four-rows.csv", csv(RUNS.slice(0, 4)));
    const r = await scalecast(["fit", path]);
    expectFailure(r, 1);
    expect(r.stderr).toContain("4 usable runs of 4 rows read; law chinchilla has 5 parameters and needs at least 5");
  });
});

describe("fit with bad options", () => {
  it("fit --law bogus exits 2 listing the known laws", async () => {
    const r = await scalecast(["fit", "--example", "--law", "bogus"]);
    expectFailure(r, 2);
    expect(r.stderr).toContain("'bogus'");
    expect(r.stderr).toContain("chinchilla, power, kaplan-nd");
  });

  it("fit --delta -1 exits 2 naming the option and the value", async () => {
    const r = await scalecast(["fit", "--example", "--delta", "-1"]);
    expectFailure(r, 2);
    expect(r.stderr).toContain("--delta");
    expect(r.stderr).toContain('got "-1"');
  });

  it("fit --bootstrap 0 exits 2 naming the option and the value", async () => {
    const r = await scalecast(["fit", "--example", "--bootstrap", "0"]);
    expectFailure(r, 2);
    expect(r.stderr).toContain("--bootstrap");
    expect(r.stderr).toContain('got "0"');
  });

  it("fit --bootstrap 1 exits 2: an SE needs at least 2 resamples", async () => {
    const r = await scalecast(["fit", "--example", "--bootstrap", "1"]);
    expectFailure(r, 2);
    expect(r.stderr).toContain('expected a whole number ≥ 2, got "1"');
  });

  it("fit --seed 4294967296 exits 2: seeds are 32-bit", async () => {
    const r = await scalecast(["fit", "--example", "--seed", "4294967296"]);
    expectFailure(r, 2);
    expect(r.stderr).toContain("expected a whole number from 0 to 4294967295");
  });

  it("fit --fix or --tie with an unknown parameter exits 2 (an unknown name) listing the law's parameters; a malformed --fix exits 2", async () => {
    const r = await scalecast(["fit", "--example", "--fix", "X=1"]);
    expectFailure(r, 2);
    expect(r.stderr).toContain("[unknown-name]");
    const tie = await scalecast(["fit", "--example", "--tie", "alpha=gamma"]);
    expectFailure(tie, 2);
    expect(tie.stderr).toContain('law chinchilla has no parameter "gamma"');
    expect(r.stderr).toContain('law chinchilla has no parameter "X"; its parameters: A, B, E, alpha, beta');
    const bad = await scalecast(["fit", "--example", "--fix", "E=abc"]);
    expectFailure(bad, 2);
    expect(bad.stderr).toContain('expected NAME=NUMBER[,NAME=NUMBER…], got "E=abc"');
  });

  it("fit FILE --example exits 2: one or the other", async () => {
    const r = await scalecast(["fit", file("unused.csv", csv()), "--example"]);
    expectFailure(r, 2);
    expect(r.stderr).toContain("give either FILE or --example, not both");
  });

  it("fit without FILE or --example exits 2 asking for one", async () => {
    const r = await scalecast(["fit"]);
    expectFailure(r, 2);
    expect(r.stderr).toContain("give a run table FILE, or --example");
  });

  it("fit --x tokens with the chinchilla law exits 2: --x is for the power law", async () => {
    const r = await scalecast(["fit", "--example", "--x", "tokens"]);
    expectFailure(r, 2);
    expect(r.stderr).toMatch(/--x applies to --law power(, [a-z-]+)* only \(got --law chinchilla\)/);
  });

  it("fit --out UNWRITABLE prints the fit, then exits 1 naming the path, without a stack trace", async () => {
    const out = join(dir, "no-such-dir", "fit.json");
    const r = await scalecast(["fit", "--example", "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("scalecast fit:");
    expect(r.stderr).toContain(`cannot write ${out}: no such directory`);
    expect(r.stderr).toContain(out);
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
