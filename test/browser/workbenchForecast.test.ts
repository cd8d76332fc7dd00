// The workbench's forecast card (issue 12, item 5): predictions as `scalecast predict` gives them for the same fit,
// forecasts registered into a ledger that `scalecast forecast verify --data` accepts (hand exclusions included), and a
// loaded ledger scored as `scalecast forecast score` scores it, with the calibration figure. The reference for every
// number is the CLI run in the same test on the workbench's own exported fit and ledger (the same core code runs in both).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, scalecast } from "../cli/run.js";
import { HAVE_CHROMIUM, fitDone } from "../support/browser.js";
import { startWorkbench, type Workbench } from "../support/workbench.js";

let bench: Workbench;
const SHOTS = join(ROOT, "test-output");
const dir = mkdtempSync(join(tmpdir(), "scalecast-wb-forecast-"));
const runsCsv = join(dir, "pilot.csv");
const ledgerFile = join(dir, "forecasts.jsonl");

/** 30 pilot runs from Hoffmann et al.'s rounded law (E 1.69, A 406.4, B 410.7, α 0.34, β 0.28) with a fixed ±1% wobble. */
function writeRuns(): void {
  const rows = ["N,D,loss"];
  let i = 0;
  for (const n of [5e7, 1e8, 2e8, 4e8, 8e8]) for (const k of [10, 20, 40, 80, 160, 320]) {
    const d = n * k;
    const loss = (1.69 + 406.4 / n ** 0.34 + 410.7 / d ** 0.28) * (1 + 0.01 * Math.sin(12.9898 * ++i));
    rows.push(`${n},${d},${loss}`);
  }
  writeFileSync(runsCsv, rows.join("\n") + "\n");
}

const rel = (a: number, b: number) => Math.abs(a / b - 1);
async function save(page: Page, button: string, path: string): Promise<void> {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), page.click(button)]);
  copyFileSync((await download.path())!, path);
}

