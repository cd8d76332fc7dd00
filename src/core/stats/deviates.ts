/**
 * Gamma and Beta deviates from a seeded generator, for simulating per-problem
 * success probabilities (tests and benchmarks of issue 14). Gamma: Marsaglia &
 * Tsang 2000 ("A simple method for generating gamma variables", ACM TOMS 26),
 * with shape < 1 drawn as Gamma(shape + 1)·U^(1/shape). Beta(a, b) = X/(X + Y)
 * with X ~ Gamma(a), Y ~ Gamma(b), drawn in that order. Uniforms are
 * rng.next() + 2^−33, never 0.
 */
import type { Rng } from "./rng.js";

const uniform = (rng: Rng) => rng.next() + 2 ** -33;

/** A Gamma(shape, 1) deviate, shape > 0. */
export function gammaDeviate(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`a gamma shape must be > 0, got ${shape}`);
  if (shape < 1) return gammaDeviate(rng, shape + 1) * uniform(rng) ** (1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal(), v = (1 + c * z) ** 3;
    if (v > 0 && Math.log(uniform(rng)) < (z * z) / 2 + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A Beta(a, b) deviate. */
export function betaDeviate(rng: Rng, a: number, b: number): number {
  const x = gammaDeviate(rng, a), y = gammaDeviate(rng, b);
  return x / (x + y);
}
