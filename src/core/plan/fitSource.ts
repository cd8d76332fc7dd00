/**
 * A fit document (as `fit` builds it, or the workbench's) as a law to plan
 * with: its values, its bootstrap refits for intervals, the largest fitted
 * compute for the extrapolation factor, and any parameter held at a bound.
 */
import type { FitDocument } from "../fit/fitDocument.js";
import type { Law } from "../laws/types.js";
import type { PlanFit } from "./assemblePlan.js";

export function planFitOf(doc: FitDocument, law: Law, name: string, title?: string): PlanFit {
  const samples = doc.bootstrap?.samples;
  const rows = samples ? samples.values.map((row) => Object.fromEntries(samples.names.map((n, j) => [n, row[j]]))) : [];
  const resamples = rows.filter((r) => law.parameters.every((p) => Number.isFinite(r[p.name])));
  return {
    name, ...(title ? { title } : {}),
    saved: {
      law, values: { ...doc.params }, paramConvention: doc.data.paramConvention,
      ...(samples ? { resamples, resamplesDropped: rows.length - resamples.length, bootstrapSeed: doc.bootstrap!.seed } : {}),
      ...(doc.data.maxFittedFlops ? { maxFittedFlops: doc.data.maxFittedFlops } : {}),
      ...(doc.heldAtBound?.length ? { heldAtBound: doc.heldAtBound.map(({ name: n, bound }) => ({ name: n, bound })) } : {}),
    },
  };
}
