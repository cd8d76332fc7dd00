// Browser tests drive Debian's chromium (installed by .ci/run with apt-get) through playwright-core.
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) {
  // in CI a missing browser is a broken setup, not a reason for a green run
  if (process.env.CI === "true") throw new Error(`browser tests need chromium at ${CHROMIUM} (.ci/run installs Debian's chromium; or set CHROMIUM_PATH)`);
  console.warn(`SKIPPED: browser tests need chromium at ${CHROMIUM} (.ci/run installs Debian's chromium; or set CHROMIUM_PATH)`);
}
