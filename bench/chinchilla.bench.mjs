#!/usr/bin/env node
// Benchmark: scalecast against the scipy peer (../shared/peers) on the Chinchilla
// replication, on this machine, in one session, alternating peer and scalecast runs.
// Usage: npm run build && node bench/chinchilla.bench.mjs [--rounds 2] [--skip-peer] [--stages screened,exhaustive,bootstrap,eval] [--reps 3]
// --stages runs only the stages named (the peer too: its grid for screened/exhaustive, its bootstrap for bootstrap),
// for quick iterations; --reps sets the timed scalecast runs per round (median taken).
// Prints a Markdown table for docs/benchmarks.md and writes bench/results/latest.json.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const shared = join(root, "..", "shared");
const csv = join(shared, "data", "chinchilla-epoch", "svg_extracted_data.csv");
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const rounds = Number(option("--rounds", 2)) || 2;
const reps = Number(option("--reps", 3)) || 3;
const skipPeer = args.includes("--skip-peer");
const STAGES = ["screened", "exhaustive", "bootstrap", "eval"];
const stagesRun = new Set(option("--stages", STAGES.join(",")).split(","));
for (const st of stagesRun) if (!STAGES.includes(st)) { console.error(`unknown stage "${st}"; stages: ${STAGES.join(", ")}`); process.exit(1); }
const runs = (st) => stagesRun.has(st);
if (!existsSync(csv)) { console.error(`benchmark needs ${csv}`); process.exit(1); }

const { chinchilla } = await import(join(root, "dist/core/laws/chinchilla.js"));
const { fitDataFor } = await import(join(root, "dist/core/fit/data.js"));
const { fitLaw } = await import(join(root, "dist/core/fit/fitLaw.js"));
const { objectives } = await import(join(root, "dist/core/fit/objectives.js"));
const { selectRuns } = await import(join(root, "dist/core/fit/selectRuns.js"));
const { parseRunTable } = await import(join(root, "dist/core/runs/parseRunTable.js"));
const { fitLawParallel, bootstrapParallel } = await import(join(root, "dist/node/parallel.js"));
const { summarizeBootstrap } = await import(join(root, "dist/core/fit/bootstrap.js"));

const table = parseRunTable(readFileSync(csv, "utf8"), { source: csv });
const data = fitDataFor(chinchilla, selectRuns(table, { excludeHighestLoss: 5 }).runs);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), k = Math.floor(s.length / 2);
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
};
const time = async (fn) => { const t0 = performance.now(); const r = await fn(); return { s: (performance.now() - t0) / 1000, r }; };

// The first call in a fresh process, as a one-off CLI command meets it: the worker thread is
// started when the process starts (as the CLI's prestartWorkers does, while it reads the data
// and fits), but the timed call is the first bootstrap or survey of the process, on code that
// has not run yet on the main thread's side. The warm figures reuse the persistent workers.
function cold(stage) {
  const script = `
    const root = ${JSON.stringify(root)}, csv = ${JSON.stringify(csv)};
    const { startWorkers } = await import(root + "/dist/node/workerPool.js");
    startWorkers();
    const { readFileSync } = await import("node:fs");
    const { chinchilla } = await import(root + "/dist/core/laws/chinchilla.js");
    const { fitDataFor } = await import(root + "/dist/core/fit/data.js");
    const { fitLaw } = await import(root + "/dist/core/fit/fitLaw.js");
    const { selectRuns } = await import(root + "/dist/core/fit/selectRuns.js");
    const { parseRunTable } = await import(root + "/dist/core/runs/parseRunTable.js");
    const { fitLawParallel, bootstrapParallel } = await import(root + "/dist/node/parallel.js");
    const data = fitDataFor(chinchilla, selectRuns(parseRunTable(readFileSync(csv, "utf8"), { source: csv }), { excludeHighestLoss: 5 }).runs);
    const fit = fitLaw(chinchilla, data);
    const t0 = performance.now();
    if (${JSON.stringify(stage)} === "exhaustive") await fitLawParallel(chinchilla, {}, data, { strategy: "exhaustive" });
    else await bootstrapParallel({ law: chinchilla, objective: "huber", delta: 1e-3, theta: fit.theta, seed: 42, budgetFlops: 5.76e23, corrections: fit.corrections }, {}, data, 4000);
    console.log((performance.now() - t0) / 1000);`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cold ${stage} run failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

// --- one objective+gradient evaluation, 240 points -----------------------------------
function evalMicro() {
  const fg = objectives.huber.create(chinchilla, data, 1e-3);
  const g = new Float64Array(5), x = Float64Array.of(6.169, 7.670, 0.5973, 0.3473, 0.3672);
  const reps = 200_000, runs = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) { x[0] += 1e-12; fg(x, g); }
    runs.push(((performance.now() - t0) * 1000) / reps);
  }
  return median(runs);
}
function evalC() {
  const dir = join(tmpdir(), "scalecast-bench");
  mkdirSync(dir, { recursive: true });
  const exe = join(dir, "bench_eval"), pts = join(dir, "pts.txt");
  execFileSync("gcc", ["-O2", join(shared, "peers", "bench_eval.c"), "-o", exe, "-lm"]);
  const lines = [];
  for (let i = 0; i < data.n; i++) lines.push(`${data.inputs.log.params[i]} ${data.inputs.log.tokens[i]} ${data.logLoss[i]}`);
  writeFileSync(pts, lines.join("\n") + "\n");
  const runs = [];
  for (let k = 0; k < 5; k++) runs.push(Number(/f\+grad: ([\d.]+) us/.exec(execFileSync(exe, [pts, "200000"], { encoding: "utf8" }))[1]));
  return median(runs);
}

