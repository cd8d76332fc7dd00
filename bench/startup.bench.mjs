// Start-up: `node -e 0` (the floor), `scalecast --help`, and `npx scalecast plan …` the first time
// after `npm ci` (a fresh npx cache each round: npm installs a package's own bin into it on the
// first call, which ran the whole build before scripts/prepare.mjs learnt to skip an up-to-date
// one) and again. Wall time, median of ROUNDS. Run from a checkout after `npm ci`.
//
//   node bench/startup.bench.mjs [--rounds 7]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const ROUNDS = Number(args[args.indexOf("--rounds") + 1] || 7) || 7;
const PLAN = ["scalecast", "plan", "--budget-flops", "5.76e23", "--law", "hoffmann-2022"];

function seconds(cmd, argv, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

const rows = { "node -e 0": [], "scalecast --help": [], "npx scalecast plan … (first call, fresh npx cache)": [], "npx scalecast plan … (again)": [] };
for (let k = 0; k < ROUNDS; k++) {
  rows["node -e 0"].push(seconds(process.execPath, ["-e", "0"]));
  rows["scalecast --help"].push(seconds(process.execPath, [join(ROOT, "bin", "scalecast.js"), "--help"]));
  const cache = mkdtempSync(join(tmpdir(), "scalecast-npx-"));
  try {
    rows["npx scalecast plan … (first call, fresh npx cache)"].push(seconds("npx", PLAN, { npm_config_cache: cache }));
    rows["npx scalecast plan … (again)"].push(seconds("npx", PLAN, { npm_config_cache: cache }));
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}
const floor = median(rows["node -e 0"]);
console.log(`Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0].model}, Node ${process.version}; median of ${ROUNDS}.\n`);
console.log("| command | median | ratio to node -e 0 | rounds (s) |");
console.log("|---|---|---|---|");
for (const [name, xs] of Object.entries(rows)) console.log(`| \`${name}\` | ${median(xs).toFixed(3)} s | ${(median(xs) / floor).toFixed(1)}× | ${xs.map((x) => x.toFixed(2)).join(", ")} |`);
