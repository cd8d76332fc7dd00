// analyzeModel on a large benchmark: 200,000 problems are read with loops, never spread into an argument list
// (Math.min(...xs) overflows the call stack near 10^5 values).
import { describe, expect, it } from "vitest";
import { analyzeModel } from "../../../src/core/samples/analyze.js";

describe("a model with many problems", () => {
  it("is analysed without spreading its problems into an argument list (200,000 problems; Math.min(...) overflowed the stack)", () => {
    const problems = Array.from({ length: 200_000 }, (_, i) => ({ id: `q${i}`, n: 4, c: i % 5 }));
    const r = analyzeModel("m", problems, { ks: [1], bootstrap: 0, seed: 1 });
    expect(r.samples).toEqual({ min: 4, max: 4 });
    expect(r.passAtK[0].value).toBeCloseTo(0.5, 12); // c/n over c = 0 … 4 in equal shares
  }, 60_000);
});
