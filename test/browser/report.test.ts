// The offline report in a real browser (Debian's chromium, driven by playwright-core): every figure
// renders with its marks, no console errors, no request beyond the file itself (issue 5 acceptance).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, scalecast } from "../cli/run.js";
import { CHINCHILLA_CSV, sharedFile } from "../support/sharedData.js";
import { CHROMIUM, HAVE_CHROMIUM } from "../support/browser.js";

const haveChromium = HAVE_CHROMIUM;

const dir = mkdtempSync(join(tmpdir(), "scalecast-report-"));
let browser: Browser;

interface Rendered {
  rendered: string | null;
  errors: string[];
  foreignRequests: string[];
  figures: Array<{ name: string; expectedPoints: number; expectedLines: number; points: number; lines: number; hasSvg: boolean }>;
}

/** Opens a report file and collects what it drew, what it logged and what it requested. */
async function open(file: string): Promise<Rendered> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [], foreignRequests: string[] = [];
  const self = `file://${file}`;
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("request", (r) => { if (r.url() !== self) foreignRequests.push(r.url()); });
  await page.goto(self);
  await page.waitForSelector("body[data-rendered]", { timeout: 30_000 });
  const rendered = await page.getAttribute("body", "data-rendered");
  const figures = await page.$$eval("figure[data-figure]", (figs) => figs.map((f) => {
    const el = f as HTMLElement;
    const children = (sel: string) => Array.from(f.querySelectorAll(sel)).reduce((s, g) => s + g.children.length, 0);
    return {
      name: el.dataset.figure!, expectedPoints: Number(el.dataset.expectedPoints || 0), expectedLines: Number(el.dataset.expectedLines || 0),
      points: children("g.mark-symbol.role-mark"), lines: children("g.mark-line.role-mark"), hasSvg: f.querySelector(".chart svg") !== null,
    };
  }));
  await page.close();
  return { rendered, errors, foreignRequests, figures };
}

