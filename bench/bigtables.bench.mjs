// Large run tables through the CLI, end to end: a 10^6-row history (20 runs × 50,000
// checkpoints) read, cut to last checkpoints and fitted; a fit of 10^6 distinct runs; and
// plot and report of those 10^6 runs. Wall time and peak memory (GNU time's maximum
// resident set size) per command, median of ROUNDS runs. The tables are generated here
// (seeded), into a temporary folder that is removed afterwards.
//
//   npm run build && node bench/bigtables.bench.mjs [--rounds 3] [--json bench/results/bigtables.json]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, writeSync, closeSync, existsSync } from "node:fs";
import { tmpdir, cpus } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const ROUNDS = Number(args[args.indexOf("--rounds") + 1] || 3) || 3;
const OUT = args.includes("--json") ? args[args.indexOf("--json") + 1] : undefined;
const TIME = "/usr/bin/time";
if (!existsSync(TIME)) throw new Error("needs GNU time at /usr/bin/time (Debian package time) for peak memory");

// Hoffmann et al. 2022's rounded law, 1% multiplicative noise from a seeded generator (mulberry32)
const law = (n, d) => 1.69 + 406.4 / n ** 0.34 + 410.7 / d ** 0.28;
function rng(seed) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

function writeTables(dir) {
  const history = join(dir, "history-1e6.csv"), distinct = join(dir, "distinct-1e6.csv");
  let f = openSync(history, "w");
  writeSync(f, "run,N,step,tokens,loss\n");
  for (let r = 0; r < 20; r++) {
    const n = 1e7 * 10 ** ((3 * r) / 19), dMax = [5, 10, 20, 40][r % 4] * n, rows = [];
    for (let k = 1; k <= 50_000; k++) {
      const d = (dMax * k) / 50_000;
      rows.push(`r${r},${n.toPrecision(6)},${k},${d.toPrecision(8)},${(law(n, d) * (1 + 0.003 * Math.sin(k * (r + 1)))).toFixed(6)}`);
    }
    writeSync(f, rows.join("\n") + "\n");
  }
  closeSync(f);
  const u = rng(20261201);
  f = openSync(distinct, "w");
  writeSync(f, "N,D,loss\n");
  for (let chunk = 0; chunk < 10; chunk++) {
    const rows = [];
    for (let i = 0; i < 100_000; i++) {
      const n = 1e7 * 10 ** (3 * u()), d = n * 10 ** (0.5 + 2 * u());
      rows.push(`${n.toPrecision(10)},${d.toPrecision(10)},${(law(n, d) * Math.exp(0.01 * (u() + u() + u() - 1.5) * 2)).toFixed(7)}`);
    }
    writeSync(f, rows.join("\n") + "\n");
  }
  closeSync(f);
  return { history, distinct };
}

function timed(argv) {
  const r = spawnSync(TIME, ["-f", "%e %M", process.execPath, join(ROOT, "bin", "scalecast.js"), ...argv], { encoding: "utf8", maxBuffer: 1 << 30, cwd: ROOT });
  const last = r.stderr.trim().split("\n").pop().trim().split(/\s+/);
  if (r.status !== 0) throw new Error(`scalecast ${argv.join(" ")} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return { seconds: Number(last[0]), peakMB: Number(last[1]) / 1024, stdout: r.stdout };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[(s.length - 1) >> 1]; };

const dir = mkdtempSync(join(tmpdir(), "scalecast-big-"));
try {
  const { history, distinct } = writeTables(dir);
  const cases = [
    { id: "history-last-checkpoint-fit", target: { seconds: 3, peakMB: 1024 }, argv: ["fit", history, "--last-checkpoint"] },
    { id: "distinct-fit", target: { seconds: 10, peakMB: 1024 }, argv: ["fit", distinct, "--out", join(dir, "fit.json")] },
    { id: "history-last-checkpoint-fit-json", target: null, argv: ["fit", history, "--last-checkpoint", "--json"] },
    { id: "distinct-plot", target: { seconds: 10, peakMB: 1024 }, argv: ["plot", distinct, "--figure", "loss-compute", "-o", join(dir, "lc.svg")] },
    { id: "distinct-report", target: { seconds: 10, peakMB: 1024 }, argv: ["report", distinct, "-o", join(dir, "report.html")] },
  ];
  const results = [];
  for (const c of cases) {
    const runs = [];
    for (let k = 0; k < ROUNDS; k++) runs.push(timed(c.argv));
    const row = { id: c.id, seconds: median(runs.map((r) => r.seconds)), peakMB: median(runs.map((r) => r.peakMB)), rounds: runs.map((r) => [r.seconds, Math.round(r.peakMB)]), target: c.target };
    if (c.id === "distinct-fit") {
      const doc = JSON.parse(readFileSync(join(dir, "fit.json"), "utf8"));
      row.fit = { params: doc.params, objective: doc.objective.value, optimizer: doc.optimizer.subsample, n: doc.data.n };
    }
    if (c.id === "history-last-checkpoint-fit") row.fit = { used: /(\d+) used/.exec(runs[0].stdout)?.[1] };
    results.push(row);
    console.log(`${c.id}: ${row.seconds.toFixed(2)} s, ${row.peakMB.toFixed(0)} MB${c.target ? ` (target ≤ ${c.target.seconds} s, ≤ ${c.target.peakMB} MB)` : " (the JSON lists every one of the 999,980 exclusions)"}; rounds ${JSON.stringify(row.rounds)}`);
  }
  // the optimum against a fit started at the truth (every point, no subsample in its survey of one start)
  const { readRunTable } = await import(join(ROOT, "dist", "node", "readRuns.js"));
  const { fitDataFor } = await import(join(ROOT, "dist", "core", "fit", "data.js"));
  const { fitLaw } = await import(join(ROOT, "dist", "core", "fit", "fitLaw.js"));
  const { chinchilla } = await import(join(ROOT, "dist", "core", "laws", "chinchilla.js"));
  const table = await readRunTable(distinct, { source: distinct });
  const data = fitDataFor(chinchilla, table.runs);
  const truth = Float64Array.from([Math.log(406.4), Math.log(410.7), Math.log(1.69), 0.34, 0.28]); // a, b, e, alpha, beta
  const fromTruth = fitLaw(chinchilla, data, { strategy: "exhaustive", starts: [truth] });
  const cli = results.find((r) => r.id === "distinct-fit").fit;
  const check = { objectiveCli: cli.objective, objectiveFromTruth: fromTruth.objective.value, relativeDifference: (cli.objective - fromTruth.objective.value) / fromTruth.objective.value, paramsFromTruth: fromTruth.params };
  console.log("optimum check:", JSON.stringify(check));
  const doc = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, rounds: ROUNDS, results, optimumCheck: check };
  if (OUT) writeFileSync(OUT, JSON.stringify(doc, null, 2) + "\n");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
