// `scalecast backtest`: fit on the smaller runs, predict the held-out ones, score laws × methods.
// The expected held-out set, extrapolation factor, MARE and coverage are recomputed here from the
// run table (src/core/runs/parseRunTable) and the points the CLI reports, not taken from the CLI.
// Exit codes (src/cli/main.ts): 2 for usage errors found by option parsing, 1 for unusable input,
// 3 when a candidate failed or did not converge.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BacktestResult } from "../../src/core/fit/backtest.js";
import { parseRunTable } from "../../src/core/runs/parseRunTable.js";
import type { Run } from "../../src/core/runs/types.js";
import { sharedFile } from "../support/sharedData.js";
import { ensureBuilt, expectFailure, scalecast } from "./run.js";

type BacktestDoc = BacktestResult & { command: string; data: { source: string; n: number; rowsRead: number } };

let dir: string;
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** `scalecast backtest ...args --json`, asserting `status` and parsing stdout. */
async function backtestJson(args: readonly string[], status = 0): Promise<BacktestDoc> {
  const r = await scalecast(["backtest", ...args, "--json"]);
  expect(r.status, `backtest ${args.join(" ")}:\n${r.stderr}`).toBe(status);
  return JSON.parse(r.stdout) as BacktestDoc;
}

/** The held-out runs of --holdout-top-compute f: the round(f·n) largest C, ties at the threshold included. */
function topCompute(runs: readonly Run[], f: number): { threshold: number; test: Run[]; train: Run[] } {
  const k = Math.max(1, Math.round(f * runs.length));
  const threshold = runs.map((r) => r.flops!).sort((a, b) => b - a)[k - 1];
  return { threshold, test: runs.filter((r) => r.flops! >= threshold), train: runs.filter((r) => r.flops! < threshold) };
}

/**
 * 18 runs in three families of 6 (small: N 1e7, 3e7; mid: 1e8, 3e8; big: 1e9, 3e9) × {5, 20, 80} tokens per
 * parameter, loss from Hoffmann et al. 2022's rounded law × a fixed ± 0.5% noise.
 */
const NOISE = [1.004, 0.997, 1.002, 0.995, 1.006, 0.998, 1.001, 0.993, 1.005, 0.999, 1.003, 0.996, 1.002, 0.998, 1.004, 0.996, 1.001, 0.997];
function familiesCsv(): string {
  const rows = ["N,D,loss,family"];
  [1e7, 3e7, 1e8, 3e8, 1e9, 3e9].forEach((N, i) => {
    [5, 20, 80].forEach((tpp, j) => {
      const D = N * tpp;
      rows.push([N, D, (1.69 + 406.4 / N ** 0.34 + 410.7 / D ** 0.28) * NOISE[3 * i + j], ["small", "mid", "big"][i >> 1]].join(","));
    });
  });
  return rows.join("\n") + "\n";
}

let families: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "scalecast-cli-backtest-"));
  families = file("families.csv", familiesCsv());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHINCHILLA = sharedFile("chinchilla-epoch/svg_extracted_data.csv");

describe.skipIf(!CHINCHILLA)("backtest on Hoffmann et al. 2022's runs (Besiroglu et al. 2024's extraction)", () => {
  let doc: BacktestDoc;
  let runs: Run[];
  beforeAll(async () => {
    runs = parseRunTable(readFileSync(CHINCHILLA!, "utf8"), { source: CHINCHILLA! }).runs;
    doc = await backtestJson([CHINCHILLA!, "--law", "chinchilla,power", "--method", "grid,varpro", "--holdout-top-compute", "0.1", "--bootstrap", "100"]);
  });

  it("--holdout-top-compute 0.1 holds out the highest-compute runs and reports the extrapolation factor", () => {
    expect(doc.command).toBe("backtest");
    expect(runs).toHaveLength(245); // ../shared/data/README.md: 245 rows
    const { threshold, test, train } = topCompute(runs, 0.1);
    expect(doc.test).toBe(test.length);
    expect(doc.train).toBe(train.length);
    expect(doc.train + doc.test).toBe(245);
    expect(doc.holdout).toContain(`C ≥ ${threshold.toExponential(3)}`);
    const factor = Math.max(...test.map((r) => r.flops!)) / Math.max(...train.map((r) => r.flops!));
    expect(factor).toBeGreaterThan(1); // a real extrapolation
    expect(Math.abs(doc.extrapolationFactor / factor - 1)).toBeLessThan(1e-12);
    // every candidate predicts exactly the held-out runs, with the table's own losses as the actual values
    const heldLines = test.map((r) => r.line).sort((a, b) => a - b);
    const lossAt = new Map(runs.map((r) => [r.line, r.lossNats]));
    for (const c of doc.candidates) {
      expect(c.points!.map((p) => p.line).sort((a, b) => a - b)).toEqual(heldLines);
      for (const p of c.points!) expect(p.actual).toBe(lossAt.get(p.line));
    }
  });

  it("compares chinchilla × {grid, varpro} and power × grid, noting that power × varpro is skipped", () => {
    expect(doc.candidates.map((c) => `${c.lawId} ${c.method}`)).toEqual(["chinchilla grid", "chinchilla varpro", "power grid"]);
    expect(doc.notes.join("\n")).toContain("power × varpro skipped");
    for (const c of doc.candidates) {
      expect(c.error, `${c.lawId} ${c.method}`).toBeUndefined();
      expect(c.converged).toBe(true);
    }
  });

  it("each candidate's MARE is the mean |relative error| of its points, and its coverages the shares inside its intervals", () => {
    for (const c of doc.candidates) {
      const pts = c.points!;
      for (const p of pts) expect(Math.abs(p.relativeError - (p.predicted - p.actual) / p.actual)).toBeLessThan(1e-15);
      const mare = pts.reduce((s, p) => s + Math.abs(p.relativeError), 0) / pts.length;
      expect(Math.abs(c.mare! - mare)).toBeLessThan(1e-12);
      for (const level of ["0.8", "0.95"]) {
        const inside = pts.filter((p) => p.actual >= p.pi[level][0] && p.actual <= p.pi[level][1]).length;
        expect(c.coverage![level]).toBe(inside / pts.length);
      }
      expect(c.coverage!["0.95"]).toBeGreaterThanOrEqual(c.coverage!["0.8"]);
    }
  });

  it("chinchilla's predictions are its law at the fitted parameters, and grid and varpro agree on the MARE to 1e-6", () => {
    for (const c of doc.candidates.filter((c) => c.lawId === "chinchilla")) {
      const { E, A, B, alpha, beta } = c.params!;
      for (const p of c.points!) expect(Math.abs(p.predicted / (E + A / p.params! ** alpha + B / p.tokens! ** beta) - 1)).toBeLessThan(1e-9);
    }
    const [grid, varpro] = doc.candidates;
    // the same optimum found two ways (measured: 0.0139440 both, differing by 2e-8)
    expect(Math.abs(grid.mare! - varpro.mare!)).toBeLessThan(1e-6);
  });
});

