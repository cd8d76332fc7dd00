/**
 * Power laws in the scale x, fitted on the metric's own scale:
 *
 * - "decaying":     y = c + a·x^(−b)  a metric where lower is better, falling towards c;
 * - "saturating":   y = c − a·x^(−b)  a metric where higher is better, rising towards c;
 * - "accelerating": y = c + a·x^b     rising ever faster on a log-x axis (no ceiling).
 *
 * a, b > 0; c is free. The smooth alternatives to a jump are "saturating" and
 * "accelerating" (an S-shape is neither); a continuous metric is "decaying" or
 * "saturating" by its kind. Fit space: c, ln a (at the centre ū of ln x), ln b.
 */
import type { Curve } from "./leastSquares.js";
import { minOf, maxOf } from "../stats/extent.js";

export type PowerShape = "decaying" | "saturating" | "accelerating";

const SIGNS: Record<PowerShape, { value: 1 | -1; exponent: 1 | -1; formula: string }> = {
  decaying: { value: 1, exponent: -1, formula: "y = c + a*x^(-b)" },
  saturating: { value: -1, exponent: -1, formula: "y = c - a*x^(-b)" },
  accelerating: { value: 1, exponent: 1, formula: "y = c + a*x^b" },
};

export function powerCurve(shape: PowerShape): Curve {
  const { value: sv, exponent: se, formula } = SIGNS[shape];
  return {
    id: `power-${shape}`,
    formula,
    fitNames: ["c", "ln_a", "ln_b"],
    value(theta, u, grad) {
      const b = Math.exp(theta[2]), t = Math.exp(theta[1] + se * b * u);
      if (grad) { grad[0] = 1; grad[1] = sv * t; grad[2] = sv * t * se * b * u; }
      return theta[0] + sv * t;
    },
    natural(theta, centre) {
      const b = Math.exp(theta[2]);
      return { c: theta[0], a: Math.exp(theta[1] - se * b * centre), b };
    },
    starts(u, y) {
      const ys = Array.from(y), lo = minOf(ys), hi = maxOf(ys), range = hi - lo || Math.abs(hi) || 1;
      const out: number[][] = [];
      for (const gap of [0.01, 0.3, 2]) {
        const c = sv > 0 ? lo - gap * range : hi + gap * range;
        for (const b of [0.05, 0.2, 0.6]) {
          let la = 0;
          for (let i = 0; i < ys.length; i++) la += Math.log(Math.max(Math.abs(ys[i] - c), 1e-12 * range)) - se * b * u[i];
          out.push([c, la / ys.length, Math.log(b)]);
        }
      }
      return out;
    },
  };
}
