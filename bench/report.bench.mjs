// Issue 5 target: a 5,000-run table produces its report in under 5 s (end to end: parse, fit, 200 bootstrap
// refits, figures, HTML). The table: Hoffmann et al. 2022's rounded law on 50 sizes (1e7–1e10) × 100
// tokens-per-parameter ratios (2–500), log-normal noise σ = 1%, seed 7. Run: npm run build && node bench/report.bench.mjs
import { execFileSync } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";

let s = 7;
const next = () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return ((s >>> 0) + 0.5) / 4294967296; };
const gauss = () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
const rows = ["N,D,loss"];
for (let i = 0; i < 50; i++) for (let j = 0; j < 100; j++) {
  const N = 1e7 * 10 ** (3 * i / 49), D = N * 2 * 250 ** (j / 99);
  rows.push(`${N},${D},${(1.69 + 406.4 / N ** 0.34 + 410.7 / D ** 0.28) * Math.exp(0.01 * gauss())}`);
}
const dir = mkdtempSync(join(tmpdir(), "scalecast-bench-"));
const csv = join(dir, "runs5000.csv"), html = join(dir, "report.html");
writeFileSync(csv, rows.join("\n") + "\n");
const times = [];
for (let round = 0; round < 3; round++) {
  const t0 = performance.now();
  execFileSync(process.execPath, ["bin/scalecast.js", "report", csv, "-o", html], { stdio: ["ignore", "ignore", "inherit"] });
  times.push((performance.now() - t0) / 1000);
}
times.sort((a, b) => a - b);
const result = { date: new Date().toISOString().slice(0, 10), machine: `${cpus().length} × ${cpus()[0].model}`, runs: rows.length - 1, seconds: times, median: times[1], reportKB: Math.round(statSync(html).size / 1024), targetSeconds: 5 };
console.log(JSON.stringify(result, null, 2));
