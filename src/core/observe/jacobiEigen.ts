/**
 * Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method:
 * Golub & Van Loan, "Matrix Computations" (4th ed., 2013), §8.5.2–8.5.3
 * (Algorithms 8.5.1 and 8.5.3), with the rotation computed as in Rutishauser
 * (1966) / Press et al., "Numerical Recipes" (3rd ed.) §11.1, so that no
 * angle is formed and small rotations lose no digits. Each sweep zeroes every
 * off-diagonal entry once; convergence is quadratic once the off-diagonal mass
 * is small, so a matrix of order ≤ 20 takes 6–10 sweeps.
 *
 * Stops when off(A) = √(Σ_{i≠j} a_ij²) ≤ tol · ‖A₀‖_F (tol default 1e-15), or
 * after maxSweeps (default 100) sweeps (then `converged` is false).
 */

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: number[];
  /** Unit eigenvectors, vectors[k] belonging to values[k]. */
  vectors: number[][];
  sweeps: number;
  converged: boolean;
}

/**
 * Eigenvalues and eigenvectors of the symmetric matrix `a` (only its values are
 * read; it is not modified). Cost O(p³) per sweep for a p × p matrix.
 *
 * @example
 * symmetricEigen([[2, 1], [1, 2]]).values; // [3, 1]
 */
export function symmetricEigen(a: readonly (readonly number[])[], options: { tol?: number; maxSweeps?: number } = {}): SymmetricEigen {
  const p = a.length;
  for (const row of a) if (row.length !== p) throw new RangeError(`symmetricEigen needs a square matrix, got a row of ${row.length} in a ${p} × ${p} one`);
  const tol = options.tol ?? 1e-15;
  const maxSweeps = options.maxSweeps ?? 100;
  const A = a.map((row) => Float64Array.from(row));
  const V = Array.from({ length: p }, (_, i) => { const r = new Float64Array(p); r[i] = 1; return r; });
  let frob = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
    if (!Number.isFinite(A[i][j])) throw new RangeError(`symmetricEigen: entry (${i}, ${j}) is not finite`);
    frob += A[i][j] ** 2;
  }
  const threshold = tol * Math.sqrt(frob);
  const off = () => { let s = 0; for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) if (i !== j) s += A[i][j] ** 2; return Math.sqrt(s); };
  let sweeps = 0;
  let converged = off() <= threshold;
  while (!converged && sweeps < maxSweeps) {
    sweeps++;
    for (let i = 0; i < p - 1; i++) {
      for (let j = i + 1; j < p; j++) {
        const aij = A[i][j];
        if (aij === 0) continue;
        // the rotation that zeroes A[i][j]: t = tan θ, the smaller root of t² + 2τt − 1 = 0
        const tau = (A[j][j] - A[i][i]) / (2 * aij);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t), s = t * c;
        for (let k = 0; k < p; k++) { // A ← A·J (columns i, j)
          const aki = A[k][i], akj = A[k][j];
          A[k][i] = c * aki - s * akj;
          A[k][j] = s * aki + c * akj;
        }
        for (let k = 0; k < p; k++) { // A ← Jᵀ·A (rows i, j)
          const aik = A[i][k], ajk = A[j][k];
          A[i][k] = c * aik - s * ajk;
          A[j][k] = s * aik + c * ajk;
        }
        A[i][j] = 0; A[j][i] = 0;
        for (let k = 0; k < p; k++) { // V ← V·J: eigenvectors are V's columns
          const vki = V[k][i], vkj = V[k][j];
          V[k][i] = c * vki - s * vkj;
          V[k][j] = s * vki + c * vkj;
        }
      }
    }
    converged = off() <= threshold;
  }
  const order = Array.from({ length: p }, (_, k) => k).sort((x, y) => A[y][y] - A[x][x]);
  return {
    values: order.map((k) => A[k][k]),
    vectors: order.map((k) => Array.from({ length: p }, (_, i) => V[i][k])),
    sweeps, converged,
  };
}