function peer(extra) {
  const r = spawnSync("python3", [join(shared, "peers", "fit_chinchilla.py"), ...extra], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`peer failed: ${r.stderr}`);
  const num = (re) => { const m = re.exec(r.stdout); return m ? Number(m[1]) : null; };
  return {
    gridS: num(/TIME grid_fit_s=([\d.]+)/), gridObjective: num(/objective \(sum Huber\) = ([\d.eE+-]+)/),
    bootstrapS: num(/TIME bootstrap_s=([\d.]+)/),
  };
}

const res = { date: new Date().toISOString(), machine: `${cpus().length} × ${cpus()[0].model}`, node: process.version, rounds: [] };
if (runs("eval")) {
  res.evalUs = evalMicro();
  res.evalCUs = evalC();
}
const SE_KEYS = ["A", "B", "E", "alpha", "beta", "a"];
const fullFit = fitLaw(chinchilla, data); // the bootstrap's start when the screened stage is not timed
for (let k = 0; k < rounds; k++) {
  const round = {};
  // grid (finite differences, as the notebook) and/or the 4,000-resample bootstrap
  const peerArgs = ["--skip-mle", ...(runs("screened") || runs("exhaustive") ? [] : ["--skip-grid"]), ...(runs("bootstrap") ? [] : ["--bootstrap", "0"])];
  if (!skipPeer && (runs("screened") || runs("exhaustive") || runs("bootstrap"))) Object.assign(round, { peer: peer(peerArgs) });
  // after the peer's minutes of load: a short pause, one untimed warm-up, then the median of `reps`
  await new Promise((r) => setTimeout(r, 5000));
  const stages = async () => {
    const out = {};
    if (runs("screened")) out.screened = await time(() => fitLaw(chinchilla, data));
    if (runs("exhaustive")) out.exhaustive = await time(() => fitLawParallel(chinchilla, {}, data, { strategy: "exhaustive" }));
    const start = out.screened?.r ?? fullFit;
    if (runs("bootstrap")) out.boot = await time(() => bootstrapParallel({ law: chinchilla, objective: "huber", delta: 1e-3, theta: start.theta, seed: 42, budgetFlops: 5.76e23, corrections: start.corrections }, {}, data, 4000));
    return out;
  };
  if (runs("exhaustive")) round.exhaustiveColdS = cold("exhaustive");
  if (runs("bootstrap")) round.bootstrapColdS = cold("bootstrap");
  await stages();
  const timed = [];
  for (let r = 0; r < reps; r++) timed.push(await stages());
  const mid = (f) => median(timed.map(f));
  const { screened, exhaustive, boot } = timed[0];
  if (screened) Object.assign(round, { screenedS: mid((x) => x.screened.s), screenedObjective: screened.r.objective.value, screenedStartsRun: screened.r.optimizer.startsRun });
  if (exhaustive) Object.assign(round, { exhaustiveS: mid((x) => x.exhaustive.s), exhaustiveObjective: exhaustive.r.objective.value, exhaustiveThreads: exhaustive.r.threads });
  if (boot) {
    const se = summarizeBootstrap(boot.r.results, 42, 5.76e23).se;
    Object.assign(round, { bootstrapS: mid((x) => x.boot.s), bootstrapThreads: boot.r.threads, bootstrapSe: Object.fromEntries(SE_KEYS.map((key) => [key, se[key]])) });
  }
  round.scalecastRunsS = timed.map((x) => Object.fromEntries(Object.entries(x).map(([key, v]) => [key, v.s])));
  res.rounds.push(round);
  console.error(`round ${k + 1}: ${JSON.stringify(round)}`);
}
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "latest.json"), JSON.stringify(res, null, 2) + "\n");

