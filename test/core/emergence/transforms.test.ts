// The metric transforms of Schaeffer, Miranda & Koyejo 2023 (arXiv:2304.15004, §2): exact match p^ℓ, edit distance ℓ(1 − p), p = exp(−L).
import { describe, expect, it } from "vitest";
import { editDistanceFromP, exactMatchFromP, pFromLoss } from "../../../src/core/emergence/transforms.js";

describe("exactMatchFromP(p, ℓ)", () => {
  it("is p^ℓ exactly (the same double as p ** ℓ), and 1 or 0 at p = 1 or 0", () => {
    expect(exactMatchFromP(0.5, 5)).toBe(0.03125); // 2^-5, exact in binary
    expect(exactMatchFromP(0.9, 5)).toBe(0.9 ** 5);
    expect(exactMatchFromP(1, 40)).toBe(1);
    expect(exactMatchFromP(0, 1)).toBe(0);
    expect(exactMatchFromP(0.75, 1)).toBe(0.75);
  });
  it("refuses p outside [0, 1] and ℓ that is not a whole number ≥ 1", () => {
    expect(() => exactMatchFromP(1.01, 5)).toThrow(/\[0, 1\]/);
    expect(() => exactMatchFromP(Number.NaN, 5)).toThrow(RangeError);
    expect(() => exactMatchFromP(0.5, 0)).toThrow(/whole number of tokens/);
    expect(() => exactMatchFromP(0.5, 2.5)).toThrow(/whole number of tokens/);
  });
});

describe("editDistanceFromP(p, ℓ)", () => {
  it("is ℓ·(1 − p) exactly", () => {
    expect(editDistanceFromP(0.5, 4)).toBe(2);
    expect(editDistanceFromP(0.75, 8)).toBe(2);
    expect(editDistanceFromP(0.9, 5)).toBe(5 * (1 - 0.9));
    expect(editDistanceFromP(1, 5)).toBe(0);
    expect(editDistanceFromP(0, 5)).toBe(5);
  });
});

describe("pFromLoss(L)", () => {
  it("is exp(−L): 1 at L = 0, 1/2 at L = ln 2 (to 1 ulp), and refuses a negative or non-finite loss", () => {
    expect(pFromLoss(0)).toBe(1);
    expect(Math.abs(pFromLoss(Math.LN2) - 0.5)).toBeLessThanOrEqual(1.2e-16);
    expect(pFromLoss(3)).toBe(Math.exp(-3));
    expect(() => pFromLoss(-0.1)).toThrow(/≥ 0/);
    expect(() => pFromLoss(Infinity)).toThrow(RangeError);
  });
  it("composes: the exact match of a loss L over ℓ tokens is exp(−ℓL) (to 4 ulp)", () => {
    for (const L of [0.01, 0.1, 0.7, 2]) expect(Math.abs(exactMatchFromP(pFromLoss(L), 5) - Math.exp(-5 * L)) / Math.exp(-5 * L)).toBeLessThan(1e-15);
  });
});
