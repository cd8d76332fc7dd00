// The workbench's observational-scaling card: Ruan et al.'s model × benchmark table gives the PCA, the GSM8K sigmoid
// of PC1 and the backtest above 1e23 FLOPs that `scalecast observe` gives for the same settings (the same core reader,
// document and seed), with the loadings and fit figures; a setting that applies only to a fit is refused without a
// metric, as the CLI refuses it.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, scalecast } from "../cli/run.js";
import { HAVE_CHROMIUM } from "../support/browser.js";
import { sharedFile } from "../support/sharedData.js";
import { startWorkbench, type Workbench } from "../support/workbench.js";

const OBS = sharedFile("obsscaling/base_llm_benchmark_eval.csv");
let bench: Workbench;
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe.skipIf(!HAVE_CHROMIUM || !OBS)("the workbench's observational-scaling card", () => {
  beforeAll(async () => { bench = await startWorkbench(); }, 120_000);
  afterAll(async () => { await bench?.close(); });

  it("gives `scalecast observe FILE --metric GSM8K --cutoff 1e23 --bootstrap 200`'s PCA, fit and backtest, and draws both figures", async () => {
    const { page, watch } = await bench.open();
    await page.setInputFiles("#observe-file", OBS!);
    await page.waitForSelector('#observe-status[data-state="done"]');
    // the PCA alone first: derived.json's standardised PC1 share, 0.7810499 (docs/methods.md), to 1e-6
    expect(Math.abs(Number(await page.getAttribute("#observe-pca tr.explained td", "data-value")) - 0.7810499)).toBeLessThan(1e-6);
    await page.waitForSelector("#observe-loadings-chart[data-rendered]");

    await page.selectOption("#observe-metric", "GSM8K");
    await page.fill("#observe-cutoff", "1e23");
    await page.fill("#observe-bootstrap", "200");
    await page.click("#observe-run");
    await page.waitForFunction(() => document.getElementById("observe-backtest-summary")?.dataset.mae !== undefined);
    await page.waitForSelector('#observe-status[data-state="done"]');
    const cli = JSON.parse((await scalecast(["observe", OBS!, "--metric", "GSM8K", "--cutoff", "1e23", "--bootstrap", "200", "--json"])).stdout);
    // the eigen-decomposition is arithmetic plus Jacobi rotations (equal to 1e-12); the sigmoid is an L-BFGS fit that
    // stops on a relative decrease, and Chromium's and Node's Math.exp/log differ in the last bit: equal to 1e-6
    const pc1 = cli.pca.components[0];
    for (const m of cli.pca.metrics) expect(rel(Number(await page.getAttribute(`#observe-pca tr[data-metric="${m}"] td`, "data-value")), pc1.loadings[m])).toBeLessThan(1e-12);
    const g = cli.downstream.groups[0];
    expect(rel(Number(await page.getAttribute('#observe-fit tr[data-family="(pooled)"] td.a', "data-value")), g.fit.a)).toBeLessThan(1e-6);
    expect(rel(Number(await page.getAttribute('#observe-fit tr[data-family="(pooled)"] td.b', "data-value")), g.fit.b)).toBeLessThan(1e-6);
    expect(rel(Number(await page.getAttribute("#observe-backtest-summary", "data-mae")), cli.backtest.scores.mae)).toBeLessThan(1e-6);
    expect(Number(await page.getAttribute("#observe-backtest-summary", "data-coverage95"))).toBe(cli.backtest.scores.coverage95);
    expect(await page.locator("#observe-backtest tbody tr").count()).toBe(cli.backtest.predictions.length);
    expect(await page.textContent("#observe-status")).toContain("As: scalecast observe base_llm_benchmark_eval.csv --metric GSM8K --cutoff 1e+23 --bootstrap 200");
    expect(await page.locator('#observe-warnings li[data-code="families-pooled"]').count()).toBe(1);
    await page.waitForSelector("#observe-fit-chart[data-rendered]");
    // what the analysis did not use is listed, as the CLI lists it: the two scale columns that are not metrics
    expect(await page.textContent('#observe-notes li[data-column="Model Size (B)"]')).toContain("not a metric: Model Size (B) (a scale column");
    mkdirSync(join(ROOT, "test-output"), { recursive: true });
    await page.locator("#observe-section").screenshot({ path: join(ROOT, "test-output", "workbench-observe.png") });

    // one fit per family: the families too small to fit are named, as the CLI names them ("not fitted: family …")
    await page.fill("#observe-cutoff", "");
    await page.fill("#observe-bootstrap", "0");
    await page.check("#observe-by-family");
    await page.click("#observe-run");
    await page.waitForFunction(() => document.querySelectorAll("#observe-fit tbody tr").length > 1);
    const perFamily = JSON.parse((await scalecast(["observe", OBS!, "--metric", "GSM8K", "--by-family", "--bootstrap", "0", "--json"])).stdout);
    expect(await page.locator("#observe-fit tbody tr").count()).toBe(perFamily.downstream.groups.length);
    expect(perFamily.downstream.skipped.length).toBeGreaterThan(0);
    expect(await page.locator("#observe-notes li[data-family]").count()).toBe(perFamily.downstream.skipped.length);
    expect(await page.textContent(`#observe-notes li[data-family="${perFamily.downstream.skipped[0].family}"]`)).toContain(perFamily.downstream.skipped[0].reason);
    await page.uncheck("#observe-by-family");
    await page.fill("#observe-cutoff", "1e23");

    // a cut-off without a metric would change nothing: refused (bad-option, as the CLI), with the earlier results cleared
    await page.selectOption("#observe-metric", "");
    await page.click("#observe-run");
    await page.waitForSelector('#observe-status[data-state="error"]');
    expect(await page.textContent("#observe-status")).toMatch(/A backtest cut-off backtests the fit of a downstream metric.*\[bad-option\]$/);
    expect(await page.locator("#observe-pca tr").count()).toBe(0);
    await page.fill("#observe-cutoff", "soon");
    await page.click("#observe-run");
    expect(await page.textContent("#observe-status")).toContain('Backtest cut-off: "soon" is not a number of FLOPs > 0');
    expect(watch.errors).toEqual([]);
    await page.close();
  }, 120_000);
});
