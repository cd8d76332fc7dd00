/**
 * Non-negative least squares, min ‖A x − b‖₂ subject to x ≥ 0: the active-set
 * algorithm of Lawson & Hanson, "Solving Least Squares Problems" (1974),
 * ch. 23. For the small dense systems of variable projection (a handful of
 * columns), solved through the normal equations of the passive set.
 * Returns x, the residual norm and the iterations; stops after 3·n outer
 * iterations at most (the algorithm terminates in finitely many).
 */
export interface NnlsResult {
  x: Float64Array;
  residualNorm: number;
  iterations: number;
}

/** A is row-major m × n. Cost O(iterations · (m·n + n³)). */
export function nnls(a: ArrayLike<number>, m: number, n: number, b: ArrayLike<number>, tol = 1e-12): NnlsResult {
  const x = new Float64Array(n), passive = new Array<boolean>(n).fill(false);
  const w = new Float64Array(n), r = new Float64Array(m);
  const residual = () => {
    for (let i = 0; i < m; i++) { let s = b[i]; for (let j = 0; j < n; j++) s -= a[i * n + j] * x[j]; r[i] = s; }
  };
  const gradient = () => {
    for (let j = 0; j < n; j++) { let s = 0; for (let i = 0; i < m; i++) s += a[i * n + j] * r[i]; w[j] = s; }
  };
  let iterations = 0;
  residual(); gradient();
  const scale = Math.max(1e-300, ...Array.from(w, Math.abs));
  for (; iterations < 3 * n; iterations++) {
    let t = -1, best = tol * scale;
    for (let j = 0; j < n; j++) if (!passive[j] && w[j] > best) { best = w[j]; t = j; }
    if (t < 0) break;
    passive[t] = true;
    // each pass of the inner loop frees at least one passive index, so n + 1 passes suffice; the bound
    // guards against round-off (or non-finite input) that would keep one from leaving
    for (let inner = 0; inner <= n; inner++) {
      const z = solvePassive(a, m, n, b, passive);
      let feasible = true;
      for (let j = 0; j < n; j++) if (passive[j] && z[j] <= 0) feasible = false;
      if (feasible) { x.set(z); break; }
      let alpha = Infinity;
      for (let j = 0; j < n; j++) if (passive[j] && z[j] <= 0) alpha = Math.min(alpha, x[j] / (x[j] - z[j]));
      for (let j = 0; j < n; j++) {
        x[j] += alpha * (z[j] - x[j]);
        if (passive[j] && x[j] <= 1e-15 * Math.max(1, Math.abs(z[j]))) { passive[j] = false; x[j] = 0; }
      }
    }
    residual(); gradient();
  }
  residual();
  return { x, residualNorm: Math.hypot(...r), iterations };
}

/** Unconstrained least squares on the passive columns (normal equations, Gaussian elimination); 0 elsewhere. */
function solvePassive(a: ArrayLike<number>, m: number, n: number, b: ArrayLike<number>, passive: boolean[]): Float64Array {
  const cols = passive.flatMap((p, j) => (p ? [j] : []));
  const k = cols.length, g = cols.map(() => new Float64Array(k + 1));
  for (let p = 0; p < k; p++) {
    for (let q = 0; q < k; q++) { let s = 0; for (let i = 0; i < m; i++) s += a[i * n + cols[p]] * a[i * n + cols[q]]; g[p][q] = s; }
    let s = 0; for (let i = 0; i < m; i++) s += a[i * n + cols[p]] * b[i]; g[p][k] = s;
  }
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let rr = c + 1; rr < k; rr++) if (Math.abs(g[rr][c]) > Math.abs(g[piv][c])) piv = rr;
    [g[c], g[piv]] = [g[piv], g[c]];
    for (let rr = c + 1; rr < k; rr++) { const f = g[rr][c] / g[c][c]; for (let q = c; q <= k; q++) g[rr][q] -= f * g[c][q]; }
  }
  const sol = new Float64Array(k);
  for (let rr = k - 1; rr >= 0; rr--) { let s = g[rr][k]; for (let q = rr + 1; q < k; q++) s -= g[rr][q] * sol[q]; sol[rr] = s / g[rr][rr]; }
  const z = new Float64Array(n);
  cols.forEach((j, p) => { z[j] = sol[p]; });
  return z;
}
