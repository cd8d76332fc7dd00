/**
 * Variable projection (Golub & Pereyra 1973, "The differentiation of
 * pseudo-inverses and nonlinear least squares problems"): for a law that is
 * linear in some coefficients once its exponents are fixed, search the
 * exponents on a grid, solve the coefficients by non-negative least squares
 * (Lawson & Hanson 1974) on relative residuals (≈ log residuals), and polish
 * the best grid points on the real objective with L-BFGS. No initialisation
 * grid over the linear parameters is needed.
 */
import { fitSpaceVector } from "../laws/transform.js";
import type { Law } from "../laws/types.js";
import { nnls } from "../optimize/nnls.js";
import type { FitData } from "./data.js";
import { FitError, finishFit, resolveFit, type EndPoint, type FitOptions, type FitResult } from "./fitLaw.js";
import { objectives } from "./objectives.js";

/** A coefficient NNLS sets to 0 enters log space as this fraction of the largest one (finite, and then polished). */
const ZERO_FLOOR = 1e-12;

export function fitLawVarpro(law: Law, data: FitData, options: FitOptions = {}): FitResult {
  const form = law.linearForm;
  if (!form) throw new FitError(`law ${law.id} declares no linear form: --method varpro needs one (use the grid method)`);
  const resolved = resolveFit(law, data, { ...options, starts: [law.parameters.map((p) => p.grid[0])] });
  const n = data.n, k = form.coefficients.length;
  const basis = new Float64Array(n * k), a = new Float64Array(n * k), b = new Float64Array(n);
  const loss = Float64Array.from(data.logLoss, Math.exp);
  const w = data.weights;
  const huber = objectives.huber.create(law, data, resolved.delta), g = new Float64Array(law.parameters.length);
  const ends: EndPoint[] = [];
  let evaluations = 0;
  const grid = cartesian(form.grids);
  for (const nonlinear of grid) {
    form.columns(nonlinear, data.inputs, basis);
    for (let i = 0; i < n; i++) { // rows scaled by √w / L: relative residuals, the first-order log residuals
      const s = Math.sqrt(w ? w[i] : 1) / loss[i];
      for (let j = 0; j < k; j++) a[i * k + j] = basis[i * k + j] * s;
      b[i] = loss[i] * s;
    }
    const c = nnls(a, n, k, b).x;
    const top = Math.max(...c);
    if (!(top > 0)) continue;
    const values: Record<string, number> = {};
    form.coefficients.forEach((name, j) => { values[name] = Math.max(c[j], ZERO_FLOOR * top); });
    form.nonlinear.forEach((name, j) => { values[name] = nonlinear[j]; });
    const x = fitSpaceVector(law, values);
    const f = huber(x, g);
    evaluations++;
    if (Number.isFinite(f)) ends.push({ x, f });
  }
  if (ends.length === 0) throw new FitError(`variable projection found no usable grid point for law ${law.id}`);
  const result = finishFit(law, data, { ...resolved, strategy: "screened" }, { ends, run: grid.length, iterations: 0, evaluations });
  // grid points are NNLS solutions, not converged optimizer runs: the multi-start "fragile optimum" test does not apply
  const warnings = result.warnings.filter((w) => w.code !== "fragile-optimum");
  return {
    ...result,
    warnings,
    optimizer: { ...result.optimizer, method: `variable projection: ${grid.length} exponent pairs solved by NNLS (Lawson & Hanson), the best polished with L-BFGS`, strategy: "varpro", starts: grid.length },
  };
}

function cartesian(grids: readonly (readonly number[])[]): number[][] {
  let out: number[][] = [[]];
  for (const g of grids) out = out.flatMap((prefix) => g.map((v) => [...prefix, v]));
  return out;
}
