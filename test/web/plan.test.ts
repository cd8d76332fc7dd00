// The plan card's arithmetic (web/src/plan.ts) against the core functions `scalecast plan` uses.
import { describe, expect, it } from "vitest";
import { PUBLISHED_LAWS } from "../../src/core/catalog/publishedLaws.js";
import { getLaw } from "../../src/core/laws/registry.js";
import { allocatePublished, allocateWithLaw } from "../../src/core/plan/allocate.js";
import { budgetOf, catalogRows, catalogSource, fitSource, planFor } from "../../web/src/plan.js";
import { defaultState } from "../../web/src/state.js";

const budget = defaultState().budget;

describe("budgetOf", () => {
  it("budgetOf(512 H100 × 30 days × MFU 0.4) = 5.25e23 FLOPs (hardware.ts's documented example)", () => {
    expect(budgetOf({ ...budget, mode: "hardware" })).toBeCloseTo(512 * 30 * 86_400 * 989e12 * 0.4, -10);
  });
  it("budgetOf(compute) is the FLOPs given; a bad budget throws a RangeError", () => {
    expect(budgetOf({ ...budget, flops: 1e24 })).toBe(1e24);
    expect(() => budgetOf({ ...budget, flops: 0 })).toThrow(RangeError);
    expect(() => budgetOf({ ...budget, mode: "hardware", mfu: 2 })).toThrow(/MFU/);
  });
});

describe("planFor", () => {
  it("planFor(catalog default) is `scalecast plan`'s default allocation (besiroglu-2024)", () => {
    const plan = planFor({ budget: { ...budget, flops: 5.76e23 } }, catalogSource());
    const entry = PUBLISHED_LAWS.find((l) => l.id === "besiroglu-2024")!;
    expect(plan.allocation).toEqual(allocatePublished(entry, 5.76e23));
    expect(plan.hardware.gpuHours).toBeCloseTo(5.76e23 / (989e12 * 0.4) / 3600, 6);
  });

  it("planFor(fit, inference and unique tokens) adds the inference-aware and data-constrained plans", () => {
    const law = getLaw("chinchilla");
    const values = { E: 1.82, A: 482, B: 2085, alpha: 0.348, beta: 0.366 };
    const plan = planFor({ budget: { ...budget, flops: 1e24, pricePerGpuHour: 2 }, inferenceTokens: 1e13, uniqueTokens: 2e11 }, fitSource(law, values));
    expect(plan.allocation).toEqual(allocateWithLaw({ law, values }, 1e24));
    expect(plan.inference!.params).toBeLessThan(plan.allocation.params); // serving many tokens favours a smaller model
    expect(plan.inference!.saving).toBeGreaterThan(0);
    expect(plan.dataConstrained!.epochs).toBeGreaterThan(1);
    expect(plan.hardware.cost).toBeCloseTo(2 * plan.hardware.gpuHours, 6);
  });

  it("planFor(an allocation-only catalog law with inference tokens) notes that it needs a loss law", () => {
    const plan = planFor({ budget, inferenceTokens: 1e12 }, catalogSource("llama3-2024"));
    expect(plan.notes.some((n) => /needs a law that predicts loss/.test(n))).toBe(true);
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
