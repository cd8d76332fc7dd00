/**
 * Choosing a learning-rate schedule with a fitted curve law (issue 15, item 4;
 * Luo et al. 2025 §5): the schedule of a family that minimises the predicted
 * final loss at a given number of steps, peak, final rate and warmup.
 *
 * - wsd: the decay fraction f (decay from step ⌊steps·(1 − f)⌋ to the end, in the
 *   shape asked), by a grid of 1% steps over f ∈ [0.01, 0.9] then Brent's method
 *   in the best bracket, to 1e-4 in f;
 * - cosine: the final rate of a cosine from the peak, over [0, peak], likewise;
 * - free: a monotone step-wise schedule of K equal segments after the warmup,
 *   η_j = final + (peak − final)·Π_{i≤j} σ(z_i) (never rising, never below
 *   final), by L-BFGS on z with central-difference gradients, as the paper
 *   optimises a free schedule by gradient descent.
 *
 * Each result gives its predicted final loss and the gain over the cosine
 * schedule with the same peak, final rate and warmup.
 */
import { lbfgs } from "../optimize/lbfgs.js";
import { minimizeBounded } from "../optimize/minimizeBounded.js";
import { parseScheduleSpec, scheduleSteps, type ScheduleSpec } from "./schedule.js";

export interface ScheduleBase { steps: number; peak: number; final: number; warmup: number }

/** The predicted final loss of a per-step schedule. */
export type FinalLoss = (eta: Float64Array) => number;

export interface OptimizedSchedule {
  family: "wsd" | "cosine" | "free";
  /** A spec that rebuilds the schedule (`multistep` for a free one). */
  spec: string;
  /** The family's parameter: the decay fraction (wsd) or the final rate (cosine); absent for free. */
  value?: number;
  finalLoss: number;
  cosine: { spec: string; finalLoss: number };
  /** cosine.finalLoss − finalLoss (nats): positive when the optimised schedule is predicted better. */
  gainOverCosine: number;
  tolerance: string;
}

const common = (b: ScheduleBase) => `steps=${b.steps},peak=${b.peak},warmup=${b.warmup}`;
const cosineSpec = (b: ScheduleBase, final: number) => `cosine:${common(b)},final=${final}`;
const wsdSpec = (b: ScheduleBase, f: number, shape: string) => `wsd:${common(b)},final=${b.final},decay-start=${decayStart(b, f)},shape=${shape}`;
const decayStart = (b: ScheduleBase, f: number) => Math.min(b.steps - 1, Math.max(b.warmup, Math.floor(b.steps * (1 - f))));
const build = (spec: string) => scheduleSteps(parseScheduleSpec(spec));

/** Grid then Brent on [lo, hi]: the minimiser of g to `xtol`. */
function search1d(g: (x: number) => number, lo: number, hi: number, cells: number, xtol: number): { x: number; f: number } {
  let best = 0, bestF = Infinity;
  const xs = Array.from({ length: cells + 1 }, (_, i) => lo + ((hi - lo) * i) / cells);
  const fs = xs.map(g);
  fs.forEach((f, i) => { if (f < bestF) { bestF = f; best = i; } });
  const r = minimizeBounded((x) => g(x), xs[Math.max(0, best - 1)], xs[Math.min(cells, best + 1)], { xtolAbs: xtol, xtol: 0 });
  return r.f <= bestF ? { x: r.x[0], f: r.f } : { x: xs[best], f: bestF };
}

export function optimizeSchedule(loss: FinalLoss, base: ScheduleBase, family: "wsd" | "cosine" | "free", options: { shape?: "linear" | "geometric" | "cosine"; segments?: number } = {}): OptimizedSchedule {
  // the base must itself be a valid schedule (a bad peak, final or warmup is refused by name)
  parseScheduleSpec(cosineSpec(base, base.final));
  const cosine = { spec: cosineSpec(base, base.final), finalLoss: loss(build(cosineSpec(base, base.final))) };
  const done = (r: Omit<OptimizedSchedule, "cosine" | "gainOverCosine">): OptimizedSchedule => ({ ...r, cosine, gainOverCosine: cosine.finalLoss - r.finalLoss });
  if (family === "wsd") {
    const shape = options.shape ?? "linear";
    const r = search1d((f) => loss(build(wsdSpec(base, f, shape))), 0.01, 0.9, 89, 1e-4);
    return done({ family, spec: wsdSpec(base, r.x, shape), value: r.x, finalLoss: r.f, tolerance: "decay fraction to 1e-4 (grid of 0.01, then Brent's method)" });
  }
  if (family === "cosine") {
    const r = search1d((fin) => loss(build(cosineSpec(base, fin))), 0, base.peak, 50, base.peak * 1e-4);
    return done({ family, spec: cosineSpec(base, r.x), value: r.x, finalLoss: r.f, tolerance: "final rate to 1e-4 of the peak (grid of 2% of the peak, then Brent's method)" });
  }
  const K = options.segments ?? 20;
  const span = base.steps - base.warmup;
  if (K < 1 || span < K) throw new RangeError(`a free schedule of ${K} segments needs at least ${K} steps after the warmup, got ${span}`);
  const starts = Array.from({ length: K }, (_, j) => base.warmup + Math.floor((span * j) / K));
  const rates = (z: ArrayLike<number>) => {
    let keep = 1;
    return Array.from({ length: K }, (_, j) => { keep *= 1 / (1 + Math.exp(-z[j])); return base.final + (base.peak - base.final) * keep; });
  };
  const warm: ScheduleSpec = { kind: "constant", steps: base.steps, peak: base.peak, warmup: base.warmup };
  const eta = (z: ArrayLike<number>) => {
    const e = scheduleSteps(warm);
    const r = rates(z);
    for (let j = 0; j < K; j++) for (let s = starts[j]; s < (j + 1 < K ? starts[j + 1] : base.steps); s++) e[s] = r[j];
    return e;
  };
  const h = 1e-4;
  const fg = (z: Float64Array, g: Float64Array) => {
    const f = loss(eta(z));
    for (let j = 0; j < K; j++) {
      const up = Float64Array.from(z), dn = Float64Array.from(z);
      up[j] += h; dn[j] -= h;
      g[j] = (loss(eta(up)) - loss(eta(dn))) / (2 * h);
    }
    return f;
  };
  // start close to a constant rate that decays at the end (the shape the paper's optimum takes)
  const z0 = Array.from({ length: K }, (_, j) => (j < K - 3 ? 6 : 0));
  const r = lbfgs(fg, z0, { maxIterations: 200, gtol: 1e-9, ftol: 1e-12 });
  const rs = rates(r.x);
  // the spec lists every segment (the first from the end of the warmup), rounded to 6 digits; its loss is the rebuilt one's
  const text = `multistep:${common(base)},at=${starts.map((s, j) => `${s}:${Number(rs[j].toPrecision(6))}`).join(";")}`;
  return done({ family, spec: text, finalLoss: loss(build(text)), tolerance: `${K} segments; L-BFGS (${r.status}, ${r.iterations} iterations) on central-difference gradients` });
}
