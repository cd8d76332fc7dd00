/**
 * The sharp-or-smooth criterion of `scalecast emergence`, its constants named
 * once. A metric shows a **jump** when all three hold:
 *
 * 1. the fitted sigmoid's midpoint x0 lies inside the observed range of scale
 *    (a rise that is only extrapolated is not observed);
 * 2. its rise from 10% to 90% of the way from floor to ceiling spans at most
 *    MAX_RISE_DECADES decades of scale (2·ln 9/(k·ln 10) ≤ W);
 * 3. the sigmoid beats the better smooth power law (saturating or accelerating)
 *    by at least MIN_BIC_GAIN in the Bayesian information criterion,
 *    BIC = n·ln(RSS/n + RESOLUTION²) + p·ln n (Schwarz 1978); a gain of 10 is
 *    "very strong" evidence on Kass & Raftery's 1995 scale (§3.2).
 */

/** W: the widest 10–90% rise, in decades of scale, still called a jump. The exact match of an ℓ-token answer under a per-token power-law loss E + A·x^(−α) rises (10–90%) over 1.339/α decades whatever ℓ (a Gompertz curve in ln x); with Chinchilla's α = 0.34 that is 3.9. */
export const MAX_RISE_DECADES = 4;
/** The BIC margin by which the sigmoid must beat the smooth alternative. */
export const MIN_BIC_GAIN = 10;
/**
 * Resolution of a measured fraction, added in quadrature to the residual RMS in
 * the BIC: a benchmark of 1,000 questions cannot tell fits apart below 1e-3, and
 * noise-free synthetic data would otherwise compare residuals of 1e-12.
 */
export const RESOLUTION = 1e-3;
/** The continuous metric is smooth across the jump when its power law's RMS residual within the rise window is at most this share of its observed range. */
export const SMOOTH_TOLERANCE = 0.05;
/** The rise window for that test is the 10–90% rise, widened to at least ± this many decades around x0. */
export const WINDOW_HALF_DECADES = 0.5;
/** Fewest models inside the rise window for the smoothness test to judge: one model is always on its curve's line, two only fix a chord. */
export const MIN_WINDOW_POINTS = 3;
/** Default --next: this multiple of the largest scale. */
export const NEXT_MULTIPLE = 10;

/** BIC of a least-squares fit with p parameters on n points (see the header). */
export function bic(rss: number, n: number, p: number): number {
  return n * Math.log(rss / n + RESOLUTION * RESOLUTION) + p * Math.log(n);
}
