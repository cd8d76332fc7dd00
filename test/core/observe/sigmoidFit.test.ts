// fitSigmoid: y = floor + (ceiling − floor)·σ(a·x + b) by least squares (Ruan et al. 2024's form with the ceiling
// fixed at 1). Data drawn from known parameters are recovered; the refusals name what is missing.
import { describe, expect, it } from "vitest";
import { fitSigmoid, predictSigmoid, sigmoid } from "../../../src/core/observe/sigmoidFit.js";

const xs = Array.from({ length: 25 }, (_, i) => -3 + 0.25 * i);

describe("fitSigmoid", () => {
  it("fitSigmoid(noise-free data) recovers a, b and a fitted floor to 1e-6 (the generating values), converged", () => {
    const truth = { a: 1.7, b: -0.4, floor: 0.12, ceiling: 1 };
    const f = fitSigmoid(xs, xs.map((x) => predictSigmoid(truth, x)));
    expect(f.converged).toBe(true);
    expect(f.a).toBeCloseTo(truth.a, 6);
    expect(f.b).toBeCloseTo(truth.b, 6);
    expect(f.floor).toBeCloseTo(truth.floor, 6);
    expect(f.rmse).toBeLessThan(1e-8);
    expect(f.floorOnBound).toBeNull();
  });

  it("fitSigmoid with a fixed floor and ceiling recovers a and b, in any x units (ln FLOPs around 50)", () => {
    const truth = { a: 0.9, b: -45, floor: 0.25, ceiling: 0.9 };
    const lnC = xs.map((x) => 50 + 2 * x);
    const f = fitSigmoid(lnC, lnC.map((x) => predictSigmoid(truth, x)), { floor: 0.25, ceiling: 0.9 });
    expect(f).toMatchObject({ floor: 0.25, ceiling: 0.9, floorFitted: false, parameters: 2 });
    expect(f.a).toBeCloseTo(0.9, 6);
    expect(f.b).toBeCloseTo(-45, 4);
  });

  it("fitSigmoid flags a floor on its bound: data whose floor is 0.3 pin the fitted floor at 0.2", () => {
    const f = fitSigmoid(xs, xs.map((x) => 0.3 + 0.7 * sigmoid(2 * x)));
    expect(f.floor).toBe(0.2);
    expect(f.floorOnBound).toBe("upper");
  });

  it("fitSigmoid refuses too few models, a constant predictor and a floor at the ceiling", () => {
    expect(() => fitSigmoid([1, 2, 3, 4], [0.1, 0.2, 0.3, 0.4])).toThrow(/needs at least 5 models, got 4/);
    expect(() => fitSigmoid([1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.5])).toThrow(/same predictor value/);
    expect(() => fitSigmoid(xs, xs.map(() => 0.5), { floor: 1 })).toThrow(/below the ceiling/);
  });

  it("sigmoid(±800) stays finite (0 and 1), sigmoid(0) = 0.5", () => {
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(0)).toBe(0.5);
  });
});
