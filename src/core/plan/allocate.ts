/**
 * Compute-optimal allocation of a FLOP budget C = 6·N·D (Hoffmann et al. 2022
 * eq. 4): N*, D*, the predicted loss and tokens per parameter, from a law with
 * values (closed form where the law declares one, else a bounded 1-D
 * minimisation of L(N, C/(6N)) over ln N) or from a published allocation rule.
 */
import { getLaw } from "../laws/registry.js";
import { predictLoss } from "../laws/transform.js";
import type { Law } from "../laws/types.js";
import { minimizeBounded } from "../optimize/minimizeBounded.js";
import { quantileSorted, sortedFinite } from "../stats/quantile.js";
import { isConverged } from "../optimize/types.js";
import { PF_DAY, type AllocationRule, type PublishedLaw } from "../catalog/publishedLaws.js";

export interface BudgetAllocation {
  flops: number;
  params: number;
  tokens: number;
  tokensPerParam: number;
  /** Predicted loss in nats, when the source has a loss law. */
  loss?: number;
  method: "closed-form" | "numeric" | "rule" | "fixed-size";
  notes: string[];
}

/** A loss law with fitted or published values. */
export interface LawWithValues {
  law: Law;
  values: Readonly<Record<string, number>>;
}

/** Bracket of the numeric search, in parameters. */
const MIN_PARAMS = 1e3;

/**
 * N*, D* minimising L(N, C/(6N)). Cost: closed form O(1); numeric ≈ 40
 * evaluations (Brent on ln N to 1e-10 relative).
 */
export function allocateWithLaw({ law, values }: LawWithValues, flops: number): BudgetAllocation {
  checkBudget(flops);
  if (law.allocate) {
    const a = law.allocate(values, flops);
    return finish(flops, a.params, a.tokens, lossAt({ law, values }, a.params, a.tokens), "closed-form", []);
  }
  const hi = Math.log(flops / 6); // N ≤ C/6 keeps D ≥ 1 token
  const lo = Math.log(MIN_PARAMS);
  if (!(hi > lo)) throw new RangeError(`budget ${flops} FLOPs is too small to allocate (needs > ${6 * MIN_PARAMS})`);
  const r = minimizeBounded((lnN) => {
    const params = Math.exp(lnN);
    return lossAt({ law, values }, params, flops / (6 * params));
  }, lo, hi, { xtol: 1e-10 });
  const params = Math.exp(r.x[0]);
  const notes: string[] = [];
  if (!isConverged(r.status)) notes.push(`numeric allocation did not converge: ${r.message}`);
  if (r.x[0] - lo < 1e-6 * Math.abs(lo) || hi - r.x[0] < 1e-6 * Math.abs(hi)) {
    notes.push(`the loss-minimising N sits at the edge of the search range [${MIN_PARAMS}, C/6]: the law has no interior optimum at this budget`);
  }
  return finish(flops, params, flops / (6 * params), r.f, "numeric", notes);
}

/** Whether N*, D* are finite positive numbers (a degenerate law can give 0, ∞ or NaN). */
export function isUsableSplit(a: { params: number; tokens: number }): boolean {
  return a.params > 0 && a.tokens > 0 && Number.isFinite(a.params) && Number.isFinite(a.tokens);
}

/**
 * N*, D* at `flops` from fitted power laws of the optima (IsoFLOP profiles,
 * the training-curve envelope): N* = k_N·C^a, D* = k_D·C^b.
 */
export function powerLawAllocation(laws: { params: { coefficient: number; exponent: number }; tokens: { coefficient: number; exponent: number } }, flops: number): { flops: number; params: number; tokens: number; tokensPerParam: number } {
  const params = laws.params.coefficient * flops ** laws.params.exponent;
  const tokens = laws.tokens.coefficient * flops ** laws.tokens.exponent;
  return { flops, params, tokens, tokensPerParam: tokens / params };
}

