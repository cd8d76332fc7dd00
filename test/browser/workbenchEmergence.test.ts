// The workbench's emergence card: the built-in simulated family and a file give the verdict, fits, next-scale
// intervals and transforms `scalecast emergence` gives for the same settings (the same core function and seed), with
// the transforms figure; a bad setting, ℓ without p and a metric outside [0, 1] are said, not thrown.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleEmergenceCsv } from "../../src/core/emergence/exampleEmergence.js";
import { ROOT, scalecast } from "../cli/run.js";
import { HAVE_CHROMIUM } from "../support/browser.js";
import { startWorkbench, type Workbench } from "../support/workbench.js";

let bench: Workbench;
const dir = mkdtempSync(join(tmpdir(), "scalecast-wb-emergence-"));
const rel = (a: number, b: number) => Math.abs(a / b - 1);


describe.skipIf(!HAVE_CHROMIUM)("the workbench's emergence card", () => {
  beforeAll(async () => { bench = await startWorkbench(); }, 120_000);
  afterAll(async () => { await bench?.close(); });

  it("gives `scalecast emergence --example --length 5`'s verdict, midpoint, intervals and transforms, and a file's as its CLI run", async () => {
    const { page, watch } = await bench.open();
    await page.fill("#emergence-length", "5");
    await page.click("#emergence-example");
    await page.waitForSelector('#emergence-status[data-state="done"]');
    const cli = JSON.parse((await scalecast(["emergence", "--example", "--length", "5", "--json"])).stdout);
    expect(cli.jump.sharp).toBe(true);
    expect(await page.getAttribute("#emergence-verdict", "data-sharp")).toBe("true");
    // the fits are L-BFGS runs that stop on a relative decrease of 1e-13 (src/core/emergence/leastSquares.ts), so a
    // parameter is pinned to about √1e-13 ≈ 3e-7; Chromium's and Node's Math.exp/log/pow differ in the last bit, and
    // the optimizer's path carries that to the stopping point (2.3e-9 seen for the midpoint): equal to 1e-6
    expect(rel(Number(await page.getAttribute("#emergence-verdict", "data-midpoint")), cli.jump.midpoint)).toBeLessThan(1e-6);
    expect(rel(Number(await page.getAttribute("#emergence-fits tr.sigmoid td.bic", "data-value")), cli.fits.sigmoid.bic)).toBeLessThan(1e-6);
    for (const m of cli.forecast.metrics) {
      const row = `#emergence-forecast tr[data-metric="${m.name}"]`;
      expect(rel(Number(await page.getAttribute(`${row} td.point`, "data-value")), m.point)).toBeLessThan(1e-6);
      expect(rel(Number(await page.getAttribute(`${row} td.ci95`, "data-low")), m.ci95[0])).toBeLessThan(1e-6);
      expect(rel(Number(await page.getAttribute(`${row} td.ci95`, "data-high")), m.ci95[1])).toBeLessThan(1e-6);
    }
    expect(await page.textContent("#emergence-status")).toContain("As: scalecast emergence --example --length 5 --bootstrap 1000");
    expect(await page.locator('#emergence-warnings li[data-code="simulated-data"]').count()).toBe(1);
    await page.waitForSelector("#emergence-chart[data-rendered]");
    // exact match p^5 and edit distance 5(1 − p) at each of the 13 models, and the measured metric
    expect(await page.locator("#emergence-chart g.mark-symbol.role-mark > path").count()).toBe(cli.transforms.points.length * 3);
    mkdirSync(join(ROOT, "test-output"), { recursive: true });
    await page.locator("#emergence-section").screenshot({ path: join(ROOT, "test-output", "workbench-emergence.png") });

    // the same family from a file, no bootstrap, the next scale given
    const file = join(dir, "family.csv");
    writeFileSync(file, exampleEmergenceCsv(7));
    const fromFile = JSON.parse((await scalecast(["emergence", file, "--bootstrap", "0", "--next", "1e15", "--json"])).stdout);
    await page.fill("#emergence-length", "");
    await page.fill("#emergence-bootstrap", "0");
    await page.fill("#emergence-next", "1e15");
    await page.setInputFiles("#emergence-file", file);
    await page.waitForFunction(() => (document.getElementById("emergence-status")?.textContent ?? "").includes("family.csv"));
    expect(await page.getAttribute("#emergence-verdict", "data-sharp")).toBe(String(fromFile.jump.sharp));
    expect(rel(Number(await page.getAttribute("#emergence-verdict", "data-midpoint")), fromFile.jump.midpoint)).toBeLessThan(1e-6);
    expect(await page.textContent("#emergence-chart")).toContain("No transforms: give an answer length ℓ");

    // said, not thrown or ignored
    await page.fill("#emergence-floor", "1.5");
    await page.click("#emergence-run");
    await page.waitForSelector('#emergence-status[data-state="error"]');
    expect(await page.textContent("#emergence-status")).toContain('Floor: "1.5" is not "fit" or a fraction in [0, 1]');
    // the earlier analysis goes with the refusal: no verdict or forecast is left standing beside it
    expect(await page.getAttribute("#emergence-verdict", "data-sharp")).toBeNull();
    expect(await page.locator("#emergence-forecast tr").count()).toBe(0);
    await page.fill("#emergence-floor", "0");
    const noP = join(dir, "no-p.csv");
    writeFileSync(noP, "N,exact_match\n" + [7, 8, 9, 10, 11, 12].map((e, i) => `1e${e},${[0.01, 0.02, 0.1, 0.5, 0.7, 0.72][i]}`).join("\n") + "\n");
    await page.fill("#emergence-length", "5");
    await page.setInputFiles("#emergence-file", noP);
    await page.waitForFunction(() => (document.getElementById("emergence-status")?.textContent ?? "").includes("no-p.csv"));
    // the core's refusal, as the CLI gives it (its option names included)
    expect(await page.textContent("#emergence-status")).toMatch(/--length needs a per-token probability: no-p\.csv has no p column .*\[bad-option\]$/);
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "N,exact_match\n1e7,0.1\n1e8,1.7\n");
    await page.fill("#emergence-length", "");
    await page.setInputFiles("#emergence-file", bad);
    await page.waitForFunction(() => (document.getElementById("emergence-status")?.textContent ?? "").includes("bad.csv"));
    const cliBad = await scalecast(["emergence", bad]);
    expect(cliBad.status).toBe(1);
    // the page says what the CLI says, naming the file as it was given (the CLI: the path; the page: the file's name)
    const said = cliBad.stderr.split("\n")[0].split(`${bad}: `)[1].replace(/ \[bad-input\]$/, ""); // the CLI's generic refusal code
    expect(said).toMatch(/^line 3, column "exact_match"/);
    expect(await page.textContent("#emergence-status")).toContain(`bad.csv: ${said}`);
    expect(await page.getAttribute("#emergence-status", "data-state")).toBe("error");
    expect(watch.errors).toEqual([]);
    await page.close();
  }, 120_000);
});
