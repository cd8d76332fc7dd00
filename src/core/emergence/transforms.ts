/**
 * Metric transforms of Schaeffer, Miranda & Koyejo 2023 ("Are Emergent Abilities
 * of Large Language Models a Mirage?", arXiv:2304.15004, §2 and Figure 2): with
 * p the probability of the right token, independent across an answer of ℓ tokens,
 * exact match is p^ℓ (every token right) and the expected token edit distance is
 * ℓ·(1 − p) (each token wrong with probability 1 − p, substitutions only).
 * p comes from a per-token loss L (nats) as p = exp(−L).
 */

function checkLength(length: number): void {
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`an answer length ℓ is a whole number of tokens ≥ 1, got ${length}`);
}

function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a per-token probability is in [0, 1], got ${p}`);
}

/**
 * Predicted exact match of an ℓ-token answer, p^ℓ. O(1).
 *
 * @example exactMatchFromP(0.9, 5) // → 0.59049
 */
export function exactMatchFromP(p: number, length: number): number {
  checkP(p); checkLength(length);
  return p ** length;
}

/**
 * Expected token edit distance of an ℓ-token answer, ℓ·(1 − p). O(1).
 *
 * @example editDistanceFromP(0.9, 5) // → 0.5 (to rounding: 5 × 0.1)
 */
export function editDistanceFromP(p: number, length: number): number {
  checkP(p); checkLength(length);
  return length * (1 - p);
}

/**
 * Per-token probability of the right token from its per-token loss (nats), p = exp(−L). O(1).
 *
 * @example pFromLoss(Math.LN2) // → 0.5
 */
export function pFromLoss(lossNats: number): number {
  if (!(lossNats >= 0) || !Number.isFinite(lossNats)) throw new RangeError(`a per-token loss is a finite number of nats ≥ 0, got ${lossNats}`);
  return Math.exp(-lossNats);
}
