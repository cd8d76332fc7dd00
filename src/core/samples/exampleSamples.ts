/**
 * The built-in sample file of `scalecast samples --example`: two simulated
 * models, 400 problems each with 100 samples, every problem's pass@1 drawn
 * from a Beta law (small: Beta(0.35, 3); large: Beta(0.7, 1.5)) and its correct
 * count from the binomial, with a seed. Simulated, and said so wherever shown.
 */
import { betaDeviate } from "../stats/deviates.js";
import { createRng } from "../stats/rng.js";

export const EXAMPLE_SAMPLE_MODELS = [
  { model: "small", alpha: 0.35, beta: 3 },
  { model: "large", alpha: 0.7, beta: 1.5 },
] as const;
export const EXAMPLE_PROBLEMS = 400, EXAMPLE_SAMPLES = 100;

/** The example as CSV text (model,problem,n,c). O(models · problems · samples). */
export function exampleSamplesCsv(seed: number): string {
  const rng = createRng(seed);
  const rows = ["model,problem,n,c"];
  for (const m of EXAMPLE_SAMPLE_MODELS) {
    for (let i = 0; i < EXAMPLE_PROBLEMS; i++) {
      const p = betaDeviate(rng, m.alpha, m.beta);
      let c = 0;
      for (let j = 0; j < EXAMPLE_SAMPLES; j++) if (rng.next() < p) c++;
      rows.push(`${m.model},p${i + 1},${EXAMPLE_SAMPLES},${c}`);
    }
  }
  return rows.join("\n") + "\n";
}

/** The sentence that says the example is simulated, and from what. */
export function exampleSamplesNote(seed: number): string {
  return `data are SIMULATED (samples --example, seed ${seed}): ${EXAMPLE_SAMPLE_MODELS.map((m) => `${m.model}: per-problem pass@1 ~ Beta(${m.alpha}, ${m.beta})`).join("; ")}; ${EXAMPLE_PROBLEMS} problems × ${EXAMPLE_SAMPLES} samples per model`;
}
