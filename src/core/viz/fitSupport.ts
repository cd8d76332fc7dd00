/**
 * What a fitted law can be drawn as, read from what it declares (its inputs
 * and target), never from its id; and its bootstrap refits in both forms the
 * figures use (fit-space vectors and natural values).
 */
import { fitSpaceVector, naturalValues } from "../laws/transform.js";
import type { Law } from "../laws/types.js";
import type { VizFit } from "./types.js";

const COMPUTE_INPUTS = new Set(["params", "tokens", "flops"]);

/** The law predicts the loss from N and D (C = 6ND may also be read): it has a compute-optimal split N*(C), D*(C). */
export function splitsCompute(law: Law): boolean {
  return law.target !== "metric" && law.inputs.every((i) => COMPUTE_INPUTS.has(i)) && law.inputs.includes("params") && law.inputs.includes("tokens");
}

/** The law's least loss at compute C is defined: it splits compute, or it reads C alone. */
export function hasComputeFrontier(law: Law): boolean {
  return splitsCompute(law) || (law.target !== "metric" && law.inputs.length > 0 && law.inputs.every((i) => i === "flops"));
}

/** The full fit's law parameters in fit space (extra objective parameters dropped). */
export function lawTheta(fit: VizFit): Float64Array {
  return Float64Array.from({ length: fit.law.parameters.length }, (_, j) => fit.theta[j]);
}

/** Bootstrap refits as fit-space vectors and as natural values, refits with a non-finite value left out. */
export function resamplesOf(fit: VizFit): { thetas: Float64Array[]; values: Array<Record<string, number>> } {
  const { law } = fit;
  const p = law.parameters.length;
  if (fit.resampleValues) {
    const thetas: Float64Array[] = [], values: Array<Record<string, number>> = [];
    for (const v of fit.resampleValues) {
      try { thetas.push(fitSpaceVector(law, v)); values.push(v); } catch { /* a non-finite refit is left out */ }
    }
    return { thetas, values };
  }
  if (fit.resampleThetas) {
    const thetas = fit.resampleThetas.map((t) => Float64Array.from({ length: p }, (_, j) => t[j])).filter((t) => t.every(Number.isFinite));
    return { thetas, values: thetas.map((t) => expanded(law, t)) };
  }
  return { thetas: [], values: [] };
}

function expanded(law: Law, theta: Float64Array): Record<string, number> {
  const free = naturalValues(law, theta);
  const values = law.expand ? law.expand(free) : free;
  return { ...values, ...(law.derived ? law.derived(values) : {}) };
}
