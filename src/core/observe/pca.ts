/**
 * Principal component analysis of a model × benchmark table (Ruan, Maddison &
 * Hashimoto 2024, "Observational Scaling Laws and the Predictability of
 * Language Model Performance", arXiv:2405.10938, §3.2): the covariance of the
 * columns (centred, and by default z-scored), its eigen-decomposition by
 * Jacobi rotations (symmetricEigen), explained-variance ratios λ_k / Σλ, the
 * loadings and each model's component scores.
 *
 * Conventions: the standard deviation that z-scores a column is the population
 * one (divide by n); ratios and loadings do not depend on it, scores scale by
 * √((n−1)/n). A component's sign is fixed so that its loadings sum to a
 * positive number (a higher PC1 is a more capable model); were the sum 0, the
 * largest loading is made positive.
 */
import { symmetricEigen } from "./jacobiEigen.js";

export type Preprocessing = "standardized" | "centred";

export interface PcaResult {
  preprocessing: Preprocessing;
  metrics: string[];
  /** Rows (models) the components were computed from. */
  n: number;
  /** Column means and the scales divided by (population sd; 1 when centred only). */
  means: number[];
  scales: number[];
  /** Eigenvalues of the covariance (divisor n), largest first. */
  eigenvalues: number[];
  explainedVarianceRatio: number[];
  /** loadings[k][j]: weight of metric j in component k (unit vectors). */
  loadings: number[][];
  /** scores[i][k]: model i's component k. */
  scores: number[][];
  jacobi: { sweeps: number; converged: boolean };
}

/**
 * PCA of `rows` (one per model, one value per metric, no missing value).
 * Cost O(n·p² + p³ · sweeps).
 *
 * @example
 * const p = pca([[0, 0], [1, 1], [2, 2.1]], ["a", "b"], "centred");
 * p.explainedVarianceRatio[0]; // ≈ 0.9994
 */
export function pca(rows: readonly (readonly number[])[], metrics: readonly string[], preprocessing: Preprocessing = "standardized"): PcaResult {
  const n = rows.length, p = metrics.length;
  if (p < 2) throw new RangeError(`PCA needs at least 2 metrics, got ${p}`);
  if (n < 3) throw new RangeError(`PCA needs at least 3 models with every metric, got ${n}`);
  for (const r of rows) if (r.length !== p || r.some((v) => !Number.isFinite(v))) throw new RangeError("PCA rows must hold one finite value per metric");
  const means = metrics.map((_, j) => rows.reduce((s, r) => s + r[j], 0) / n);
  const sds = metrics.map((_, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j] - means[j]) ** 2, 0) / n));
  if (preprocessing === "standardized") {
    const flat = sds.findIndex((s, j) => !(s > 1e-12 * Math.max(1, Math.abs(means[j]))));
    if (flat >= 0) throw new RangeError(`metric "${metrics[flat]}" has the same value in every model: it cannot be z-scored (drop it with --metrics, or use --centred)`);
  }
  const scales = preprocessing === "standardized" ? sds : metrics.map(() => 1);
  const z = rows.map((r) => r.map((v, j) => (v - means[j]) / scales[j]));
  const cov = metrics.map((_, a) => metrics.map((_, b) => z.reduce((s, r) => s + r[a] * r[b], 0) / n));
  const eig = symmetricEigen(cov);
  const eigenvalues = eig.values.map((v) => Math.max(v, 0)); // rounding can leave −1e-17 for a null direction
  const total = eigenvalues.reduce((s, v) => s + v, 0);
  if (!(total > 0)) throw new RangeError("PCA: every metric is constant over these models: no variance to explain");
  const loadings = eig.vectors.map(fixSign);
  const scores = z.map((r) => loadings.map((l) => dot(l, r)));
  return {
    preprocessing, metrics: [...metrics], n, means, scales, eigenvalues,
    explainedVarianceRatio: eigenvalues.map((v) => v / total), loadings, scores,
    jacobi: { sweeps: eig.sweeps, converged: eig.converged },
  };
}

/** A row's component scores under a PCA fitted elsewhere (its means, scales and loadings): how held-out models are placed. O(p²). */
export function projectRow(fit: PcaResult, row: readonly number[]): number[] {
  const z = row.map((v, j) => (v - fit.means[j]) / fit.scales[j]);
  return fit.loadings.map((l) => dot(l, z));
}

/** The sign convention: loadings sum positive; a zero sum falls back to the largest loading positive. */
export function fixSign(vector: readonly number[]): number[] {
  const sum = vector.reduce((s, v) => s + v, 0);
  const largest = vector.reduce((m, v) => (Math.abs(v) > Math.abs(m) ? v : m), 0);
  const flip = Math.abs(sum) > 1e-12 ? sum < 0 : largest < 0;
  return vector.map((v) => (flip ? -v : v));
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
