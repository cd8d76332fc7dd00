// The plan card's inputs (web/src/plan.ts) as `scalecast plan`'s request: the same core assemblePlan, so the same numbers.
import { describe, expect, it } from "vitest";
import { PUBLISHED_LAWS } from "../../src/core/catalog/publishedLaws.js";
import { getLaw } from "../../src/core/laws/registry.js";
import { allocatePublished, allocateWithLaw } from "../../src/core/plan/allocate.js";
import { assemblePlan } from "../../src/core/plan/assemblePlan.js";
import { catalogRows, fitSource, planRequest } from "../../web/src/plan.js";
import { defaultState } from "../../web/src/state.js";
import { scalecast } from "../cli/run.js";

const budget = defaultState().budget;

describe("planRequest", () => {
  it("hardware mode plans 512 H100 × 30 days × MFU 0.4 = 5.25e23 FLOPs (hardware.ts's documented example)", () => {
    const plan = assemblePlan(planRequest({ ...budget, mode: "hardware", gpus: 512, gpu: "h100", days: 30, mfu: 0.4 }, {}));
    expect(plan.allocation.flops).toBeCloseTo(512 * 30 * 86_400 * 989e12 * 0.4, -10);
    expect(plan.budget.from).toBe("hardware");
  });
  it("compute mode plans the FLOPs given; an MFU outside (0, 1] throws a RangeError naming it", () => {
    expect(assemblePlan(planRequest({ ...budget, flops: 1e24 }, {})).allocation.flops).toBe(1e24);
    expect(() => assemblePlan(planRequest({ ...budget, mode: "hardware", mfu: 2 }, {}))).toThrow(/MFU/);
  });
});

describe("assemblePlan with the page's request", () => {
  it("assemblePlan(catalog default) is `scalecast plan`'s default allocation (besiroglu-2024), with GPU-hours at the preset's peak", () => {
    const plan = assemblePlan(planRequest({ ...budget, flops: 5.76e23, gpu: "h100", gpus: 512 }, {}));
    const entry = PUBLISHED_LAWS.find((l) => l.id === "besiroglu-2024")!;
    const { notes: _notes, ...alloc } = allocatePublished(entry, 5.76e23);
    expect(plan.allocation).toEqual(alloc);
    expect(plan.gpuHours).toBeCloseTo(5.76e23 / (989e12 * 0.4) / 3600, 6);
  });

  it("assemblePlan(fit, inference and unique tokens) adds the inference-aware and data-constrained plans, and the extrapolation factor", () => {
    const law = getLaw("chinchilla");
    const values = { E: 1.82, A: 482, B: 2085, alpha: 0.348, beta: 0.366 };
    const runs = [{ line: 2, params: 1e8, tokens: 2e9, flops: 1.2e18, loss: 3 }, { line: 3, params: 1e9, tokens: 2e10, flops: 1.2e20, loss: 2.5 }];
    const plan = assemblePlan(planRequest({ ...budget, flops: 1e24, pricePerGpuHour: 2 }, { inferenceTokens: 1e13, uniqueTokens: 2e11 }), fitSource(law, values, "total", runs as never));
    const { notes: _notes, ...alloc } = allocateWithLaw({ law, values }, 1e24);
    expect(plan.allocation).toEqual({ ...alloc, extrapolationFactor: 1e24 / 1.2e20 });
    expect(plan.inferenceAware!.params).toBeLessThan(plan.allocation.params); // serving many tokens favours a smaller model
    expect(plan.inferenceAware!.saving).toBeGreaterThan(0);
    expect(plan.dataConstrained!.epochs).toBeGreaterThan(1);
    expect(plan.cost).toBeCloseTo(2 * plan.gpuHours!, 6);
    expect(plan.notes.some((n) => n.endsWith("[extrapolation]"))).toBe(true);
  });

  it("assemblePlan(an allocation-only catalog law with inference tokens) is refused as `plan` refuses it (exit 2, same message)", async () => {
    const req = { ...planRequest(budget, { inferenceTokens: 1e12 }), published: "llama3-2024" };
    expect(() => assemblePlan(req)).toThrow(/needs a law that predicts loss; llama3-2024 publishes an allocation rule only/);
    const cli = await scalecast(["plan", "--budget-flops", String(budget.flops), "--published", "llama3-2024", "--inference-tokens", "1e12"]);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/needs a law that predicts loss; llama3-2024 publishes an allocation rule only \[bad-option\]/);
  });
});

describe("catalogRows", () => {
  it("catalogRows(C, fit) lists the fit first, then every catalog law", () => {
    const law = getLaw("chinchilla");
    const rows = catalogRows(1e24, { law, values: { E: 1.82, A: 482, B: 2085, alpha: 0.348, beta: 0.366 } });
    expect(rows[0].id).toBe("fit");
    expect(rows.slice(1).map((r) => r.id)).toEqual(PUBLISHED_LAWS.map((l) => l.id));
    expect(rows.every((r) => r.error === undefined && r.params! > 0)).toBe(true);
  });
});
