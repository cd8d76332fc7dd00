// `scalecast samples --backtest n0` and the aggregate law's intervals (issue 14, item 4), and explicit columns
// (item 1): both laws are fitted on the first n₀ samples of each problem (file order) and scored against the estimator
// on all samples; the forecasts equal an independent recomputation; count files draw n₀ without replacement, seeded.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { betaPassAtK, fitBetaBinomial } from "../../src/core/samples/betaBinomial.js";
import { passAtK } from "../../src/core/samples/passAtK.js";
import { DOCUMENT_SCHEMAS } from "../../src/core/schemas.js";
import { betaDeviate } from "../../src/core/stats/deviates.js";
import { createRng } from "../../src/core/stats/rng.js";
import { scalecast } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-samples-bt-"));
// 150 problems × 32 samples per model, p ~ Beta(0.5, 2.5) (seed 3)
const rng = createRng(3);
const outcomes = new Map<string, number[][]>();
for (const model of ["a", "b"]) outcomes.set(model, Array.from({ length: 150 }, () => { const p = betaDeviate(rng, model === "a" ? 0.5 : 0.8, 2.5); return Array.from({ length: 32 }, () => (rng.next() < p ? 1 : 0)); }));
const perSample = join(dir, "per-sample.csv");
writeFileSync(perSample, ["model,problem,correct", ...[...outcomes].flatMap(([m, ps]) => ps.flatMap((o, i) => o.map((x) => `${m},q${i},${x}`)))].join("\n") + "\n");
const counts = join(dir, "renamed.csv");
writeFileSync(counts, ["llm,item,draws,hits", ...[...outcomes].flatMap(([m, ps]) => ps.map((o, i) => `${m},q${i},${o.length},${o.reduce((s, x) => s + x, 0)}`))].join("\n") + "\n");

