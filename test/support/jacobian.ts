// Checking a law's analytic Jacobian against central differences.
import type { Law, LawInputs } from "../../src/core/laws/types.js";

/** Central differences, step h·max(1, |θ_j|): error O(h²) ≈ 1e-10 relative for smooth laws. Row-major n × p. */
export function finiteDifferenceJacobian(law: Law, theta: readonly number[], inputs: LawInputs): Float64Array {
  const p = theta.length, n = inputs.n, jac = new Float64Array(n * p);
  const up = new Float64Array(n), down = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    const h = 1e-6 * Math.max(1, Math.abs(theta[j]));
    const tp = [...theta], tm = [...theta];
    tp[j] += h; tm[j] -= h;
    law.logPredict(tp, inputs, up);
    law.logPredict(tm, inputs, down);
    for (let i = 0; i < n; i++) jac[i * p + j] = (up[i] - down[i]) / (2 * h);
  }
  return jac;
}

/** The law's own ln predictions and analytic Jacobian at θ. */
export function analyticJacobian(law: Law, theta: readonly number[], inputs: LawInputs): { out: Float64Array; jac: Float64Array } {
  const out = new Float64Array(inputs.n), jac = new Float64Array(inputs.n * theta.length);
  law.logPredict(theta, inputs, out, jac);
  return { out, jac };
}
