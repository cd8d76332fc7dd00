import { describe, expect, it } from "vitest";
import { runResamples, summarizeBootstrap } from "../../../src/core/fit/bootstrap.js";
import { fitDataFor, weightedSubset } from "../../../src/core/fit/data.js";
import { exampleSweep, HOFFMANN_ROUNDED } from "../../../src/core/fit/exampleSweep.js";
import { FitError, fitLaw } from "../../../src/core/fit/fitLaw.js";
import { gridStarts } from "../../../src/core/fit/grid.js";
import { huberLogNormaliser, objectives } from "../../../src/core/fit/objectives.js";
import { chinchilla } from "../../../src/core/laws/chinchilla.js";
import { kaplanNd } from "../../../src/core/laws/kaplanNd.js";
import { powerLaw } from "../../../src/core/laws/power.js";
import { fitSpaceVector } from "../../../src/core/laws/transform.js";
import { createRng } from "../../../src/core/stats/rng.js";

describe("gridStarts", () => {
  it("gridStarts(chinchilla) is Hoffmann's 4,500-point grid", () => {
    const g = gridStarts(chinchilla.parameters);
    expect(g.length).toBe(4500);
    expect(Array.from(g[0])).toEqual([0, 0, -1, 0, 0]);
    expect(Array.from(g[4499])).toEqual([25, 25, 1, 2, 2]);
  });
});

describe("fitLaw on simulated data", () => {
  it("fitLaw recovers Hoffmann's α and β inside their 95% bootstrap intervals (1% noise, seed 2022)", () => {
    // Synthetic recovery: 81 runs on a 9-budget IsoFLOP design, losses from E + A/N^α + B/D^β × e^ε, ε ~ N(0, 0.01²)
    const data = fitDataFor(chinchilla, exampleSweep({ seed: 2022 }));
    const fit = fitLaw(chinchilla, data);
    expect(fit.optimizer.converged).toBe(true);
    const boot = summarizeBootstrap(runResamples({ law: chinchilla, objective: "huber", delta: 1e-3, theta: fit.theta, seed: 5, budgetFlops: 5.76e23, corrections: fit.corrections }, data, 0, 400), 5, 5.76e23);
    for (const name of ["alpha", "beta"] as const) {
      const [lo, hi] = boot.ci95[name];
      expect(lo).toBeLessThan(HOFFMANN_ROUNDED[name]);
      expect(hi).toBeGreaterThan(HOFFMANN_ROUNDED[name]);
    }
  });

  it("fitLaw on noise-free data recovers every parameter to 1e-6 relative", () => {
    const data = fitDataFor(chinchilla, exampleSweep({ noise: 0 }));
    const fit = fitLaw(chinchilla, data);
    for (const [k, v] of Object.entries(HOFFMANN_ROUNDED)) expect(Math.abs(fit.params[k] / v - 1)).toBeLessThan(1e-6);
    expect(fit.objective.value).toBeLessThan(1e-12);
  });

  it("fitLaw(powerLaw flops) recovers a saturating compute frontier L = 1.7 + 30·C^−0.05", () => {
    const rng = createRng(11);
    const pts = Array.from({ length: 30 }, (_, i) => {
      const flops = 1e17 * 10 ** (i / 5);
      return { flops, lossNats: (1.7 + 30 * flops ** -0.05) * Math.exp(0.002 * rng.normal()) };
    });
    const fit = fitLaw(powerLaw("flops"), fitDataFor(powerLaw("flops"), pts));
    expect(Math.abs(fit.params.alpha - 0.05)).toBeLessThan(0.01);
    expect(Math.abs(fit.params.E - 1.7)).toBeLessThan(0.1);
  });

  it("fitLaw(kaplanNd) recovers Kaplan's constants from noise-free data (αN, αD to 1e-4)", () => {
    // Kaplan et al. 2020 eq. 1.5 constants: αN 0.076, αD 0.103, Nc 6.4e13, Dc 1.8e13
    const truth = { Nc: 6.4e13, Dc: 1.8e13, alphaN: 0.076, alphaD: 0.103 };
    const pts = [];
    for (const params of [1e7, 1e8, 1e9, 1e10]) for (const tokens of [1e9, 1e10, 1e11]) {
      pts.push({ params, tokens, lossNats: ((truth.Nc / params) ** (truth.alphaN / truth.alphaD) + truth.Dc / tokens) ** truth.alphaD });
    }
    const fit = fitLaw(kaplanNd, fitDataFor(kaplanNd, pts));
    expect(Math.abs(fit.params.alphaN - 0.076)).toBeLessThan(1e-4);
    expect(Math.abs(fit.params.alphaD - 0.103)).toBeLessThan(1e-4);
  });
});

