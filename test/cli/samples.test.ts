// `scalecast samples` (issue 14, first slice): per-problem sample files of both shapes read to the same counts, pass@k
// per model as the mean of Chen et al.'s estimator, k > n refused by problem, bad counts refused by line and column,
// models with different problems said (problems-differ).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/run.js";
import { passAtK } from "../../src/core/samples/passAtK.js";
import { betaPassAtK } from "../../src/core/samples/betaBinomial.js";
import { DOCUMENT_SCHEMAS } from "../../src/core/schemas.js";
import { scalecast } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-samples-"));
const counts: Array<[string, string, number, number]> = [];
for (const model of ["7b", "70b"]) for (let i = 0; i < 12; i++) counts.push([model, `q${i}`, 20, (i * (model === "7b" ? 3 : 7)) % 21]);
const countsCsv = join(dir, "counts.csv");
writeFileSync(countsCsv, ["model,problem,n,c", ...counts.map((r) => r.join(","))].join("\n") + "\n");
const perSample = join(dir, "samples.jsonl");
writeFileSync(perSample, counts.flatMap(([model, problem, n, c]) => Array.from({ length: n }, (_, j) => JSON.stringify({ model, task_id: problem, correct: j < c }))).join("\n") + "\n");

describe("scalecast samples", () => {
  it("pass@k per model is the mean over problems of the unbiased estimator; both file shapes give the same document", async () => {
    const r = await scalecast(["samples", countsCsv, "--k", "1,5,20", "--forecast-k", "1000", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(DOCUMENT_SCHEMAS.samples.safeParse(doc).success).toBe(true);
    for (const m of doc.models) {
      const rows = counts.filter((x) => x[0] === m.model);
      for (const p of m.passAtK) expect(p.value).toBeCloseTo(rows.reduce((s, x) => s + passAtK(x[2], x[3], p.k), 0) / rows.length, 14);
      expect(m.forecast[0].beta).toBeCloseTo(betaPassAtK(m.beta.alpha, m.beta.beta, 1000), 14);
    }
    const s = JSON.parse((await scalecast(["samples", perSample, "--k", "1,5,20", "--forecast-k", "1000", "--json"])).stdout);
    expect(s.data.shape).toBe("per-sample");
    expect(s.models).toEqual(doc.models);
  });

  it("refuses k > n by problem (k-exceeds-samples), c > n and n = 0 by line and column; says when models have different problems", async () => {
    const big = await scalecast(["samples", countsCsv, "--k", "21"]);
    expect(big.status).toBe(EXIT.input);
    expect(big.stderr).toMatch(/problem q0 \(model 7b\): pass@21 needs at least 21 samples.*\[k-exceeds-samples\]/);
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "model,problem,n,c\na,q1,10,3\na,q2,10,11\n");
    const over = await scalecast(["samples", bad]);
    expect(over.status).toBe(EXIT.input);
    expect(over.stderr).toMatch(/bad\.csv: line 3, column "c": c = 11 correct of n = 10 samples \(c > n\)/);
    writeFileSync(bad, "model,problem,n,c\na,q1,0,0\n");
    expect((await scalecast(["samples", bad])).stderr).toMatch(/line 2, column "n": "0" is not a whole number of samples ≥ 1/);
    const missing = join(dir, "missing.csv");
    writeFileSync(missing, ["model,problem,n,c", ...counts.filter((x) => !(x[0] === "70b" && x[1] === "q3")).map((r) => r.join(","))].join("\n") + "\n");
    const m = JSON.parse((await scalecast(["samples", missing, "--k", "1", "--json"])).stdout);
    expect(m.warnings.map((w: { code: string }) => w.code)).toEqual(["problems-differ"]);
    expect(m.warnings[0].message).toMatch(/12 problems in all, but 70b has 11/);
  });

  it("--bootstrap B resamples the problems: 95% intervals of pass@k, α, β and the forecasts, the same for the same seed; --bootstrap 0 gives none", async () => {
    const args = ["samples", countsCsv, "--k", "1,5", "--forecast-k", "1000", "--bootstrap", "60", "--seed", "7", "--json"];
    const a = JSON.parse((await scalecast(args)).stdout), b = JSON.parse((await scalecast(args)).stdout);
    expect(a.models).toEqual(b.models);
    for (const m of a.models) {
      expect(m.bootstrap).toMatchObject({ resamples: 60, seed: 7 });
      m.passAtK.forEach((p: { value: number }, j: number) => {
        const [lo, hi] = m.bootstrap.passAtK[j].ci95;
        expect(lo).toBeLessThanOrEqual(hi);
        expect(lo).toBeLessThanOrEqual(p.value + 0.05);
        expect(hi).toBeGreaterThanOrEqual(p.value - 0.05);
      });
      expect(m.bootstrap.alpha[0]).toBeLessThan(m.bootstrap.alpha[1]);
      expect(m.bootstrap.forecast[0].ci95[1]).toBeLessThanOrEqual(1);
    }
    const none = JSON.parse((await scalecast(["samples", countsCsv, "--k", "1", "--bootstrap", "0", "--json"])).stdout);
    expect(none.models[0].bootstrap).toBeUndefined();
  });

  it("--params, --tokens-per-sample and --target-accuracy: the frontier of pass@k against 2·N·tokens·k and the cheapest (model, k); every model must be named", async () => {
    const r = await scalecast(["samples", countsCsv, "--k", "1", "--bootstrap", "0", "--params", "7b=7e9,70b=7e10", "--tokens-per-sample", "7b=400,70b=4000", "--target-accuracy", "0.5", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(DOCUMENT_SCHEMAS.samples.safeParse(doc).success).toBe(true);
    expect(doc.compute.convention).toMatch(/2·N·\(tokens per sample\)·k/);
    for (const p of doc.compute.frontier) expect(p.flops).toBe(2 * (p.model === "7b" ? 7e9 * 400 : 7e10 * 4000) * p.k);
    const pick = doc.compute.cheapest;
    expect(pick.accuracy).toBeGreaterThanOrEqual(0.5);
    // no (model, k) on the grid reaching 0.5 is cheaper
    expect(doc.compute.frontier.filter((p: { accuracy: number; flops: number }) => p.accuracy >= 0.5 && p.flops < pick.flops)).toEqual([]);
    const partial = await scalecast(["samples", countsCsv, "--params", "7b=7e9", "--tokens-per-sample", "7b=400"]);
    expect(partial.status).toBe(EXIT.options);
    expect(partial.stderr).toMatch(/must name every model: missing 70b/);
  });

  it("--figure and --frontier-figure draw coverage against k (a point per measured k, a forecast line per model) and accuracy against inference FLOPs (a point per model and k)", async () => {
    const cov = join(dir, "coverage.svg"), front = join(dir, "frontier.svg");
    const r = await scalecast(["samples", countsCsv, "--k", "1", "--bootstrap", "20", "--figure", cov, "--params", "7b=7e9,70b=7e10", "--tokens-per-sample", "7b=400,70b=4000", "--frontier-figure", front]);
    expect(r.status, r.stderr).toBe(0);
    const symbols = (svg: string) => [...svg.matchAll(/<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/gs)].reduce((n, m) => n + (m[1].match(/<path\b/g) ?? []).length, 0);
    const lines = (svg: string) => [...svg.matchAll(/<g class="mark-line role-mark[^"]*"[^>]*>(.*?)<\/g>/gs)].reduce((n, m) => n + (m[1].match(/<path\b/g) ?? []).length, 0);
    const c = readFileSync(cov, "utf8");
    expect(symbols(c)).toBe(2 * 6); // k = 1, 2, 4, 8, 16, 20 for each of the two models (n = 20)
    expect(lines(c)).toBe(2);
    expect(c).toContain("Coverage against samples");
    const f = readFileSync(front, "utf8");
    expect(symbols(f)).toBe(2 * 21); // k = 2^0 … 2^20 for each model
    expect(f).toContain("2·N·(tokens per sample)·k");
    const bad = await scalecast(["samples", countsCsv, "--figure", join(dir, "x.pdf")]);
    expect(bad.status).toBe(EXIT.options);
  });
});
