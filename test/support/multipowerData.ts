// Luo et al.'s released loss curves (../shared/data/multipower): the schedule behind each file name, as their
// data_loader rebuilds it (shared/data/README.md), the paper's fit/test split, and readers that fail when the data is
// missing (tests call them only inside a block skipped without the data unless CI=true).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { prepareSchedule, type MultiPowerParams } from "../../src/core/curves/multipower.js";
import { parseScheduleSpec, scheduleSteps } from "../../src/core/curves/schedule.js";
import { sharedFile } from "./sharedData.js";

export const MULTIPOWER_DIR = sharedFile("multipower");
const COMMON = "peak=3e-4,warmup=2160";

export const SPECS: Record<string, string> = {
  constant_24000: `constant:steps=24000,${COMMON}`,
  constant_72000: `constant:steps=72000,${COMMON}`,
  cosine_24000: `cosine:steps=24000,${COMMON},final=3e-5`,
  cosine_72000: `cosine:steps=72000,${COMMON},final=3e-5`,
  wsd_20000_24000: `wsd:steps=24000,${COMMON},final=3e-5,decay-start=20000,shape=geometric`,
  wsdld_20000_24000: `wsd:steps=24000,${COMMON},final=3e-5,decay-start=20000,shape=linear`,
  wsdcon_3: `multistep:steps=16000,${COMMON},at=8000:3e-5`,
  wsdcon_9: `multistep:steps=16000,${COMMON},at=8000:9e-5`,
  wsdcon_18: `multistep:steps=16000,${COMMON},at=8000:1.8e-4`,
};
/** The paper's split (src/config.py). */
export const FIT = ["cosine_24000", "constant_24000", "wsdcon_9"];
export const TEST = ["constant_72000", "cosine_72000", "wsd_20000_24000", "wsdld_20000_24000", "wsdcon_3", "wsdcon_18"];

/** A file's schedule, prepared. */
export const schedule = (name: string) => prepareSchedule(scheduleSteps(parseScheduleSpec(SPECS[name])));

function dir(): string {
  if (!MULTIPOWER_DIR) throw new Error("../shared/data/multipower is missing (CI=true requires it)");
  return MULTIPOWER_DIR;
}

/** One released curve: step, logged learning rate and loss (nats), and its lines as text. */
export function readCurve(size: string, name: string): { step: number[]; lr: number[]; loss: number[]; lines: string[] } {
  const lines = readFileSync(join(dir(), `csv_${size}`, `${name}.csv`), "utf8").trim().split("\n").slice(1);
  const rows = lines.map((l) => l.split(",").map(Number));
  return { step: rows.map((r) => r[0]), lr: rows.map((r) => r[1]), loss: rows.map((r) => r[2]), lines };
}

/** The published parameters of a size ("25", "100", "400"), from src/config.py. */
export const published = (size: string): MultiPowerParams => JSON.parse(readFileSync(join(dir(), "published_params.json"), "utf8")).params_published[`${size}M`];
