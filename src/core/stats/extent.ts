/**
 * Largest and smallest of many numbers without spreading them into an argument
 * list (Math.max(...xs) overflows the call stack near 10^5 values). NaN is
 * skipped; an empty input gives −Infinity resp. Infinity, as Math.max() does.
 * O(n).
 *
 * @example
 * maxOf([3, 1, 2]);        // 3
 * minOf(new Float64Array([3, 1, 2])); // 1
 */
export function maxOf(xs: Iterable<number>): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  return m;
}

/** See {@link maxOf}. */
export function minOf(xs: Iterable<number>): number {
  let m = Infinity;
  for (const x of xs) if (x < m) m = x;
  return m;
}