describe("fitLaw edge cases", () => {
  const sweep = exampleSweep({ seed: 1 });

  it("fitLaw with fewer points than parameters throws FitError naming both counts", () => {
    const data = fitDataFor(chinchilla, sweep.slice(0, 4));
    expect(() => fitLaw(chinchilla, data)).toThrow(FitError);
    expect(() => fitLaw(chinchilla, data)).toThrow(/5 parameters but only 4 usable points/);
  });

  it("fitLaw with a single point throws FitError", () => {
    expect(() => fitLaw(chinchilla, fitDataFor(chinchilla, sweep.slice(0, 1)))).toThrow(/only 1 usable point:/);
  });

  it("fitDataFor rejects NaN, zero and negative inputs, naming the point and field", () => {
    expect(() => fitDataFor(chinchilla, [{ params: NaN, tokens: 1e9, lossNats: 3 }])).toThrow(/point 0: params/);
    expect(() => fitDataFor(chinchilla, [{ params: 1e9, tokens: 0, lossNats: 3 }])).toThrow(/point 0: tokens/);
    expect(() => fitDataFor(chinchilla, [{ params: 1e9, tokens: 1e9, lossNats: -1 }])).toThrow(/lossNats/);
  });

  it("fitLaw rejects a non-positive delta and an unknown objective", () => {
    const data = fitDataFor(chinchilla, sweep);
    expect(() => fitLaw(chinchilla, data, { delta: 0 })).toThrow(/delta must be/);
    expect(() => fitLaw(chinchilla, data, { objective: "mse" as never })).toThrow(/unknown objective "mse"/);
  });

  it("fitLaw with every run at one model size still returns finite values and a warning", () => {
    // N carries no information: A and α are not identifiable, so the fit must say something is off.
    const pts = sweep.map((r) => ({ ...r, params: 1e9 }));
    const fit = fitLaw(chinchilla, fitDataFor(chinchilla, pts));
    for (const v of Object.values(fit.params)) expect(Number.isFinite(v)).toBe(true);
    expect(fit.warnings.filter((w) => w.code === "narrow-range").map((w) => w.message).join("\n")).toMatch(/every run has the same params: the parameters of its term are not identifiable/);
  });

  it("fitLaw flags a parameter on its bound: a pure power law (E → 0) puts E below its lower bound", () => {
    const pts = Array.from({ length: 20 }, (_, i) => { const params = 1e7 * 2 ** i; return { params, lossNats: 40 * params ** -0.1 }; });
    const fit = fitLaw(powerLaw("params"), fitDataFor(powerLaw("params"), pts));
    expect(fit.onBound.map((b) => b.name)).toContain("E");
    expect(fit.warnings.filter((w) => w.code === "on-bound").map((w) => w.message).join("\n")).toMatch(/E = .* lower bound/);
  });

  it("fitLaw stays finite with inputs at 1e30 scale", () => {
    const pts = sweep.map((r) => ({ params: r.params * 1e18, tokens: r.tokens * 1e17, lossNats: r.lossNats }));
    const fit = fitLaw(chinchilla, fitDataFor(chinchilla, pts));
    for (const v of Object.values(fit.params)) expect(Number.isFinite(v)).toBe(true);
    expect(Number.isFinite(fit.objective.value)).toBe(true);
  });
});

