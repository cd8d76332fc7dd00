/**
 * A built-in synthetic sweep for `scalecast fit --example` and for recovery
 * tests: losses simulated from Hoffmann et al. 2022's rounded Approach 3 law
 * (E = 1.69, A = 406.4, B = 410.7, α = 0.34, β = 0.28; N total parameters)
 * with multiplicative log-normal noise, on an IsoFLOP-style design like their
 * Figure 3: 9 budgets from 6e18 to 3e21 FLOPs, 9 model sizes per budget spread
 * over ±1 decade around the law's compute-optimal N, D = C/(6N).
 * It is simulated, not measured: every output that uses it says so.
 */
import { DEFAULT_SEED } from "../defaults.js";
import { createRng } from "../stats/rng.js";

export const HOFFMANN_ROUNDED = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 } as const;

export interface ExampleSweepOptions {
  seed?: number;
  /** Standard deviation of ln-loss noise (0.01 ≈ 1% multiplicative). */
  noise?: number;
  budgets?: readonly number[];
  sizesPerBudget?: number;
}

export interface SimulatedRun {
  params: number;
  tokens: number;
  flops: number;
  lossNats: number;
}

export const EXAMPLE_BUDGETS = [6e18, 1e19, 3e19, 6e19, 1e20, 3e20, 6e20, 1e21, 3e21] as const;

/**
 * Simulated runs. O(budgets × sizes).
 *
 * @example exampleSweep({ seed: 1 }).length // → 81
 */
export function exampleSweep(options: ExampleSweepOptions = {}): SimulatedRun[] {
  const seed = options.seed ?? DEFAULT_SEED;
  const noise = options.noise ?? 0.01;
  const budgets = options.budgets ?? EXAMPLE_BUDGETS;
  const k = options.sizesPerBudget ?? 9;
  const rng = createRng(seed);
  const { E, A, B, alpha, beta } = HOFFMANN_ROUNDED;
  const G = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta));
  const runs: SimulatedRun[] = [];
  for (const flops of budgets) {
    const nOpt = G * (flops / 6) ** (beta / (alpha + beta));
    for (let j = 0; j < k; j++) {
      const params = nOpt * 10 ** (-1 + (2 * j) / (k - 1));
      const tokens = flops / (6 * params);
      const loss = E + A / params ** alpha + B / tokens ** beta;
      runs.push({ params, tokens, flops, lossNats: loss * Math.exp(noise * rng.normal()) });
    }
  }
  return runs;
}

/** The sweep as CSV text (columns N, D, C, loss), so it goes through the same parser as a user's file. */
export function exampleSweepCsv(options: ExampleSweepOptions = {}): string {
  const rows = exampleSweep(options).map((r) => `${r.params.toPrecision(6)},${r.tokens.toPrecision(6)},${r.flops.toPrecision(6)},${r.lossNats.toFixed(6)}`);
  return ["N,D,C,loss", ...rows].join("\n") + "\n";
}