describe("samples --backtest", () => {
  it("fits on the first n₀ samples in file order and scores the forecasts at 2n₀, 4n₀, … n against all samples", async () => {
    const r = await scalecast(["samples", perSample, "--k", "1,32", "--backtest", "4", "--bootstrap", "40", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(DOCUMENT_SCHEMAS.samples.safeParse(doc).success).toBe(true);
    for (const m of doc.models) {
      const ps = outcomes.get(m.model)!;
      const t = m.backtest;
      expect(t.subset).toContain("first 4 samples");
      expect(t.rows.map((x: { k: number }) => x.k)).toEqual([8, 16, 32]);
      const head = fitBetaBinomial(ps.map((o) => ({ n: 4, c: o.slice(0, 4).reduce((s, x) => s + x, 0) })));
      for (const row of t.rows) {
        const actual = ps.reduce((s, o) => s + passAtK(32, o.reduce((a, x) => a + x, 0), row.k), 0) / ps.length;
        expect(row.actual).toBeCloseTo(actual, 12);
        expect(row.beta.value).toBeCloseTo(betaPassAtK(head.alpha, head.beta, row.k), 12);
        expect(row.beta.ci95[0]).toBeLessThanOrEqual(row.beta.ci95[1]);
        expect(row.aggregate.ci95[0]).toBeLessThanOrEqual(row.aggregate.ci95[1]);
      }
      const sc = t.summary.beta;
      expect(sc.of).toBe(3);
      expect(sc.meanAbsError).toBeCloseTo(t.rows.reduce((s: number, x: { actual: number; beta: { value: number } }) => s + Math.abs(x.beta.value - x.actual), 0) / 3, 12);
    }
  });

  it("gives the aggregate law's forecast a bootstrap interval around its point forecast", async () => {
    const r = await scalecast(["samples", perSample, "--k", "1", "--forecast-k", "320,3200", "--bootstrap", "60", "--json"]);
    const doc = JSON.parse(r.stdout);
    for (const m of doc.models) {
      const agg = m.bootstrap.aggregate;
      expect(agg.forecast.map((f: { k: number }) => f.k)).toEqual([320, 3200]);
      m.forecast.forEach((f: { aggregate: number }, j: number) => {
        expect(agg.forecast[j].ci95[0]).toBeLessThanOrEqual(f.aggregate);
        expect(f.aggregate).toBeLessThanOrEqual(agg.forecast[j].ci95[1]);
      });
      expect(agg.a[0]).toBeLessThanOrEqual(m.aggregate.a);
      expect(m.aggregate.a).toBeLessThanOrEqual(agg.a[1]);
    }
  });

  it("reads renamed columns given by --model-col, --problem-col, --n-col and --c-col, and a count file's backtest draws n₀ with its seed", async () => {
    const args = ["samples", counts, "--model-col", "llm", "--problem-col", "item", "--n-col", "draws", "--c-col", "hits", "--k", "1,32", "--bootstrap", "0", "--json"];
    const [named, ref] = await Promise.all([scalecast(args), scalecast(["samples", perSample, "--k", "1,32", "--bootstrap", "0", "--json"])]);
    expect(named.status, named.stderr).toBe(0);
    expect(JSON.parse(named.stdout).models.map((m: { passAtK: unknown }) => m.passAtK)).toEqual(JSON.parse(ref.stdout).models.map((m: { passAtK: unknown }) => m.passAtK));
    const [b1, b2] = await Promise.all([scalecast([...args, "--backtest", "8", "--seed", "5"]), scalecast([...args, "--backtest", "8", "--seed", "5"])]);
    const t1 = JSON.parse(b1.stdout).models[0].backtest, t2 = JSON.parse(b2.stdout).models[0].backtest;
    expect(t1.subset).toContain("drawn without replacement (seed 5)");
    expect(t1).toEqual(t2);
  });

  it("refuses a missing named column and a backtest without room to forecast, by name", async () => {
    const miss = await scalecast(["samples", counts, "--model-col", "nope", "--problem-col", "item", "--n-col", "draws", "--c-col", "hits"]);
    expect(miss.status).not.toBe(0);
    expect(miss.stderr).toContain('no column "nope" (--model-col)');
    const tight = await scalecast(["samples", perSample, "--k", "1", "--backtest", "20", "--bootstrap", "0"]);
    expect(tight.status).not.toBe(0);
    expect(tight.stderr).toContain("needs n ≥ 2·n₀");
  });
});

describe("samples --backtest where every problem is solved at the largest k", () => {
  it("leaves those k out of the failure rate's relative error, and says how many it used", async () => {
    const { backtestSamples } = await import("../../src/core/samples/analyze.js");
    // 40 problems of n = 8, each solved at least once: pass@8 is 1, so its failure rate is 0
    const t = backtestSamples("m", Array.from({ length: 40 }, (_, i) => ({ id: `q${i}`, n: 8, c: 1 + (i % 8) })), 2, 0, 1);
    expect(t.rows.map((r) => r.k)).toEqual([4, 8]);
    expect(t.rows[1].actual).toBe(1);
    expect(t.summary.beta!.failingK).toBe(1);
    expect(Number.isFinite(t.summary.beta!.meanRelFailureError!)).toBe(true);
  });
});

describe("samples with answers and scores", () => {
  it("gives best-of-k (exact) and majority@k (with its Monte Carlo error) at the table's k", async () => {
    const file = join(dir, "voted.csv");
    // two problems × 4 samples; answers and rewards chosen so both are easy to count by hand
    writeFileSync(file, "problem,answer,correct,reward\np1,7,1,0.2\np1,3,0,0.9\np1,7,1,0.4\np1,3,0,0.1\np2,5,1,0.8\np2,6,0,0.3\np2,6,0,0.5\np2,6,0,0.6\n");
    const r = await scalecast(["samples", file, "--k", "1,4", "--bootstrap", "0", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const [m] = JSON.parse(r.stdout).models;
    // k = 4 (all samples): p1's top reward 0.9 is wrong, p2's 0.8 is right → best-of-4 = 0.5; p1 ties 2–2 (half), p2's majority "6" is wrong → 0.25
    expect(m.voting[1].bestOfK).toBeCloseTo(0.5, 12);
    expect(Math.abs(m.voting[1].majority.value - 0.25)).toBeLessThan(4 * m.voting[1].majority.monteCarloSE + 1e-12);
    expect(m.voting[0].bestOfK).toBeCloseTo(m.passAtK[0].value, 12);
  });
});

describe("samples --queries (the train-vs-inference trade)", () => {
  it("takes each model's training tokens from the compute-optimal plan of --train-law, and prices the trade on a GPU", async () => {
    const { allocateForSize } = await import("../../src/core/plan/allocate.js");
    const { publishedLaw } = await import("../../src/core/catalog/publishedLaws.js");
    const { getLaw } = await import("../../src/core/laws/registry.js");
    const r = await scalecast(["samples", perSample, "--k", "1", "--bootstrap", "0", "--params", "a=7e9,b=7e10", "--tokens-per-sample", "a=400,b=400",
      "--target-accuracy", "0.5", "--queries", "1e9", "--gpu", "h100", "--price-per-gpu-hour", "2", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(DOCUMENT_SCHEMAS.samples.safeParse(doc).success).toBe(true);
    const entry = publishedLaw("besiroglu-2024").law!;
    const source = { law: getLaw(entry.lawId, entry.options), values: entry.values };
    for (const row of doc.trade.rows) {
      expect(row.trainTokens / allocateForSize(source, "params", row.params).tokens - 1).toBeCloseTo(0, 12);
      expect(row.trainingFlops / (6 * row.params * row.trainTokens) - 1).toBeCloseTo(0, 12);
      expect(row.cost.lifetime).toBeCloseTo(2 * row.gpuHours.lifetime, 6);
    }
    expect(doc.trade.hardware).toMatchObject({ gpu: "h100", trainingMfu: 0.4, inferenceMfu: 0.4, pricePerGpuHour: 2 });
  });

  it("refuses the trade's options without --queries, and --queries without a target (exit 2)", async () => {
    const a = await scalecast(["samples", perSample, "--bootstrap", "0", "--train-tokens", "a=1T,b=1T"]);
    expect(a.status).toBe(2);
    expect(a.stderr).toContain("give --queries");
    const b = await scalecast(["samples", perSample, "--bootstrap", "0", "--params", "a=7e9,b=7e10", "--tokens-per-sample", "a=400,b=400", "--queries", "1e9"]);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain("--queries needs --target-accuracy");
  });
});
