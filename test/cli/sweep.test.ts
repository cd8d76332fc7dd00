// `scalecast sweep design` (issue 13, item 1): the spec as JSON (with the header every document has) and its CSV view
// beside it; a bad request exits 2 (options) or 1 (a design over a cap), naming what.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/run.js";
import { TOOL } from "../../src/core/version.js";
import { scalecast } from "./run.js";
import { sharedFile } from "../support/sharedData.js";

const STEPLAW = sharedFile("steplaw/dense_lr_bs_loss.csv");

const dir = mkdtempSync(join(tmpdir(), "scalecast-sweep-"));

describe("scalecast sweep design", () => {
  it("--budgets 1e18,1e19,1e20 --out spec.json writes the spec and spec.csv: 15 runs, the prior and rules stated, totals that add up", async () => {
    const spec = join(dir, "spec.json");
    const r = await scalecast(["sweep", "design", "--budgets", "1e18,1e19,1e20", "--points-per-budget", "5", "--vocab", "8192", "--price-per-gpu-hour", "2", "--out", spec]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/IsoFLOP grid, 3 budgets × 5 sizes over 1\.2 decades of N/);
    expect(r.stdout).toContain(`wrote ${spec} and ${join(dir, "spec.csv")}`);
    const doc = JSON.parse(readFileSync(spec, "utf8"));
    expect(doc).toMatchObject({ command: "sweep design", tool: TOOL.name, version: TOOL.version, format: 1, prior: { name: "besiroglu-2024", lawId: "chinchilla", paramConvention: "total" }, conventions: { flops: "C = 6ND", loss: "nats" } });
    expect(doc.runs).toHaveLength(15);
    expect(doc.rules.learningRate).toMatch(/DeepSeek LLM 2024/);
    expect(doc.totals.gpuHours).toBeCloseTo(doc.runs.reduce((s: number, x: { gpuHours: number }) => s + x.gpuHours, 0), 9);
    expect(doc.totals.cost).toBeCloseTo(2 * doc.totals.gpuHours, 9);
    const csv = readFileSync(join(dir, "spec.csv"), "utf8").trimEnd().split("\n");
    expect(csv).toHaveLength(16);
    expect(csv.slice(1).map((l) => l.split(",")[0])).toEqual(doc.runs.map((x: { id: string }) => x.id));
  });

  it("--ladder --sizes 100M,400M --token-multiples 10,20 --json: four runs, D/N the multiple", async () => {
    const r = await scalecast(["sweep", "design", "--ladder", "--sizes", "100M,400M", "--token-multiples", "10,20", "--vocab", "8192", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.runs.map((x: { id: string }) => x.id)).toEqual(["ladder-n1e8-x10", "ladder-n1e8-x20", "ladder-n4e8-x10", "ladder-n4e8-x20"]);
  });

  it("refuses what it cannot design: neither family (2), --max-cost without a price (2), a prior with no loss law (2), a design over --max-runs (1)", async () => {
    const none = await scalecast(["sweep", "design"]);
    expect(none.status).toBe(EXIT.options);
    expect(none.stderr).toMatch(/give --budgets C,… \(an IsoFLOP grid\) or --ladder --sizes N,…/);
    expect((await scalecast(["sweep", "design", "--budgets", "1e18", "--max-cost", "10"])).status).toBe(EXIT.options);
    const rule = await scalecast(["sweep", "design", "--budgets", "1e18", "--prior", "kaplan-2020"]);
    expect([rule.status, rule.stderr]).toEqual([EXIT.options, expect.stringMatching(/kaplan-2020/)]);
    const many = await scalecast(["sweep", "design", "--budgets", "1e18,1e19", "--vocab", "8192", "--max-runs", "4", "--out", join(dir, "many.json")]);
    expect(many.status).toBe(EXIT.input);
    expect(many.stderr).toMatch(/10 runs, more than --max-runs 4/);
    expect(existsSync(join(dir, "many.json"))).toBe(false);
    const bad = await scalecast(["sweep", "design", "--budgets", "1e18,lots"]);
    expect(bad.status).toBe(EXIT.options);
    expect(bad.stderr).toContain('got "lots"');
  });

  it("--simulate 12 --sim-bootstrap 20: the spread of a and of the loss at the target, with the prior's values; the same numbers on worker threads as on one", async () => {
    const args = ["sweep", "design", "--prior", "hoffmann-2022", "--budgets", "1e18,3e18,1e19", "--vocab", "8192", "--seq-len", "512", "--simulate", "12", "--sim-bootstrap", "20", "--sim-delta", "1", "--target-flops", "1e21", "--json"];
    const r = await scalecast(args);
    expect(r.status, r.stderr).toBe(0);
    const sim = JSON.parse(r.stdout).simulation;
    expect(sim).toMatchObject({ sweeps: 12, noise: 0.01, delta: 1, seed: 42, targetFlops: 1e21, failed: 0 });
    expect(sim.a.truth).toBeCloseTo(0.28 / 0.62, 12);
    expect(sim.a.low).toBeLessThan(sim.a.truth);
    expect(sim.a.high).toBeGreaterThan(sim.a.truth);
    expect(sim.targetLoss.width95).toBeCloseTo(sim.targetLoss.high - sim.targetLoss.low, 12);
    // a sweep whose fit did not converge is left out of every spread, and counted
    expect(sim.a.n).toBe(12 - sim.failed - sim.notConverged);
    expect(sim.bootstrap).toMatchObject({ resamples: 20, n: sim.a.n });
    // the simulation in this process (one thread, through the core) gives the same spreads
    const { simulateSweeps, summarizeSimulation } = await import("../../src/core/sweep/simulate.js");
    const { getLaw } = await import("../../src/core/laws/registry.js");
    const doc = JSON.parse(r.stdout);
    const spec = { law: getLaw("chinchilla"), truth: doc.prior.values, runs: doc.runs, noise: 0.01, seed: 42, targetFlops: 1e21, delta: 1, bootstrap: 20 };
    expect(summarizeSimulation(spec, simulateSweeps(spec, 0, 12))).toEqual(sim);
  }, 60_000);

  it("--precision 0.4 --target-flops 1e21: the cheapest design meeting it, re-simulated with another seed under 0.4, its cost stated; an unreachable precision exits 1 naming the best width", async () => {
    const r = await scalecast(["sweep", "design", "--prior", "hoffmann-2022", "--budgets", "1e18,3e18,1e19", "--vocab", "8192", "--seq-len", "512", "--precision", "0.4", "--target-flops", "1e21", "--simulate", "6", "--sim-delta", "1", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.search.chosen.reSimulatedWidth95).toBeLessThan(0.4);
    expect(doc.simulation.seed).toBe(43);
    expect(doc.simulation.targetLoss.width95).toBe(doc.search.chosen.reSimulatedWidth95);
    // tried cheapest first, and every cheaper design tried missed
    const flops = doc.search.tried.map((t: { flops: number }) => t.flops);
    expect([...flops].sort((a, b) => a - b)).toEqual(flops);
    expect(doc.search.tried.slice(0, -1).every((t: { meets: boolean }) => !t.meets)).toBe(true);
    expect(doc.family).toMatchObject({ budgets: doc.search.chosen.budgets, pointsPerBudget: doc.search.chosen.pointsPerBudget });
    expect(doc.totals.flops).toBe(flops[flops.length - 1]);
    const no = await scalecast(["sweep", "design", "--prior", "hoffmann-2022", "--budgets", "1e18,3e18", "--vocab", "8192", "--seq-len", "512", "--precision", "0.001", "--target-flops", "1e21", "--simulate", "4", "--sim-delta", "1"]);
    expect(no.status).toBe(EXIT.input);
    expect(no.stderr).toMatch(/no design from these budgets reaches a 95% width of 0\.001 nats .* the best was 0\.\d{4} \(4 designs tried\)/);
  }, 120_000);

  it("sweep compare A B --simulate 16: each design's widths are what sweep design --simulate 16 gives it at the same target and seed; stored simulations on different terms are refused (2)", async () => {
    const common = ["--prior", "hoffmann-2022", "--vocab", "8192", "--seq-len", "512"];
    const a = join(dir, "cmpA.json"), b = join(dir, "cmpB.json");
    expect((await scalecast(["sweep", "design", "--budgets", "1e18,3e18,1e19,3e19", "--points-per-budget", "5", ...common, "--simulate", "16", "--target-flops", "1e22", "--sim-delta", "1", "--out", a])).status).toBe(0);
    expect((await scalecast(["sweep", "design", "--budgets", "1e18,1e19", "--points-per-budget", "9", ...common, "--simulate", "16", "--target-flops", "1e21", "--sim-delta", "1", "--out", b])).status).toBe(0);
    const r = await scalecast(["sweep", "compare", a, b, "--simulate", "16", "--target-flops", "1e22", "--sim-delta", "1", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.designs.map((d: { runs: number }) => d.runs)).toEqual([20, 18]);
    const storedA = JSON.parse(readFileSync(a, "utf8")).simulation;
    expect(doc.designs[0].simulation).toEqual(storedA); // same design, target, seed and δ: the same sweeps
    expect(doc.designs[1].simulation.targetFlops).toBe(1e22);
    const text = await scalecast(["sweep", "compare", a, b, "--simulate", "16", "--target-flops", "1e22", "--sim-delta", "1"]);
    expect(text.stdout).toMatch(/IsoFLOP 4 budgets \(1e\+18,3e\+18,1e\+19,3e\+19\) × 5 +20 /);
    const refused = await scalecast(["sweep", "compare", a, b]);
    expect(refused.status).toBe(EXIT.options);
    expect(refused.stderr).toMatch(/stored simulations differ .* give --simulate K/);
  }, 120_000);

  it.skipIf(STEPLAW === null)("sweep lr-rule on StepLaw's grid (D < 1e13, smooth loss) gives derived.json's fit: η* = 30.10·N^−0.8235·D^0.2882, R² 0.817, and B* = 1310·N^−0.3547·D^0.5426 tokens; sweep design --lr-rule uses it at the non-embedding count", async () => {
    const rule = join(dir, "rule.json");
    const noLen = await scalecast(["sweep", "lr-rule", STEPLAW!, "--loss-col", "smooth loss", "--where", "D<1e13"]);
    expect(noLen.status).toBe(EXIT.options); // a batch in sequences needs the grid's sequence length
    expect(noLen.stderr).toMatch(/counts sequences: give --seq-len T/);
    const r = await scalecast(["sweep", "lr-rule", STEPLAW!, "--loss-col", "smooth loss", "--where", "D<1e13", "--param-convention", "nonEmbedding", "--seq-len", "2048", "--out", rule]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(rule, "utf8"));
    const ref = JSON.parse(readFileSync(join(STEPLAW!, "..", "derived.json"), "utf8")).fits_log_eta_star["argmin[smooth loss] groups=17"];
    expect(doc.groups).toHaveLength(17);
    const rel = (x: number, y: number) => Math.abs(x / y - 1);
    expect(rel(doc.lr.c, ref.lr.c)).toBeLessThan(1e-9); // shared/data/steplaw/derived.json, computed there by OLS
    expect(rel(doc.lr.a, ref.lr.a)).toBeLessThan(1e-9);
    expect(rel(doc.lr.b, ref.lr.b)).toBeLessThan(1e-9);
    expect(rel(doc.lr.r2, ref.lr.r2_log)).toBeLessThan(1e-9);
    expect(doc.batch.unit).toBe("tokens");
    expect(rel(doc.batch.c, ref.bs_tokens.c)).toBeLessThan(1e-9); // bs in sequences of 2048 tokens, as derived.json's bs_tokens
    expect(doc.range).toEqual({ params: [214663680, 1073741824], tokens: [4e9, 1e11] });
    expect(rel(doc.batch.a, ref.bs_tokens.a)).toBeLessThan(1e-9);
    expect(doc.paramConvention).toBe("nonEmbedding");
    const d = JSON.parse((await scalecast(["sweep", "design", "--budgets", "1e19,1e20", "--points-per-budget", "3", "--lr-rule", rule, "--json"])).stdout);
    for (const run of d.runs) {
      expect(rel(run.learningRate, doc.lr.c * run.paramsNonEmbedding ** doc.lr.a * run.tokens ** doc.lr.b)).toBeLessThan(1e-12);
    }
    // the batch: B* tokens at the run's N and wanted D, in whole sequences of this design's 2048 tokens
    const beyond = d.runs.filter((x: { paramsNonEmbedding: number; tokens: number }) => x.paramsNonEmbedding < 214663680 || x.paramsNonEmbedding > 1073741824 || x.tokens < 4e9 || x.tokens > 1e11).length;
    expect(beyond).toBeGreaterThan(0);
    expect(d.rules.learningRate).toContain(`EXTRAPOLATED for ${beyond} of ${d.runs.length} runs, which lie beyond the grid`);
    expect(d.rules.learningRate).toMatch(/fitted to .*dense_lr_bs_loss\.csv by sweep lr-rule: η = 30\.10·N\^-0\.8235·D\^0\.2882 \(N nonEmbedding; R² 0\.817/);
    writeFileSync(join(dir, "not-a-rule.json"), JSON.stringify({ command: "sweep design", runs: [] }));
    const bad = await scalecast(["sweep", "design", "--budgets", "1e19", "--lr-rule", join(dir, "not-a-rule.json")]);
    expect(bad.status).toBe(EXIT.input);
    expect(bad.stderr).toMatch(/not a learning-rate rule/);
  });
});
