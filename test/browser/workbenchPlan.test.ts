// The workbench's plan card is `scalecast plan`: the same document from core's assemblePlan, every input
// read or refused by name, and the whole plan in the exported report (issue 11, item 6). Reference: the CLI's
// own plan document for the same options, compared number for number (the same code runs in both).
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scalecast } from "../cli/run.js";
import { HAVE_CHROMIUM } from "../support/browser.js";
import { dataValue, fitExample, startWorkbench, type Workbench } from "../support/workbench.js";

let bench: Workbench;

/** Waits until the plan card has been redrawn from the current inputs (its source line changed). */
async function settle(page: Page, previous: string | null): Promise<string> {
  await page.waitForFunction((p) => document.querySelector("#plan-source")!.textContent !== p, previous, { timeout: 10_000 }).catch(() => undefined);
  return (await page.textContent("#plan-source"))!;
}

describe.skipIf(!HAVE_CHROMIUM)("the workbench's plan card", () => {
  beforeAll(async () => { bench = await startWorkbench(); }, 120_000);
  afterAll(async () => { await bench?.close(); });

  it("plans as `scalecast plan` does: N*, D*, GPU-hours, steps, learning rate, memory, the inference-aware and unique-token parts", async () => {
    const { page, watch } = await bench.open();
    await page.fill("#budget-flops", "1e23");
    await page.fill("#price", "2");
    await page.fill("#inference-tokens", "10T");
    await page.fill("#unique-tokens", "500B");
    await page.waitForSelector("#plan-data-constrained");
    const gpu = await page.inputValue("#gpu-type");
    const gpus = await page.inputValue("#gpus");
    const mfu = await page.inputValue("#mfu");
    const cli = JSON.parse((await scalecast(["plan", "--budget-flops", "1e23", "--gpus", gpus, "--gpu", gpu, "--mfu", mfu, "--price-per-gpu-hour", "2",
      "--inference-tokens", "1e13", "--unique-tokens", "5e11", "--json"])).stdout);
    const rel = (a: number, b: number) => Math.abs(a / b - 1);
    expect(rel(await dataValue(page, "#plan-params"), cli.allocation.params)).toBeLessThan(1e-12);
    expect(rel(await dataValue(page, "#plan-tokens"), cli.allocation.tokens)).toBeLessThan(1e-12);
    expect(rel(await dataValue(page, "#plan-hardware"), cli.gpuHours)).toBeLessThan(1e-12);
    expect(await dataValue(page, "#plan-steps")).toBe(cli.schedule.steps);
    expect(rel(await dataValue(page, "#plan-lr"), cli.schedule.learningRateHeuristic)).toBeLessThan(1e-12);
    expect(rel(await dataValue(page, "#plan-memory"), cli.memory.trainingStateBytesPerGpu)).toBeLessThan(1e-12);
    expect(await page.textContent("#plan-hardware")).toContain(`cost ${Number(cli.cost.toPrecision(3)).toLocaleString("en-US")}`);
    expect(await page.textContent("#plan-data-constrained")).toContain(`${cli.dataConstrained.epochs.toFixed(1)} epochs`);
    expect(await page.textContent("#plan-inference")).toContain(`${(100 * cli.inferenceAware.saving).toFixed(1)}% less`);
    // compute mode: days are what the budget takes on these GPUs, shown and not editable
    expect(await page.isDisabled("#days")).toBe(true);
    expect(Number(await page.inputValue("#days"))).toBeCloseTo(Number(cli.days.toPrecision(3)), 10);
    // one number format: no "e+" exponents and no "Q" suffix anywhere in the card
    expect(await page.textContent("#plan-card")).not.toMatch(/e\+|\d Q\b/);
    expect(watch.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("refuses an input it cannot read, by name, instead of replacing it: MFU 1.5, a budget of \"lots\", 0 GPUs", async () => {
    const { page } = await bench.open();
    let text = await settle(page, null);
    const okParams = await dataValue(page, "#plan-params");
    expect(okParams).toBeGreaterThan(0);
    for (const [id, value, message] of [
      ["#mfu", "1.5", 'MFU: "1.5" is not a fraction of peak in (0, 1]'],
      ["#budget-flops", "lots", 'Compute budget: "lots" is not a number of FLOPs'],
      ["#gpus", "0", 'GPUs: "0" is not a whole number'],
      ["#inference-tokens", "many", 'Lifetime inference tokens: "many" is not a number of tokens'],
      // the CLI's range table (src/core/optionRanges.ts), stated as the CLI states it
      ["#budget-flops", "1e50", 'Compute budget: "1e50" is not a number of FLOPs, 1e9 … 1e40'],
      ["#price", "-2", 'Price per GPU-hour: "-2" is not a price > 0, ≤ 1e6'],
    ] as const) {
      const good = await page.inputValue(id);
      await page.fill(id, value);
      text = await settle(page, text);
      expect(text).toContain(`No plan: ${message}`);
      expect(await page.getAttribute(id, "aria-invalid")).toBe("true");
      expect(await page.textContent("#plan-params")).toBe("—");
      await page.fill(id, good);
      text = await settle(page, text);
      expect(text).not.toContain("No plan");
      expect(await page.getAttribute(id, "aria-invalid")).toBe("false");
      expect(await dataValue(page, "#plan-params")).toBe(okParams);
    }
    await page.close();
  }, 60_000);

  it("plans with the user's fit, says how far the budget extrapolates, and exports a report carrying the whole plan", async () => {
    const { page, watch } = await bench.open();
    await fitExample(page);
    await page.fill("#budget-flops", "1e26");
    await page.fill("#price", "2");
    await page.fill("#inference-tokens", "10T");
    await page.fill("#unique-tokens", "500B");
    await page.waitForSelector("#plan-data-constrained");
    expect(await page.textContent("#plan-source")).toContain("your fit (chinchilla)");
    // the example's largest runs spend 3e21 FLOPs (EXAMPLE_BUDGETS): 1e26 is 3.33e4× beyond them
    const notes = await page.textContent("#plan-notes");
    expect(notes).toMatch(/is 3\.33e\+4× the largest fitted compute \(3\.00e\+21 FLOPs\).*\[extrapolation\]/);
    expect(await page.textContent("#plan-flops")).toContain("33,300× the largest fitted compute");

    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), page.click("#export-report")]);
    const html = readFileSync((await download.path())!, "utf8");
    const plan = html.slice(html.indexOf('<section id="plan">'), html.indexOf("</section>", html.indexOf('<section id="plan">')));
    for (const part of ["GPU-hours", "cost", "steps", "learning rate", "memory", "Inference-aware (Sardana &amp; Frankle 2023)", "Data-constrained (Muennighoff et al. 2023)", "[extrapolation]"]) {
      expect(plan, part).toContain(part);
    }
    expect(plan).toContain(`${(await page.textContent("#plan-params"))!.split(" (")[0]}`);
    expect(watch.errors).toEqual([]);
    await page.close();
  }, 120_000);
});
