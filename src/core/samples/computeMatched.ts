/**
 * Compute-matched decisions for test-time compute (issue 14, item 5): which
 * (model, k) reaches a target accuracy for the least inference compute, and
 * the frontier of accuracy against inference FLOPs across models.
 *
 * Convention (stated in every output): inference FLOPs per problem ≈
 * 2 · N · (tokens per sample) · k, with N the parameters that do the work per
 * token (active parameters for a mixture of experts) and the prompt's tokens
 * left out.
 */

export interface ModelCost {
  model: string;
  /** Parameters used per token (active, for a mixture of experts). */
  params: number;
  tokensPerSample: number;
  /** pass@k of the model at k (from the data for k ≤ n, from a law beyond). */
  passAt: (k: number) => number;
}

export interface CostPoint { model: string; k: number; flops: number; accuracy: number }

export const INFERENCE_FLOPS_CONVENTION = "inference FLOPs per problem ≈ 2·N·(tokens per sample)·k (N: parameters used per token, active for a mixture of experts; prompt tokens not counted)";

export const inferenceFlops = (params: number, tokensPerSample: number, k: number) => 2 * params * tokensPerSample * k;

/** Every (model, k) for k in `ks`, with its FLOPs and accuracy. O(models · ks). */
export function costPoints(models: readonly ModelCost[], ks: readonly number[]): CostPoint[] {
  return models.flatMap((m) => ks.map((k) => ({ model: m.model, k, flops: inferenceFlops(m.params, m.tokensPerSample, k), accuracy: m.passAt(k) })));
}

/** The points no other point beats (at most the FLOPs and more accuracy), by increasing FLOPs. O(p log p). */
export function frontier(points: readonly CostPoint[]): CostPoint[] {
  const sorted = [...points].sort((a, b) => a.flops - b.flops || b.accuracy - a.accuracy);
  const out: CostPoint[] = [];
  for (const p of sorted) if (out.length === 0 || p.accuracy > out[out.length - 1].accuracy) out.push(p);
  return out;
}

/** The cheapest (model, k) whose accuracy reaches `target`, or undefined when none does. O(p). */
export function cheapestFor(points: readonly CostPoint[], target: number): CostPoint | undefined {
  let best: CostPoint | undefined;
  for (const p of points) if (p.accuracy >= target && (!best || p.flops < best.flops)) best = p;
  return best;
}
