// The test-time laws through `scalecast fit` (issue 14, item 3): a coverage table (k, pass@k) fitted with passk-power
// and a thinking-budget table fitted with ttt-sigmoid, neither with a loss column; several models in one curve are
// refused (groups-pooled) and fitted one per model with --group-col.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/run.js";
import { scalecast } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-ttt-"));
// exact −ln pass@k = a·k^(−b) with a = 2.3, b = 0.4 (Brown et al. 2024's form)
const coverage = join(dir, "coverage.csv");
writeFileSync(coverage, ["k,coverage", ...[1, 2, 4, 8, 16, 32, 64, 128, 256, 1024].map((k) => `${k},${Math.exp(-2.3 * k ** -0.4)}`)].join("\n") + "\n");
// two models' thinking-budget curves, exact sigmoids in ln T with different midpoints
const budgets = join(dir, "budgets.csv");
const sig = (t: number, m: number) => 0.1 + 0.5 / (1 + Math.exp(-1.2 * (Math.log(t) - m)));
writeFileSync(budgets, ["model,thinking_tokens,accuracy", ...["small", "large"].flatMap((model, j) => [128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768].map((t) => `${model},${t},${sig(t, 7 + j)}`))].join("\n") + "\n");

describe("test-time laws through fit", () => {
  it("passk-power recovers a and b to 1e-6 from a coverage table without a loss column", async () => {
    const r = await scalecast(["fit", coverage, "--law", "passk-power", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.law.target).toBe("metric");
    expect(Math.abs(doc.params.a / 2.3 - 1)).toBeLessThan(1e-6);
    expect(Math.abs(doc.params.b - 0.4)).toBeLessThan(1e-6);
  });

  it("two models in one thinking-budget table are refused as pooled (groups-pooled, exit 3 or 2) and fitted per model with --group-col", async () => {
    const pooled = await scalecast(["fit", budgets, "--law", "ttt-sigmoid", "--json"]);
    expect(pooled.status).not.toBe(EXIT.ok);
    expect(pooled.stderr).toContain("groups-pooled");
    expect(pooled.stderr).toContain('2 models in column "model"');
    const per = await scalecast(["fit", budgets, "--law", "ttt-sigmoid", "--group-col", "model", "--json"]);
    expect(per.status, per.stderr).toBe(0);
    const docs = JSON.parse(per.stdout);
    const groups = Array.isArray(docs) ? docs : docs.groups;
    expect(groups).toHaveLength(2);
    const mids = groups.map((g: { params: { m: number } }) => g.params.m).sort((a: number, b: number) => a - b);
    expect(mids[0]).toBeCloseTo(7, 5);
    expect(mids[1]).toBeCloseTo(8, 5);
  });

  it("two models inside one group are refused too, and --pool-groups pools them with a groups-pooled warning", async () => {
    const family = join(dir, "family.csv");
    writeFileSync(family, ["family,model,k,coverage", ...["a", "b"].flatMap((m, j) => [1, 2, 4, 8, 16].map((k) => `f1,${m},${k},${Math.exp(-(2 + j) * k ** -0.4)}`))].join("\n") + "\n");
    const refused = await scalecast(["fit", family, "--law", "passk-power", "--json"]);
    expect(refused.status).not.toBe(EXIT.ok);
    expect(refused.stderr).toContain('2 models of group "f1" in column "model"');
    const pooled = await scalecast(["fit", family, "--law", "passk-power", "--pool-groups", "--json"]);
    expect(pooled.status, pooled.stderr).toBe(0);
    expect(JSON.parse(pooled.stdout).warnings.map((w: { code: string }) => w.code)).toContain("groups-pooled");
  });
});
