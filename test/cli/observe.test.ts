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
    const unknown = await scalecast(["observe", "--no-such-option"]); // as the vocabulary test runs every command
    expect(unknown.status).toBe(EXIT.options);
    expect(unknown.stderr).toMatch(/unknown option '--no-such-option'/);
  });
});