describe.skipIf(!HAVE_CHROMIUM)("the workbench's forecast card", () => {
  beforeAll(async () => { writeRuns(); bench = await startWorkbench(); }, 120_000);
  afterAll(async () => { await bench?.close(); });

  it("predicts as `scalecast predict` on its exported fit, registers into a ledger `forecast verify --data` accepts (a run excluded by hand included), and refuses a bad point by line", async () => {
    const { page, watch } = await bench.open();
    await page.setInputFiles("#file-input", runsCsv);
    await page.waitForSelector('#runs-table input[data-line="5"]', { state: "attached" });
    await page.evaluate(() => { (document.getElementById("runs-details") as HTMLDetailsElement).open = true; });
    await page.uncheck('#runs-table input[data-line="5"]'); // excluded by hand: the record must say so, or verify --data fails
    await page.click("#fit-button");
    await fitDone(page);
    await page.fill("#bootstrap-resamples", "100");
    await page.click("#bootstrap-button");
    await page.waitForSelector('#bootstrap-status[data-state="done"]', { timeout: 60_000 });

    const points = ["params=7e10,tokens=1.4e12", "params=7e9,tokens=2e12"];
    await page.fill("#forecast-points", points.join("\n"));
    await page.click("#forecast-predict");
    await page.waitForSelector('#forecast-table tr[data-point="1"]');
    await save(page, "#export-json", join(dir, "fit.json"));
    const cli = JSON.parse((await scalecast(["predict", join(dir, "fit.json"), "--at", points[0], "--at", points[1], "--json"])).stdout);
    for (const i of [0, 1]) {
      const row = `#forecast-table tr[data-point="${i}"]`;
      expect(rel(Number(await page.getAttribute(`${row} td.predicted`, "data-value")), cli.points[i].predicted)).toBeLessThan(1e-12);
      expect(rel(Number(await page.getAttribute(`${row} td.pi95`, "data-low")), cli.points[i].pi["0.95"][0])).toBeLessThan(1e-12);
      expect(rel(Number(await page.getAttribute(`${row} td.pi95`, "data-high")), cli.points[i].pi["0.95"][1])).toBeLessThan(1e-12);
    }
    // 7e10 × 1.4e12 is ~ 5.9e23 FLOPs against at most 6 × 8e8 × 2.56e11: a far extrapolation, said with its code
    expect(await page.getAttribute('#forecast-warnings li[data-code="extrapolation"]', "data-code")).toBe("extrapolation");

    await page.fill("#forecast-note", "pilot sweep, before the big run");
    await page.fill("#forecast-commit", "abc1234");
    await page.click("#forecast-register");
    await page.waitForSelector('#ledger-status[data-records="1"]');
    await page.fill("#forecast-points", "params=1e9,tokens=2e10");
    await page.click("#forecast-register");
    await page.waitForSelector('#ledger-status[data-records="2"]');
    // a point the law cannot read is refused by line; nothing is registered
    await page.fill("#forecast-points", "params=1e9,tokens=2e10\nloss=2");
    await page.click("#forecast-register");
    await page.waitForSelector('#ledger-status[data-state="error"]');
    expect(await page.textContent("#ledger-status")).toMatch(/params is missing.*nothing was registered/);
    expect(await page.getAttribute("#ledger-status", "data-records")).toBe("2");
    await page.fill("#forecast-points", "params=1e9,tokens=lots");
    await page.click("#forecast-predict");
    expect(await page.textContent("#forecast-status")).toContain("Points, line 1: tokens must be a finite number > 0");

    await save(page, "#ledger-download", ledgerFile);
    const records = readFileSync(ledgerFile, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ note: "pilot sweep, before the big run", commit: "abc1234", previous: null, data: { rows: 29 } });
    expect(records[0].assumptions.selection.excludeLines).toEqual([5]);
    expect(records[1].previous).toBe(records[0].hash);
    const verify = await scalecast(["forecast", "verify", "--ledger", ledgerFile, "--data", runsCsv]);
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toContain("2 records, every hash and link intact");
    expect(watch.errors).toEqual([]);
    await page.close();
  }, 180_000);

  it("loads a ledger and scores it as `forecast score` does, with the calibration figure; a tampered ledger is refused by line and the page's ledger kept", async () => {
    const { page, watch } = await bench.open();
    await page.setInputFiles("#ledger-file", ledgerFile);
    await page.waitForSelector('#ledger-status[data-records="2"]');
    expect(await page.textContent("#ledger-status")).toContain("2 records, every hash and link intact");
    const records = readFileSync(ledgerFile, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    const landed = join(dir, "landed.csv");
    // the 70B target landed 1% above its prediction, the 1B one 2% below; the 7B target has no run yet
    writeFileSync(landed, `N,D,loss\n7e10,1.4e12,${records[0].predictions[0].predicted * 1.01}\n1e9,2e10,${records[1].predictions[0].predicted * 0.98}\n`);
    await page.setInputFiles("#actual-file", landed);
    await page.waitForSelector('#score-status[data-state="done"]');
    const cli = JSON.parse((await scalecast(["forecast", "score", "--ledger", ledgerFile, "--actual", landed, "--json"])).stdout);
    expect(cli.scored).toBe(2);
    expect(await page.getAttribute("#score-status", "data-scored")).toBe("2");
    for (const [i, t] of (cli.targets as Array<{ actual?: { value: number }; covered?: { pi: Record<string, boolean> } }>).entries()) {
      const row = `#score-table tr[data-index="${i}"]`;
      expect(await page.getAttribute(row, "data-scored")).toBe(String(t.actual !== undefined));
      if (t.actual) {
        expect(rel(Number(await page.getAttribute(`${row} td.actual`, "data-value")), t.actual.value)).toBeLessThan(1e-12);
        expect(await page.getAttribute(`${row} td:last-child`, "data-covered")).toBe(String(t.covered!.pi["0.95"]));
      }
    }
    expect(Number(await page.getAttribute("#score-status", "data-pi95"))).toBe(cli.calibration[1].observed);
    expect(await page.getAttribute('#score-warnings li[data-code="no-actual"]', "data-code")).toBe("no-actual");
    await page.waitForSelector("#score-chart[data-rendered]");
    expect(await page.locator("#score-chart g.mark-symbol.role-mark > path").count()).toBe(4);
    mkdirSync(SHOTS, { recursive: true });
    await page.locator("#forecast-section").screenshot({ path: join(SHOTS, "workbench-forecast.png") });

    const tampered = join(dir, "tampered.jsonl");
    writeFileSync(tampered, readFileSync(ledgerFile, "utf8").replace("before the big run", "after the big run"));
    await page.setInputFiles("#ledger-file", tampered);
    await page.waitForSelector('#ledger-status[data-state="error"]');
    expect(await page.textContent("#ledger-status")).toMatch(/tampered\.jsonl line 1 \(record [0-9a-f-]{36}\): its content does not match its hash.*unchanged \(2 records\)/);
    expect(await page.getAttribute("#ledger-status", "data-records")).toBe("2");
    expect(watch.errors).toEqual([]);
    await page.close();
  }, 120_000);
});
