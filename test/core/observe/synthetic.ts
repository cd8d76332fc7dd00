// Synthetic model × benchmark tables whose answer is known: every benchmark is linear in a latent capability z
// (so PC1 is exactly ∝ z when there is no benchmark noise), z is linear in ln compute, and the target is
// floor + (1 − floor)·σ(slope·z + shift) plus Gaussian noise of a known standard deviation.
import { createRng } from "../../../src/core/stats/rng.js";
import { sigmoid } from "../../../src/core/observe/sigmoidFit.js";

export interface SyntheticOptions {
  models: number;
  /** sd of the Gaussian noise on the target (0: none). */
  targetNoise: number;
  /** sd of the noise on each benchmark (0: rank-1 benchmarks, PC1 ∝ z exactly). */
  benchmarkNoise?: number;
  floor?: number;
  slope?: number;
  shift?: number;
  families?: number;
  seed?: number;
}

/** CSV text: model, family, flops (in units of 1e21, the header says so), b1…b4, target. z runs over [0, 1] with C = 1e21·10^(4z). */
export function syntheticCsv(o: SyntheticOptions): string {
  const rng = createRng(o.seed ?? 1);
  const floor = o.floor ?? 0.1, slope = o.slope ?? 8, shift = o.shift ?? -4;
  const rows = ["model,family,FLOPs (1E21),b1,b2,b3,b4,target"];
  for (let i = 0; i < o.models; i++) {
    const z = (i + 0.5) / o.models;
    const flopsIn1e21 = 10 ** (4 * z);
    const bench = [0.1 + 0.8 * z, 0.3 + 0.5 * z, 0.05 + 0.6 * z, 0.2 + 0.3 * z].map((v) => Math.min(1, Math.max(0, v + (o.benchmarkNoise ?? 0) * rng.normal())));
    const y = Math.min(1, Math.max(0, floor + (1 - floor) * sigmoid(slope * z + shift) + o.targetNoise * rng.normal()));
    rows.push([`m${i}`, `f${i % (o.families ?? 1)}`, flopsIn1e21.toPrecision(12), ...bench.map((v) => v.toPrecision(12)), y.toPrecision(12)].join(","));
  }
  return rows.join("\n") + "\n";
}
