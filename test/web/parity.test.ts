// The workbench computes what the CLI computes: its pipeline (web/src/pipeline.ts, run in the page and
// its worker) gives the same FitDocument as `scalecast fit --json` (runFitJob in src/cli/fit.ts) for the
// same settings — exact equality, since both call the same core functions with the same defaults.
import { describe, expect, it } from "vitest";
import { runResamples } from "../../src/core/fit/bootstrap.js";
import { runFitJob, type FitCliOptions } from "../../src/cli/fit.js";
import { getLaw } from "../../src/core/laws/registry.js";
import { buildFitDocument, DEFAULT_SEED, exampleSource, exampleText, loadTable, needsOf, prepareFit, runFit, selectForFit, HAND_EXCLUSION, type SelectionSettings } from "../../web/src/pipeline.js";

const cli = (o: Partial<FitCliOptions>): FitCliOptions => ({
  example: true, law: "chinchilla", objective: "huber", delta: 1e-3, excludeHighestLoss: 0, seed: DEFAULT_SEED, budgetFlops: 5.76e23, method: "grid", threads: 1, ...o,
});

const selecting = (excludeHighest: number): SelectionSettings => ({ excludeHighest, bestOf: [], lastCheckpoint: false, poolGroups: false });

function webDocument(opts: { excludeHighest: number; method: "grid" | "varpro"; resamples?: number }) {
  const loaded = loadTable(exampleText(DEFAULT_SEED), exampleSource(DEFAULT_SEED), { needs: needsOf("chinchilla", {}) });
  if (!loaded.ok) throw new Error(loaded.error);
  const settings = { law: "chinchilla", lawOptions: {}, method: opts.method, objective: "huber" as const, delta: 1e-3 };
  const prep = prepareFit(loaded.table, settings, selecting(opts.excludeHighest), []);
  if (!prep.ok) throw new Error(prep.error);
  const fit = runFit(prep.law, prep.data, settings);
  const resamples = opts.resamples === undefined ? undefined
    : runResamples({ law: prep.law, objective: "huber", delta: 1e-3, theta: fit.theta, seed: DEFAULT_SEED, budgetFlops: 5.76e23, corrections: fit.corrections }, prep.data, 0, opts.resamples);
  return buildFitDocument({ fit, table: loaded.table, selection: prep.selection, data: prep.data, excludeHighest: opts.excludeHighest, simulated: true, seed: DEFAULT_SEED, budgetFlops: 5.76e23, resamples });
}

describe("workbench pipeline = scalecast fit", () => {
  it("buildFitDocument(example, K = 3, 50 bootstrap refits) equals `scalecast fit --example --exclude-highest-loss 3 --bootstrap 50 --json`", async () => {
    const { doc } = await runFitJob(undefined, cli({ excludeHighestLoss: 3, bootstrap: 50 }));
    expect(JSON.parse(JSON.stringify(webDocument({ excludeHighest: 3, method: "grid", resamples: 50 })))).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it("buildFitDocument(example, varpro) equals `scalecast fit --example --method varpro --json`", async () => {
    const { doc } = await runFitJob(undefined, cli({ method: "varpro" }));
    expect(JSON.parse(JSON.stringify(webDocument({ excludeHighest: 0, method: "varpro" })))).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});

describe("selectForFit", () => {
  const loaded = loadTable(exampleText(DEFAULT_SEED), exampleSource(DEFAULT_SEED));
  if (!loaded.ok) throw new Error(loaded.error);
  const table = loaded.table;
  const chinchilla = getLaw("chinchilla", {});

  it("selectForFit(table, K, hand) drops the K highest losses, then the lines excluded by hand, each with its reason", () => {
    const sel = selectForFit(table, chinchilla, selecting(2), [table.runs[10].line, table.runs[20].line]);
    expect(sel.runs).toHaveLength(table.runs.length - 4);
    expect(sel.excluded.filter((e) => e.reason === HAND_EXCLUSION).map((e) => e.line)).toEqual([table.runs[10].line, table.runs[20].line]);
    expect(sel.excluded.filter((e) => /highest losses/.test(e.reason))).toHaveLength(2);
  });

  it("selectForFit ignores hand exclusions of lines already dropped by K or not in the table", () => {
    const k1 = selectForFit(table, chinchilla, selecting(1), []);
    const dropped = k1.excluded[0].line;
    expect(selectForFit(table, chinchilla, selecting(1), [dropped, 99_999]).runs).toEqual(k1.runs);
  });
});

describe("loadTable", () => {
  it("loadTable(no loss column) gives the message and the headers to choose from; naming the column reads it", () => {
    const text = "N,D,val ppl nats\n1e9,2e10,2.5\n2e9,4e10,2.3\n";
    const bad = loadTable(text, "t.csv");
    expect(bad).toMatchObject({ ok: false, headers: ["N", "D", "val ppl nats"] });
    expect(bad.ok ? "" : bad.error).toMatch(/no loss column/);
    const good = loadTable(text, "t.csv", { columns: { loss: "val ppl nats" } });
    expect(good.ok && good.table.runs.length).toBe(2);
  });

  it("loadTable keeps markup in a cell as text in the rejected row (the page shows it with textContent)", () => {
    const loaded = loadTable("N,D,loss\n1e9,2e10,<img src=x onerror=alert(1)>\n2e9,4e10,2.3\n", "x.csv");
    expect(loaded.ok && loaded.table.excluded[0]).toMatchObject({ line: 2, column: "loss", value: "<img src=x onerror=alert(1)>" });
  });
});
