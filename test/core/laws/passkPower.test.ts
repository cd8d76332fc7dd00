// The aggregate pass@k law (issue 14, item 3; acceptance "Aggregate law"): on data generated exactly from
// −ln(pass@k) = a·k^(−b), the engine recovers a and b to 1e-6; its gradient matches finite differences.
import { describe, expect, it } from "vitest";
import { fitDataFor } from "../../../src/core/fit/data.js";
import { fitLaw } from "../../../src/core/fit/fitLaw.js";
import { passkPower } from "../../../src/core/laws/passkPower.js";
import { fitSpaceVector } from "../../../src/core/laws/transform.js";

const ks = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096, 10000];

describe("passk-power", () => {
  for (const [a, b] of [[2.3, 0.4], [0.7, 0.15], [5, 1.1]]) {
    it(`recovers a = ${a}, b = ${b} to 1e-6 from exact coverage at k = 1 … 10,000`, () => {
      const data = fitDataFor(passkPower, ks.map((k) => ({ samples: k, metric: Math.exp(-a * k ** -b), lossNats: 1 })));
      const fit = fitLaw(passkPower, data, { objective: "huber", delta: 1e-3 });
      expect(fit.optimizer.converged).toBe(true);
      expect(Math.abs(fit.params.a / a - 1)).toBeLessThan(1e-6);
      expect(Math.abs(fit.params.b - b)).toBeLessThan(1e-6);
    });
  }

  it("its Jacobian matches central finite differences (1e-6 relative)", () => {
    const data = fitDataFor(passkPower, ks.map((k) => ({ samples: k, metric: 0.5, lossNats: 1 })));
    const theta = fitSpaceVector(passkPower, { a: 1.7, b: 0.3 });
    const out = new Float64Array(data.n), jac = new Float64Array(2 * data.n);
    passkPower.logPredict(theta, data.inputs, out, jac);
    for (let j = 0; j < 2; j++) {
      const h = 1e-6, up = Float64Array.from(theta), dn = Float64Array.from(theta);
      up[j] += h; dn[j] -= h;
      const fu = new Float64Array(data.n), fd = new Float64Array(data.n);
      passkPower.logPredict(up, data.inputs, fu);
      passkPower.logPredict(dn, data.inputs, fd);
      for (let i = 0; i < data.n; i++) expect(Math.abs(jac[2 * i + j] - (fu[i] - fd[i]) / (2 * h))).toBeLessThan(1e-6 * Math.max(1, Math.abs(jac[2 * i + j])));
    }
  });
});
