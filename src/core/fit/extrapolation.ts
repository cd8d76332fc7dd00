import { diagnostic, type Diagnostic } from "../diagnostics.js";

/**
 * Target compute ÷ largest fitted compute beyond which a plan, prediction or
 * forecast draws the `extrapolation` warning. 100× is two decades: Hoffmann et
 * al.'s own fit extrapolated ≈ 20× to Chinchilla, GPT-4's report ≈ 1,000–10,000×
 * with a much denser ladder; past 100× the exponents' uncertainty dominates.
 */
export const EXTRAPOLATION_WARNING = 100;

/** The extrapolation factor of a target and, past {@link EXTRAPOLATION_WARNING}, its warning. */
export interface Extrapolation {
  /** Target compute ÷ largest fitted compute (≤ 1: interpolation). */
  factor: number;
  targetFlops: number;
  maxFittedFlops: number;
  warning?: Diagnostic;
}

/**
 * How far `targetFlops` lies beyond the fitted runs. O(1).
 *
 * @example
 * extrapolation(3.8e25, 1e22); // { factor: 3800, …, warning: { code: "extrapolation", … } }
 */
export function extrapolation(targetFlops: number, maxFittedFlops: number, what = "the target"): Extrapolation {
  const factor = targetFlops / maxFittedFlops;
  const out: Extrapolation = { factor, targetFlops, maxFittedFlops };
  if (factor > EXTRAPOLATION_WARNING) {
    out.warning = diagnostic("extrapolation", `${what} (${targetFlops.toExponential(2)} FLOPs) is ${factor.toPrecision(3)}× the largest fitted compute (${maxFittedFlops.toExponential(2)} FLOPs), beyond the ${EXTRAPOLATION_WARNING}× threshold: a long extrapolation, whose uncertainty the point estimate does not show`);
  }
  return out;
}
