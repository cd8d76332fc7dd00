/**
 * The built-in family of `scalecast emergence --example`: 13 simulated models
 * from N = 1e7 to 1e13 parameters (half-decade steps), whose answer-token loss
 * is L(N) = E + A/N^α with E = 0.05 nats, A = 200, α = 0.34 (Chinchilla's
 * exponent of N, Hoffmann et al. 2022 eq. 10), p = exp(−L). Each model answers
 * 1,000 questions of ℓ = 5 tokens, each token right with probability p; the
 * file holds exact match (share of questions with every token right), mean
 * token edit distance (substitutions: wrong tokens per answer) and p as the
 * share of right tokens. Simulated, and said so wherever shown.
 */
import { createRng } from "../stats/rng.js";

export const EXAMPLE_FAMILY = { E: 0.05, A: 200, alpha: 0.34, length: 5, questions: 1000, minLog10N: 7, maxLog10N: 13, step: 0.5 } as const;

/** The answer-token loss (nats) of the example family at N parameters. */
export const exampleLoss = (params: number): number => EXAMPLE_FAMILY.E + EXAMPLE_FAMILY.A * params ** -EXAMPLE_FAMILY.alpha;

/** The example as CSV text (model,params,exact_match,edit_distance,p). O(models · questions · ℓ). */
export function exampleEmergenceCsv(seed: number): string {
  const f = EXAMPLE_FAMILY, rng = createRng(seed);
  const rows = ["model,params,exact_match,edit_distance,p"];
  for (let e = f.minLog10N; e <= f.maxLog10N + 1e-9; e += f.step) {
    const N = 10 ** e, p = Math.exp(-exampleLoss(N));
    let exact = 0, wrong = 0;
    for (let q = 0; q < f.questions; q++) {
      let miss = 0;
      for (let t = 0; t < f.length; t++) if (rng.next() >= p) miss++;
      wrong += miss;
      if (miss === 0) exact++;
    }
    rows.push(`sim-1e${e.toFixed(1)},${N.toPrecision(6)},${exact / f.questions},${wrong / f.questions},${1 - wrong / (f.questions * f.length)}`);
  }
  return rows.join("\n") + "\n";
}

/** The sentence that says the example is simulated, and from what. */
export function exampleEmergenceNote(seed: number): string {
  const f = EXAMPLE_FAMILY;
  return `data are SIMULATED (emergence --example, seed ${seed}): answer-token loss L(N) = ${f.E} + ${f.A}/N^${f.alpha}, p = exp(−L), ${f.questions} questions of ℓ = ${f.length} tokens per model, N = 1e${f.minLog10N}–1e${f.maxLog10N}`;
}
