import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { brokenPowerLaw } from "../../../src/core/laws/brokenPower.js";
import { chinchilla } from "../../../src/core/laws/chinchilla.js";
import { kaplanNd } from "../../../src/core/laws/kaplanNd.js";
import { overtrain } from "../../../src/core/laws/overtrain.js";
import { powerLaw } from "../../../src/core/laws/power.js";
import { lawRegistry } from "../../../src/core/laws/registry.js";
import type { Law, LawInputs } from "../../../src/core/laws/types.js";
import { finiteDifferenceJacobian } from "../../support/jacobian.js";

const bnsl1 = brokenPowerLaw("flops", 1), bnsl2 = brokenPowerLaw("params", 2);
const LAWS: Law[] = [chinchilla, powerLaw("params"), powerLaw("tokens"), powerLaw("flops"), kaplanNd, bnsl1, bnsl2, overtrain];

/**
 * Fit-space centres where the grid's middle misses the inputs (ln x ∈ [15, 32]):
 * the BNSL grid's middle break, ln d = 35–40, lies beyond them and would leave
 * the break terms' derivatives ≈ 0, so these centres put the breaks inside.
 */
const CENTRE = new Map<Law, number[]>([
  [bnsl1, [0, 5, 0.2, 0.4, 24, Math.log(0.5)]],
  [bnsl2, [0, 5, 0.2, 0.4, 20, Math.log(0.5), 0.3, 28, 0]],
]);

function inputsFor(law: Law, logs: number[][]): LawInputs {
  const log: LawInputs["log"] = {};
  law.inputs.forEach((input, k) => { log[input] = Float64Array.from(logs.map((row) => row[k])); });
  return { n: logs.length, log };
}

describe("law gradients", () => {
  for (const law of LAWS) {
    it(`${law.id}(${law.inputs.join(",")}) analytic Jacobian matches central differences to 1e-6`, () => {
      const p = law.parameters.length;
      fc.assert(fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: p, maxLength: p }),
        fc.array(fc.array(fc.double({ min: 15, max: 32, noNaN: true }), { minLength: law.inputs.length, maxLength: law.inputs.length }), { minLength: 1, maxLength: 8 }),
        (shift, logs) => {
          // parameters around the middle of each declared grid, shifted by up to ±1 (±0.1 for exponents)
          const theta = law.parameters.map((par, j) => {
            const mid = CENTRE.get(law)?.[j] ?? par.grid[Math.floor(par.grid.length / 2)];
            return par.space === "linear" ? Math.max(0.02, mid + 0.1 * shift[j]) : mid + shift[j];
          });
          const inputs = inputsFor(law, logs);
          const out = new Float64Array(inputs.n), jac = new Float64Array(inputs.n * p);
          law.logPredict(theta, inputs, out, jac);
          const fd = finiteDifferenceJacobian(law, theta, inputs);
          for (let k = 0; k < jac.length; k++) {
            expect(Math.abs(jac[k] - fd[k])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fd[k])));
          }
        },
      ), { numRuns: 200, seed: 20240101 });
    });

    it(`${law.id} stays finite for inputs up to 1e30 and down to 1`, () => {
      const theta = law.parameters.map((par) => par.grid[par.grid.length - 1]);
      const logs = [Math.log(1), Math.log(1e30)].map((v) => law.inputs.map(() => v));
      const inputs = inputsFor(law, logs);
      const out = new Float64Array(2), jac = new Float64Array(2 * theta.length);
      law.logPredict(theta, inputs, out, jac);
      for (const v of [...out, ...jac]) expect(Number.isFinite(v)).toBe(true);
    });
  }

  it("chinchilla.logPredict equals ln(E + A/N^α + B/D^β) computed directly", () => {
    // Hoffmann et al. 2022 rounded constants at N = 70e9, D = 1.4e12 (Chinchilla itself)
    const { A, B, E, alpha, beta } = { A: 406.4, B: 410.7, E: 1.69, alpha: 0.34, beta: 0.28 };
    const out = new Float64Array(1);
    chinchilla.logPredict([Math.log(A), Math.log(B), Math.log(E), alpha, beta], { n: 1, log: { params: Float64Array.of(Math.log(70e9)), tokens: Float64Array.of(Math.log(1.4e12)) } }, out);
    const direct = E + A / 70e9 ** alpha + B / 1.4e12 ** beta;
    expect(Math.exp(out[0])).toBeCloseTo(direct, 12);
    expect(direct).toBeCloseTo(1.9366454705587, 12); // python3: 1.69 + 406.4/70e9**0.34 + 410.7/1.4e12**0.28
  });

  it("kaplanNd.logPredict equals Kaplan's eq. 1.5 computed directly", () => {
    // Kaplan et al. 2020 constants: alphaN 0.076, alphaD 0.103, Nc 6.4e13, Dc 1.8e13
    const N = 1.5e9, D = 2.3e10;
    const direct = ((6.4e13 / N) ** (0.076 / 0.103) + 1.8e13 / D) ** 0.103;
    const out = new Float64Array(1);
    kaplanNd.logPredict([Math.log(6.4e13), Math.log(1.8e13), 0.076, 0.103], { n: 1, log: { params: Float64Array.of(Math.log(N)), tokens: Float64Array.of(Math.log(D)) } }, out);
    expect(Math.exp(out[0])).toBeCloseTo(direct, 12);
  });

  it("chinchilla.allocate reproduces Epoch's N* ≈ 72.3 B, D* ≈ 1.33 T at 5.76e23 FLOPs (±1%)", () => {
    // Besiroglu et al. 2024 likelihood estimates (shared/data/README.md): A 482.01, B 2085.43, E 1.81686, α 0.34781, β 0.36585
    const a = chinchilla.allocate!({ A: 482.00572, B: 2085.4342, E: 1.81686, alpha: 0.34781, beta: 0.36585 }, 5.76e23);
    expect(Math.abs(a.params / 72.3e9 - 1)).toBeLessThan(0.01);
    expect(Math.abs(a.tokens / 1.33e12 - 1)).toBeLessThan(0.01);
    expect(6 * a.params * a.tokens).toBeCloseTo(5.76e23, -18);
  });

  it("chinchilla.allocate with Hoffmann's rounded constants gives N* ≈ 32.2 B, D* ≈ 2.98 T (±1%)", () => {
    const a = chinchilla.allocate!({ A: 406.4, B: 410.7, E: 1.69, alpha: 0.34, beta: 0.28 }, 5.76e23);
    expect(Math.abs(a.params / 32.2e9 - 1)).toBeLessThan(0.01);
    expect(Math.abs(a.tokens / 2.98e12 - 1)).toBeLessThan(0.01);
  });

  it("every registered law declares a non-empty grid and bounds with lower < upper", () => {
    for (const entry of Object.values(lawRegistry)) {
      const law = entry.make({});
      for (const par of law.parameters) {
        expect(par.grid.length).toBeGreaterThan(0);
        expect(par.bounds[0]).toBeLessThan(par.bounds[1]);
      }
    }
  });
});
