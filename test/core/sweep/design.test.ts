// Sweep design (issue 13, item 1): every run buildable (its N is the exact count of its shape), its compute the budget
// within one batch, its learning rate and batch DeepSeek LLM's rules (§3.1) at its compute, its GPU-hours C/(peak·MFU);
// constraints exclude runs with their reason, caps refuse the design.
import { describe, expect, it } from "vitest";
import { publishedLaw } from "../../../src/core/catalog/publishedLaws.js";
import { getLaw } from "../../../src/core/laws/registry.js";
import { allocateWithLaw } from "../../../src/core/plan/allocate.js";
import { parameterCount } from "../../../src/core/plan/architecture.js";
import { designSweep, sweepCsv, SWEEP_CSV_COLUMNS, type DesignRequest, type PriorLaw } from "../../../src/core/sweep/design.js";

const entry = publishedLaw("hoffmann-2022");
const prior: PriorLaw = { name: entry.id, law: getLaw(entry.law!.lawId), values: { ...entry.law!.values }, paramConvention: "total" };
const base: Omit<DesignRequest, "family"> = {
  prior, vocab: 8192, seqLen: 2048, layout: "llama", constraints: {},
  hardware: { gpu: "h100", peakFlops: 989e12, mfu: 0.4, gpusPerRun: 1, pricePerGpuHour: 2 },
};

describe("designSweep: IsoFLOP grid", () => {
  const budgets = [1e18, 1e19, 1e20];
  const d = designSweep({ ...base, family: { kind: "isoflop", budgets, pointsPerBudget: 5, spanDecades: 1.2 } });

  it("15 runs, ids unique and stable (iso-c<budget>-<point>), none excluded", () => {
    expect(d.runs).toHaveLength(15);
    expect(d.excluded).toEqual([]);
    expect(new Set(d.runs.map((r) => r.id)).size).toBe(15);
    expect(d.runs[0].id).toBe("iso-c1e18-1");
    expect(designSweep({ ...base, family: { kind: "isoflop", budgets, pointsPerBudget: 5, spanDecades: 1.2 } }).runs).toEqual(d.runs);
  });

  it("each run is buildable: N is the exact total count of its shape, within 10% of its target in log-even spacing around the prior's N*", () => {
    for (const r of d.runs) {
      const p = parameterCount({ layers: r.layers, dModel: r.dModel, heads: r.heads, vocab: 8192, seqLen: 2048, swiglu: true, positional: "none", bias: false, tiedEmbeddings: false });
      expect(r.params).toBe(p.total);
      expect(r.paramsNonEmbedding).toBe(p.nonEmbedding);
      const i = Number(r.id.split("-")[2]) - 1;
      const target = allocateWithLaw(prior, r.budgetFlops!).params * 10 ** (1.2 * (i / 4 - 0.5));
      expect(Math.abs(r.params / target - 1)).toBeLessThanOrEqual(0.1);
    }
  });

  it("D = steps × batch (whole sequences); C = 6ND within one batch of the budget; lr and batch are DeepSeek's rules at C; GPU-hours C/(peak·MFU)/3600", () => {
    for (const r of d.runs) {
      expect(r.tokens).toBe(r.steps * r.batchTokens);
      expect(r.batchTokens).toBe(r.batchSequences * 2048);
      expect(r.flops).toBe(6 * r.params * r.tokens);
      expect(Math.abs(r.flops - r.budgetFlops!)).toBeLessThanOrEqual(6 * r.params * r.batchTokens / 2 + 1);
      expect(r.learningRate).toBeCloseTo(0.3118 * r.flops ** -0.125, 15);
      // B_opt at the nominal budget (6·N·C/(6N) = C), rounded to whole sequences of 2048: within half a sequence
      expect(Math.abs(r.batchTokens - 0.292 * r.budgetFlops! ** 0.3271)).toBeLessThanOrEqual(1024);
      expect(r.gpuHours).toBeCloseTo(r.flops / (989e12 * 0.4) / 3600, 12);
      expect(r.cost).toBeCloseTo(2 * r.gpuHours, 12);
    }
    expect(d.totals.flops).toBeCloseTo(d.runs.reduce((s, r) => s + r.flops, 0), -3);
  });

  it("the prior's loss at each run: Hoffmann et al.'s law E + A/N^α + B/D^β", () => {
    const v = prior.values;
    for (const r of d.runs) expect(r.priorLoss).toBeCloseTo(v.E + v.A / r.params ** v.alpha + v.B / r.tokens ** v.beta, 12);
  });

  it("CSV: one row per run, the declared columns, numbers that read back as the JSON's", () => {
    const lines = sweepCsv(d).trimEnd().split("\n");
    expect(lines[0]).toBe(SWEEP_CSV_COLUMNS.join(","));
    expect(lines).toHaveLength(16);
    const row = lines[1].split(",");
    expect(row[0]).toBe(d.runs[0].id);
    expect(Number(row[SWEEP_CSV_COLUMNS.indexOf("tokens")])).toBe(d.runs[0].tokens);
    expect(Number(row[SWEEP_CSV_COLUMNS.indexOf("lr")])).toBe(d.runs[0].learningRate);
  });
});

