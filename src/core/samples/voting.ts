/**
 * Choosing one answer from k samples (issue 14, item 2), given per-sample
 * answers or scores:
 *
 * - best-of-k: the sample a scorer (a reward model, a verifier, the mean
 *   log-probability) ranks highest among k drawn without replacement from the
 *   n, ties broken at random. Its expected correctness over every k-subset is
 *   exact and unbiased: with the samples in tie groups by descending score,
 *   the chosen sample comes from group G when no sample above G is drawn and
 *   at least one of G is, so
 *     best@k = Σ_G [C(n − above_G, k) − C(n − above_G − |G|, k)] / C(n, k) · (correct in G)/|G|.
 *   Splitting the n samples into n/k disjoint groups instead, as public code
 *   often does, uses few of the k-subsets and varies with the sample order.
 * - majority@k: the most frequent answer among k samples drawn without
 *   replacement, ties broken at random, is correct. A blank answer (none
 *   could be extracted) is no vote; k blanks answer nothing and score 0. An exact sum over
 *   k-subsets costs a polynomial convolution per answer class; it is estimated
 *   here by R random k-subsets per problem (seeded), with its Monte Carlo
 *   standard error said.
 */
import { lnGamma } from "../stats/gamma.js";
import type { Rng } from "../stats/rng.js";

/** C(a, k)/C(n, k) for 0 ≤ a ≤ n: 0 when a < k. O(1). */
function chooseRatio(a: number, n: number, k: number): number {
  if (a < k) return 0;
  return Math.exp(lnGamma(a + 1) - lnGamma(a - k + 1) - lnGamma(n + 1) + lnGamma(n - k + 1));
}

/**
 * Expected correctness of the highest-scored of k samples drawn without replacement from one problem's n.
 * `scores[i]` and `correct[i]` (1 or 0) describe sample i. Refuses k > n (`k-exceeds-samples` by the caller). O(n log n).
 */
export function bestOfK(scores: ArrayLike<number>, correct: ArrayLike<number>, k: number): number {
  const n = scores.length;
  if (!(Number.isInteger(k) && k >= 1 && k <= n)) throw new RangeError(`best-of-k needs 1 ≤ k ≤ n = ${n}, got k = ${k}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(scores[i])) throw new RangeError(`best-of-k: sample ${i + 1}'s score is ${scores[i]}, not a finite number`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let above = 0, total = 0;
  for (let g = 0; g < n;) {
    let h = g, good = 0;
    while (h < n && scores[order[h]] === scores[order[g]]) { good += correct[order[h]]; h++; }
    const size = h - g;
    const pTop = chooseRatio(n - above, n, k) - chooseRatio(n - above - size, n, k);
    total += pTop * good / size;
    above += size;
    g = h;
  }
  return Math.min(total, 1); // the ratios of log-gammas may overshoot 1 by an ulp or two
}

/**
 * majority@k of one problem estimated from `draws` random k-subsets: the share of subsets whose most frequent answer
 * (ties broken at random) is a correct one. `answers[i]` is sample i's answer, `correct[i]` whether it is correct.
 * O(draws · k).
 */
export function majorityAtK(answers: readonly string[], correct: ArrayLike<number>, k: number, draws: number, rng: Rng): number {
  const n = answers.length;
  if (!(Number.isInteger(k) && k >= 1 && k <= n)) throw new RangeError(`majority@k needs 1 ≤ k ≤ n = ${n}, got k = ${k}`);
  // a blank answer (none could be extracted) is no vote: it is in the k drawn but never wins; k blanks score 0
  const ids = new Map<string, number>();
  const cls = Int32Array.from(answers, (a) => (a.trim() === "" ? -1 : ids.get(a) ?? ids.set(a, ids.size).get(a)!));
  const classCorrect = new Uint8Array(ids.size);
  for (let i = 0; i < n; i++) if (correct[i] && cls[i] >= 0) classCorrect[cls[i]] = 1;
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const count = new Int32Array(ids.size);
  let wins = 0;
  for (let d = 0; d < draws; d++) {
    // a partial Fisher–Yates shuffle: the first k of idx are a uniform k-subset
    for (let i = 0; i < k; i++) { const j = i + rng.int(n - i); const t = idx[i]; idx[i] = idx[j]; idx[j] = t; }
    let best = 0, tied = 0, pick = -1;
    for (let i = 0; i < k; i++) if (cls[idx[i]] >= 0) count[cls[idx[i]]]++;
    for (let i = 0; i < k; i++) {
      const c = cls[idx[i]];
      if (c < 0) continue; // a blank answer
      const v = count[c];
      if (v < 0) continue; // this class already counted
      if (v > best) { best = v; tied = 1; pick = c; } else if (v === best && rng.int(++tied) === 0) pick = c;
      count[c] = -1;
    }
    for (let i = 0; i < k; i++) if (cls[idx[i]] >= 0) count[cls[idx[i]]] = 0;
    if (pick >= 0) wins += classCorrect[pick];
  }
  return wins / draws;
}
