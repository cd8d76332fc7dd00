/**
 * The sigmoid in log scale used to locate an apparent jump:
 * y = floor + (ceiling − floor)·σ(k·(ln x − ln x0)), σ the logistic function
 * (the stable kernel of src/core/laws/sigmoidTerms.ts, shared with the
 * downstream-sigmoid and ttt-sigmoid laws). The midpoint x0 is where the metric
 * is half-way from floor to ceiling; the rise from 10% to 90% of the way spans
 * 2·ln 9 / k in ln x, i.e. 2·ln 9 / (k·ln 10) decades.
 *
 * Fit space: m = ln x0 − ū, ln k, and for a fitted ceiling its logit share of
 * (floor, 1], for a fitted floor its logit in (0, 1) (or in (0, ceiling) when the
 * ceiling is fixed); so 0 ≤ floor < ceiling ≤ 1 always holds.
 */
import { sigmoid } from "../laws/sigmoidTerms.js";
import type { Curve } from "./leastSquares.js";
import { minOf, maxOf } from "../stats/extent.js";

/** A bound of the sigmoid: a fixed value, or "fit". */
export type SigmoidBound = number | "fit";

/** 2·ln 9: the width in σ's argument from 10% to 90% of the rise. */
export const LN81 = 2 * Math.log(9);

/** Width of the 10–90% rise in decades of scale for steepness k (per nat of scale). */
export const riseDecades = (k: number): number => LN81 / (k * Math.LN10);

const logit = (q: number) => Math.log(q / (1 - q));
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function logSigmoid(floor: SigmoidBound, ceiling: SigmoidBound): Curve {
  const fitCeiling = ceiling === "fit", fitFloor = floor === "fit";
  const iC = 2, iF = fitCeiling ? 3 : 2;
  const bounds = (theta: ArrayLike<number>) => {
    let f: number, c: number, dfdphi = 0, dcdphi = 0, dcdgamma = 0;
    if (fitFloor && fitCeiling) {
      const h = sigmoid(theta[iF]), g = sigmoid(theta[iC]);
      f = h; c = h + (1 - h) * g;
      dfdphi = h * (1 - h); dcdphi = (1 - g) * h * (1 - h); dcdgamma = (1 - h) * g * (1 - g);
    } else if (fitCeiling) {
      const g = sigmoid(theta[iC]);
      f = floor as number; c = f + (1 - f) * g; dcdgamma = (1 - f) * g * (1 - g);
    } else if (fitFloor) {
      const h = sigmoid(theta[iF]);
      c = ceiling as number; f = c * h; dfdphi = c * h * (1 - h);
    } else { f = floor as number; c = ceiling as number; }
    return { f, c, dfdphi, dcdphi, dcdgamma };
  };
  return {
    id: "log-sigmoid",
    formula: "y = floor + (ceiling - floor)*sigma(k*(ln x - ln x0))",
    fitNames: ["m", "ln_k", ...(fitCeiling ? ["ceiling_logit"] : []), ...(fitFloor ? ["floor_logit"] : [])],
    value(theta, u, grad) {
      const k = Math.exp(theta[1]), z = k * (u - theta[0]), s = sigmoid(z), ds = s * (1 - s);
      const b = bounds(theta), span = b.c - b.f;
      if (grad) {
        grad[0] = -span * ds * k;
        grad[1] = span * ds * z;
        if (fitCeiling) grad[iC] = s * b.dcdgamma;
        if (fitFloor) grad[iF] = (1 - s) * b.dfdphi + s * b.dcdphi;
      }
      return b.f + span * s;
    },
    natural(theta, centre) {
      const k = Math.exp(theta[1]), b = bounds(theta);
      return { x0: Math.exp(theta[0] + centre), k, floor: b.f, ceiling: b.c, widthDecades: riseDecades(k) };
    },
    starts(u, y) {
      const us = Array.from(u).sort((a, b) => a - b), ys = Array.from(y);
      const lo = minOf(ys), hi = maxOf(ys);
      const f0 = floor === "fit" ? clamp(lo, 0.01, 0.5) : floor;
      const out: number[][] = [];
      for (const q of [0.2, 0.4, 0.6, 0.8]) {
        const m = us[Math.round(q * (us.length - 1))];
        for (const k of [0.5, 1.5, 5]) {
          const start = [m, Math.log(k)];
          if (fitCeiling) start.push(logit(clamp((hi - f0) / (1 - f0), 0.05, 0.95)));
          if (fitFloor) start.push(logit(fitCeiling ? f0 : clamp(f0 / (ceiling as number), 0.01, 0.9)));
          out.push(start);
        }
      }
      return out;
    },
  };
}