/** N*, D* from a published power-law rule; the loss comes from the entry's law if it has one. */
export function allocateWithRule(rule: AllocationRule, flops: number, lossLaw?: LawWithValues): BudgetAllocation {
  checkBudget(flops);
  const c = rule.flopsUnit === "PF-days" ? flops / PF_DAY : flops;
  const k = rule.flopsPerParamToken;
  let params: number, tokens: number;
  if (rule.params && rule.tokens) {
    params = rule.params.coefficient * c ** rule.params.exponent;
    tokens = rule.tokens.coefficient * c ** rule.tokens.exponent;
  } else if (rule.params) {
    params = rule.params.coefficient * c ** rule.params.exponent;
    tokens = flops / (k * params);
  } else if (rule.tokens) {
    tokens = rule.tokens.coefficient * c ** rule.tokens.exponent;
    params = flops / (k * tokens);
  } else {
    throw new RangeError("an allocation rule needs a params or a tokens power law");
  }
  const notes = rule.note ? [rule.note] : [];
  return finish(flops, params, tokens, lossLaw ? lossAt(lossLaw, params, tokens) : undefined, "rule", notes);
}

/** BudgetAllocation for a catalog entry: its rule if it has one (the published allocation), else its law. */
export function allocatePublished(entry: PublishedLaw, flops: number): BudgetAllocation {
  const lossLaw = entry.law ? { law: getLaw(entry.law.lawId, entry.law.options), values: entry.law.values } : undefined;
  if (entry.rule) return allocateWithRule(entry.rule, flops, lossLaw);
  return allocateWithLaw(lossLaw!, flops);
}

function lossAt({ law, values }: LawWithValues, params: number, tokens: number): number {
  return predictLoss(law, values, [{ params, tokens, flops: 6 * params * tokens }])[0];
}

function finish(flops: number, params: number, tokens: number, loss: number | undefined, method: BudgetAllocation["method"], notes: string[]): BudgetAllocation {
  return { flops, params, tokens, tokensPerParam: tokens / params, ...(loss === undefined ? {} : { loss }), method, notes };
}

function checkBudget(flops: number): void {
  if (!(flops > 0) || !Number.isFinite(flops)) throw new RangeError(`compute budget must be a finite number of FLOPs > 0, got ${flops}`);
}

/** A target loss below what the law reaches at the top of the search range (its irreducible loss): what was asked and the floor. */
export class TargetOutOfReachError extends RangeError {
  override name = "TargetOutOfReachError";
  constructor(readonly targetLossNats: number, readonly floorNats: number, readonly atFlops: number) {
    super(`target loss ${targetLossNats} nats is out of reach: ${floorReason(floorNats, atFlops)}`);
  }
}

/** Why a loss is out of reach: the law's loss at the largest budget searched. */
export const floorReason = (floorNats: number, atFlops: number) =>
  `the law predicts ${floorNats.toFixed(4)} nats even at ${atFlops} FLOPs (its irreducible loss bounds what compute can buy)`;

/** Search range for the compute that reaches a target loss, FLOPs. */
const TARGET_FLOPS_RANGE: [number, number] = [1e12, 1e35];

/** How a plan turns a budget into N*, D* (and a loss): a law's loss-minimising split, or a published rule. */
export type Allocator = (flops: number) => BudgetAllocation;

/** The allocator of a law: its loss-minimising split. */
export const lawAllocator = (source: LawWithValues): Allocator => (flops) => allocateWithLaw(source, flops);

/**
 * The least compute whose compute-optimal allocation reaches `targetLossNats`,
 * and that allocation: bisection on ln C (the optimal loss falls monotonically
 * with C), 1e-9 relative in C. Throws a RangeError when the target is at or
 * below what the law reaches within 1e35 FLOPs (e.g. below its irreducible E).
 * `source` is a law (its loss-minimising split) or any allocator that gives a loss (a rule with a law).
 */
export function allocateForTargetLoss(source: LawWithValues | Allocator, targetLossNats: number): BudgetAllocation {
  if (!(targetLossNats > 0) || !Number.isFinite(targetLossNats)) throw new RangeError(`target loss must be a number of nats > 0, got ${targetLossNats}`);
  const allocate = typeof source === "function" ? source : lawAllocator(source);
  const lossAtBudget = (lnC: number) => {
    const loss = allocate(Math.exp(lnC)).loss;
    if (loss === undefined) throw new RangeError("a target loss needs an allocation that predicts loss");
    return loss;
  };
  let lo = Math.log(TARGET_FLOPS_RANGE[0]), hi = Math.log(TARGET_FLOPS_RANGE[1]);
  const floor = lossAtBudget(hi);
  if (floor > targetLossNats) {
    throw new TargetOutOfReachError(targetLossNats, floor, TARGET_FLOPS_RANGE[1]);
  }
  if (lossAtBudget(lo) <= targetLossNats) throw new RangeError(`target loss ${targetLossNats} nats is reached below ${TARGET_FLOPS_RANGE[0]} FLOPs: too easy to plan`);
  while (hi - lo > 1e-9) {
    const mid = 0.5 * (lo + hi);
    if (lossAtBudget(mid) > targetLossNats) lo = mid; else hi = mid;
  }
  const a = allocate(Math.exp(hi));
  return { ...a, notes: [...a.notes, `least compute reaching ${Number(targetLossNats.toPrecision(6))} nats (bisection on ln C)`] };
}

