/**
 * Interactive refits. When the fitted runs change by a small edit (a point
 * toggled, K changed by one) the previous optimum is an excellent start: one
 * polish of it on the new data (the stage-2 polish of fitLaw, L-BFGS to
 * POLISH_FTOL; ≈ 50 iterations, a few ms on 240 points) gives the new optimum
 * of the same basin at once. The full screened multi-start then reruns in the
 * worker and replaces it, saying so when it finds a better basin.
 */
import type { FitData } from "../../src/core/fit/data.js";
import { finishFit, type FitResult } from "../../src/core/fit/fitLaw.js";
import { objectives, type ObjectiveId } from "../../src/core/fit/objectives.js";
import type { Law } from "../../src/core/laws/types.js";

/** What a fit was made of: everything but the runs (serialised), and the source lines of the runs. */
export interface FitSnapshot {
  /** Dataset revision, law id and options, method, objective, δ: any change means a new problem. */
  key: string;
  lines: readonly number[];
}

export function fitKey(parts: { dataset: number | string; law: string; lawOptions: object; method: string; objective: string; delta: number }): string {
  return JSON.stringify([parts.dataset, parts.law, parts.lawOptions, parts.method, parts.objective, parts.delta]);
}

/** A small edit changes at most this many runs, or this fraction of them, whichever is larger. */
export const SMALL_EDIT_RUNS = 3;
export const SMALL_EDIT_FRACTION = 0.05;

export type RefitKind = "unchanged" | "warm" | "full";

/**
 * How to refit after an edit: "unchanged" when the same runs and settings
 * were fitted, "warm" when only a few runs changed (see SMALL_EDIT_*), else
 * "full" (no previous fit, other settings, other data, or a large edit). O(n).
 */
export function refitKind(previous: FitSnapshot | null, next: FitSnapshot): RefitKind {
  if (previous === null || previous.key !== next.key) return "full";
  const before = new Set(previous.lines), after = new Set(next.lines);
  let changed = 0;
  for (const l of before) if (!after.has(l)) changed++;
  for (const l of after) if (!before.has(l)) changed++;
  if (changed === 0) return "unchanged";
  const limit = Math.max(SMALL_EDIT_RUNS, Math.floor(SMALL_EDIT_FRACTION * Math.max(before.size, after.size)));
  return changed <= limit ? "warm" : "full";
}

/**
 * The fit of `data` polished from `previousTheta` (law parameters first, fit
 * space): finishFit with the previous optimum as the only survey end point, so
 * warnings, bound flags and quality are computed exactly as for a full fit.
 */
export function warmRefit(law: Law, data: FitData, objectiveId: ObjectiveId, delta: number, previousTheta: ArrayLike<number>): FitResult {
  const p = law.parameters.length;
  const x = Float64Array.from({ length: p }, (_, j) => previousTheta[j]);
  const f = objectives.huber.create(law, data, delta)(x, new Float64Array(p));
  const fit = finishFit(law, data, { objectiveId, delta, strategy: "screened", starts: [x], polish: "lbfgs" }, { ends: [{ x, f }], run: 1, iterations: 0, evaluations: 1 });
  return { ...fit, optimizer: { ...fit.optimizer, method: "warm-started polish from the previous optimum (L-BFGS, strong Wolfe line search)" } };
}

/** The full multi-start found a clearly lower objective than the warm start: another basin. */
export const BETTER_BASIN_RTOL = 1e-6;

export function foundBetterBasin(warm: FitResult, full: FitResult): boolean {
  return full.objective.value < warm.objective.value * (1 - BETTER_BASIN_RTOL);
}
