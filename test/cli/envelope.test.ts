// `scalecast envelope` end to end: the JSON document, the readable report, and bad input (exit 1).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvelopeDocument } from "../../src/cli/envelope.js";
import { HOFFMANN_ROUNDED } from "../../src/core/fit/exampleSweep.js";
import { ensureBuilt, scalecast } from "./run.js";

let dir: string;
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
beforeAll(() => { ensureBuilt(); dir = mkdtempSync(join(tmpdir(), "scalecast-envelope-")); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Loss curves from Hoffmann et al. 2022's rounded law (§3.3 eq. 10): 10 sizes over 1e7–1e10, 20 checkpoints
 * each from 1 to 1000 tokens per parameter, as a W&B-style export: run_id, params, step (1024 tokens), val_loss.
 */
function hoffmannCsv(): string {
  const { E, A, B, alpha, beta } = HOFFMANN_ROUNDED;
  const rows = ["run_id,params,step,val_loss"];
  for (let i = 0; i < 10; i++) {
    const params = 10 ** (7 + i / 3);
    for (let j = 0; j < 20; j++) {
      const step = Math.round((params * 10 ** ((3 * j) / 19)) / 1024);
      rows.push(`m${i},${params.toPrecision(6)},${step},${E + A / params ** alpha + B / (1024 * step) ** beta}`);
    }
  }
  return rows.join("\n") + "\n";
}

describe("scalecast envelope", () => {
  it("envelope FILE --tokens-per-step 1024 --json: one document with the power laws, envelope points, per-run ranges", async () => {
    const r = await scalecast(["envelope", file("curves.csv", hoffmannCsv()), "--tokens-per-step", "1024", "--grid-points", "600", "--at", "1e24", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as EnvelopeDocument;
    expect(doc.tool).toBe("scalecast");
    expect(doc.command).toBe("envelope");
    expect(doc.flopsFormula).toBe("C = 6·N·D");
    // a = β/(α+β) = 0.4516; 10 sizes with the edge steps left out give 0.4443 (test/core/fit/envelope.test.ts)
    expect(Math.abs(doc.powerLaws.params.exponent - 0.28 / 0.62)).toBeLessThan(0.01);
    expect(doc.powerLaws.tokens.exponent).toBeCloseTo(1 - doc.powerLaws.params.exponent, 12);
    expect(doc.points.length).toBe(600);
    expect(doc.runs.map((x) => x.onEnvelope.length)).toEqual(Array(10).fill(1));
    expect(doc.data).toMatchObject({ rowsRead: 200, checkpoints: 200, runs: 10, excluded: [], columns: { run: "run_id", params: "params", step: "step", loss: "val_loss" } });
    expect(doc.allocation!.params).toBeCloseTo(doc.powerLaws.params.coefficient * 1e24 ** doc.powerLaws.params.exponent, -3);
    expect(doc.allocation!.extrapolated).toBe(true);
    expect(doc.warnings.length).toBe(2); // the truncated bottom and top steps
  });

  it("the readable report states the FLOP formula, the power laws and why there is no standard error", async () => {
    const r = await scalecast(["envelope", file("curves.csv", hoffmannCsv()), "--tokens-per-step", "1024", "--grid-points", "300"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("C = 6·N·D");
    expect(r.stdout).toMatch(/N\*\(C\) = \S+ · C\^0\.44\d\d/);
    expect(r.stdout).toContain("highly autocorrelated");
    expect(r.stdout).toMatch(/! the smallest model \(run "m0"/);
  });

  it("a run left with one checkpoint by a bad cell: exit 1 naming the file, the run, and the bad row's line, column and value", async () => {
    const path = file("bad.csv", "run,N,tokens,loss\na,1e8,1e9,3.2\na,1e8,4e9,2.9\nb,1e9,1e10,2.6\nb,1e9,4e10,n/a\n");
    const r = await scalecast(["envelope", path]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
    expect(r.stderr).toContain(`${path}: an envelope needs at least 2 runs with a usable loss curve, got 1`);
    expect(r.stderr).toContain('run "b" has 1 usable checkpoint at line 4');
    expect(r.stderr).toContain('line 5, column loss, value "n/a": not a number');
  });
});
