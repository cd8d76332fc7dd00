/**
 * Right-sizing for a task (issue 16, item 3): the smallest compute-optimal
 * model whose chained forecast (loss law, then a downstream map loss → metric;
 * Llama Team 2024 §3.2.1, Gadre et al. 2024) reaches a target metric.
 *
 * The map m(L) is monotone in the loss, so the target fixes the loss needed,
 * L† with m(L†) = target (bisection on L, 1e-13 relative); the least compute
 * whose compute-optimal allocation reaches L† is then `allocateForTargetLoss`'s.
 * A target beyond what the map reaches at any loss (its ceiling, e.g. floor +
 * span for the sigmoid) or at the loss law's floor (its irreducible loss) is
 * refused with `target-beyond-ceiling`. With bootstrap resamples of either fit,
 * resample b of one is paired with resample b of the other (as `chainForecast`
 * does) and each pair is solved again: 95% percentile intervals of N*, D* and C.
 */
import { diagnostic, DiagnosticError } from "../diagnostics.js";
import { predictLoss } from "../laws/transform.js";
import { quantile } from "../stats/quantile.js";
import { allocateForTargetLoss, floorReason, TargetOutOfReachError, type BudgetAllocation, type LawWithValues } from "./allocate.js";
import type { FitWithResamples } from "./chain.js";

/** The loss range the map is searched over, nats: every language-model loss lies inside it. */
const LOSS_RANGE: [number, number] = [1e-6, 50];

export interface LossForMetric {
  /** L† (nats): the map gives the target there. */
  loss: number;
  /** Whether a higher metric is better (accuracy) or a lower one (error). */
  direction: "higher-is-better" | "lower-is-better";
  /** The best value the map reaches (as the loss goes to 0, or at the smallest loss where it is defined); and its value at high loss (chance). */
  ceiling: number;
  floor: number;
}

/** The map's value at one loss. */
export function metricAt(map: LawWithValues, loss: number): number {
  return predictLoss(map.law, map.values, [{ loss }])[0];
}

/**
 * L† with m(L†) = target. Throws DiagnosticError(target-beyond-ceiling) when the map never reaches the target, and
 * a RangeError when it reaches it at any loss (the target is at or below chance: every model meets it).
 */
export function lossForMetric(map: LawWithValues, target: number, name = "the metric"): LossForMetric {
  if (!Number.isFinite(target)) throw new RangeError(`the target of ${name} must be a finite number, got ${target}`);
  const worst = metricAt(map, LOSS_RANGE[1]);
  if (!Number.isFinite(worst)) throw new RangeError(`the map of ${name} (${map.law.id}) is not finite at a loss of ${LOSS_RANGE[1]} nats (chance level)`);
  // a map may be defined only above some loss (downstream-exp: the error reaches 0 at lossAtZeroError and has no value
  // below it): the search starts at the smallest loss where it is finite, found by bisection, and its best value is there
  let edge = LOSS_RANGE[0];
  if (!Number.isFinite(metricAt(map, edge))) {
    let bad = edge, good = LOSS_RANGE[1];
    while (good - bad > 1e-13 * good) { const mid = 0.5 * (bad + good); if (Number.isFinite(metricAt(map, mid))) good = mid; else bad = mid; }
    edge = good;
  }
  const best = metricAt(map, edge);
  const higher = best > worst;
  const beyond = higher ? target >= best : target <= best;
  if (beyond) {
    throw new DiagnosticError(diagnostic("target-beyond-ceiling", `${name} = ${target} is beyond what the ${map.law.id} map reaches at any loss: its best value is ${best.toPrecision(6)} (${edge === LOSS_RANGE[0] ? "as the loss goes to 0" : `at a loss of ${edge.toPrecision(6)} nats, below which it is not defined`})`, { value: String(target) }));
  }
  if (higher ? target <= worst : target >= worst) {
    throw new RangeError(`${name} = ${target} is reached at every loss up to ${LOSS_RANGE[1]} nats (the map's value at high loss, chance level, is ${worst.toPrecision(6)}): every model meets it; give a harder target`);
  }
  let lo = edge, hi = LOSS_RANGE[1]; // m(lo) is better than the target, m(hi) worse
  while (hi - lo > 1e-13 * hi) {
    const mid = 0.5 * (lo + hi), m = metricAt(map, mid);
    if (higher ? m >= target : m <= target) lo = mid; else hi = mid;
  }
  return { loss: 0.5 * (lo + hi), direction: higher ? "higher-is-better" : "lower-is-better", ceiling: best, floor: worst };
}

/** The least compute reaching loss L† under `allocate`, with the loss law's floor turned into target-beyond-ceiling. */
export function allocateForMetric(allocate: (lossNats: number) => BudgetAllocation, need: LossForMetric, name: string, target: number): BudgetAllocation {
  try {
    return allocate(need.loss);
  } catch (e) {
    if (e instanceof TargetOutOfReachError) {
      throw new DiagnosticError(diagnostic("target-beyond-ceiling", `${name} = ${target} needs a loss of ${need.loss.toFixed(4)} nats under the map, and ${floorReason(e.floorNats, e.atFlops)}`, { value: String(target) }));
    }
    throw e;
  }
}

export interface TargetMetricIntervals {
  resamples: number;
  /** Pairs left out: the target beyond that pair's ceiling, or no finite allocation (counted, never silent). */
  dropped: number;
  varied: Array<"loss law" | "downstream map">;
  /** 2.5–97.5 percentiles; absent (with `note`) when fewer than 2 pairs gave a model. */
  params?: [number, number];
  tokens?: [number, number];
  flops?: [number, number];
  note?: string;
}

/** Percentile intervals of the right-sized model over paired resamples; undefined when neither fit has resamples. */
export function targetMetricIntervals(lossFit: FitWithResamples, map: FitWithResamples, target: number,
  allocate: (lossLaw: LawWithValues, lossNats: number) => BudgetAllocation = allocateForTargetLoss): TargetMetricIntervals | undefined {
  const varied: TargetMetricIntervals["varied"] = [];
  if (lossFit.resamples?.length) varied.push("loss law");
  if (map.resamples?.length) varied.push("downstream map");
  if (varied.length === 0) return undefined;
  const B = Math.min(lossFit.resamples?.length ?? Infinity, map.resamples?.length ?? Infinity);
  const ps: number[] = [], ds: number[] = [], cs: number[] = [];
  for (let b = 0; b < B; b++) {
    try {
      const need = lossForMetric({ law: map.law, values: map.resamples?.[b] ?? map.values }, target);
      const a = allocate({ law: lossFit.law, values: lossFit.resamples?.[b] ?? lossFit.values }, need.loss);
      if (![a.params, a.tokens, a.flops].every(Number.isFinite)) continue;
      ps.push(a.params); ds.push(a.tokens); cs.push(a.flops);
    } catch (e) {
      if (!(e instanceof RangeError || e instanceof DiagnosticError)) throw e;
    }
  }
  if (ps.length < 2) return { resamples: ps.length, dropped: B - ps.length, varied, note: `only ${ps.length} of ${B} paired resamples reach ${target}: no interval` };
  const ci = (xs: number[]): [number, number] => [quantile(xs, 0.025), quantile(xs, 0.975)];
  return { resamples: ps.length, dropped: B - ps.length, varied, params: ci(ps), tokens: ci(ds), flops: ci(cs) };
}
