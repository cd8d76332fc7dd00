// Selection in the workbench speaks the CLI's vocabulary: the table is read with the law's roles (`needs`)
// and --where, runs are chosen by selectRuns (--best-of, --last-checkpoint, --pool-groups,
// --exclude-highest-loss), and refusals come back with their codes instead of being thrown. Each page
// function is compared with the core calls (and the CLI's runFitJob) on the same small inline tables.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runFitJob, type FitCliOptions } from "../../src/cli/fit.js";
import { lawRoles } from "../../src/core/fit/data.js";
import { selectRuns } from "../../src/core/fit/selectRuns.js";
import { getLaw } from "../../src/core/laws/registry.js";
import { parseRunTable } from "../../src/core/runs/parseRunTable.js";
import { buildFitDocument, loadTable, needsOf, prepareFit, runFit, selectForFit, trySelect, type SelectionSettings } from "../../web/src/pipeline.js";
import { readBestOf, readWhereLines, selectionSummary } from "../../web/src/selection.js";

const none: SelectionSettings = { bestOf: [], lastCheckpoint: false, poolGroups: false, excludeHighest: 0 };
const grid = { method: "grid" as const, objective: "huber" as const, delta: 1e-3 };

/**
 * A StepLaw-like sweep (Li et al. 2025 train each (N, D) at several learning rates and batch sizes):
 * 4 sizes × 3 token counts × 2 learning rates, each run logged at two steps (half its tokens, then all),
 * plus 3 runs of other sizes on another dataset. Loss from Hoffmann et al. 2022's law (E 1.69, A 406.4, B 410.7,
 * α 0.34, β 0.28); the worse learning rate costs 2%, and a fixed ±0.3% wobble keeps the fit from being exact.
 */
function stepLawCsv(): string {
  const rows = ["N,D,lr,bs,run,step,dataset,loss"];
  let i = 0;
  const loss = (n: number, d: number, lr: number) => (1.69 + 406.4 / n ** 0.34 + 410.7 / d ** 0.28) * (lr === 1e-3 ? 1 : 1.02) * (1 + 0.003 * Math.sin(++i));
  for (const n of [5e7, 1e8, 3e8, 1e9]) for (const d of [2e9, 6e9, 2e10]) for (const lr of [1e-3, 4e-3]) {
    const run = `${n}-${d}-${lr}`;
    rows.push(`${n},${d / 2},${lr},256,${run},1000,rpj,${loss(n, d / 2, lr).toFixed(6)}`);
    rows.push(`${n},${d},${lr},256,${run},2000,rpj,${loss(n, d, lr).toFixed(6)}`);
  }
  for (const n of [7e7, 2e8, 6e8]) rows.push(`${n},2e10,1e-3,256,c4-${n},2000,c4,${(loss(n, 2e10, 1e-3) + 0.1).toFixed(6)}`);
  return rows.join("\n") + "\n";
}

const STEPLAW = stepLawCsv();
const chinchilla = getLaw("chinchilla", {});
// the CLI reads files: STEPLAW written once to a temporary folder
const DIR = mkdtempSync(join(tmpdir(), "scalecast-web-"));
const STEPLAW_FILE = join(DIR, "steplaw.csv");
writeFileSync(STEPLAW_FILE, STEPLAW);
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
const cli = (o: Partial<FitCliOptions>): FitCliOptions => ({ law: "chinchilla", objective: "huber", delta: 1e-3, excludeHighestLoss: 0, seed: 42, budgetFlops: 5.76e23, method: "grid", threads: 1, ...o });

/** The page's fit document for STEPLAW (read from STEPLAW_FILE's name) with these selection settings. */
function webStepLawDocument(where: string[], selecting: SelectionSettings) {
  const loaded = loadTable(STEPLAW, STEPLAW_FILE, { needs: needsOf("chinchilla", {}), where });
  if (!loaded.ok) throw new Error(loaded.error);
  const settings = { law: "chinchilla", lawOptions: {}, ...grid };
  const prep = prepareFit(loaded.table, settings, selecting, []);
  if (!prep.ok) throw new Error(prep.error);
  return buildFitDocument({ fit: runFit(prep.law, prep.data, settings), table: loaded.table, selection: prep.selection, data: prep.data, excludeHighest: selecting.excludeHighest, simulated: false, seed: 42, budgetFlops: 5.76e23 });
}
/** The data rows of STEPLAW by line: line 2 is the first data row. */
const rowAt = (line: number) => STEPLAW.split("\n")[line - 1].split(",");

