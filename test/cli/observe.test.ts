// `scalecast observe` (issue 16, item 2; Ruan, Maddison & Hashimoto 2024, arXiv:2405.10938): the PCA document on the
// real table (numbers from ../shared/data/obsscaling/derived.json, [computed] numpy SVD), the downstream fit and the
// compute cut-off backtest (finite, in range), text output, figures, report --observe, and bad input refused by
// file, line, column and value with the exit codes of run.ts.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/run.js";
import { DOCUMENT_SCHEMAS } from "../../src/core/schemas.js";
import { sharedFile } from "../support/sharedData.js";
import { expectFailure, scalecast } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-observe-"));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };
const CSV = sharedFile("obsscaling/base_llm_benchmark_eval.csv");

describe.skipIf(!CSV)("scalecast observe on Ruan et al.'s 148-model table", () => {
  it("observe FILE --json: the standardised PCA of the 124 complete cases (PC1 0.781050, PC1–3 0.958859 from derived.json, |Δ| ≤ 1e-5), the 24 left out named", async () => {
    const r = await scalecast(["observe", CSV!, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(DOCUMENT_SCHEMAS.observe.safeParse(doc).error).toBeUndefined();
    expect(doc).toMatchObject({ tool: "scalecast", command: "observe", data: { models: 148, families: 47, withCompute: 123, flopsUnit: { flopsPerUnit: 1e21, from: "header" } } });
    expect(doc.pca.models).toBe(124);
    expect(Math.abs(doc.pca.explainedVarianceRatio[0] - 0.78105)).toBeLessThan(1e-5);
    expect(Math.abs(doc.pca.cumulative[2] - 0.958859)).toBeLessThan(1e-5);
    expect(doc.pca.leftOut).toHaveLength(24);
    expect(doc.pca.leftOut[0]).toEqual({ model: expect.any(String), line: expect.any(Number), missing: expect.any(Array) });
    expect(doc.warnings.map((w: { code: string }) => w.code)).toEqual(["incomplete-cases"]);
    expect(doc.downstream).toBeUndefined();
  });

  it("--centred: PC1 0.843051 and PC1–3 0.973556 (derived.json, centred only; |Δ| ≤ 1e-5)", async () => {
    const doc = JSON.parse((await scalecast(["observe", CSV!, "--centred", "--json"])).stdout);
    expect(doc.pca.preprocessing).toBe("centred");
    expect(Math.abs(doc.pca.explainedVarianceRatio[0] - 0.843051)).toBeLessThan(1e-5);
    expect(Math.abs(doc.pca.cumulative[2] - 0.973556)).toBeLessThan(1e-5);
  });

  it("--metric GSM8K --cutoff 1e23: a pooled fit (families-pooled) and a backtest whose error and coverage are finite and in range", async () => {
    const r = await scalecast(["observe", CSV!, "--metric", "GSM8K", "--cutoff", "1e23", "--bootstrap", "100", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(DOCUMENT_SCHEMAS.observe.safeParse(doc).error).toBeUndefined();
    expect(doc.downstream).toMatchObject({ target: "GSM8K", x: "pc1", pooled: true, bootstrap: { resamples: 100, seed: 42 } });
    expect(doc.downstream.predictors).not.toContain("GSM8K");
    expect(doc.warnings.map((w: { code: string }) => w.code)).toContain("families-pooled");
    const s = doc.backtest.scores;
    for (const v of [s.mae, s.rmse]) expect(v > 0 && v < 1).toBe(true);
    for (const v of [s.coverage95, s.ciCoverage95]) expect(v >= 0 && v <= 1).toBe(true);
    expect(doc.backtest.cutoffFlops).toBe(1e23);
    expect(doc.backtest.note).toMatch(/training models only/);
  });

  it("--by-family --cutoff 1e23: no family above the cut-off has 5 models below it, so the backtest is refused (exit 1, nothing-predicted), naming the file", async () => {
    const r = await scalecast(["observe", CSV!, "--metric", "GSM8K", "--cutoff", "1e23", "--by-family", "--bootstrap", "0", "--json"]);
    expect(r.status, r.stderr).toBe(EXIT.input);
    expect(r.stderr).toContain(`${CSV}: the backtest at 1.000e+23 FLOPs predicts none of the 35 models above the cut-off`);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: "nothing-predicted", where: { source: CSV } });
  });

  it("--by-family --cutoff 1e24: heldOut counts the 1 model predicted, the other 7 above are named (not-predicted); the schema refuses null scores", async () => {
    const r = await scalecast(["observe", CSV!, "--metric", "GSM8K", "--cutoff", "1e24", "--by-family", "--bootstrap", "20", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(DOCUMENT_SCHEMAS.observe.safeParse(doc).error).toBeUndefined();
    expect(doc.backtest).toMatchObject({ heldOut: 1, aboveCutoff: 8, scores: { n: 1 } });
    expect(doc.backtest.predictions.map((p: { model: string }) => p.model)).toEqual(["Qwen/Qwen1.5-72B"]);
    expect(doc.backtest.unpredicted).toHaveLength(7);
    expect(doc.backtest.unpredicted).toContainEqual({ model: "deepseek-ai/DeepSeek-V2", family: "DeepSeek-V2", reason: "family DeepSeek-V2 has no training model" });
    expect(doc.warnings.find((w: { code: string }) => w.code === "not-predicted").message).toMatch(/^7 of the 8 models above the cut-off are not predicted and not scored/);
    // what the review found: a backtest scored over 0 models (JSON null scores) must not pass the schema
    const empty = { ...doc, backtest: { ...doc.backtest, heldOut: 0, predictions: [], scores: { n: 0, mae: null, rmse: null, meanError: null } } };
    expect(DOCUMENT_SCHEMAS.observe.safeParse(empty).success).toBe(false);
    const miscounted = { ...doc, backtest: { ...doc.backtest, heldOut: 8 } };
    expect(DOCUMENT_SCHEMAS.observe.safeParse(miscounted).success).toBe(false);
    const text = await scalecast(["observe", CSV!, "--metric", "GSM8K", "--cutoff", "1e24", "--by-family", "--bootstrap", "0"]);
    expect(text.stdout).toMatch(/predicting 1 of the 8 above/);
    expect(text.stdout).toMatch(/not predicted, not scored: deepseek-ai\/DeepSeek-V2 \(family DeepSeek-V2 has no training model\)/);
    expect(text.stdout).toMatch(/over 1 model$/m);
  });

  it("text output: the explained-variance table, the fit and the backtest's scores; --figure writes the loadings SVG", async () => {
    const svg = join(dir, "loadings.svg"), fit = join(dir, "fit.svg");
    const r = await scalecast(["observe", CSV!, "--metric", "MMLU", "--x", "log-compute", "--cutoff", "1e23", "--bootstrap", "50", "--figure", svg, "--fit-figure", fit]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/explained variance/);
    expect(r.stdout).toMatch(/x = ln training FLOPs/);
    expect(r.stdout).toMatch(/backtest: fitted on \d+ models with compute ≤ 1\.000e\+23 FLOPs \(100\.0 in the file's unit\)/);
    expect(r.stdout).toMatch(/MAE \d\.\d{4}, RMSE \d\.\d{4}/);
    expect(r.stdout).toMatch(/\[incomplete-cases\]/);
    expect(readFileSync(svg, "utf8").startsWith("<svg")).toBe(true);
    expect(existsSync(fit)).toBe(true);
  });

  it("report --observe adds the observational-scaling section with its tables and the loadings figure", async () => {
    const out = join(dir, "report.html");
    const r = await scalecast(["report", "--example", "--bootstrap", "20", "--observe", CSV!, "-o", out]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain('<section id="observe">');
    expect(html).toContain("explained variance");
    expect(html).toContain('data-figure="pc-loadings"');
  });
});

describe("scalecast observe refuses bad input by file, line, column and value", () => {
  const good = file("good.csv", "model,family,flops,a,b,c\nx,f,1e21,0.1,0.2,0.3\ny,f,2e21,0.3,0.4,0.5\nz,g,4e21,0.5,0.5,0.6\nw,g,8e21,0.6,0.7,0.65\n");
  it("an unknown column (exit 1), naming the headers", async () => {
    const r = await scalecast(["observe", good, "--metrics", "a,nope"]);
    expectFailure(r, EXIT.input);
    expect(r.stderr).toContain(`${good}: no column "nope" (--metrics); headers: model, family, flops, a, b, c`);
  });
  it("too few complete models for a PCA (exit 1), naming the file: the whole table's, and the backtest's training models'", async () => {
    const two = file("two.csv", "model,a,b\nx,0.1,0.2\ny,0.3,0.4\nz,0.5,\n");
    const r = await scalecast(["observe", two]);
    expectFailure(r, EXIT.input);
    expect(r.stderr).toContain(`${two}: PCA needs at least 3 models with every metric, got 2`);
    const six = file("six.csv", "model,flops,a,b,c\nu,1e21,0.1,0.2,0.1\nv,2e21,0.2,0.25,0.2\nx,4e21,0.3,0.4,0.35\ny,8e21,0.5,0.45,0.5\nz,16e21,0.6,0.7,0.6\nw,32e21,0.8,0.7,0.75\n");
    const bt = await scalecast(["observe", six, "--metric", "c", "--cutoff", "2e21", "--bootstrap", "0"]);
    expectFailure(bt, EXIT.input);
    expect(bt.stderr).toContain(`${six}: PCA needs at least 3 models with every metric, got 2`);
  });
  it("a non-numeric cell and a metric outside [0, 1] (exit 1)", async () => {
    const text = file("text.csv", "model,a,b\nx,0.1,0.2\ny,0.3,abc\nz,0.2,0.4\n");
    const r = await scalecast(["observe", text]);
    expectFailure(r, EXIT.input);
    expect(r.stderr).toContain(`${text}: line 3, column "b": "abc" is not a number`);
    const pct = file("pct.csv", "model,a,b\nx,0.1,0.2\ny,0.3,65.3\nz,0.2,0.4\n");
    const p = await scalecast(["observe", pct, "--json"]);
    expect(p.status).toBe(EXIT.input);
    expect(JSON.parse(p.stdout).error).toMatchObject({ code: "bad-input", message: expect.stringContaining('line 3, column "b": 65.3 is outside [0, 1]') });
  });
  it("contradictory or incomplete options (exit 2): --standardize with --centred, --cutoff without --metric, a bad --cutoff", async () => {
    expectFailure(await scalecast(["observe", good, "--standardize", "--centred"]), EXIT.options);
    const c = await scalecast(["observe", good, "--cutoff", "1e23"]);
    expectFailure(c, EXIT.options);
    expect(c.stderr).toMatch(/--cutoff backtests the fit of --metric NAME/);
    expect((await scalecast(["observe", good, "--metric", "c", "--cutoff", "-5"])).status).toBe(EXIT.options);
    // a cut-off or the ln-compute predictor on a table without a compute column: refused by the core (the workbench's card gets the same)
    const noCompute = file("no-compute.csv", "model,a,b,d\nx,0.1,0.2,0.3\ny,0.3,0.4,0.5\nz,0.5,0.5,0.6\nw,0.6,0.7,0.65\n");
    for (const [args, what] of [[["--cutoff", "1e23"], "--cutoff"], [["--x", "log-compute"], "--x log-compute"]] as const) {
      const r = await scalecast(["observe", noCompute, "--metric", "d", ...args]);
      expectFailure(r, EXIT.options);
      expect(r.stderr).toContain(`${what} needs the training compute: no compute column (flops, training_flops, compute) was found; give --flops-col NAME`);
    }
    // a ceiling within the fitted floor's range, a floor above the ceiling, a ceiling below the target's values: exit 2, not 1
    const low = await scalecast(["observe", good, "--metric", "c", "--ceiling", "0.1"]);
    expectFailure(low, EXIT.options);
    expect(low.stderr).toContain("--ceiling 0.1 must lie above the fitted floor's range [0, 0.2]");
    const crossed = await scalecast(["observe", good, "--metric", "c", "--floor", "0.5", "--ceiling", "0.4", "--json"]);
    expect(crossed.status).toBe(EXIT.options);
    expect(JSON.parse(crossed.stdout).error).toEqual({ code: "bad-option", message: "--floor 0.5 must be below --ceiling 0.4" });
    const below = await scalecast(["observe", good, "--metric", "c", "--floor", "0.05", "--ceiling", "0.6"]);
    expectFailure(below, EXIT.options);
    expect(below.stderr).toContain("--ceiling 0.6 is below the data: 1 of the 4 models score above it on c (up to 0.65)");
    const unknown = await scalecast(["observe", "--no-such-option"]); // as the vocabulary test runs every command
    expect(unknown.status).toBe(EXIT.options);
    expect(unknown.stderr).toMatch(/unknown option '--no-such-option'/);
  });
});
