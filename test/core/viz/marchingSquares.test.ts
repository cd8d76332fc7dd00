// Marching squares (marchingSquares.ts) against functions whose iso-lines are known exactly.
import { describe, expect, it } from "vitest";
import { isoLines } from "../../../src/core/viz/marchingSquares.js";

const grid = (n: number, lo: number, hi: number) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
const sample = (xs: number[], ys: number[], f: (x: number, y: number) => number) => ys.map((y) => Float64Array.from(xs, (x) => f(x, y)));

describe("isoLines(xs, ys, z, level)", () => {
  it("of a plane z = x + 2y is the straight line x + 2y = level, exactly (linear interpolation is exact on a plane)", () => {
    const xs = grid(11, 0, 1), ys = grid(7, 0, 1);
    const lines = isoLines(xs, ys, sample(xs, ys, (x, y) => x + 2 * y), 1.3);
    expect(lines).toHaveLength(1);
    for (const [x, y] of lines[0]) expect(x + 2 * y).toBeCloseTo(1.3, 12);
    expect(lines[0].length).toBeGreaterThan(10);
  });

  it("of a cone z = √(x² + y²) is one closed loop of radius r (within the grid spacing's chord error, 0.2%)", () => {
    const xs = grid(41, -1, 1), ys = grid(41, -1, 1);
    const [loop, ...rest] = isoLines(xs, ys, sample(xs, ys, (x, y) => Math.hypot(x, y)), 0.6);
    expect(rest).toHaveLength(0);
    expect(loop[0]).toEqual(loop[loop.length - 1]);
    for (const [x, y] of loop) expect(Math.abs(Math.hypot(x, y) / 0.6 - 1)).toBeLessThan(2e-3);
  });

  it("of two bumps is two loops, and a level above both gives none", () => {
    const xs = grid(61, -3, 3), ys = grid(31, -1.5, 1.5);
    const z = sample(xs, ys, (x, y) => Math.exp(-((x - 1.5) ** 2 + y * y)) + Math.exp(-((x + 1.5) ** 2 + y * y)));
    expect(isoLines(xs, ys, z, 0.5)).toHaveLength(2);
    expect(isoLines(xs, ys, z, 1.5)).toHaveLength(0);
  });

  it("resolves a saddle cell by its centre value: the lines do not cross", () => {
    // z = x·y on [−1, 1]²: the cell at the origin is a saddle; level 0.1 has two branches, one per quadrant pair
    const xs = grid(2, -1, 1), ys = grid(2, -1, 1);
    const lines = isoLines(xs, ys, sample(xs, ys, (x, y) => x * y), 0.1);
    expect(lines).toHaveLength(2);
  });

  it("breaks lines around non-finite samples instead of drawing through them", () => {
    const xs = grid(5, 0, 1), ys = grid(5, 0, 1);
    const z = sample(xs, ys, (x) => x);
    z[2][2] = NaN;
    const lines = isoLines(xs, ys, z, 0.5);
    expect(lines.length).toBe(2);
    for (const line of lines) for (const [x] of line) expect(x).toBeCloseTo(0.5, 12);
  });

  it("rejects a z of the wrong shape", () => {
    expect(() => isoLines([0, 1], [0, 1], [new Float64Array(2)], 0)).toThrow(/2 rows of 2/);
  });
});
