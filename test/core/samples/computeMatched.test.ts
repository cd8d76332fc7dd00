// Compute-matched decisions (issue 14, acceptance): a constructed case where a 7B model sampled 64 times beats a 70B model
// sampled once, at lower inference FLOPs (2·N·tokens·k), is reported as such.
import { describe, expect, it } from "vitest";
import { betaPassAtK } from "../../../src/core/samples/betaBinomial.js";
import { cheapestFor, costPoints, frontier, inferenceFlops } from "../../../src/core/samples/computeMatched.js";

// 7B: short answers (400 tokens), per-problem success Beta(0.5, 4) → pass@1 0.111, pass@64 ≈ 0.75
// 70B: long reasoning (4,000 tokens), Beta(3, 1.5) → pass@1 0.667
const small = { model: "7B", params: 7e9, tokensPerSample: 400, passAt: (k: number) => betaPassAtK(0.5, 4, k) };
const large = { model: "70B", params: 7e10, tokensPerSample: 4000, passAt: (k: number) => betaPassAtK(3, 1.5, k) };
const ks = [1, 2, 4, 8, 16, 32, 64, 128];

describe("compute-matched decisions", () => {
  it("the 7B model at k = 64 beats the 70B model at k = 1: more accurate, for less inference compute", () => {
    expect(small.passAt(64)).toBeGreaterThan(large.passAt(1));
    expect(inferenceFlops(7e9, 400, 64)).toBe(3.584e14);
    expect(inferenceFlops(7e10, 4000, 1)).toBe(5.6e14);
    const points = costPoints([small, large], ks);
    const pick = cheapestFor(points, large.passAt(1));
    expect(pick).toMatchObject({ model: "7B" });
    expect(pick!.flops).toBeLessThan(inferenceFlops(7e10, 4000, 1));
    // the cheapest at the 70B's k = 1 accuracy is the 7B's smallest k that reaches it
    const kMin = ks.find((k) => small.passAt(k) >= large.passAt(1))!;
    expect(pick!.k).toBe(kMin);
  });

  it("the frontier rises in accuracy with FLOPs and holds no point another beats", () => {
    const points = costPoints([small, large], ks);
    const f = frontier(points);
    for (let i = 1; i < f.length; i++) {
      expect(f[i].flops).toBeGreaterThanOrEqual(f[i - 1].flops);
      expect(f[i].accuracy).toBeGreaterThan(f[i - 1].accuracy);
    }
    for (const p of f) expect(points.some((q) => q.flops <= p.flops && q.accuracy > p.accuracy)).toBe(false);
    expect(cheapestFor(costPoints([small, large], [1, 2]), 0.99)).toBeUndefined(); // 70B pass@2 ≈ 0.87, 7B pass@2 ≈ 0.19
  });
});
