// Browser tests drive Debian's chromium (installed by .ci/run with apt-get) through playwright-core.
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) {
  // in CI a missing browser is a broken setup, not a reason for a green run
  if (process.env.CI === "true") throw new Error(`browser tests need chromium at ${CHROMIUM} (.ci/run installs Debian's chromium; or set CHROMIUM_PATH)`);
  console.warn(`SKIPPED: browser tests need chromium at ${CHROMIUM} (.ci/run installs Debian's chromium; or set CHROMIUM_PATH)`);
}

/**
 * Waits for the workbench's fit to finish (`#fit-results[data-state="done"]`). On a timeout the error says where the
 * fit stood (its state and status line) instead of only that the selector never matched: a hang, a refusal and a
 * slow machine read differently.
 */
export async function fitDone(page: import("playwright-core").Page, timeout = 60_000): Promise<void> {
  try {
    await page.waitForSelector('#fit-results[data-state="done"]', { timeout });
  } catch (e) {
    const where = await page.evaluate(() => ({
      state: document.getElementById("fit-results")?.dataset.state ?? "(no #fit-results)",
      status: document.getElementById("fit-status")?.textContent ?? "",
    })).catch(() => ({ state: "(page gone)", status: "" }));
    throw new Error(`the fit did not finish within ${timeout / 1000} s: #fit-results is "${where.state}", status "${where.status}" (${(e as Error).message.split("\n")[0]})`);
  }
}