describe("designSweep: ladders, constraints and caps", () => {
  it("a ladder: sizes × token multiples, D/N the multiple within one batch", () => {
    const d = designSweep({ ...base, family: { kind: "ladder", sizes: [1e8, 4e8], tokenMultiples: [10, 20] } });
    expect(d.runs.map((r) => r.id)).toEqual(["ladder-n1e8-x10", "ladder-n1e8-x20", "ladder-n4e8-x10", "ladder-n4e8-x20"]);
    for (const r of d.runs) expect(Math.abs(r.tokens - r.tokenMultiple! * r.params)).toBeLessThanOrEqual(r.batchTokens / 2);
  });

  it("per-run limits exclude runs with their reason (never silently); caps refuse the design naming the cap", () => {
    const family = { kind: "isoflop" as const, budgets: [1e19], pointsPerBudget: 5, spanDecades: 1.2 };
    const d = designSweep({ ...base, family, constraints: { maxParams: 3e8 } });
    expect(d.runs.length + d.excluded.length).toBe(5);
    expect(d.excluded.length).toBeGreaterThan(0);
    for (const e of d.excluded) expect(e.reason).toMatch(/above --max-params 3\.000e\+8/);
    const mem = designSweep({ ...base, family, hardware: { ...base.hardware, memoryBytes: 8e9 } });
    for (const e of mem.excluded) expect(e.reason).toMatch(/exceeds --gpu-memory 8 GB/);
    expect(mem.runs.every((r) => 16 * r.paramsTotal <= 8e9)).toBe(true);
    expect(() => designSweep({ ...base, family, constraints: { maxRuns: 4 } })).toThrow(/5 runs, more than --max-runs 4/);
    expect(() => designSweep({ ...base, family, constraints: { maxFlops: 1e19 } })).toThrow(/more than --max-pilot-flops/);
    expect(() => designSweep({ ...base, family, constraints: { maxCost: 1 } })).toThrow(/more than --max-cost 1/);
    expect(() => designSweep({ ...base, family: { ...family, pointsPerBudget: 1 } })).toThrow(/at least 2 points per budget/);
  });

  it("a size no shape can build is excluded with the smallest buildable count in the reason", () => {
    const d = designSweep({ ...base, vocab: 128000, family: { kind: "ladder", sizes: [2e7, 1e9], tokenMultiples: [20] } });
    expect(d.runs.map((r) => r.id)).toEqual(["ladder-n1e9-x20"]);
    expect(d.excluded[0].reason).toMatch(/no buildable shape within 10% of 2\.000e\+7 parameters \(the smallest, .* has 6\.\d+e\+7\)/);
  });
});
