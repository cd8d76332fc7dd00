/**
 * Gauss–Legendre quadrature: the m nodes and weights on [−1, 1] that integrate
 * polynomials of degree ≤ 2m − 1 exactly. Nodes are the roots of P_m, found by
 * Newton's method from Tricomi's initial guess cos(π(i − 1/4)/(m + 1/2)), with
 * P_m and P_m' by the three-term recurrence (Press et al., Numerical Recipes
 * §4.6, gauleg). O(m²) once per m.
 */
export function gaussLegendre(m: number): { nodes: Float64Array; weights: Float64Array } {
  if (!(Number.isInteger(m) && m >= 1)) throw new RangeError(`Gauss–Legendre needs a whole number of nodes ≥ 1, got ${m}`);
  const nodes = new Float64Array(m), weights = new Float64Array(m);
  for (let i = 0; i < Math.ceil(m / 2); i++) {
    let x = Math.cos(Math.PI * (i + 0.75) / (m + 0.5)), dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = x;
      for (let j = 2; j <= m; j++) { const p2 = ((2 * j - 1) * x * p1 - (j - 1) * p0) / j; p0 = p1; p1 = p2; }
      dp = m * (x * p1 - p0) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes[i] = -x; nodes[m - 1 - i] = x;
    weights[i] = weights[m - 1 - i] = 2 / ((1 - x * x) * dp * dp);
  }
  return { nodes, weights };
}
