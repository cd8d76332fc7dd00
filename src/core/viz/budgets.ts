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

/** Budgets in increasing compute; O(n log n). */
export function groupBudgets(runs: readonly VizRun[], tolerance = BUDGET_TOLERANCE): Budget[] {
  const sorted = [...runs].sort((a, b) => a.flops - b.flops || a.params - b.params);
  const groups: VizRun[][] = [];
  for (const r of sorted) {
    const g = groups[groups.length - 1];
    if (g && r.flops <= g[0].flops * (1 + tolerance)) g.push(r); else groups.push([r]);
  }
  return groups.map((g) => ({ flops: Math.exp(g.reduce((s, r) => s + Math.log(r.flops), 0) / g.length), runs: g }));
}
