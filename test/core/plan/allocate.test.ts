import { describe, expect, it } from "vitest";
import { PUBLISHED_LAWS, publishedLaw } from "../../../src/core/catalog/publishedLaws.js";
import { chinchilla } from "../../../src/core/laws/chinchilla.js";
import { getLaw } from "../../../src/core/laws/registry.js";
import { predictLoss } from "../../../src/core/laws/transform.js";
import { allocateForSize, allocateForTargetLoss, allocatePublished, allocateWithLaw, lossCurve } from "../../../src/core/plan/allocate.js";
import { budgetFlops, gpuPreset, hardwareCost } from "../../../src/core/plan/hardware.js";

const rel = (x: number, ref: number) => Math.abs(x / ref - 1);

describe("allocatePublished", () => {
  it("besiroglu-2024 at 5.76e23 FLOPs: N* ≈ 72.3 B, D* ≈ 1.33 T (±1%; shared/data/README.md)", () => {
    const a = allocatePublished(publishedLaw("besiroglu-2024"), 5.76e23);
    expect(rel(a.params, 72.3e9)).toBeLessThan(0.01);
    expect(rel(a.tokens, 1.33e12)).toBeLessThan(0.01);
    expect(a.method).toBe("closed-form");
    expect(rel(6 * a.params * a.tokens, 5.76e23)).toBeLessThan(1e-12);
  });

  it("hoffmann-2022 (rounded) at 5.76e23 FLOPs: N* ≈ 32.2 B, D* ≈ 2.98 T (±1%) — half of Epoch's N*", () => {
    const a = allocatePublished(publishedLaw("hoffmann-2022"), 5.76e23);
    expect(rel(a.params, 32.2e9)).toBeLessThan(0.01);
    expect(rel(a.tokens, 2.98e12)).toBeLessThan(0.01);
    const epoch = allocatePublished(publishedLaw("besiroglu-2024"), 5.76e23);
    expect(epoch.params / a.params).toBeGreaterThan(2);
  });

  it("llama3-2024's rounded constants give ≈ 10.5 T tokens at 3.8e25 FLOPs (not the paper's 16.55 T)", () => {
    // 0.29 · (3.8e25)^0.53 = 1.046e13 (python3: 0.29*3.8e25**0.53)
    const a = allocatePublished(publishedLaw("llama3-2024"), 3.8e25);
    expect(rel(a.tokens, 1.046e13)).toBeLessThan(0.002);
    expect(a.loss).toBeUndefined();
  });

  it("deepseek-2024: M_opt·D_opt = C (their C = M·D), N = M/6", () => {
    const C = 1e24, a = allocatePublished(publishedLaw("deepseek-2024"), C);
    const M = 0.1715 * C ** 0.5243, D = 5.8316 * C ** 0.4757;
    expect(rel(a.tokens, D)).toBeLessThan(1e-12);
    expect(rel(a.params, M / 6)).toBeLessThan(1e-12);
    expect(rel(M * D, C)).toBeLessThan(0.01); // the published fits nearly close (0.1715 · 5.8316 = 1.0001)
  });

  it("kaplan-2020: N_opt = 1.3e9 · C^0.73 with C in PF-days (1 PF-day = 8.64e19 FLOPs)", () => {
    const a = allocatePublished(publishedLaw("kaplan-2020"), 100 * 8.64e19);
    expect(rel(a.params, 1.3e9 * 100 ** 0.73)).toBeLessThan(1e-12);
  });

  it("every catalog entry allocates a finite plan at 1e21 and 1e25 FLOPs", () => {
    for (const e of PUBLISHED_LAWS) {
      for (const C of [1e21, 1e25]) {
        const a = allocatePublished(e, C);
        for (const v of [a.params, a.tokens, a.tokensPerParam]) expect(Number.isFinite(v) && v > 0, `${e.id} at ${C}`).toBe(true);
        if (e.law) expect(Number.isFinite(a.loss!)).toBe(true);
      }
    }
  });
});

describe("allocateWithLaw", () => {
  it("the numeric minimiser agrees with the closed form on the Chinchilla law (1e-6 relative)", () => {
    const values = publishedLaw("besiroglu-2024").law!.values;
    const closed = allocateWithLaw({ law: chinchilla, values }, 5.76e23);
    const numeric = allocateWithLaw({ law: { ...chinchilla, allocate: undefined }, values }, 5.76e23);
    expect(numeric.method).toBe("numeric");
    expect(rel(numeric.params, closed.params)).toBeLessThan(1e-6);
    expect(rel(numeric.loss!, closed.loss!)).toBeLessThan(1e-12);
  });

  it("the numeric plan for Kaplan's joint law is the minimum of L(N, C/6N)", () => {
    const e = publishedLaw("kaplan-2020-nd"), law = getLaw(e.law!.lawId);
    const a = allocateWithLaw({ law, values: e.law!.values }, 1e23);
    const loss = (n: number) => predictLoss(law, e.law!.values, [{ params: n, tokens: 1e23 / (6 * n) }])[0];
    expect(loss(a.params * 1.01)).toBeGreaterThan(a.loss!);
    expect(loss(a.params / 1.01)).toBeGreaterThan(a.loss!);
  });

  it("allocateWithLaw rejects a non-positive budget", () => {
    expect(() => allocatePublished(publishedLaw("hoffmann-2022"), 0)).toThrow(/budget must be/);
    expect(() => allocatePublished(publishedLaw("hoffmann-2022"), -1e20)).toThrow(/budget must be/);
  });
});

