// `scalecast sweep design` (issue 13, item 1): the spec as JSON (with the header every document has) and its CSV view
// beside it; a bad request exits 2 (options) or 1 (a design over a cap), naming what.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/run.js";
import { TOOL } from "../../src/core/version.js";
import { scalecast } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-sweep-"));

describe("scalecast sweep design", () => {
  it("--budgets 1e18,1e19,1e20 --out spec.json writes the spec and spec.csv: 15 runs, the prior and rules stated, totals that add up", async () => {
    const spec = join(dir, "spec.json");
    const r = await scalecast(["sweep", "design", "--budgets", "1e18,1e19,1e20", "--points-per-budget", "5", "--vocab", "8192", "--price-per-gpu-hour", "2", "--out", spec]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/IsoFLOP grid, 3 budgets × 5 sizes over 1\.2 decades of N/);
    expect(r.stdout).toContain(`wrote ${spec} and ${join(dir, "spec.csv")}`);
    const doc = JSON.parse(readFileSync(spec, "utf8"));
    expect(doc).toMatchObject({ command: "sweep design", tool: TOOL.name, version: TOOL.version, format: 1, prior: { name: "besiroglu-2024", lawId: "chinchilla", paramConvention: "total" }, conventions: { flops: "C = 6ND", loss: "nats" } });
    expect(doc.runs).toHaveLength(15);
    expect(doc.rules.learningRate).toMatch(/DeepSeek LLM 2024/);
    expect(doc.totals.gpuHours).toBeCloseTo(doc.runs.reduce((s: number, x: { gpuHours: number }) => s + x.gpuHours, 0), 9);
    expect(doc.totals.cost).toBeCloseTo(2 * doc.totals.gpuHours, 9);
    const csv = readFileSync(join(dir, "spec.csv"), "utf8").trimEnd().split("\n");
    expect(csv).toHaveLength(16);
    expect(csv.slice(1).map((l) => l.split(",")[0])).toEqual(doc.runs.map((x: { id: string }) => x.id));
  });

  it("--ladder --sizes 100M,400M --token-multiples 10,20 --json: four runs, D/N the multiple", async () => {
    const r = await scalecast(["sweep", "design", "--ladder", "--sizes", "100M,400M", "--token-multiples", "10,20", "--vocab", "8192", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.runs.map((x: { id: string }) => x.id)).toEqual(["ladder-n1e8-x10", "ladder-n1e8-x20", "ladder-n4e8-x10", "ladder-n4e8-x20"]);
  });

  it("refuses what it cannot design: neither family (2), --max-cost without a price (2), a prior with no loss law (2), a design over --max-runs (1)", async () => {
    const none = await scalecast(["sweep", "design"]);
    expect(none.status).toBe(EXIT.options);
    expect(none.stderr).toMatch(/give --budgets C,… \(an IsoFLOP grid\) or --ladder --sizes N,…/);
    expect((await scalecast(["sweep", "design", "--budgets", "1e18", "--max-cost", "10"])).status).toBe(EXIT.options);
    const rule = await scalecast(["sweep", "design", "--budgets", "1e18", "--prior", "kaplan-2020"]);
    expect([rule.status, rule.stderr]).toEqual([EXIT.options, expect.stringMatching(/kaplan-2020/)]);
    const many = await scalecast(["sweep", "design", "--budgets", "1e18,1e19", "--vocab", "8192", "--max-runs", "4", "--out", join(dir, "many.json")]);
    expect(many.status).toBe(EXIT.input);
    expect(many.stderr).toMatch(/10 runs, more than --max-runs 4/);
    expect(existsSync(join(dir, "many.json"))).toBe(false);
    const bad = await scalecast(["sweep", "design", "--budgets", "1e18,lots"]);
    expect(bad.status).toBe(EXIT.options);
    expect(bad.stderr).toContain('got "lots"');
  });
});
