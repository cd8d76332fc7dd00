/**
 * Most runs any figure draws as points. Above it an evenly spaced sample (every
 * (n/cap)-th run in input order) is drawn and the subtitle says so; statistics
 * (fits, RMS, axis ranges, budgets) always use every run. 2,000 points keep an
 * SVG near 1 MB and a page responsive; a 10^6-run table would otherwise draw a
 * 160 MB figure.
 */
export const DRAWN_POINTS_CAP = 2000;

/**
 * The rows to draw and, when sampled, the phrase for the subtitle. O(cap).
 *
 * @example
 * drawnSample(rows).rows.length; // min(rows.length, 2000)
 * drawnSample(tenThousand).note;  // "an evenly spaced sample of 2,000 of the 10,000 runs is drawn; statistics use all"
 */
export function drawnSample<T>(rows: readonly T[], cap = DRAWN_POINTS_CAP, what = "runs"): { rows: readonly T[]; note: string | null } {
  if (rows.length <= cap) return { rows, note: null };
  return { rows: drawnIndices(rows.length, cap).map((i) => rows[i]), note: sampleNote(rows.length, cap, what) };
}

/** The indices drawnSample keeps of n rows, in increasing order (all of them when n ≤ cap). O(min(n, cap)). */
export function drawnIndices(n: number, cap = DRAWN_POINTS_CAP): number[] {
  return n <= cap ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: cap }, (_, k) => Math.floor((k * n) / cap));
}

/** drawnSample's subtitle phrase for n rows, or null when all are drawn. */
export function sampleNote(n: number, cap = DRAWN_POINTS_CAP, what = "runs"): string | null {
  return n <= cap ? null : `an evenly spaced sample of ${cap.toLocaleString("en-US")} of the ${n.toLocaleString("en-US")} ${what} is drawn; statistics use all`;
}