const m = (key, sub) => {
  const xs = res.rounds.map((r) => (sub ? r[sub]?.[key] : r[key])).filter((v) => v != null);
  return xs.length ? median(xs) : null;
};
const fmt = (v, d = 3) => (v == null ? "—" : Number(v).toPrecision(d));
const ratio = (a, b) => (a == null || b == null ? "—" : `${(a / b).toFixed(0)}×`);
const first = res.rounds[0] ?? {};
console.log(`Measured ${res.date.slice(0, 10)} on ${res.machine}, Node ${res.node}; medians of ${rounds} alternating rounds (scalecast: median of ${reps} runs after a warm-up run in each round).\n`);
console.log("| stage | peer (scipy) | scalecast | ratio | target |");
console.log("|---|---|---|---|---|");
if (runs("screened")) console.log(`| 4,500-start grid fit, default (screened) | ${fmt(m("gridS", "peer"))} s | ${fmt(m("screenedS"))} s | ${ratio(m("gridS", "peer"), m("screenedS"))} | ≥ 100× |`);
if (runs("exhaustive")) console.log(`| 4,500-start grid fit, --exhaustive (${first.exhaustiveThreads} threads) | ${fmt(m("gridS", "peer"))} s | ${fmt(m("exhaustiveS"))} s | ${ratio(m("gridS", "peer"), m("exhaustiveS"))} | ≥ 60× |`);
if (runs("bootstrap")) console.log(`| bootstrap, 4,000 resamples (${first.bootstrapThreads} threads) | ${fmt(m("bootstrapS", "peer"))} s | ${fmt(m("bootstrapS"))} s | ${ratio(m("bootstrapS", "peer"), m("bootstrapS"))} | ≥ 100× |`);
if (runs("exhaustive")) console.log(`| same, first call in a fresh process (workers started with the process, as the CLI does) | ${fmt(m("gridS", "peer"))} s | ${fmt(m("exhaustiveColdS"))} s | ${ratio(m("gridS", "peer"), m("exhaustiveColdS"))} | — |`);
if (runs("bootstrap")) console.log(`| bootstrap, first call in a fresh process | ${fmt(m("bootstrapS", "peer"))} s | ${fmt(m("bootstrapColdS"))} s | ${ratio(m("bootstrapS", "peer"), m("bootstrapColdS"))} | — |`);
if (runs("eval")) console.log(`| one objective + gradient, 240 points | C: ${fmt(res.evalCUs)} µs | ${fmt(res.evalUs)} µs | ${(res.evalUs / res.evalCUs).toFixed(2)}× the C time | ≤ 2× |`);
console.log(`\nPer round (peer grid s, peer bootstrap s | screened s, exhaustive s, bootstrap s; ratios peer ÷ scalecast in the same round):`);
for (const r of res.rounds) {
  console.log(`- ${fmt(r.peer?.gridS)}, ${fmt(r.peer?.bootstrapS)} | ${fmt(r.screenedS)}, ${fmt(r.exhaustiveS)}, ${fmt(r.bootstrapS)}` +
    ` — ${ratio(r.peer?.gridS, r.screenedS)}, ${ratio(r.peer?.gridS, r.exhaustiveS)}, ${ratio(r.peer?.bootstrapS, r.bootstrapS)}`);
}
if (runs("screened") || runs("exhaustive")) console.log(`\nObjectives: peer grid ${m("gridObjective", "peer") ?? "—"}, scalecast screened ${m("screenedObjective") ?? "—"}, exhaustive ${m("exhaustiveObjective") ?? "—"}.`);
if (runs("bootstrap") && first.bootstrapSe) console.log(`\nBootstrap SEs (seed 42, 4,000 resamples): ${SE_KEYS.map((key) => `${key} ${first.bootstrapSe[key].toPrecision(6)}`).join(", ")}.`);