describe("backtest on a synthetic table with families", () => {
  it("the text report names the extrapolation factor and both PI coverages", async () => {
    const r = await scalecast(["backtest", families, "--bootstrap", "50", "--pool-groups"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("extrapolation factor");
    expect(r.stdout).toContain("80% PI coverage");
    expect(r.stdout).toContain("95% PI coverage");
  });

  it("--holdout-group big holds out exactly that family's runs", async () => {
    const doc = await backtestJson([families, "--holdout-group", "big", "--bootstrap", "50"]);
    const runs = parseRunTable(familiesCsv(), { source: families }).runs;
    const big = runs.filter((r) => r.group === "big");
    expect(big).toHaveLength(6);
    expect(doc.test).toBe(6);
    expect(doc.train).toBe(12);
    expect(doc.holdout).toContain('group "big"');
    expect(doc.candidates[0].points!.map((p) => p.line)).toEqual(big.map((r) => r.line)); // lines 14–19
    const factor = Math.max(...big.map((r) => r.flops!)) / Math.max(...runs.filter((r) => r.group !== "big").map((r) => r.flops!));
    expect(Math.abs(doc.extrapolationFactor / factor - 1)).toBeLessThan(1e-12);
  });

  it("--holdout-group with an unknown group exits 1 naming the known groups", async () => {
    const r = await scalecast(["backtest", families, "--holdout-group", "huge", "--bootstrap", "50"]);
    expectFailure(r, 1);
    expect(r.stderr).toContain('"huge"');
    expect(r.stderr).toContain("small, mid, big");
  });
});

describe("backtest with bad options", () => {
  it("--holdout-top-compute and --holdout-group together exit 2", async () => {
    const r = await scalecast(["backtest", families, "--holdout-top-compute", "0.2", "--holdout-group", "big"]);
    expectFailure(r, 2);
    expect(r.stderr).toContain("not both");
  });

  it("--holdout-top-compute 1.5 exits 2; 20% is accepted and means 0.2", async () => {
    const bad = await scalecast(["backtest", families, "--holdout-top-compute", "1.5"]);
    expectFailure(bad, 2);
    expect(bad.stderr).toContain('got "1.5"');
    const percent = await backtestJson([families, "--holdout-top-compute", "20%", "--bootstrap", "50", "--pool-groups"]);
    const fraction = await backtestJson([families, "--holdout-top-compute", "0.2", "--bootstrap", "50", "--pool-groups"]);
    expect({ ...percent, argv: [] }).toEqual({ ...fraction, argv: [] }); // same seed, same split: the same document
    expect(percent.holdout).toContain("top 20%");
  });

  it("an unknown law in --law exits 2 listing the known laws; --method foo exits 2", async () => {
    const law = await scalecast(["backtest", families, "--law", "chinchilla,bogus"]);
    expectFailure(law, 2);
    expect(law.stderr).toContain('"bogus"');
    expect(law.stderr).toMatch(/known laws: chinchilla, power, .*data-constrained/);
    const method = await scalecast(["backtest", families, "--method", "foo"]);
    expectFailure(method, 2);
    expect(method.stderr).toContain('"foo"');
    expect(method.stderr).toContain("grid or varpro");
  });
});

describe("backtest with a candidate that cannot be fitted", () => {
  it("6 runs, top 50% held out: 3 training runs for chinchilla's 5 parameters → exit 3, the error listed in --json", async () => {
    const path = file("six.csv", familiesCsv().split("\n").slice(0, 7).map((l) => l.split(",").slice(0, 3).join(",")).join("\n") + "\n");
    const doc = await backtestJson([path, "--law", "chinchilla", "--holdout-top-compute", "0.5", "--bootstrap", "50"], 3);
    expect(doc.train).toBe(3);
    expect(doc.test).toBe(3);
    expect(doc.candidates).toHaveLength(1);
    expect(doc.candidates[0].lawId).toBe("chinchilla");
    expect(doc.candidates[0].error).toMatch(/parameters but only/);
    expect(doc.candidates[0].points).toBeUndefined();
    const text = await scalecast(["backtest", path, "--law", "chinchilla", "--holdout-top-compute", "0.5", "--bootstrap", "50"]);
    expect(text.status).toBe(3);
    expect(text.stdout).toContain("failed: ");
  });
});
