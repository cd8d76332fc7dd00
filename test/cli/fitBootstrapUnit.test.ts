// Several points per run (issue 15, item 5): cooldown branches of constant-LR runs give several (N, D, loss) points per
// run, and `fit --bootstrap-unit run` resamples whole runs, not points. Synthetic: 12 runs (N = 5e7 × 1.35^i), each
// cooled down at D/N = 5, 10, 20, 40, losses from Hoffmann et al.'s rounded law times a per-run offset e^u
// (u ~ 0.02 × N(0, 1), shared by a run's branches) and a per-point e^ε (ε ~ 0.002 × N(0, 1)), seed 15. α is set by the
// differences between runs, whose offsets a point bootstrap treats as 48 independent draws: its 95% interval is
// narrower than the run bootstrap's.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DOCUMENT_SCHEMAS } from "../../src/core/schemas.js";
import { createRng } from "../../src/core/stats/rng.js";
import { scalecast } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-cooldown-"));
const file = join(dir, "cooldown.csv");
const rng = createRng(15);
const gauss = () => { let u = 0; for (let i = 0; i < 12; i++) u += rng.next(); return u - 6; }; // Irwin–Hall, variance 1
const rows = ["run,N,D,loss"];
for (let i = 0; i < 12; i++) {
  const N = 5e7 * 1.35 ** i, u = 0.02 * gauss();
  for (const tpp of [5, 10, 20, 40]) rows.push(`r${i},${N},${N * tpp},${(1.69 + 406.4 / N ** 0.34 + 410.7 / (N * tpp) ** 0.28) * Math.exp(u + 0.002 * gauss())}`);
}
writeFileSync(file, rows.join("\n") + "\n");

describe("fit --bootstrap-unit run", () => {
  it("resamples the 12 runs whole, says so, and gives α a wider 95% interval than resampling the 48 points", async () => {
    const [points, runs] = await Promise.all(["point", "run"].map((u) => scalecast(["fit", file, "--bootstrap", "200", "--bootstrap-unit", u, "--json"])));
    expect(points.status, points.stderr).toBe(0);
    expect(runs.status, runs.stderr).toBe(0);
    const p = JSON.parse(points.stdout), r = JSON.parse(runs.stdout);
    expect(DOCUMENT_SCHEMAS.fit.safeParse(r).success).toBe(true);
    expect(r.bootstrap.method).toMatch(/^run resampling: 12 runs of column "run" drawn with replacement/);
    // branches of one run are the design here: no advice to keep only the last checkpoint
    expect(r.warnings.map((w: { code: string }) => w.code)).not.toContain("checkpoints-as-runs");
    expect(p.warnings.map((w: { code: string }) => w.code)).toContain("checkpoints-as-runs");
    // the document says which points came from which run: 12 runs of 4 lines each, in file order
    expect(r.bootstrap.runs).toHaveLength(12);
    expect(r.bootstrap.runs[0]).toEqual({ run: "r0", lines: [2, 3, 4, 5] });
    const width = (d: { bootstrap: { ci95: Record<string, [number, number]> } }) => d.bootstrap.ci95.alpha[1] - d.bootstrap.ci95.alpha[0];
    expect(width(r)).toBeGreaterThan(width(p));
  });

  it("report with --bootstrap-unit run lists each run's points and says how the bootstrap resampled", async () => {
    const html = join(dir, "report.html");
    const r = await scalecast(["report", file, "--bootstrap", "30", "--bootstrap-unit", "run", "-o", html]);
    expect(r.status, r.stderr).toBe(0);
    const page = readFileSync(html, "utf8");
    expect(page).toContain("Bootstrap: run resampling: 12 runs of column &quot;run&quot; drawn with replacement");
    expect(page).toContain("<tr><td>r11</td><td>4: 46, 47, 48, 49</td></tr>");
  });

  it("refuses without a run column, naming the option", async () => {
    const bare = join(dir, "bare.csv");
    writeFileSync(bare, rows.map((l) => l.split(",").slice(1).join(",")).join("\n") + "\n");
    const r = await scalecast(["fit", bare, "--bootstrap", "20", "--bootstrap-unit", "run"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("--bootstrap-unit run resamples the runs of the run column, but");
  });
});