export interface AllocationIntervals {
  /** Resamples whose allocation was finite (the intervals use these). */
  resamples: number;
  /** Resamples left out because their allocation failed or was not finite (counted, never silent). */
  dropped: number;
  /** 2.5/97.5 percentiles over resamples (Efron & Tibshirani 1993, ch. 13). */
  params: [number, number];
  tokens: [number, number];
  loss: [number, number];
}

/** Percentile intervals of N*, D* and loss at `flops` over bootstrap resamples of a law's parameters. */
export function allocationIntervals(law: Law, resamples: ReadonlyArray<Readonly<Record<string, number>>>, flops: number): AllocationIntervals {
  if (resamples.length < 2) throw new RangeError(`intervals need at least 2 resamples, got ${resamples.length}`);
  // a resample whose parameters cannot split this budget (e.g. exponents near 0) is left out and counted
  const plans = resamples.flatMap((values) => {
    try {
      const p = allocateWithLaw({ law, values }, flops);
      return Number.isFinite(p.params) && Number.isFinite(p.tokens) && Number.isFinite(p.loss!) ? [p] : [];
    } catch (e) {
      if (e instanceof RangeError) return [];
      throw e;
    }
  });
  if (plans.length < 2) throw new RangeError(`intervals need at least 2 resamples with a finite allocation at ${flops.toExponential(3)} FLOPs; ${plans.length} of ${resamples.length} have one`);
  const ci = (xs: number[]): [number, number] => { const s = sortedFinite(xs); return [quantileSorted(s, 0.025), quantileSorted(s, 0.975)]; };
  return {
    resamples: plans.length,
    dropped: resamples.length - plans.length,
    params: ci(plans.map((p) => p.params)),
    tokens: ci(plans.map((p) => p.tokens)),
    loss: ci(plans.map((p) => p.loss!)),
  };
}

/**
 * The compute-optimal plan whose N* (or D*) equals a given size: bisection on
 * ln C, since N* and D* both grow with C. "What budget makes a 7 B model
 * compute-optimal, and on how many tokens?" / "Which model size is
 * compute-optimal for the 2 T tokens I have?" `source` is a law (its
 * loss-minimising split) or an allocator (a published rule, inverted the same
 * way, so that `plan --params N` and `plan --compute C` agree).
 */
export function allocateForSize(source: LawWithValues | Allocator, which: "params" | "tokens", size: number): BudgetAllocation {
  if (!(size > 0) || !Number.isFinite(size)) throw new RangeError(`${which} must be a finite number > 0, got ${size}`);
  const allocate = typeof source === "function" ? source : lawAllocator(source);
  const at = (lnC: number) => allocate(Math.exp(lnC))[which];
  let lo = Math.log(TARGET_FLOPS_RANGE[0]), hi = Math.log(TARGET_FLOPS_RANGE[1]);
  if (at(lo) > size || at(hi) < size) {
    throw new RangeError(`no compute-optimal plan between ${TARGET_FLOPS_RANGE[0]} and ${TARGET_FLOPS_RANGE[1]} FLOPs has ${which} = ${size}`);
  }
  while (hi - lo > 1e-10) {
    const mid = 0.5 * (lo + hi);
    if (at(mid) < size) lo = mid; else hi = mid;
  }
  const a = allocate(Math.exp(0.5 * (lo + hi)));
  return { ...a, notes: [...a.notes, `the compute-optimal plan with ${which} = ${size.toExponential(3)} (bisection on ln C)`] };
}

/** Loss of a model of `params` parameters at each token count (C = 6ND): the over- and under-training curve. */
export function lossCurve(source: LawWithValues, params: number, tokens: readonly number[]): Array<{ tokens: number; flops: number; tokensPerParam: number; loss: number }> {
  if (!(params > 0) || !Number.isFinite(params)) throw new RangeError(`params must be a finite number > 0, got ${params}`);
  return tokens.map((d) => ({ tokens: d, flops: 6 * params * d, tokensPerParam: d / params, loss: lossAt(source, params, d) }));
}
