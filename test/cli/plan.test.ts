// `scalecast plan` and `scalecast laws` end to end.
import { sharedFile } from "../support/sharedData.js";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanDocument } from "../../src/cli/plan.js";
import { ensureBuilt, ROOT, scalecast } from "./run.js";

let dir: string;
beforeAll(() => { ensureBuilt(); dir = mkdtempSync(join(tmpdir(), "scalecast-plan-")); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = async (args: string[]): Promise<PlanDocument> => {
  const r = await scalecast(["plan", ...args, "--json"]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PlanDocument;
};
const rel = (x: number, ref: number) => Math.abs(x / ref - 1);

describe("scalecast plan", () => {
  it("plan --gpus 512 --gpu h100 --days 30 (the README's main command) plans 5.25e23 FLOPs with the default law", async () => {
    // 512 × 30 d × 86,400 s × 989e12 FLOP/s × 0.4 = 5.25e23 (issue 3 acceptance)
    const d = await plan(["--gpus", "512", "--gpu", "h100", "--days", "30"]);
    expect(rel(d.allocation.flops, 5.25e23)).toBeLessThan(1e-3);
    expect(d.law).toMatchObject({ id: "besiroglu-2024", default: true });
    for (const k of ["params", "tokens", "loss", "tokensPerParam"] as const) expect(Number.isFinite(d.allocation[k])).toBe(true);
    for (const k of ["gpuHours", "days"] as const) expect(Number.isFinite(d[k])).toBe(true);
    expect(d.days).toBeCloseTo(30, 9);
    const text = await scalecast(["plan", "--gpus", "512", "--gpu", "h100", "--days", "30"]);
    expect(text.stdout).toContain("besiroglu-2024 (the default law)");
  });

  it("plan --law besiroglu-2024 and --law hoffmann-2022 at 5.76e23 make the 2× difference in N* visible", async () => {
    // shared/data/README.md: Epoch N* ≈ 72.3 B, D* ≈ 1.33 T; Hoffmann rounded N* ≈ 32.2 B, D* ≈ 2.98 T (±1%)
    const epoch = await plan(["--compute", "5.76e23", "--law", "besiroglu-2024"]);
    const hoff = await plan(["--compute", "5.76e23", "--law", "hoffmann-2022"]);
    expect(rel(epoch.allocation.params, 72.3e9)).toBeLessThan(0.01);
    expect(rel(epoch.allocation.tokens, 1.33e12)).toBeLessThan(0.01);
    expect(rel(hoff.allocation.params, 32.2e9)).toBeLessThan(0.01);
    expect(rel(hoff.allocation.tokens, 2.98e12)).toBeLessThan(0.01);
    expect((await scalecast(["plan", "--compute", "5.76e23", "--law", "hoffmann-2022"])).stdout).toContain("parameters N*   32.2 B");
  });

  it("plan --fit FILE uses a fit saved by `fit --out` (simulated sweep: N* within 15% of the simulating law's 32.2 B)", async () => {
    const out = join(dir, "fit.json");
    expect((await scalecast(["fit", "--example", "--out", out])).status).toBe(0);
    const d = await plan(["--compute", "5.76e23", "--fit", out]);
    expect(d.law.source).toBe("fit");
    expect(rel(d.allocation.params, 32.2e9)).toBeLessThan(0.15); // 1% noise on 81 runs; the fitted a is 0.44 against 0.45
  });

  it("plan --fit with a bootstrapped fit gives N*, D* intervals equal to the fit's own bootstrap at the same budget", async () => {
    const out = join(dir, "boot.json");
    const fit = await scalecast(["fit", "--example", "--bootstrap", "300", "--seed", "5", "--out", out, "--json"]);
    expect(fit.status, fit.stderr).toBe(0);
    const fitDoc = JSON.parse(fit.stdout);
    const d = await plan(["--compute", "5.76e23", "--fit", out]);
    // the same 300 resampled parameter sets, allocated at the same budget (fit's --budget-flops default 5.76e23)
    expect(d.intervals!.resamples).toBe(300);
    expect(rel(d.intervals!.params[0], fitDoc.bootstrap.ci95.paramsOpt[0])).toBeLessThan(1e-9);
    expect(rel(d.intervals!.params[1], fitDoc.bootstrap.ci95.paramsOpt[1])).toBeLessThan(1e-9);
    expect(rel(d.intervals!.tokens[1], fitDoc.bootstrap.ci95.tokensOpt[1])).toBeLessThan(1e-9);
    expect(d.intervals!.params[0]).toBeLessThan(d.allocation.params);
    expect(d.allocation.params).toBeLessThan(d.intervals!.params[1]);
    expect(d.intervals!.loss[0]).toBeLessThan(d.allocation.loss!);
  });

  it("plan --fit works with a fit that held E fixed (every parameter is saved, intervals included)", async () => {
    const out = join(dir, "fixed.json");
    expect((await scalecast(["fit", "--example", "--fix", "E=1.69", "--bootstrap", "200", "--out", out])).status).toBe(0);
    const d = await plan(["--compute", "5.76e23", "--fit", out]);
    expect(d.intervals!.resamples).toBe(200);
    expect(d.intervals!.params[0]).toBeLessThan(d.allocation.params);
  });

  it("plan with a price reports GPU-hours and cost = GPU-hours × price", async () => {
    const d = await plan(["--compute", "1e24", "--gpus", "1024", "--gpu", "a100", "--price-per-gpu-hour", "1.5"]);
    const gpuHours = 1e24 / (312e12 * 0.4) / 3600;
    expect(rel(d.gpuHours!, gpuHours)).toBeLessThan(1e-12);
    expect(rel(d.cost!, gpuHours * 1.5)).toBeLessThan(1e-12);
    expect(rel(d.days!, gpuHours / 1024 / 24)).toBeLessThan(1e-12);
  });

  it("plan --target-loss 2.0 finds the least compute for that loss, and refuses loss below E", async () => {
    const d = await plan(["--target-loss", "2.0"]);
    expect(d.allocation.loss!).toBeCloseTo(2.0, 6);
    expect(d.budget.from).toBe("target-loss");
    const back = await plan(["--compute", String(d.allocation.flops)]);
    expect(back.allocation.loss!).toBeCloseTo(2.0, 6);
    const low = await scalecast(["plan", "--target-loss", "1.5"]);
    expect(low.status).toBe(1);
    expect(low.stderr).toContain("out of reach");
    const rule = await scalecast(["plan", "--target-loss", "2", "--law", "llama3-2024"]);
    expect(rule.status).toBe(2);
    expect(rule.stderr).toContain("publishes an allocation rule only");
  });

  it("plan --inference-tokens 10T plans a smaller, longer-trained model at the same loss with lower lifetime FLOPs", async () => {
    const d = await plan(["--compute", "5.76e23", "--inference-tokens", "10T"]);
    const ia = d.inferenceAware!;
    expect(ia.targetLossNats).toBeCloseTo(d.allocation.loss!, 12);
    expect(ia.params).toBeLessThan(d.allocation.params);
    expect(ia.tokens).toBeGreaterThan(d.allocation.tokens);
    expect(ia.totalFlops).toBeLessThan(ia.computeOptimalTotalFlops);
    expect(ia.saving).toBeGreaterThan(0);
    expect(ia.computeOptimalTotalFlops).toBeCloseTo(6 * d.allocation.params * d.allocation.tokens + 2 * d.allocation.params * 1e13, -10);
  });

  it("plan --compute 1e22 --unique-tokens 25e9 uses muennighoff-2023 and finds 9.5 epochs (D ≈ 2.3734e11, N ≈ 7.0224e9, ±1%)", async () => {
    const d = await plan(["--compute", "1e22", "--unique-tokens", "25e9"]);
    expect(d.law.id).toBe("muennighoff-2023");
    expect(rel(d.dataConstrained!.tokens, 2.3734e11)).toBeLessThan(0.01);
    expect(rel(d.dataConstrained!.params, 7.0224e9)).toBeLessThan(0.01);
    expect(d.dataConstrained!.notes.join(" ")).toContain("repeats the data");
    const rule = await scalecast(["plan", "--compute", "1e22", "--unique-tokens", "25e9", "--law", "llama3-2024"]);
    expect(rule.status).toBe(2);
    expect(rule.stderr).toContain("--unique-tokens needs a law of the form");
  });

  it("plan --params 7e9 alone gives the budget that makes 7 B compute-optimal and a loss-vs-tokens curve; with --compute, D = C/(6N)", async () => {
    const alone = await plan(["--params", "7e9"]);
    expect(alone.allocation.params).toBeCloseTo(7e9, -3);
    expect(alone.budget.from).toBe("size");
    expect(alone.lossCurve!.length).toBe(8);
    const fixed = await plan(["--compute", "5.76e23", "--params", "7e9"]);
    expect(fixed.allocation.tokens).toBeCloseTo(5.76e23 / (6 * 7e9), -3);
    expect(fixed.allocation.method).toBe("fixed-size");
    expect(fixed.computeOptimal!.loss!).toBeLessThan(fixed.allocation.loss!); // the compute-optimal split is better at the same budget
  });

  it("fixed-size plans are labelled as such, and inference-aware savings are measured against them", async () => {
    const text = (await scalecast(["plan", "--compute", "5.76e23", "--law", "hoffmann-2022", "--tokens", "1.4e12", "--inference-tokens", "1e13"])).stdout;
    expect(text).toContain("parameters N    68.6 B"); // no star: not an optimum
    expect(text).toContain("(fixed-size plan: 68.6 B)");
    expect(text).not.toContain("compute-optimal model's");
    const d = await plan(["--compute", "1e23", "--inference-tokens", "1e12", "--inference-mfu", "0.2"]);
    expect(d.inferenceAware!.inferenceCostWeight).toBeCloseTo(2, 12); // MFU 0.4 / 0.2: an inference FLOP costs twice as much
    expect(d.inferenceAware!.reference).toBe("compute-optimal model");
  });

  it("plan --shapes lists buildable shapes with exact counts near N*", async () => {
    const d = await plan(["--compute", "5.76e23", "--shapes"]);
    expect(d.shapes!.length).toBeGreaterThan(0);
    for (const s of d.shapes!) expect(Math.abs(s.params.total / d.allocation.params - 1)).toBeLessThan(0.02);
  });

  it("plan --inference-tokens with prices minimises dollars and beats the compute-optimal model's lifetime cost", async () => {
    const d = await plan(["--gpus", "512", "--gpu", "h100", "--days", "30", "--inference-tokens", "10T", "--price-per-gpu-hour", "2.5", "--inference-mfu", "0.2", "--inference-price-per-gpu-hour", "1.5"]);
    const ia = d.inferenceAware!;
    expect(ia.inferenceCostWeight).toBeCloseTo((1.5 / 0.2) / (2.5 / 0.4), 12);
    expect(ia.dollars!.total).toBeLessThan(ia.dollars!.computeOptimalTotal);
    // training dollars = FLOPs / (989e12 · 0.4 · 3600) × 2.5
    expect(rel(ia.dollars!.training, (ia.trainingFlops / (989e12 * 0.4 * 3600)) * 2.5)).toBeLessThan(1e-12);
  });

  it("bad plan input exits non-zero and names the valid values", async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [["--compute", "0"], 2, /expected a number > 0/],
      [["--compute", "-5e20"], 2, /expected a number > 0/],
      [["--gpus", "8", "--gpu", "v100x", "--days", "3"], 2, /unknown GPU "v100x"; known: a100, h100.*\[unknown-name\]/],
      [["--gpus", "8", "--gpu", "h100", "--days", "3", "--mfu", "1.5"], 2, /option '--mfu <m>' must be ≤ 1 \(a fraction of peak\), got 1.5/],
      [["--compute", "1e23", "--law", "bogus"], 2, /'bogus'.*besiroglu-2024/s],
      [["--compute", "1e23", "--days", "3"], 2, /contradict/],
      [["--compute", "1e23", "--law", "hoffmann-2022", "--fit", "x.json"], 2, /--published or --fit, not both/],
      [["--gpus", "8"], 2, /give --budget-flops C, or --gpus K --gpu NAME --days T/],
      [["--compute", "1e23", "--fit", join(dir, "missing.json")], 1, /cannot read .*missing.json: no such file/],
      [["--law", "kaplan-2020-nd", "--compute", "1e9", "--params", "1e9"], 1, /leaves D = 0\.167 tokens \(C = 6ND\): less than one/],
      [["--compute", "1e23", "--inference-tokens", "1e12", "--inference-price-per-gpu-hour", "2"], 2, /needs --price-per-gpu-hour/],
      [["--compute", "1e23", "--inference-mfu", "0.2"], 2, /apply to --inference-tokens/],
    ];
    for (const [args, status, message] of cases) {
      const r = await scalecast(["plan", ...args]);
      expect(r.status, `${args.join(" ")}: ${r.stderr}`).toBe(status);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain("internal error");
    }
  });
});

describe("scalecast flops", () => {
  it("flops for GPT-3's shape prints counts.total ≈ 174.6 B and 6N training FLOPs ≈ 3.14e23 at 300 B tokens", async () => {
    const r = await scalecast(["flops", "--layers", "96", "--d-model", "12288", "--heads", "96", "--vocab", "50257", "--seq-len", "2048", "--tied-embeddings", "--tokens", "300e9", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(Math.abs(d.counts.total / 174.6e9 - 1)).toBeLessThan(5e-4);
    expect(d.counts.nonEmbedding).toBeLessThan(d.counts.total);
    expect(d.counts.active).toBe(d.counts.total);
    const sixN = d.flopsPerToken.find((f: { convention: string }) => f.convention === "6N");
    expect(Math.abs(sixN.trainingFlops / 3.14e23 - 1)).toBeLessThan(5e-3);
  });

  it("flops with an impossible shape exits 1 naming it; a missing required option exits 2", async () => {
    const bad = await scalecast(["flops", "--layers", "2", "--d-model", "100", "--heads", "3", "--vocab", "10", "--seq-len", "8"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("d-model 100 must be divisible by heads 3");
    expect((await scalecast(["flops", "--layers", "2"])).status).toBe(2);
  });
});

describe("scalecast isoflop", () => {
  const llama = join(ROOT, "..", "shared", "data", "llama3-isoflops", "isoflops_points.csv");
  it.skipIf(sharedFile("llama3-isoflops/isoflops_points.csv") === null)("isoflop on Llama 3's data --json carries params/tokens exponent and coefficient and the per-budget optima", async () => {
    const r = await scalecast(["isoflop", llama, "--at", "3.8e25", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(Math.abs(d.powerLaws.tokens.exponent - 0.537)).toBeLessThan(0.01); // shared/data/README.md
    expect(Math.abs(d.powerLaws.tokens.coefficient - 0.299)).toBeLessThan(0.01);
    expect(d.powerLaws.params.exponent).toBeCloseTo(1 - d.powerLaws.tokens.exponent, 12); // N = C/(6D)
    expect(d.budgets.length).toBe(10);
    expect(Math.abs(d.allocation.tokens - 16.1e12)).toBeLessThan(0.5e12);
  });

  it("isoflop with one budget exits 1 naming why", async () => {
    const f = join(dir, "one-budget.csv");
    writeFileSync(f, "C,D,loss\n1e20,1e9,3.1\n1e20,3e9,2.9\n1e20,1e10,3.0\n");
    const r = await scalecast(["isoflop", f]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("at least 2 usable budgets, got 1");
  });
});

describe("scalecast laws", () => {
  it("laws lists every catalog id and marks the default", async () => {
    const r = await scalecast(["laws"]);
    expect(r.status).toBe(0);
    for (const id of ["kaplan-2020", "kaplan-2020-nd", "hoffmann-2022", "hoffmann-2022-unrounded", "besiroglu-2024", "muennighoff-2023", "llama3-2024", "deepseek-2024"]) expect(r.stdout).toContain(id);
    expect(r.stdout).toContain("besiroglu-2024 (default)");
  });

  it("laws show hoffmann-2022 prints the printed constants, what N means and that E belongs to the setup", async () => {
    const r = await scalecast(["laws", "show", "hoffmann-2022"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/E\s+1\.69/);
    expect(r.stdout).toMatch(/A\s+406\.4/);
    expect(r.stdout).toContain("total parameters");
    expect(r.stdout).toContain("belong to this setup only");
  });

  it("laws show bogus exits 2 (an unknown name) listing the ids", async () => {
    const r = await scalecast(["laws", "show", "bogus"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown law "bogus"; published laws: kaplan-2020');
  });
});
