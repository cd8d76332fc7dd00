import { describe, expect, it } from "vitest";
import { newton, NewtonWorkspace, shiftedCholesky } from "../../../src/core/optimize/newton.js";
import { isConverged } from "../../../src/core/optimize/types.js";

// Rosenbrock (1960) in 2-D with its exact Hessian: minimum 0 at (1, 1).
function rosenbrock(x: Float64Array, g: Float64Array, h: Float64Array): number {
  const a = x[1] - x[0] * x[0], b = 1 - x[0];
  g[0] = -400 * x[0] * a - 2 * b;
  g[1] = 200 * a;
  h[0] = 1200 * x[0] * x[0] - 400 * x[1] + 2;
  h[1] = h[2] = -400 * x[0];
  h[3] = 200;
  return 100 * a * a + b * b;
}

describe("newton", () => {
  it("newton(quadratic) solves H x = b in one step and then stops on the Newton decrement", () => {
    // f = ½ xᵀHx − bᵀx, H = [[4, 1], [1, 3]], b = (1, 2): x* = H⁻¹b = (1/11, 7/11), exact
    const fgh = (x: Float64Array, g: Float64Array, h: Float64Array) => {
      g[0] = 4 * x[0] + x[1] - 1;
      g[1] = x[0] + 3 * x[1] - 2;
      h.set([4, 1, 1, 3]);
      return 0.5 * (4 * x[0] * x[0] + 2 * x[0] * x[1] + 3 * x[1] * x[1]) - x[0] - 2 * x[1];
    };
    const r = newton(fgh, [5, -5]);
    expect(isConverged(r.status)).toBe(true);
    expect(r.x[0]).toBeCloseTo(1 / 11, 14);
    expect(r.x[1]).toBeCloseTo(7 / 11, 14);
    expect(r.evaluations).toBe(2); // the start and the one full step
  });

  it("newton(rosenbrock from (−1.2, 1)) reaches (1, 1) to 1e-8 in far fewer steps than L-BFGS needs", () => {
    // the Hessian is indefinite on part of the path: the τI shift of N&W Algorithm 3.3 must engage
    const r = newton(rosenbrock, [-1.2, 1]);
    expect(isConverged(r.status)).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 8);
    expect(r.x[1]).toBeCloseTo(1, 8);
    expect(r.iterations).toBeLessThan(30); // L-BFGS takes 30–40 here (lbfgs.test.ts asserts > 10)
  });

  it("newton(f with no curvature information) falls back to steepest descent and still converges", () => {
    // f = Σ (x_i − 2)², but the model matrix is zero: every step is a scaled gradient step
    const fgh = (x: Float64Array, g: Float64Array, h: Float64Array) => {
      let f = 0;
      for (let i = 0; i < x.length; i++) { g[i] = 2 * (x[i] - 2); f += (x[i] - 2) ** 2; }
      h.fill(0);
      return f;
    };
    const r = newton(fgh, [0, 0, 0], { gtol: 1e-8 });
    expect(isConverged(r.status)).toBe(true);
    for (const v of r.x) expect(v).toBeCloseTo(2, 6);
  });

  it("newton reports why it stopped: non-finite start, max-iterations", () => {
    const nan = newton((_x, g, h) => { g.fill(0); h.fill(1); return NaN; }, [1]);
    expect(nan.status).toBe("non-finite");
    expect(nan.message).toMatch(/not finite/);
    const capped = newton(rosenbrock, [-1.2, 1], { maxIterations: 2 });
    expect(capped.status).toBe("max-iterations");
    expect(capped.iterations).toBe(2);
    expect(capped.message).toMatch(/2 iterations/);
    expect(JSON.parse(JSON.stringify(capped)).message).toBe(capped.message); // formatted on read, serialised all the same
  });

  it("newton backs off a step into an overflow region instead of failing", () => {
    // f = e^x − 2x, minimum at ln 2; the model matrix is far too small, so the full step overflows
    const fgh = (x: Float64Array, g: Float64Array, h: Float64Array) => {
      g[0] = Math.exp(x[0]) - 2;
      h[0] = 1e-6;
      return Math.exp(x[0]) - 2 * x[0];
    };
    const r = newton(fgh, [0], { maxIterations: 500 });
    expect(isConverged(r.status)).toBe(true);
    expect(r.x[0]).toBeCloseTo(Math.LN2, 6);
  });
});

describe("newton with a workspace", () => {
  it("newton(…, { workspace }) gives the same result as without, and each result keeps its own x", () => {
    const workspace = new NewtonWorkspace(2);
    const a = newton(rosenbrock, [-1.2, 1], { workspace });
    const b = newton(rosenbrock, [2, 2], { workspace });
    const fresh = newton(rosenbrock, [-1.2, 1]);
    expect(Array.from(a.x)).toEqual(Array.from(fresh.x));
    expect(a.evaluations).toBe(fresh.evaluations);
    expect(a.gradNorm).toBe(fresh.gradNorm);
    expect(a.x).not.toBe(b.x);
  });
});

describe("shiftedCholesky", () => {
  it("shiftedCholesky(positive definite H) factors it with τ = 0: L Lᵀ = H", () => {
    const h = Float64Array.of(4, 2, 2, 3), l = new Float64Array(4);
    expect(shiftedCholesky(h, 2, l)).toBe(0);
    expect(l[0] * l[0]).toBeCloseTo(4, 14);
    expect(l[2] * l[0]).toBeCloseTo(2, 14);
    expect(l[2] * l[2] + l[3] * l[3]).toBeCloseTo(3, 14);
  });

  it("shiftedCholesky(indefinite H) returns the τ > 0 that made H + τI positive definite", () => {
    const h = Float64Array.of(1, 2, 2, 1), l = new Float64Array(4); // eigenvalues 3 and −1
    const tau = shiftedCholesky(h, 2, l);
    expect(tau).toBeGreaterThan(1);
    expect(Number.isFinite(tau)).toBe(true);
    expect(l[0] * l[0]).toBeCloseTo(1 + tau, 12); // L Lᵀ = H + τI
    expect(l[2] * l[0]).toBeCloseTo(2, 12);
    expect(l[2] * l[2] + l[3] * l[3]).toBeCloseTo(1 + tau, 12);
  });

  it("shiftedCholesky(zero or non-finite H) returns Infinity (no curvature to scale a shift by)", () => {
    expect(shiftedCholesky(new Float64Array(4), 2, new Float64Array(4))).toBe(Infinity);
    expect(shiftedCholesky(Float64Array.of(NaN, 0, 0, 1), 2, new Float64Array(4))).toBe(Infinity);
  });
});
