// Bootstrap refits: the resample generator, and Newton refits against L-BFGS refits to the polish tolerance.
import { describe, expect, it } from "vitest";
import { resampleCounts, runResamples } from "../../../src/core/fit/bootstrap.js";
import { fitDataFor, weightedSubset, type FitData } from "../../../src/core/fit/data.js";
import { exampleSweep } from "../../../src/core/fit/exampleSweep.js";
import { fitLaw } from "../../../src/core/fit/fitLaw.js";
import { objectives } from "../../../src/core/fit/objectives.js";
import { POLISH_FTOL } from "../../../src/core/fit/tolerances.js";
import { chinchilla } from "../../../src/core/laws/chinchilla.js";
import { fitSpaceVector } from "../../../src/core/laws/transform.js";
import { createRng } from "../../../src/core/stats/rng.js";
import { CHINCHILLA_CSV, chinchillaData } from "../../support/sharedData.js";

describe("resampleCounts", () => {
  it("resampleCounts(n, seed, b) is n draws of createRng's int(n), for every seed (the generator is inlined for speed)", () => {
    for (const seed of [0, 1, 42, -7, 2 ** 31 - 1, -(2 ** 31)]) {
      for (const n of [1, 2, 7, 240, 1001]) {
        for (let b = 0; b < 20; b++) {
          const rng = createRng((Math.imul(seed | 0, 0x2c1b3c6d) ^ Math.imul(b + 1, 0x9e3779b9)) | 0);
          const expected = new Uint32Array(n);
          for (let k = 0; k < n; k++) expected[rng.int(n)]++;
          expect(resampleCounts(n, seed, b)).toEqual(expected);
        }
      }
    }
  });
});

/** Each resample refitted by L-BFGS from the full-data optimum to the polish tolerance (1e-13): how refits were done before Newton. */
function lbfgsRefits(data: FitData, fit: ReturnType<typeof fitLaw>, seed: number, resamples: number): number[][] {
  const out: number[][] = [];
  for (let b = 0; b < resamples; b++) {
    const sub = weightedSubset(data, resampleCounts(data.n, seed, b));
    const r = objectives.huber.polish(chinchilla, sub, 1e-3, fit.theta, { warmStart: fit.corrections, ftol: POLISH_FTOL }).result;
    out.push(Array.from(r.x));
  }
  return out;
}

/** Newton refits (runResamples) against L-BFGS refits: the share of resamples where every fit-space coordinate agrees within 1e-2 of its spread, and the largest relative SE difference. */
function compare(data: FitData, seed: number, resamples: number) {
  const fit = fitLaw(chinchilla, data);
  const spec = { law: chinchilla, objective: "huber" as const, delta: 1e-3, theta: fit.theta, seed, budgetFlops: 5.76e23, corrections: fit.corrections };
  const newton = runResamples(spec, data, 0, resamples).map((r) => fitSpaceVector(chinchilla, r.values));
  const reference = lbfgsRefits(data, fit, seed, resamples);
  const sd = (rows: ArrayLike<number>[], j: number) => {
    const mean = rows.reduce((s, x) => s + x[j], 0) / rows.length;
    return Math.sqrt(rows.reduce((s, x) => s + (x[j] - mean) ** 2, 0) / (rows.length - 1));
  };
  const spread = [0, 1, 2, 3, 4].map((j) => sd(reference, j));
  const same = newton.filter((x, b) => [0, 1, 2, 3, 4].every((j) => Math.abs(x[j] - reference[b][j]) <= 1e-2 * spread[j])).length / resamples;
  const seRatio = Math.max(...[0, 1, 2, 3, 4].map((j) => Math.abs(sd(newton, j) / spread[j] - 1)));
  return { same, seRatio };
}

describe("bootstrap refits by Newton steps", () => {
  it.skipIf(!CHINCHILLA_CSV)("runResamples' Newton refits land where L-BFGS refits to 1e-13 land, on Chinchilla's 240 points (300 resamples, seed 42): all within 1e-2 of the spread, SEs within 0.1%", () => {
    const { same, seRatio } = compare(chinchillaData(chinchilla), 42, 300);
    expect(same).toBe(1);
    expect(seRatio).toBeLessThan(1e-3);
  });

  it("on a small sweep (81 simulated runs, few inside the band) a local minimum can differ: ≥ 99% agree, SEs within 2%", () => {
    // 81 runs of Hoffmann et al.'s rounded law with 1% noise (seed 2022); measured: 199 of 200 agree,
    // the other reaches a local minimum 2.5e-5 (relative) above the one L-BFGS finds
    const { same, seRatio } = compare(fitDataFor(chinchilla, exampleSweep({ seed: 2022 })), 5, 200);
    expect(same).toBeGreaterThanOrEqual(0.99);
    expect(seRatio).toBeLessThan(0.02);
  });
});
