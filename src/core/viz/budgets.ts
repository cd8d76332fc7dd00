/**
 * Runs grouped into compute budgets as the IsoFLOP fit groups them
 * (src/core/fit/isoflop.ts): sorted by FLOPs, a run joins the current budget
 * when its FLOPs are within `tolerance` (relative) of the budget's first run.
 */
import type { VizRun } from "./types.js";

/** Runs whose FLOPs differ by at most this relative amount share a budget (as isoflopFit's default). */
export const BUDGET_TOLERANCE = 0.05;

export interface Budget {
  /** Geometric mean of the budget's FLOPs. */
  flops: number;
  runs: VizRun[];
}

const cache = new WeakMap<readonly VizRun[], { tolerance: number; budgets: Budget[] }>();

/** Budgets in increasing compute; O(n log n), once per runs array and tolerance (figures ask several times). */
export function groupBudgets(runs: readonly VizRun[], tolerance = BUDGET_TOLERANCE): Budget[] {
  const hit = cache.get(runs);
  if (hit && hit.tolerance === tolerance) return hit.budgets;
  const budgets = group(runs, tolerance);
  cache.set(runs, { tolerance, budgets });
  return budgets;
}

function group(runs: readonly VizRun[], tolerance: number): Budget[] {
  const sorted = [...runs].sort((a, b) => a.flops - b.flops || a.params - b.params);
  const groups: VizRun[][] = [];
  for (const r of sorted) {
    const g = groups[groups.length - 1];
    if (g && r.flops <= g[0].flops * (1 + tolerance)) g.push(r); else groups.push([r]);
  }
  return groups.map((g) => ({ flops: Math.exp(g.reduce((s, r) => s + Math.log(r.flops), 0) / g.length), runs: g }));
}