describe("selection: the page's pipeline = the CLI's core functions", () => {
  const where = ["dataset=rpj"];
  const selecting: SelectionSettings = { bestOf: ["lr", "bs"], lastCheckpoint: true, poolGroups: false, excludeHighest: 0 };

  it("loadTable + selectForFit(where, best-of lr,bs, last checkpoint) equals parseRunTable + selectRuns with the CLI's options", () => {
    const loaded = loadTable(STEPLAW, "steplaw.csv", { needs: needsOf("chinchilla", {}), where });
    if (!loaded.ok) throw new Error(loaded.error);
    const web = selectForFit(loaded.table, chinchilla, selecting, []);
    const table = parseRunTable(STEPLAW, { source: "steplaw.csv", columns: {}, needs: lawRoles(chinchilla), where });
    const core = selectRuns(table, { checkpoints: "warn", excludeHighestLoss: 0, configuration: ["params", "tokens"], target: "loss", bestOf: ["lr", "bs"], lastCheckpoint: true, groups: "refuse" });
    expect(loaded.table).toEqual(table);
    expect(web).toEqual(core);
  });

  it("keeps, at each (N, D), the final checkpoint of the lower-loss learning rate (1e-3); lists the rest by code", () => {
    const loaded = loadTable(STEPLAW, "steplaw.csv", { needs: needsOf("chinchilla", {}), where });
    if (!loaded.ok) throw new Error(loaded.error);
    const sel = selectForFit(loaded.table, chinchilla, selecting, []);
    expect(sel.runs).toHaveLength(12);
    for (const r of sel.runs) expect(rowAt(r.line).slice(2, 6)).toEqual(["0.001", "256", expect.any(String), "2000"]);
    const byCode = (code: string) => sel.excluded.filter((e) => e.code === code).map((e) => e.line);
    expect(byCode("where")).toHaveLength(3);
    expect(byCode("not-last-checkpoint")).toHaveLength(24);
    const notBest = byCode("not-best-of-config");
    expect(notBest).toHaveLength(12);
    for (const line of notBest) expect(rowAt(line).slice(2, 6)).toEqual(["0.004", "256", expect.any(String), "2000"]);
    expect(sel.excluded.find((e) => e.code === "not-best-of-config")!.reason).toMatch(/^not the lowest loss at its configuration \(params, tokens\) over --best-of lr,bs: line \d+ has /);
    expect(sel.diagnostics).toEqual([]);
    expect(selectionSummary(loaded.table, sel)).toBe("12 of 48 usable runs selected; 3 rows filtered out by where [where]; 24 not a run's last checkpoint [not-last-checkpoint]; 12 not the best of their configuration [not-best-of-config]");
  });

  it("without --best-of, two learning rates at one (N, D) are fitted together and warned with code several-runs-per-config", () => {
    const loaded = loadTable(STEPLAW, "steplaw.csv", { needs: needsOf("chinchilla", {}), where });
    if (!loaded.ok) throw new Error(loaded.error);
    const selected = trySelect(loaded.table, chinchilla, { ...none, lastCheckpoint: true }, []);
    expect(selected.ok && selected.selection.runs).toHaveLength(24);
    expect(selected.ok && selected.selection.diagnostics.map((d) => d.code)).toEqual(["several-runs-per-config"]);
  });

  it("buildFitDocument(where, best-of, last checkpoint, K = 1) equals `scalecast fit steplaw.csv --where dataset=rpj --best-of lr,bs --last-checkpoint --exclude-highest-loss 1 --json`", async () => {
    const { doc } = await runFitJob(STEPLAW_FILE, cli({ where, bestOf: ["lr", "bs"], lastCheckpoint: true, excludeHighestLoss: 1 }));
    const web = webStepLawDocument(where, { ...selecting, excludeHighest: 1 });
    expect(web.data.n).toBe(11);
    expect(JSON.parse(JSON.stringify(web))).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it("trySelect(--best-of a column the table lacks) is a bad-input refusal naming it, not a throw", () => {
    const loaded = loadTable(STEPLAW, "steplaw.csv", { needs: needsOf("chinchilla", {}), where });
    if (!loaded.ok) throw new Error(loaded.error);
    const selected = trySelect(loaded.table, chinchilla, { ...none, bestOf: ["seed"] }, []);
    expect(selected).toMatchObject({ ok: false, code: "bad-input" });
    expect(selected.ok ? "" : selected.error).toMatch(/--best-of seed: steplaw\.csv has no column "seed"/);
  });

  it("loadTable(--where on a column the table lacks) is a table error with the message, and the headers to choose from", () => {
    const loaded = loadTable(STEPLAW, "steplaw.csv", { needs: needsOf("chinchilla", {}), where: ["family=rpj"] });
    expect(loaded).toMatchObject({ ok: false, headers: ["N", "D", "lr", "bs", "run", "step", "dataset", "loss"] });
    expect(loaded.ok ? "" : loaded.error).toMatch(/--where "family=rpj": no column "family"/);
  });
});

describe("groups: refused with their code unless pooled", () => {
  it("prepareFit(two datasets, no where, not pooled) returns the groups-pooled refusal instead of throwing", () => {
    const loaded = loadTable(STEPLAW, "steplaw.csv", { needs: needsOf("chinchilla", {}) });
    if (!loaded.ok) throw new Error(loaded.error);
    const prep = prepareFit(loaded.table, { law: "chinchilla", lawOptions: {}, ...grid }, { ...none, bestOf: ["lr"], lastCheckpoint: true }, []);
    expect(prep).toMatchObject({ ok: false, code: "groups-pooled" });
    expect(prep.ok ? "" : prep.error).toMatch(/2 groups in column "dataset" \("rpj", "c4"\) would be pooled into one fit/);
  });

  it("pool groups: the fit goes ahead with a groups-pooled warning first, the document equal to `scalecast fit … --pool-groups --json`", async () => {
    const { doc } = await runFitJob(STEPLAW_FILE, cli({ bestOf: ["lr"], lastCheckpoint: true, poolGroups: true }));
    const web = webStepLawDocument([], { ...none, bestOf: ["lr"], lastCheckpoint: true, poolGroups: true });
    expect(web.warnings[0]).toMatchObject({ code: "groups-pooled" });
    expect(web.data.n).toBe(15);
    expect(JSON.parse(JSON.stringify(web))).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});

describe("the law's roles: a table needs exactly the columns its law reads", () => {
  // L = E + A·C^(−α) with E 1.8, A 2e3, α 0.15, a fixed ±0.2% wobble
  const flopsCsv = ["flops,loss", ...[1e18, 3e18, 1e19, 3e19, 1e20, 3e20, 1e21, 3e21].map((c, i) => `${c},${((1.8 + 2e3 * c ** -0.15) * (1 + 0.002 * Math.sin(i + 1))).toFixed(6)}`)].join("\n");

  it("loadTable(flops,loss) with power in flops reads every row, and the fit converges near the generating law", () => {
    expect(needsOf("power", { x: "flops" })).toEqual(["flops", "loss"]);
    const loaded = loadTable(flopsCsv, "c.csv", { needs: needsOf("power", { x: "flops" }) });
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.table.runs).toHaveLength(8);
    const settings = { law: "power", lawOptions: { x: "flops" as const }, ...grid };
    const prep = prepareFit(loaded.table, settings, none, []);
    if (!prep.ok) throw new Error(prep.error);
    const fit = runFit(prep.law, prep.data, settings);
    expect(fit.optimizer.converged).toBe(true);
    expect(fit.quality.r2).toBeGreaterThan(0.99); // 8 points with 0.2% noise: the shape, not the constants, is checked
  });

  it("loadTable(flops,loss) for chinchilla (reads N and D) is a table error that says so", () => {
    const loaded = loadTable(flopsCsv, "c.csv", { needs: needsOf("chinchilla", {}) });
    expect(loaded.ok).toBe(false);
    expect(loaded.ok ? "" : loaded.error).toMatch(/the law reads params \(N\) and tokens \(D\)/);
  });

  it("loadTable(loss,error) with downstream-exp reads the metric and fits", () => {
    // error = ε − k·exp(−γ·L), ε 0.75, k 40, γ 2 (Gadre et al. 2024's form)
    const csv = ["loss,error", ...[2.2, 2.4, 2.6, 2.8, 3.0, 3.2, 3.4, 3.6].map((l) => `${l},${(0.75 - 40 * Math.exp(-2 * l)).toFixed(6)}`)].join("\n");
    const loaded = loadTable(csv, "d.csv", { needs: needsOf("downstream-exp", {}) });
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.table.columns).toMatchObject({ loss: "loss", metric: "error" });
    const settings = { law: "downstream-exp", lawOptions: {}, ...grid };
    const prep = prepareFit(loaded.table, settings, none, []);
    if (!prep.ok) throw new Error(prep.error);
    expect(prep.data.n).toBe(8);
    expect(runFit(prep.law, prep.data, settings).optimizer.converged).toBe(true);
  });
});

describe("readWhereLines / readBestOf", () => {
  it("readWhereLines(one filter a line) skips blank lines and trims, as repeated --where", () => {
    expect(readWhereLines(" dataset=rpj \n\nparams<1.25e9\n")).toEqual({ ok: true, where: ["dataset=rpj", "params<1.25e9"] });
    expect(readWhereLines("")).toEqual({ ok: true, where: [] });
  });

  it("readWhereLines(a line that is not COLUMN OP VALUE) names the line and the core's reason", () => {
    const r = readWhereLines("dataset=rpj\nparams");
    expect(r).toMatchObject({ ok: false, line: 2 });
    expect(r.ok ? "" : r.error).toMatch(/^line 2: expected COLUMN OP VALUE/);
    expect(readWhereLines("params<big")).toMatchObject({ ok: false, line: 1 });
  });

  it("readBestOf splits on commas as --best-of does", () => {
    expect(readBestOf(" lr, bs ,")).toEqual(["lr", "bs"]);
    expect(readBestOf("")).toEqual([]);
  });
});
