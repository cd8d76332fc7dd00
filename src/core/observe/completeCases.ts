/**
 * Complete cases: the models that have every column a step needs. The others
 * are left out by name with what they lack, never silently (the PCA of Ruan et
 * al.'s repository imputes instead; scalecast does not guess a benchmark score).
 */
import type { ObservedModel } from "./readObservations.js";

export interface LeftOut {
  model: string;
  line: number;
  /** The empty columns ("compute" for a missing compute). */
  missing: string[];
}

export interface CompleteCases {
  kept: ObservedModel[];
  leftOut: LeftOut[];
}

/**
 * Splits `models` into those with a value in every column of `columns` (and a
 * compute, when `needCompute`) and those left out. O(models × columns).
 *
 * @example
 * completeCases(models, ["MMLU", "GSM8K"]).leftOut; // [{ model: "x", line: 7, missing: ["GSM8K"] }, …]
 */
export function completeCases(models: readonly ObservedModel[], columns: readonly string[], needCompute = false): CompleteCases {
  const kept: ObservedModel[] = [], leftOut: LeftOut[] = [];
  for (const m of models) {
    const missing = columns.filter((c) => m.values[c] === null || m.values[c] === undefined);
    if (needCompute && m.flops === null) missing.push("compute");
    if (missing.length) leftOut.push({ model: m.model, line: m.line, missing });
    else kept.push(m);
  }
  return { kept, leftOut };
}

/** The rows of a PCA: each kept model's values of `columns`, in order. */
export function matrixOf(models: readonly ObservedModel[], columns: readonly string[]): number[][] {
  return models.map((m) => columns.map((c) => m.values[c] as number));
}
