/**
 * Iso-lines of a function sampled on a rectangular grid by marching squares
 * (Lorensen & Cline 1987, "Marching cubes", in two dimensions; saddle cells
 * resolved by the cell-centre average, as d3-contour does), with the cell
 * segments stitched into polylines. Crossings are interpolated linearly along
 * cell edges, in the grid's own coordinates (pass ln N, ln D for log axes).
 */

export type Point = [number, number];

/** Corner bits: bottom-left 1, bottom-right 2, top-right 4, top-left 8 (set when the value is ≥ level). */
type Edge = "b" | "r" | "t" | "l";
/** Edges joined in each of the 16 cases (saddles 5 and 10 are resolved separately). */
const CASES: ReadonlyArray<ReadonlyArray<[Edge, Edge]>> = [
  [], [["l", "b"]], [["b", "r"]], [["l", "r"]],
  [["r", "t"]], [], [["b", "t"]], [["l", "t"]],
  [["t", "l"]], [["t", "b"]], [], [["t", "r"]],
  [["r", "l"]], [["r", "b"]], [["b", "l"]], [],
];

/**
 * Polylines where z = level. `z[j][i]` is the value at (xs[i], ys[j]). Open
 * lines run from grid boundary to boundary; closed ones repeat their first
 * point at the end. Non-finite samples break the lines around them.
 * Cost O(nx·ny).
 *
 * @example isoLines([0, 1], [0, 1], [[0, 1], [0, 1]], 0.5) // → [[[0.5, 0], [0.5, 1]]]
 */
export function isoLines(xs: readonly number[], ys: readonly number[], z: ReadonlyArray<ArrayLike<number>>, level: number): Point[][] {
  const nx = xs.length, ny = ys.length;
  if (z.length !== ny || z.some((row) => row.length !== nx)) throw new RangeError(`z must be ${ny} rows of ${nx} values`);
  // each crossing is keyed by its grid edge, so neighbouring cells share end points exactly
  const points = new Map<string, Point>();
  const segments: Array<[string, string]> = [];
  const crossing = (i: number, j: number, edge: Edge): string => {
    // edges as (i0, j0) → (i1, j1)
    const [i0, j0, i1, j1] = edge === "b" ? [i, j, i + 1, j] : edge === "t" ? [i, j + 1, i + 1, j + 1] : edge === "l" ? [i, j, i, j + 1] : [i + 1, j, i + 1, j + 1];
    const key = `${i0},${j0},${i1},${j1}`;
    if (!points.has(key)) {
      const a = z[j0][i0], b = z[j1][i1];
      const t = a === b ? 0.5 : (level - a) / (b - a);
      points.set(key, [xs[i0] + t * (xs[i1] - xs[i0]), ys[j0] + t * (ys[j1] - ys[j0])]);
    }
    return key;
  };
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const bl = z[j][i], br = z[j][i + 1], tr = z[j + 1][i + 1], tl = z[j + 1][i];
      if (![bl, br, tr, tl].every(Number.isFinite)) continue;
      const c = (bl >= level ? 1 : 0) | (br >= level ? 2 : 0) | (tr >= level ? 4 : 0) | (tl >= level ? 8 : 0);
      let pairs = CASES[c];
      if (c === 5 || c === 10) {
        const centreAbove = (bl + br + tr + tl) / 4 >= level;
        // case 5: bl and tr above; with the centre above they connect through the middle
        pairs = (c === 5) === centreAbove ? [["l", "t"], ["b", "r"]] : [["l", "b"], ["r", "t"]];
      }
      for (const [e0, e1] of pairs) segments.push([crossing(i, j, e0), crossing(i, j, e1)]);
    }
  }
  return stitch(segments, points);
}

/** Joins segments sharing end points into polylines: open chains first (from an end of degree 1), then loops. */
function stitch(segments: Array<[string, string]>, points: Map<string, Point>): Point[][] {
  const at = new Map<string, number[]>();
  segments.forEach(([a, b], k) => {
    for (const key of [a, b]) { const list = at.get(key); if (list) list.push(k); else at.set(key, [k]); }
  });
  const used = new Uint8Array(segments.length);
  const walk = (start: string): Point[] => {
    const keys = [start];
    let current = start;
    for (;;) {
      const next = (at.get(current) ?? []).find((k) => !used[k]);
      if (next === undefined) break;
      used[next] = 1;
      const [a, b] = segments[next];
      current = a === current ? b : a;
      keys.push(current);
    }
    return keys.map((k) => points.get(k)!);
  };
  const lines: Point[][] = [];
  // deterministic order: segment order is the cell scan order
  for (const [a, b] of segments) for (const end of [a, b]) {
    if (at.get(end)!.length === 1 && at.get(end)!.some((k) => !used[k])) lines.push(walk(end));
  }
  segments.forEach(([a], k) => { if (!used[k]) lines.push(walk(a)); });
  return lines.filter((l) => l.length >= 2);
}
