// The workbench's published-models card: notable models read against a published law give the numbers
// `scalecast compare` gives for the same models, law and accelerator (the same core comparison), with the N–D plane
// figure; a model whose tokens were not published is refused with its code, and a price without an accelerator or a
// utilisation outside (0, 1] is said, never ignored.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, scalecast } from "../cli/run.js";
import { HAVE_CHROMIUM } from "../support/browser.js";
import { dataValue, startWorkbench, type Workbench } from "../support/workbench.js";

let bench: Workbench;
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe.skipIf(!HAVE_CHROMIUM)("the workbench's published-models card", () => {
  beforeAll(async () => { bench = await startWorkbench(); }, 120_000);
  afterAll(async () => { await bench?.close(); });

  it("gives `scalecast compare`'s numbers (Gopher over-trained 0.0117× under hoffmann-2022) and cost per million tokens on an H100, and draws the N–D plane", async () => {
    const { page, watch } = await bench.open();
    // the card opens on Chinchilla and Gopher under the default law, compared at once
    await page.waitForSelector('#models-status[data-state="done"]');
    expect(await page.getAttribute("#models-status", "data-models")).toBe("2");
    await page.selectOption("#models-law", "hoffmann-2022");
    await page.selectOption("#models-pick", ["chinchilla", "gopher", "llama-3.1-405b"]);
    await page.waitForFunction(() => document.getElementById("models-status")?.dataset.models === "3");
    const cli = JSON.parse((await scalecast(["compare", "chinchilla", "gopher", "llama-3.1-405b", "--published", "hoffmann-2022", "--json"])).stdout);
    for (const m of cli.models) {
      const row = `#models-table tr[data-model="${m.id}"]`;
      // the same arithmetic, but the split and the loss go through Math.pow, whose last bit Chromium and Node may
      // round differently (0.011714999301977282 against 0.01171499930197728 for Gopher): equal to 1e-12
      expect(rel(await dataValue(page, `${row} td.over-training`), m.overTrainingFactor)).toBeLessThan(1e-12);
      expect(rel(await dataValue(page, `${row} td.optimal-params`), m.computeOptimal.params)).toBeLessThan(1e-12);
      expect(rel(await dataValue(page, `${row} td.optimal-tokens`), m.computeOptimal.tokens)).toBeLessThan(1e-12);
      expect(rel(await dataValue(page, `${row} td.loss`), m.loss)).toBeLessThan(1e-12);
      expect(await dataValue(page, `${row} td.tokens-per-param`)).toBe(m.tokensPerParam); // a division: exact
    }
    // docs/methods.md: Gopher (280B, 300B tokens) is under-trained by a factor 0.0117 against Chinchilla's split
    expect((await dataValue(page, '#models-table tr[data-model="gopher"] td.over-training')).toPrecision(3)).toBe("0.0117");
    // the models in the catalog's order (by year), as the list shows them
    expect(await page.textContent("#models-status")).toContain("As: scalecast compare gopher chinchilla llama-3.1-405b --published hoffmann-2022");
    expect(await page.locator('#models-warnings li[data-code="constants-belong-to-setup"]').count()).toBe(1);

    await page.selectOption("#models-gpu", "h100");
    await page.fill("#models-price", "2.5");
    await page.locator("#models-price").dispatchEvent("change");
    await page.waitForSelector('#models-table td.cost');
    const priced = JSON.parse((await scalecast(["compare", "chinchilla", "gopher", "llama-3.1-405b", "--published", "hoffmann-2022", "--gpu", "h100", "--price-per-gpu-hour", "2.5", "--json"])).stdout);
    for (const m of priced.models) {
      // 2e6·N / (peak · MFU) and its price: arithmetic without pow, exact
      expect(await dataValue(page, `#models-table tr[data-model="${m.id}"] td.gpu-seconds`)).toBe(m.inference.gpuSecondsPerMillionTokens);
      expect(await dataValue(page, `#models-table tr[data-model="${m.id}"] td.cost`)).toBe(m.inference.costPerMillionTokens);
    }
    await page.waitForSelector("#models-chart[data-rendered]");
    expect(await page.locator("#models-chart g.mark-symbol.role-mark > path").count()).toBe(3);
    mkdirSync(join(ROOT, "test-output"), { recursive: true });
    await page.locator("#models-section").screenshot({ path: join(ROOT, "test-output", "workbench-models.png") });

    // said, not ignored: a price written "2,49", a utilisation above 1 (the table, warnings and figure go with the
    // refusal), a model with no published tokens; without an accelerator, utilisation and price are not inputs
    await page.fill("#models-price", "2,49");
    await page.locator("#models-price").dispatchEvent("change");
    await page.waitForSelector('#models-status[data-state="error"]');
    expect(await page.textContent("#models-status")).toContain('Dollars per GPU-hour: "2,49" is not a number > 0 (write 2.49, not 2,49)');
    expect(await page.locator("#models-table tr").count()).toBe(0);
    expect(await page.locator("#models-chart svg").count()).toBe(0);
    await page.fill("#models-price", "2.49");
    await page.fill("#models-mfu", "1.5");
    await page.locator("#models-mfu").dispatchEvent("change");
    await page.waitForFunction(() => (document.getElementById("models-status")?.textContent ?? "").includes("Utilisation while serving"));
    expect(await page.textContent("#models-status")).toContain('Utilisation while serving: "1.5" is not a number in (0, 1]');
    expect(await page.locator("#models-warnings li").count()).toBe(0);
    await page.selectOption("#models-gpu", "");
    await page.waitForSelector('#models-status[data-state="done"]');
    expect(await page.isDisabled("#models-mfu")).toBe(true);
    expect(await page.isDisabled("#models-price")).toBe(true);
    expect(await page.locator("#models-table td.cost").count()).toBe(0);
    expect(await page.textContent("#models-status")).not.toContain("--gpu");
    await page.selectOption("#models-pick", ["chinchilla", "mistral-7b"]);
    await page.waitForFunction(() => (document.getElementById("models-status")?.textContent ?? "").includes("tokens-not-published"));
    expect(await page.textContent("#models-status")).toMatch(/Mistral 7B's training tokens were not published .* \[tokens-not-published\]/);
    expect(watch.errors).toEqual([]);
    await page.close();
  }, 120_000);
});
