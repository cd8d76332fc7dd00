// The workbench's test-time compute card (issue 14, item 6): a per-problem sample file gives, per model, the pass@k,
// Beta and Kumaraswamy fits, forecasts and bootstrap intervals that `scalecast samples` gives for the same file and
// settings (the same core analysis and seed), and the coverage figure; a bad file and a bad k are said, not thrown.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, scalecast } from "../cli/run.js";
import { HAVE_CHROMIUM } from "../support/browser.js";
import { startWorkbench, type Workbench } from "../support/workbench.js";

let bench: Workbench;
const dir = mkdtempSync(join(tmpdir(), "scalecast-wb-samples-"));
const samples = join(dir, "samples.csv");
writeFileSync(samples, ["model,problem,n,c", ...["small", "large"].flatMap((m, j) => Array.from({ length: 60 }, (_, i) => `${m},q${i},40,${(i * (3 + 5 * j)) % 41}`))].join("\n") + "\n");
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe.skipIf(!HAVE_CHROMIUM)("the workbench's test-time compute card", () => {
  beforeAll(async () => { bench = await startWorkbench(); }, 120_000);
  afterAll(async () => { await bench?.close(); });

  it("gives `scalecast samples`'s numbers for the same file and settings, and draws the coverage figure", async () => {
    const { page, watch } = await bench.open();
    await page.fill("#samples-k", "1,8,40");
    await page.fill("#samples-forecast-k", "4000");
    await page.fill("#samples-bootstrap", "100");
    await page.setInputFiles("#samples-file", samples);
    await page.waitForSelector('#samples-status[data-state="done"]', { timeout: 60_000 });
    expect(await page.getAttribute("#samples-status", "data-models")).toBe("2");
    const cli = JSON.parse((await scalecast(["samples", samples, "--k", "1,8,40", "--forecast-k", "4000", "--bootstrap", "100", "--json"])).stdout);
    for (const m of cli.models) {
      const row = `#samples-table tr[data-model="${m.model}"]`;
      for (const [j, p] of m.passAtK.entries()) {
        const cell = `${row} td.pass[data-k="${p.k}"]`;
        expect(rel(Number(await page.getAttribute(cell, "data-value")), p.value)).toBeLessThan(1e-12);
        expect(rel(Number(await page.getAttribute(cell, "data-low")), m.bootstrap.passAtK[j].ci95[0])).toBeLessThan(1e-12);
      }
      // pass@k and its intervals are arithmetic on the counts: equal to 1e-12. The fits stop at a gradient of 1e-9 (Beta)
      // and 1e-7 (Kumaraswamy), and Chromium's and Node's Math.exp/log/pow may differ in the last bit, which an
      // optimizer's path carries further (5e-12 seen for α): the fitted values and forecasts agree to 1e-9.
      expect(rel(Number(await page.getAttribute(`${row} td.beta`, "data-alpha")), m.beta.alpha)).toBeLessThan(1e-9);
      expect(rel(Number(await page.getAttribute(`${row} td.kumaraswamy`, "data-a")), m.kumaraswamy.a)).toBeLessThan(1e-9);
      const fc = `${row} td.forecast[data-k="4000"]`;
      expect(rel(Number(await page.getAttribute(fc, "data-value")), m.forecast[0].beta)).toBeLessThan(1e-9);
      expect(rel(Number(await page.getAttribute(fc, "data-high")), m.bootstrap.forecast[0].ci95[1])).toBeLessThan(1e-9);
    }
    await page.waitForSelector("#samples-chart[data-rendered]");
    // measured k = 1, 2, 4, 8, 16, 32, 40 for each model; one dashed forecast line per model
    expect(await page.locator("#samples-chart g.mark-symbol.role-mark > path").count()).toBe(2 * 7);
    expect(await page.locator("#samples-chart g.mark-line.role-mark > path").count()).toBe(2);
    mkdirSync(join(ROOT, "test-output"), { recursive: true });
    await page.locator("#samples-section").screenshot({ path: join(ROOT, "test-output", "workbench-samples.png") });

    // a k beyond the samples is refused by problem, with its code; a bad k list is named
    await page.fill("#samples-k", "1,80");
    await page.click("#samples-run");
    await page.waitForSelector('#samples-status[data-state="error"]');
    expect(await page.textContent("#samples-status")).toContain("k-exceeds-samples");
    await page.fill("#samples-k", "1,ten");
    await page.click("#samples-run");
    expect(await page.textContent("#samples-status")).toContain('k: "ten" is not a whole number ≥ 1');
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "model,problem,n,c\nm,q1,10,12\n");
    await page.fill("#samples-k", "1");
    await page.setInputFiles("#samples-file", bad);
    await page.waitForSelector('#samples-status[data-state="error"]');
    expect(await page.textContent("#samples-status")).toContain('bad.csv: line 2, column "c": c = 12 correct of n = 10 samples (c > n)');
    expect(watch.errors).toEqual([]);
    await page.close();
  }, 120_000);
});
