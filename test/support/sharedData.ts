import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fitDataFor, type FitData } from "../../src/core/fit/data.js";
import { selectRuns } from "../../src/core/fit/selectRuns.js";
import type { Law } from "../../src/core/laws/types.js";
import { parseRunTable } from "../../src/core/runs/parseRunTable.js";

/** ../shared/data beside the checkout (CI puts it there); tests skip visibly when it is absent, except under CI=true, where its absence is an error. */
export const SHARED_DATA = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "shared", "data");

export function sharedFile(relative: string): string | null {
  const path = join(SHARED_DATA, relative);
  if (existsSync(path)) return path;
  if (process.env.CI === "true") throw new Error(`reference data ${path} is absent under CI=true: ../shared must sit beside the checkout`);
  console.warn(`SKIPPED: reference data ${path} is absent (tests that need it do not run)`);
  return null;
}

export const CHINCHILLA_CSV = sharedFile("chinchilla-epoch/svg_extracted_data.csv");
export const LLAMA3_CSV = sharedFile("llama3-isoflops/isoflops_points.csv");

/** Hoffmann et al.'s Figure 4 points through the real pipeline, less the 5 highest losses (240 points). */
export function chinchillaData(law: Law): FitData {
  const table = parseRunTable(readFileSync(CHINCHILLA_CSV!, "utf8"), { source: CHINCHILLA_CSV! });
  return fitDataFor(law, selectRuns(table, { excludeHighestLoss: 5 }).runs);
}
