// The train-vs-inference trade (issue 14, item 5): a 7B model that needs k = 64 against a 70B model at k = 1, both on
// 2T tokens. Training 6·N·D: 8.4e22 and 8.4e23 FLOPs; per query 2·N·400·k: 3.584e14 and 5.6e13. They break even at
// Q* = 7.56e23 / 3.024e14 = 2.5e9 queries (FLOPs), and at 1.25e9 when inference runs at half the training MFU (GPU-hours).
import { describe, expect, it } from "vitest";
import { trainVsInference, type TradeModel } from "../../../src/core/samples/trade.js";

const models: TradeModel[] = [
  { model: "7b", params: 7e9, tokensPerSample: 400, trainTokens: 2e12, trainTokensFrom: "given", passAt: (k) => ({ value: k >= 64 ? 0.8 : 0.5, from: "data" }) },
  { model: "70b", params: 7e10, tokensPerSample: 400, trainTokens: 2e12, trainTokensFrom: "given", passAt: () => ({ value: 0.8, from: "data" }) },
];

describe("trainVsInference", () => {
  it("finds each model's k, its lifetime FLOPs and the break-even query volume 2.5e9 (1e-12)", () => {
    const t = trainVsInference(models, 0.75, 1e9);
    expect(t.rows.map((r) => r.k)).toEqual([64, 1]);
    expect(t.rows[0].trainingFlops).toBeCloseTo(8.4e22, -10);
    expect(t.rows[0].inferenceFlopsPerQuery).toBeCloseTo(3.584e14, 0);
    expect(t.rows[1].lifetimeFlops! / (8.4e23 + 1e9 * 5.6e13) - 1).toBeCloseTo(0, 12);
    expect(t.cheapest).toBe("7b");
    expect(t.breakEven).toHaveLength(1);
    expect(t.breakEven[0]).toMatchObject({ cheaperToTrain: "7b", cheaperToServe: "70b" });
    expect(t.breakEven[0].queries / 2.5e9 - 1).toBeCloseTo(0, 12);
    expect(trainVsInference(models, 0.75, 1e10).cheapest).toBe("70b");
  });

  it("in GPU-hours and dollars: inference at half the training MFU halves the break-even (1.25e9) and prices both parts", () => {
    const t = trainVsInference(models, 0.75, 1e9, { peakFlops: 989e12, trainingMfu: 0.4, inferenceMfu: 0.2, pricePerGpuHour: 2 });
    expect(t.breakEven[0].queries / 1.25e9 - 1).toBeCloseTo(0, 12);
    const r = t.rows[0];
    expect(r.gpuHours!.training).toBeCloseTo(8.4e22 / (989e12 * 0.4) / 3600, 6);
    expect(r.cost!.lifetime).toBeCloseTo(2 * r.gpuHours!.lifetime, 6);
  });

  it("with hardware and no price, names the cheapest in GPU-hours, the unit of its table and break-even", () => {
    // training at MFU 0.5, inference at 0.05: break-even at 2.5e9 queries in FLOPs but 2.5e8 in GPU-hours, so at 1e9
    // queries FLOPs favour the 7B model and GPU-hours the 70B one
    const t = trainVsInference(models, 0.75, 1e9, { peakFlops: 989e12, trainingMfu: 0.5, inferenceMfu: 0.05 });
    const [small, big] = t.rows;
    expect(small.lifetimeFlops!).toBeLessThan(big.lifetimeFlops!);
    expect(small.gpuHours!.lifetime).toBeGreaterThan(big.gpuHours!.lifetime);
    expect(t.cheapest).toBe("70b");
    expect(t.breakEven[0].queries / 2.5e8 - 1).toBeCloseTo(0, 12);
  });

  it("says when a model cannot reach the target at any k ≤ 2^20, and refuses a target outside (0, 1)", () => {
    const t = trainVsInference([{ ...models[0], passAt: () => ({ value: 0.1, from: "data" }) }, models[1]], 0.75, 1e9);
    expect(t.rows[0].k).toBeNull();
    expect(t.cheapest).toBe("70b");
    expect(t.breakEven).toEqual([]);
    expect(() => trainVsInference(models, 1.2, 1e9)).toThrow(/target accuracy must be in \(0, 1\)/);
  });
});
