/**
 * The unbiased pass@k estimator of Chen et al. 2021 ("Evaluating Large
 * Language Models Trained on Code", eq. 1): for a problem with n samples of
 * which c are correct,
 *
 *   pass@k = 1 − C(n−c, k) / C(n, k) = 1 − ∏_{i=0}^{k−1} (1 − c/(n−i)),
 *
 * the chance that k samples drawn without replacement from the n include a
 * correct one. Computed as −expm1(S) with S = Σ log1p(−c/(n−i)) summed with
 * Neumaier's compensation, so the result keeps about 1e-15 relative accuracy
 * for n up to 10^6 and beyond (binomial coefficients of that size overflow,
 * and differences of their logarithms cancel). Exact at the edges: c = 0 gives
 * 0, k > n − c gives 1 (every k-subset holds a correct sample).
 *
 * k > n is refused (`k-exceeds-samples`): the estimator is not defined there,
 * and clipping k to n would report pass@n as pass@k.
 */
import { diagnostic, DiagnosticError } from "../diagnostics.js";

function checkCounts(n: number, c: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`a problem needs n ≥ 1 samples (a whole number), got n = ${n}`);
  if (!Number.isInteger(c) || c < 0 || c > n) throw new RangeError(`correct samples must be a whole number from 0 to n = ${n}, got c = ${c}`);
}

function refuseK(n: number, k: number, problem?: string): never {
  throw new DiagnosticError(diagnostic("k-exceeds-samples", `${problem ? `problem ${problem}: ` : ""}pass@${k} needs at least ${k} samples, and this problem has n = ${n}; the estimator is not defined for k > n`));
}

/**
 * Σ_{i<k} log1p(−c/(n−i)) for k = 1 … kMax with Neumaier's compensation,
 * handing each partial sum (and its k) to `each`. The caller handles c = 0
 * and k > n − c (exact 0 and 1).
 */
function logNoneCorrect(n: number, c: number, kMax: number, each: (k: number, sum: number) => void): void {
  let sum = 0, comp = 0;
  for (let i = 0; i < kMax; i++) {
    const t = Math.log1p(-c / (n - i));
    const s = sum + t;
    comp += Math.abs(sum) >= Math.abs(t) ? sum - s + t : t - s + sum;
    sum = s;
    each(i + 1, sum + comp);
  }
}

/** pass@k of one problem. O(min(k, n − c)). */
export function passAtK(n: number, c: number, k: number, problem?: string): number {
  checkCounts(n, c);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number ≥ 1, got ${k}`);
  if (k > n) refuseK(n, k, problem);
  if (c === 0) return 0;
  if (k > n - c) return 1;
  let last = 0;
  logNoneCorrect(n, c, k, (_, s) => { last = s; });
  return -Math.expm1(last);
}

/**
 * pass@k of one problem at every k = 1 … kMax (index k − 1), in one pass:
 * the compensated partial sums of the same terms. O(kMax).
 */
export function passAtKCurve(n: number, c: number, kMax: number, problem?: string): Float64Array {
  checkCounts(n, c);
  if (!Number.isInteger(kMax) || kMax < 1) throw new RangeError(`k must be a whole number ≥ 1, got ${kMax}`);
  if (kMax > n) refuseK(n, kMax, problem);
  const out = new Float64Array(kMax);
  if (c === 0) return out;
  // up to k = n − c some sample may be missed; beyond, every k-subset holds a correct one
  logNoneCorrect(n, c, Math.min(kMax, n - c), (k, s) => { out[k - 1] = -Math.expm1(s); });
  out.fill(1, Math.min(kMax, n - c));
  return out;
}

/**
 * The mean pass@k over problems (the benchmark's coverage@k) at every k = 1 …
 * kMax. Every problem must have n ≥ kMax: a problem with fewer samples is
 * refused by name (`k-exceeds-samples`), never dropped. O(problems · kMax).
 */
export function coverageCurve(problems: ReadonlyArray<{ id?: string; n: number; c: number }>, kMax: number): Float64Array {
  if (problems.length === 0) throw new RangeError("no problem to average over");
  const total = new Float64Array(kMax);
  for (const p of problems) {
    const curve = passAtKCurve(p.n, p.c, kMax, p.id);
    for (let i = 0; i < kMax; i++) total[i] += curve[i];
  }
  for (let i = 0; i < kMax; i++) total[i] /= problems.length;
  return total;
}
