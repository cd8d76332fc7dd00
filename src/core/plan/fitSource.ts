/**
 * A fit document (as `fit` builds it, a saved one read back, or the
 * workbench's) as a law to plan and predict with: its values, its bootstrap
 * refits (rows with a non-finite parameter left out and counted), the
 * residuals of prediction intervals, the largest fitted compute for the
 * extrapolation factor, and any parameter held at a bound. One reading for
 * `readSavedFit` (after validation), `report` and `forecast register`.
 */
import type { Law } from "../laws/types.js";
import type { PlanFit } from "./assemblePlan.js";
import type { SavedFit } from "./savedFit.js";

/** The parts of a fit document a saved fit is made from (a validated file, or a FitDocument in memory). */
export interface FitDocumentParts {
  data: { paramConvention: SavedFit["paramConvention"]; maxFittedFlops?: number };
  heldAtBound?: ReadonlyArray<{ name: string; bound: number }>;
  bootstrap?: { seed: number; samples?: { names: readonly string[]; values: ReadonlyArray<ReadonlyArray<number | null>> }; lnResiduals?: number[] };
}

/** The saved fit of `law` with these values, from a fit document's parts. O(resamples · parameters). */
export function savedFitFrom(doc: FitDocumentParts, law: Law, values: Record<string, number>): SavedFit {
  const extra = {
    ...(doc.data.maxFittedFlops ? { maxFittedFlops: doc.data.maxFittedFlops } : {}),
    ...(doc.heldAtBound?.length ? { heldAtBound: doc.heldAtBound.map(({ name, bound }) => ({ name, bound })) } : {}),
  };
  const samples = doc.bootstrap?.samples;
  if (!samples) return { law, values, paramConvention: doc.data.paramConvention, ...extra };
  const rows = samples.values.map((row) => Object.fromEntries(samples.names.map((n, j) => [n, row[j]])));
  const resamples = rows.filter((r) => law.parameters.every((p) => typeof r[p.name] === "number" && Number.isFinite(r[p.name]))) as Array<Record<string, number>>;
  const lnResiduals = doc.bootstrap!.lnResiduals;
  return {
    law, values, paramConvention: doc.data.paramConvention, resamples, resamplesDropped: rows.length - resamples.length, bootstrapSeed: doc.bootstrap!.seed,
    ...(lnResiduals ? { lnResiduals } : {}), ...extra,
  };
}

/** A fit document as the law of a plan, named as the plan document names it. */
export function planFitOf(doc: FitDocumentParts & { params: Record<string, number> }, law: Law, name: string, title?: string): PlanFit {
  return { name, ...(title ? { title } : {}), saved: savedFitFrom(doc, law, { ...doc.params }) };
}