describe("allocateForTargetLoss", () => {
  const source = { law: chinchilla, values: publishedLaw("besiroglu-2024").law!.values };

  it("returns the least compute whose optimal loss is the target (checked at C and 1% less)", () => {
    const a = allocateForTargetLoss(source, 2.0);
    expect(a.loss!).toBeCloseTo(2.0, 8);
    expect(allocateWithLaw(source, a.flops * 0.99).loss!).toBeGreaterThan(2.0);
    expect(allocateWithLaw(source, a.flops * 1.01).loss!).toBeLessThan(2.0);
  });

  it("round-trips with allocateWithLaw: the loss planned at 5.76e23 FLOPs needs 5.76e23 FLOPs", () => {
    const forward = allocateWithLaw(source, 5.76e23);
    expect(rel(allocateForTargetLoss(source, forward.loss!).flops, 5.76e23)).toBeLessThan(1e-6);
  });

  it("a target below the irreducible loss E = 1.81686 is refused with the reachable floor", () => {
    expect(() => allocateForTargetLoss(source, 1.8)).toThrow(/out of reach: the law predicts 1\.81\d+ nats even at 1e\+35 FLOPs/);
  });
});

describe("allocateForSize and lossCurve", () => {
  const source = { law: chinchilla, values: publishedLaw("besiroglu-2024").law!.values };

  it("round-trips with allocateWithLaw: the compute-optimal plan for N* = 72.35 B is the one at 5.76e23 FLOPs", () => {
    const forward = allocateWithLaw(source, 5.76e23);
    const byParams = allocateForSize(source, "params", forward.params);
    const byTokens = allocateForSize(source, "tokens", forward.tokens);
    expect(rel(byParams.flops, 5.76e23)).toBeLessThan(1e-6);
    expect(rel(byTokens.flops, 5.76e23)).toBeLessThan(1e-6);
    expect(rel(byTokens.params, forward.params)).toBeLessThan(1e-6);
  });

  it("lossCurve falls with tokens and equals the law at each point", () => {
    const curve = lossCurve(source, 7e9, [1e11, 1e12, 1e13]);
    expect(curve[0].loss).toBeGreaterThan(curve[1].loss);
    expect(curve[1].loss).toBeGreaterThan(curve[2].loss);
    const { E, A, B, alpha, beta } = source.values;
    expect(curve[1].loss).toBeCloseTo(E + A / 7e9 ** alpha + B / 1e12 ** beta, 12);
    expect(curve[1].flops).toBe(6 * 7e9 * 1e12);
  });
});

describe("hardware", () => {
  it("512 H100 × 30 days × 40% MFU = 5.25e23 FLOPs (989 TFLOP/s dense BF16)", () => {
    const flops = budgetFlops({ gpus: 512, days: 30, peakFlops: gpuPreset("h100").peakFlops, mfu: 0.4 });
    expect(rel(flops, 5.25e23)).toBeLessThan(1e-3);
    const t = hardwareCost(flops, 512, gpuPreset("H100").peakFlops, 0.4, 2.5);
    expect(t.gpuHours).toBeCloseTo(512 * 30 * 24, 6);
    expect(t.days).toBeCloseTo(30, 10);
    expect(t.cost).toBeCloseTo(512 * 30 * 24 * 2.5, 4);
  });

  it("presets are dense, never the sparsity figure: A100 312, H100 989, H200 989 TFLOP/s", () => {
    expect(gpuPreset("a100").peakFlops).toBe(312e12);
    expect(gpuPreset("h100").peakFlops).toBe(989e12);
    expect(gpuPreset("h200").peakFlops).toBe(989e12);
  });

  it("bad hardware input names the problem and the valid values", () => {
    expect(() => gpuPreset("v100x")).toThrow(/unknown GPU "v100x"; known: a100, h100/);
    expect(() => budgetFlops({ gpus: 8, days: 1, peakFlops: 1e15, mfu: 1.5 })).toThrow(/MFU must be in \(0, 1\], got 1.5/);
    expect(() => budgetFlops({ gpus: 0, days: 1, peakFlops: 1e15, mfu: 0.4 })).toThrow(/GPUs must be > 0/);
    expect(() => budgetFlops({ gpus: 8, days: -1, peakFlops: 1e15, mfu: 0.4 })).toThrow(/days must be/);
  });
});

describe("allocationIntervals with a degenerate resample (review finding)", () => {
  it("999 good resamples and one with exponents near 0 and A ≫ B (G overflows, no split): the bad one is dropped and counted, the intervals stand", async () => {
    const { allocationIntervals: intervals } = await import("../../../src/core/plan/allocate.js");
    const { chinchilla: law } = await import("../../../src/core/laws/chinchilla.js");
    const good = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
    const resamples = [...Array.from({ length: 999 }, (_, i) => ({ ...good, alpha: 0.33 + 0.02 * (i / 998) })), { ...good, A: 4000, alpha: 5e-5, beta: 5e-5 }];
    const iv = intervals(law, resamples, 5.76e23);
    expect(iv.dropped).toBe(1);
    expect(iv.resamples).toBe(999);
    expect(iv.params[0]).toBeLessThan(iv.params[1]);
    expect(() => intervals(law, [{ ...good, A: 4000, alpha: 5e-5, beta: 5e-5 }, { ...good, A: 4000, alpha: 5e-5, beta: 5e-5 }], 5.76e23)).toThrow(/0 of 2 have one/);
  });
});
