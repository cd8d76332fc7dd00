// Synthetic run tables with known truth, for tests.
import type { Run } from "../../src/core/runs/types.js";
import { createRng } from "../../src/core/stats/rng.js";

// Hoffmann et al. 2022's rounded law (eq. 10): E 1.69, A 406.4, B 410.7, α 0.34, β 0.28.
const T = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const loss = (N: number, D: number) => T.E + T.A / N ** T.alpha + T.B / D ** T.beta;

/** 8 sizes × 5 tokens-per-parameter ratios with multiplicative log-normal noise σ. */
export function sweep(seed: number, sigma: number): Run[] {
  const rng = createRng(seed);
  const gauss = () => { let u = rng.next(); while (u === 0) u = rng.next(); return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next()); };
  const runs: Run[] = [];
  let line = 2;
  for (const N of [1e7, 2e7, 5e7, 1e8, 2e8, 5e8, 1e9, 2e9]) for (const tpp of [5, 10, 20, 40, 80]) {
    const D = N * tpp;
    runs.push({ params: N, tokens: D, flops: 6 * N * D, lossNats: loss(N, D) * Math.exp(sigma * gauss()), line: line++ });
  }
  return runs;
}

