/**
 * The standard normal quantile and the Wilson score interval of a binomial
 * proportion, for reading forecast intervals as normal (z-scores) and for the
 * uncertainty of an observed coverage.
 */
import { erfc } from "./erf.js";

/**
 * Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation (relative error
 * below 1.2e-9), polished by one Halley step on Φ(x) = erfc(−x/√2)/2, which
 * brings it to about 1e-15. ±Infinity at 0 and 1; NaN outside [0, 1]. O(1).
 *
 * @example normalQuantile(0.975) // → 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // one Halley step: e = Φ(x) − p, u = e·√(2π)·exp(x²/2)
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/**
 * Wilson score interval of k successes in n trials at two-sided level
 * `level` (Wilson 1927): never outside [0, 1], sensible at k = 0 and k = n,
 * where the normal (Wald) interval collapses. n must be ≥ 1. O(1).
 *
 * @example wilsonInterval(8, 10, 0.95) // → [0.4902, 0.9433] (rounded)
 */
export function wilsonInterval(k: number, n: number, level = 0.95): [number, number] {
  if (!(n >= 1) || !(k >= 0 && k <= n)) throw new RangeError(`wilsonInterval needs 0 ≤ k ≤ n and n ≥ 1, got k = ${k}, n = ${n}`);
  const z = normalQuantile(0.5 + level / 2);
  const phat = k / n, z2 = z * z;
  const centre = (phat + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((phat * (1 - phat)) / n + z2 / (4 * n * n));
  // at k = 0 (k = n) the lower (upper) bound is exactly 0 (1); computed, it can miss by a rounding
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}
