// Long work shows a progress bar on a terminal (issue 11, item 1): fit's multi-start survey and bootstrap, backtest's fits and
// refits, report's backtest. The bar goes to stderr only when it is a terminal, is erased when the work ends, and never
// changes stdout. Counted, not timed: the bar's last drawing says every step was done.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleSweepCsv } from "../../src/core/fit/exampleSweep.js";
import { withIo } from "../../src/node/io.js";
import { progressBar } from "../../src/node/progress.js";
import { scalecast } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-progress-"));
const sweep = join(dir, "sweep.csv");
writeFileSync(sweep, exampleSweepCsv({ seed: 42 }));

/** The bar drawings in a stderr stream: "label [###---] done/total (p%…)". */
const drawings = (stderr: string, label: string) => [...stderr.matchAll(new RegExp(`\\r${label.replace(/[()]/g, "\\$&")} \\[[#-]{20}\\] (\\d+)/(\\d+)`, "g"))].map((m) => [Number(m[1]), Number(m[2])]);

describe("progress bars on a terminal", () => {
  it("backtest draws its fits and refits to the end (1 fit + 50 refits = 51 steps), erases the bar, and prints the same stdout as without a terminal", async () => {
    const args = ["backtest", sweep, "--bootstrap", "50"];
    const tty = await scalecast(args, undefined, { terminal: true });
    const plain = await scalecast(args);
    expect(tty.status).toBe(0);
    const d = drawings(tty.stderr, "backtest fits");
    expect(d.length).toBeGreaterThanOrEqual(2);
    expect(d[d.length - 1]).toEqual([51, 51]);
    expect(tty.stderr.endsWith("\r\x1b[K")).toBe(true);
    expect(tty.stdout).toBe(plain.stdout);
    expect(plain.stderr).toBe("");
  });

  it("fit draws the screened survey (its size learned as it goes) and the bootstrap to 100/100", async () => {
    const r = await scalecast(["fit", sweep, "--bootstrap", "100", "--threads", "1"], undefined, { terminal: true });
    expect(r.status).toBe(0);
    const survey = drawings(r.stderr, "screened multi-start");
    expect(survey.length).toBeGreaterThan(0);
    expect(survey.every(([done, total]) => done <= total && total > 0)).toBe(true);
    const boot = drawings(r.stderr, "bootstrap");
    expect(boot[boot.length - 1]).toEqual([100, 100]);
    expect(r.stdout).not.toContain("\r");
  });

  it("progressBar writes nothing when stderr is not a terminal, and redraws at the end whatever the time since the last drawing", async () => {
    const lines: string[] = [];
    const io = { stdout: () => {}, stderr: (t: string) => { lines.push(t); }, interactive: false };
    await withIo(io, [], async () => {
      const bar = progressBar("quiet", 10);
      for (let i = 1; i <= 10; i++) bar.update(i);
      bar.stop();
    });
    expect(lines).toEqual([]);
    const tty = { ...io, interactive: true };
    await withIo(tty, [], async () => {
      const bar = progressBar("loud", 0); // size unknown until the first update that gives it
      bar.update(1);
      expect(lines).toEqual([]);
      for (let i = 1; i <= 1000; i++) bar.update(i, 1000);
      bar.stop();
      bar.stop();
    });
    expect(lines[lines.length - 2]).toMatch(/^\rloud \[#{20}\] 1000\/1000 \(100%\)/);
    expect(lines[lines.length - 1]).toBe("\r\x1b[K");
    expect(lines.filter((l) => l === "\r\x1b[K")).toHaveLength(1);
  });
});
