// symmetricEigen (cyclic Jacobi, Golub & Van Loan §8.5): eigenpairs checked against their definition A·v = λ·v,
// orthonormality and the trace, and against a matrix whose eigenvalues are known in closed form.
import { describe, expect, it } from "vitest";
import { symmetricEigen } from "../../../src/core/observe/jacobiEigen.js";
import { createRng } from "../../../src/core/stats/rng.js";

const matVec = (a: number[][], v: number[]) => a.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));

describe("symmetricEigen", () => {
  it("symmetricEigen([[2, 1], [1, 2]]) gives 3 and 1 (closed form: 2 ± 1), largest first", () => {
    const e = symmetricEigen([[2, 1], [1, 2]]);
    expect(e.values[0]).toBeCloseTo(3, 14);
    expect(e.values[1]).toBeCloseTo(1, 14);
    expect(Math.abs(e.vectors[0][0])).toBeCloseTo(Math.SQRT1_2, 14);
  });

  it("symmetricEigen(random 8 × 8) satisfies A·v = λ·v to 1e-12, with orthonormal vectors and Σλ = trace", () => {
    const rng = createRng(3);
    const b = Array.from({ length: 8 }, () => Array.from({ length: 8 }, () => rng.normal()));
    const a = b.map((_, i) => b.map((_, j) => b[i][j] + b[j][i]));
    const e = symmetricEigen(a);
    expect(e.converged).toBe(true);
    e.vectors.forEach((v, k) => {
      const av = matVec(a, v);
      av.forEach((x, i) => expect(Math.abs(x - e.values[k] * v[i])).toBeLessThan(1e-12));
      e.vectors.forEach((w, l) => expect(v.reduce((s, x, i) => s + x * w[i], 0)).toBeCloseTo(k === l ? 1 : 0, 12));
    });
    expect(e.values.reduce((s, v) => s + v, 0)).toBeCloseTo(a.reduce((s, r, i) => s + r[i], 0), 12);
    for (let k = 1; k < 8; k++) expect(e.values[k]).toBeLessThanOrEqual(e.values[k - 1]);
  });

  it("symmetricEigen(diagonal) needs no sweep; a non-finite entry or a non-square matrix is refused", () => {
    expect(symmetricEigen([[1, 0], [0, 5]])).toMatchObject({ values: [5, 1], sweeps: 0, converged: true });
    expect(() => symmetricEigen([[1, NaN], [NaN, 1]])).toThrow(/not finite/);
    expect(() => symmetricEigen([[1, 2]])).toThrow(/square/);
  });
});