describe("objectives", () => {
  it("huber-likelihood's normaliser ln Z_δ at δ = 1e-3 matches scipy (ln(√(2π)(1 − 2 Φ̄(δ)) + 2e^{−δ²/2}/δ))", () => {
    // python3: from scipy.stats import norm; import numpy as np; d=1e-3
    // np.log(np.sqrt(2*np.pi)*(1-2*norm.sf(d)) + 2*np.exp(-0.5*d*d)/d) = 7.600902959541916
    expect(huberLogNormaliser(1e-3)).toBeCloseTo(7.600902959541916, 12);
  });

  it("case weights equal repeated points: weight 2 on a point is the same objective as listing it twice", () => {
    const pts = exampleSweep({ seed: 3 }).slice(0, 10);
    const counts = [2, 1, 0, 1, 3, 1, 1, 0, 1, 1];
    const repeated = pts.flatMap((p, i) => Array(counts[i]).fill(p));
    const theta = fitSpaceVector(chinchilla, HOFFMANN_ROUNDED);
    for (const id of ["huber", "huber-likelihood"] as const) {
      const x = id === "huber" ? theta : Float64Array.from([...theta, -5]);
      const g1 = new Float64Array(x.length), g2 = new Float64Array(x.length);
      const f1 = objectives[id].create(chinchilla, weightedSubset(fitDataFor(chinchilla, pts), counts), 1e-3)(x, g1);
      const f2 = objectives[id].create(chinchilla, fitDataFor(chinchilla, repeated), 1e-3)(x, g2);
      expect(f1).toBeCloseTo(f2, 10);
      g1.forEach((v, j) => expect(v).toBeCloseTo(g2[j], 8));
    }
  });

  it("objective gradients match central differences (huber and huber-likelihood)", () => {
    const data = fitDataFor(chinchilla, exampleSweep({ seed: 4 }));
    const theta = [...fitSpaceVector(chinchilla, HOFFMANN_ROUNDED)];
    for (const [id, x] of [["huber", theta], ["huber-likelihood", [...theta, Math.log(0.02)]]] as const) {
      const fg = objectives[id].create(chinchilla, data, id === "huber" ? 0.05 : 1.0);
      const g = new Float64Array(x.length), dummy = new Float64Array(x.length);
      fg(Float64Array.from(x), g);
      for (let j = 0; j < x.length; j++) {
        const h = 1e-6 * Math.max(1, Math.abs(x[j]));
        const up = Float64Array.from(x), dn = Float64Array.from(x);
        up[j] += h; dn[j] -= h;
        const fd = (fg(up, dummy) - fg(dn, dummy)) / (2 * h);
        expect(Math.abs(g[j] - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
      }
    }
  });
});

describe("fitLawVarpro", () => {
  it("recovers every parameter of noise-free data to 1e-6 and refuses laws without a linear form", async () => {
    const { fitLawVarpro } = await import("../../../src/core/fit/varpro.js");
    const fit = fitLawVarpro(chinchilla, fitDataFor(chinchilla, exampleSweep({ noise: 0 })));
    for (const [k, v] of Object.entries(HOFFMANN_ROUNDED)) expect(Math.abs(fit.params[k] / v - 1)).toBeLessThan(1e-6);
    expect(() => fitLawVarpro(powerLaw("params"), fitDataFor(powerLaw("params"), exampleSweep()))).toThrow(/declares no linear form/);
  });
});

describe("fused law kernels", () => {
  it("chinchilla.huberKernel agrees with the generic Jacobian path (both objectives, weighted, 1e-12)", () => {
    const generic = { ...chinchilla, huberKernel: undefined };
    const pts = exampleSweep({ seed: 9 });
    const data = weightedSubset(fitDataFor(chinchilla, pts), pts.map((_, i) => (i * 7) % 4));
    const rng = createRng(12);
    for (let trial = 0; trial < 20; trial++) {
      const theta = [...fitSpaceVector(chinchilla, HOFFMANN_ROUNDED)].map((v) => v + 0.3 * rng.normal());
      for (const [id, x, delta] of [["huber", theta, 1e-3], ["huber-likelihood", [...theta, Math.log(0.01) + rng.normal()], 1e-2]] as const) {
        const fast = objectives[id].create(chinchilla, data, delta), slow = objectives[id].create(generic, data, delta);
        const g1 = new Float64Array(x.length), g2 = new Float64Array(x.length);
        const f1 = fast(Float64Array.from(x), g1), f2 = slow(Float64Array.from(x), g2);
        expect(Math.abs(f1 - f2)).toBeLessThanOrEqual(1e-12 * Math.abs(f2));
        g1.forEach((v, j) => expect(Math.abs(v - g2[j])).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(g2[j]))));
      }
    }
  });
});
