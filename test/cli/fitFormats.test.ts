// `scalecast fit` reads the same runs from CSV, TSV, JSON, JSON Lines and stdin, with values
// written "70B" or "1.4T" and columns named explicitly, and fits the same parameters from all.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FitDocument } from "../../src/core/fit/fitDocument.js";
import { ensureBuilt, scalecast, scalecastJson } from "./run.js";
import { csv, csvWithSuffixes, jsonArray, jsonl, RUNS, TRUTH, tsv } from "./syntheticRuns.js";

let dir: string;
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/**
 * Every format carries the same doubles (String(x) round-trips), so the fits are the same
 * computation; 1e-9 relative leaves room only for a reader that rounds a value.
 */
function expectSameParams(got: Record<string, number>, want: Record<string, number>): void {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const k of Object.keys(want)) expect(Math.abs(got[k] / want[k] - 1), k).toBeLessThanOrEqual(1e-9);
}

let reference: FitDocument;
beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "scalecast-cli-formats-"));
  reference = await scalecastJson(["fit", file("runs.csv", csv())]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("fit input formats", () => {
  it("fit runs.csv fits the 12 simulated runs near their law", () => {
    expect(reference.data.format).toBe("csv");
    expect(reference.data.n).toBe(12);
    expect(reference.data.excluded).toEqual([]);
    expect(reference.optimizer.converged).toBe(true);
    // 12 runs with ≤ 0.7% noise (syntheticRuns.ts) pin the exponents to a few hundredths
    // (fit: α 0.352, β 0.336, E 1.793); a fit ignoring the data would miss by tenths.
    expect(Math.abs(reference.params.alpha - TRUTH.alpha)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(reference.params.beta - TRUTH.beta)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(reference.params.E - TRUTH.E)).toBeLessThanOrEqual(0.1);
  });

  it.each([
    ["tsv", "runs.tsv", tsv],
    ["json", "runs.json", jsonArray],
    ["jsonl", "runs.jsonl", jsonl],
  ] as const)("fit runs.%s detects the format and fits the same parameters as CSV", async (format, name, write) => {
    const doc = await scalecastJson(["fit", file(name, write())]);
    expect(doc.data.format).toBe(format);
    expect(doc.data.n).toBe(12);
    expectSameParams(doc.params, reference.params);
  });

  it('fit FILE accepts values written "70B" and "1.4T"', async () => {
    const text = csvWithSuffixes();
    expect(text).toContain("70B,1.4T,");
    const doc = await scalecastJson(["fit", file("suffixes.csv", text)]);
    expect(doc.data.excluded).toEqual([]);
    expect(doc.data.n).toBe(12);
    expectSameParams(doc.params, reference.params);
  });

  it("fit FILE on a JSON array reports a bad record at the line where it starts", async () => {
    // Records are one per line after "[", so record k (0-based) starts on line k + 2.
    const lines = jsonArray().split("\n");
    lines[4] = lines[4].replace(/"N":[^,]+/, '"N":"lots"');
    const doc = await scalecastJson(["fit", file("bad-record.json", lines.join("\n"))]);
    expect(doc.data.excluded).toEqual([{ line: 5, column: "N", value: "lots", reason: "not a number" }]);
    expect(doc.data.n).toBe(11);
  });
});

describe("fit column names and stdin", () => {
  const unusual = () => csv().replace(/^N,D,loss\n/, "model_n,D,my loss\n");

  it("fit FILE with unrecognised headers exits 1 and suggests --loss-col", async () => {
    const r = await scalecast(["fit", file("unusual.csv", unusual())]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('headers found: "model_n", "D", "my loss"');
    expect(r.stderr).toContain("--loss-col");
  });

  it("fit FILE --params-col model_n --loss-col 'my loss' reads the named columns", async () => {
    const doc = await scalecastJson(["fit", file("unusual.csv", unusual()), "--params-col", "model_n", "--loss-col", "my loss"]);
    expect(doc.data.columns).toEqual({ params: "model_n", tokens: "D", loss: "my loss" });
    expectSameParams(doc.params, reference.params);
  });

  it.each([
    ["csv", csv],
    ["jsonl", jsonl],
  ] as const)("fit - reads %s from stdin", async (format, write) => {
    const doc = await scalecastJson(["fit", "-"], write());
    expect(doc.data.source).toBe("<stdin>");
    expect(doc.data.format).toBe(format);
    expect(doc.data.n).toBe(RUNS.length);
    expectSameParams(doc.params, reference.params);
  });
});

describe("fit with held parameters", () => {
  it("fit --example --fix E=1.69 --tie beta=alpha --json records the constraints and reports E = 1.69, alpha = beta", async () => {
    const { scalecastJson } = await import("./run.js");
    const d = await scalecastJson(["fit", "--example", "--fix", "E=1.69", "--tie", "beta=alpha"]) as unknown as { law: { constraints: unknown }; params: Record<string, number> };
    expect(d.law.constraints).toEqual({ fix: { E: 1.69 }, tie: { beta: "alpha" } });
    expect(d.params.E).toBe(1.69);
    expect(d.params.beta).toBe(d.params.alpha);
  });
});

describe("fit identifiability diagnostics", () => {
  it("runs all at 20 tokens per parameter cannot separate α from β: the fit says so", async () => {
    const { scalecastJson } = await import("./run.js");
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    // Hoffmann's rounded law on D = 20·N only (N from 1e8 to 1e10), deterministic ±1% "noise" from a sine
    const rows = Array.from({ length: 40 }, (_, i) => {
      const n = 1e8 * 100 ** (i / 39), d = 20 * n;
      const loss = (1.69 + 406.4 / n ** 0.34 + 410.7 / d ** 0.28) * (1 + 0.01 * Math.sin(12.9898 * i));
      return `${n},${d},${loss}`;
    });
    const file = join(mkdtempSync(join(tmpdir(), "scalecast-ident-")), "collinear.csv");
    writeFileSync(file, ["N,D,loss", ...rows].join("\n") + "\n");
    const doc = await scalecastJson(["fit", file, "--bootstrap", "200", "--seed", "3"]) as unknown as {
      warnings: Array<{ code: string; message: string }>; bootstrap: { correlation: { names: string[]; matrix: number[][] } }; data: { coverage: { pointsPerParameter: number; decades: Record<string, number> } };
      law: { constraints?: { fix: Record<string, number> } };
    };
    // D = 20·N exactly: ln N and ln D are perfectly correlated, so α and β trade off along a flat valley.
    // (The bootstrap correlation of α and β need not show it: refits start at the optimum and a flat valley barely moves them.)
    expect(doc.warnings.filter((w) => w.code === "collinear-inputs").map((w) => w.message).join("\n")).toMatch(/ln params and ln tokens are 1\.000 correlated across the runs: the law cannot separate their effects/);
    const { names, matrix } = doc.bootstrap.correlation;
    expect(matrix[names.indexOf("alpha")][names.indexOf("alpha")]).toBeCloseTo(1, 12);
    // 40 runs over the free parameters: 5, less any held at a bound (on-bound) because the data cannot pin it
    const held = Object.keys(doc.law.constraints?.fix ?? {});
    expect(held.length).toBe(doc.warnings.filter((w) => w.code === "on-bound").length);
    expect(doc.data.coverage.pointsPerParameter).toBe(40 / (5 - held.length));
    expect(doc.data.coverage.decades.params).toBeCloseTo(2, 9);
  });
});
