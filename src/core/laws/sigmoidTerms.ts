/**
 * The pieces of laws of the form value = floor + span·σ(−z), written in logs as
 * ln value = LSE(ln floor, ln span − softplus(z)) so that it stays finite for
 * any z: Llama 3's downstream sigmoid (z = k·(L − L0)) and the sigmoid in log
 * test-time tokens (z = −k·(ln T − m)).
 */

/** Stable ln(1 + e^x). */
export function softplus(x: number): number { return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)); }

/** Stable 1/(1 + e^(−x)). */
export function sigmoid(x: number): number { return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)); }

/**
 * ln(e^lnFloor + e^lnSpan·σ(−z)); writes into `parts` the share of the floor term, the share of the span term and
 * σ(z), from which any Jacobian follows: ∂/∂ln floor = parts[0], ∂/∂ln span = parts[1], ∂/∂z = −parts[1]·parts[2].
 */
export function logFloorSpan(lnFloor: number, lnSpan: number, z: number, parts: Float64Array): number {
  const t2 = lnSpan - softplus(z);
  const top = lnFloor > t2 ? lnFloor : t2;
  const w1 = Math.exp(lnFloor - top), w2 = Math.exp(t2 - top), s = w1 + w2;
  parts[0] = w1 / s; parts[1] = w2 / s; parts[2] = sigmoid(z);
  return top + Math.log(s);
}
