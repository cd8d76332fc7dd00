/**
 * The train-versus-inference trade of test-time compute (issue 14, item 5):
 * to reach a target accuracy on Q queries over a deployment, is it cheaper to
 * train a larger model and sample it few times, or to train a smaller one and
 * sample it more? For each model, at the smallest k (1, 2, 4, …) whose pass@k
 * reaches the target,
 *
 *   lifetime FLOPs = 6·N·D (training, C = 6ND) + Q · 2·N·(tokens per sample)·k (inference),
 *
 * N the parameters used per token, D the training tokens. Each pair of models
 * has a break-even query volume Q* = ΔC_train / ΔC_inference per query, below
 * which the cheaper-to-train model wins. With hardware, FLOPs become GPU-hours
 * and dollars (training and inference may run at different utilisation).
 */
import { hardwareCost } from "../plan/hardware.js";
import { inferenceFlops } from "./computeMatched.js";

export interface TradeModel {
  model: string;
  params: number;
  tokensPerSample: number;
  trainTokens: number;
  /** Where D came from: "given", or the compute-optimal plan of a catalog law for this N. */
  trainTokensFrom: string;
  /** pass@k at k, and whether it comes from the data or a law. */
  passAt: (k: number) => { value: number; from: string };
}

export interface TradeHardware { peakFlops: number; trainingMfu: number; inferenceMfu: number; pricePerGpuHour?: number }

export interface TradeRow {
  model: string;
  params: number;
  trainTokens: number;
  trainTokensFrom: string;
  /** The smallest k (a power of 2 up to 2^20) whose pass@k reaches the target; null when none does. */
  k: number | null;
  accuracy?: number;
  from?: string;
  trainingFlops: number;
  inferenceFlopsPerQuery?: number;
  lifetimeFlops?: number;
  gpuHours?: { training: number; inference: number; lifetime: number };
  cost?: { training: number; inference: number; lifetime: number };
}

export interface Trade {
  target: number;
  queries: number;
  convention: string;
  rows: TradeRow[];
  /** The model with the least lifetime cost at `queries` (dollars when priced, GPU-hours with hardware, else FLOPs); null when no model reaches the target. */
  cheapest: string | null;
  /** For each pair of models that both reach the target and trade training for inference: the query volume where their lifetime costs are equal. */
  breakEven: Array<{ cheaperToTrain: string; cheaperToServe: string; queries: number }>;
}

export const TRADE_CONVENTION = "lifetime FLOPs = 6·N·D (training) + Q·2·N·(tokens per sample)·k (inference; N parameters used per token, prompt tokens not counted); k the smallest power of 2 whose pass@k reaches the target";

const K_MAX_EXPONENT = 20;

/** The trade at `queries` queries for a target pass@k. O(models · 20 + models²). */
export function trainVsInference(models: readonly TradeModel[], target: number, queries: number, hardware?: TradeHardware): Trade {
  if (!(target > 0 && target < 1)) throw new RangeError(`the target accuracy must be in (0, 1), got ${target}`);
  if (!(queries >= 0) || !Number.isFinite(queries)) throw new RangeError(`the query volume must be a finite number ≥ 0, got ${queries}`);
  const rows: TradeRow[] = models.map((m) => {
    const trainingFlops = 6 * m.params * m.trainTokens;
    let hit: { k: number; value: number; from: string } | undefined;
    for (let e = 0; e <= K_MAX_EXPONENT && !hit; e++) { const p = m.passAt(2 ** e); if (p.value >= target) hit = { k: 2 ** e, ...p }; }
    const base = { model: m.model, params: m.params, trainTokens: m.trainTokens, trainTokensFrom: m.trainTokensFrom, trainingFlops };
    if (!hit) return { ...base, k: null };
    const perQuery = inferenceFlops(m.params, m.tokensPerSample, hit.k);
    const row: TradeRow = { ...base, k: hit.k, accuracy: hit.value, from: hit.from, inferenceFlopsPerQuery: perQuery, lifetimeFlops: trainingFlops + queries * perQuery };
    if (hardware) {
      const hours = (flops: number, mfu: number) => hardwareCost(flops, 1, hardware.peakFlops, mfu).gpuHours;
      const training = hours(trainingFlops, hardware.trainingMfu), inference = hours(queries * perQuery, hardware.inferenceMfu);
      row.gpuHours = { training, inference, lifetime: training + inference };
      if (hardware.pricePerGpuHour !== undefined) {
        const p = hardware.pricePerGpuHour;
        row.cost = { training: training * p, inference: inference * p, lifetime: (training + inference) * p };
      }
    }
    return row;
  });
  const reach = rows.filter((r) => r.k !== null);
  // compared in the table's unit: dollars with a price, GPU-hours with hardware, FLOPs without (as the break-even below)
  const score = (r: TradeRow) => r.cost?.lifetime ?? r.gpuHours?.lifetime ?? r.lifetimeFlops!;
  const cheapest = reach.length ? reach.reduce((a, b) => (score(b) < score(a) ? b : a)).model : null;
  // break-even in the unit the rows are compared in: GPU-hours with hardware (training and inference utilisation may
  // differ; a price scales both alike), FLOPs without
  const train = (r: TradeRow) => (hardware ? r.trainingFlops / hardware.trainingMfu : r.trainingFlops);
  const serve = (r: TradeRow) => (hardware ? r.inferenceFlopsPerQuery! / hardware.inferenceMfu : r.inferenceFlopsPerQuery!);
  const breakEven: Trade["breakEven"] = [];
  for (const a of reach) for (const b of reach) {
    // a is cheaper to train, b cheaper per query: equal lifetime cost at Q* = (train_b − train_a)/(serve_a − serve_b)
    if (train(a) < train(b) && serve(a) > serve(b)) {
      breakEven.push({ cheaperToTrain: a.model, cheaperToServe: b.model, queries: (train(b) - train(a)) / (serve(a) - serve(b)) });
    }
  }
  return { target, queries, convention: TRADE_CONVENTION, rows, cheapest, breakEven };
}