describe.skipIf(!haveChromium)("the HTML report in headless chromium", () => {
  beforeAll(async () => {
    ensureBuilt();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  }, 60_000);
  afterAll(async () => { await browser?.close(); });

  it("scalecast demo writes a report whose 8 figures all render with their marks, with no console error and no network request", async () => {
    const file = join(dir, "demo.html");
    const r = await scalecast(["demo", "-o", file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/simulating a pilot sweep of 81 runs/);
    const page = await open(file);
    expect(page.errors).toEqual([]);
    expect(page.foreignRequests).toEqual([]);
    expect(page.figures.map((f) => f.name)).toEqual(["loss-compute", "isoflop", "optimal-allocation", "residuals", "bootstrap", "contours", "plan", "backtest"]);
    expect(page.rendered).toBe("8");
    for (const f of page.figures) {
      expect(f.hasSvg, f.name).toBe(true);
      expect(f.points, f.name).toBe(f.expectedPoints);
      expect(f.lines, f.name).toBe(f.expectedLines);
    }
    const byName = Object.fromEntries(page.figures.map((f) => [f.name, f]));
    expect(byName["loss-compute"].points).toBe(81); // one point per simulated run
    expect(byName["residuals"].points).toBe(3 * 81); // against N, D and C
    expect(byName["bootstrap"].points).toBe(200 + 1); // each refit, and the full-data fit
  }, 120_000);

  it.skipIf(!CHINCHILLA_CSV)("a report on Hoffmann et al.'s points draws one point per fitted run (240 after dropping the 5 highest losses)", async () => {
    const file = join(dir, "chinchilla.html");
    const r = await scalecast(["report", CHINCHILLA_CSV!, "--exclude-highest-loss", "5", "--bootstrap", "100", "--compare", "hoffmann-2022", "-o", file]);
    expect(r.status, r.stderr).toBe(0);
    const page = await open(file);
    expect(page.errors).toEqual([]);
    expect(page.foreignRequests).toEqual([]);
    const lc = page.figures.find((f) => f.name === "loss-compute")!;
    expect(lc.points).toBe(240);
    expect(page.rendered).toBe(String(page.figures.length));
  }, 120_000);

  it("report --samples draws the coverage figure: one point per measured k per model and one forecast line per model", async () => {
    const samples = join(dir, "samples.csv"), file = join(dir, "samples.html");
    writeFileSync(samples, ["model,problem,n,c", ...["a", "b"].flatMap((m, j) => Array.from({ length: 40 }, (_, i) => `${m},q${i},32,${(i * (3 + 4 * j)) % 33}`))].join("\n") + "\n");
    const r = await scalecast(["report", "--example", "--bootstrap", "20", "--samples", samples, "-o", file]);
    expect(r.status, r.stderr).toBe(0);
    const page = await open(file);
    expect(page.errors).toEqual([]);
    expect(page.foreignRequests).toEqual([]);
    const cov = page.figures.find((f) => f.name === "coverage")!;
    expect(cov.hasSvg).toBe(true);
    expect(cov.points).toBe(2 * 6); // k = 1, 2, 4, 8, 16, 32 for each model
    expect(cov.lines).toBe(2);
    expect(page.rendered).toBe(String(page.figures.length));
  }, 120_000);

  it.skipIf(!sharedFile("multipower") && process.env.CI !== "true")("report --curve-fit draws the curves figure (451 points, 3 lines) and the residuals figure (451 points)", async () => {
    const C = "peak=3e-4,warmup=2160";
    const specs: Record<string, string> = { cosine_24000: `cosine:steps=24000,${C},final=3e-5`, constant_24000: `constant:steps=24000,${C}`, wsdcon_9: `multistep:steps=16000,${C},at=8000:9e-5` };
    const rows = ["run,step,lr,loss"];
    for (const run of Object.keys(specs)) for (const l of readFileSync(join(sharedFile("multipower")!, "csv_400", `${run}.csv`), "utf8").trim().split("\n").slice(1)) rows.push(`${run},${l}`);
    const table = join(dir, "curves.csv"), fit = join(dir, "curvefit.json"), file = join(dir, "curves.html");
    writeFileSync(table, rows.join("\n") + "\n");
    expect((await scalecast(["curve", "fit", table, "--law", "momentum", ...Object.entries(specs).flatMap(([r, sp]) => ["--schedule", `${r}=${sp}`]), "--out", fit])).status).toBe(0);
    const r = await scalecast(["report", "--example", "--bootstrap", "20", "--curve-fit", fit, "-o", file]);
    expect(r.status, r.stderr).toBe(0);
    const page = await open(file);
    expect(page.errors).toEqual([]);
    const byName = Object.fromEntries(page.figures.map((f) => [f.name, f]));
    expect([byName.curves.points, byName.curves.lines]).toEqual([451, 3]);
    expect(byName["curve-residuals"].points).toBe(451);
    expect(page.rendered).toBe(String(page.figures.length));
  }, 120_000);

  it("text from the data is shown as text: a cell holding HTML does not become markup", async () => {
    const csv = join(dir, "hostile.csv"), file = join(dir, "hostile.html");
    const rows = ["N,D,loss"];
    for (const N of [1e7, 3e7, 1e8, 3e8, 1e9]) for (const tpp of [5, 20, 80]) rows.push(`${N},${N * tpp},${1.69 + 406.4 / N ** 0.34 + 410.7 / (N * tpp) ** 0.28}`);
    rows.push(`1e9,2e10,<img src=x onerror="document.title='pwned'">`);
    writeFileSync(csv, rows.join("\n") + "\n");
    const r = await scalecast(["report", csv, "--bootstrap", "20", "-o", file]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).not.toContain("<img src=x");
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on("request", (q) => requests.push(q.url()));
    await page.goto(`file://${file}`);
    await page.waitForSelector("body[data-rendered]", { timeout: 30_000 });
    expect(await page.title()).not.toBe("pwned");
    expect(await page.locator("#excluded img").count()).toBe(0);
    expect(await page.locator("#excluded").innerText()).toContain(`<img src=x onerror="document.title='pwned'">`);
    expect(requests).toEqual([`file://${file}`]);
    await page.close();
  }, 120_000);
});
