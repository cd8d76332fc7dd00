// Design precision by simulation (issue 13, item 2): sweeps drawn from the prior at the design's runs, fitted, the spread
// of the fitted exponent a and of the loss at the target compute; the same sweeps whatever the split over threads.
import { describe, expect, it } from "vitest";
import { publishedLaw } from "../../../src/core/catalog/publishedLaws.js";
import { runResidualResamples } from "../../../src/core/fit/bootstrap.js";
import { fitDataFor } from "../../../src/core/fit/data.js";
import { fitLaw } from "../../../src/core/fit/fitLaw.js";
import { getLaw } from "../../../src/core/laws/registry.js";
import { allocateWithLaw } from "../../../src/core/plan/allocate.js";
import { designSweep } from "../../../src/core/sweep/design.js";
import { simulateSweeps, summarizeSimulation, type SimulationSpec } from "../../../src/core/sweep/simulate.js";

const entry = publishedLaw("hoffmann-2022");
const law = getLaw(entry.law!.lawId);
const truth = { ...entry.law!.values };
const design = designSweep({
  family: { kind: "isoflop", budgets: [1e18, 3e18, 1e19, 3e19, 1e20], pointsPerBudget: 7, spanDecades: 1.2 },
  prior: { name: "hoffmann-2022", law, values: truth, paramConvention: "total" }, vocab: 8192, seqLen: 512, layout: "llama",
  hardware: { gpu: "h100", peakFlops: 989e12, mfu: 0.4, gpusPerRun: 1 }, constraints: {},
});
const base: SimulationSpec = { law, truth, runs: design.runs, noise: 0.01, seed: 7, targetFlops: 1e22, delta: 1 };

describe("simulateSweeps", () => {
  it("sweep k depends on (seed, k) alone: [0, 6) equals [0, 2) + [2, 6), and another seed gives other sweeps", () => {
    const whole = simulateSweeps(base, 0, 6);
    expect([...simulateSweeps(base, 0, 2), ...simulateSweeps(base, 2, 6)]).toEqual(whole);
    expect(simulateSweeps({ ...base, seed: 8 }, 0, 1)[0].a).not.toBe(whole[0].a);
  });

  it("with almost no noise (σ = 1e-7) every fit recovers the prior: a = β/(α+β) = 0.45161 to 1e-4 and the loss at 1e22 to 1e-5", () => {
    const s = summarizeSimulation({ ...base, noise: 1e-7 }, simulateSweeps({ ...base, noise: 1e-7 }, 0, 5));
    expect(s.a!.truth).toBeCloseTo(0.28 / 0.62, 12);
    expect(s.targetLoss!.truth).toBeCloseTo(allocateWithLaw({ law, values: truth }, 1e22).loss!, 12);
    expect(Math.abs(s.a!.median - s.a!.truth)).toBeLessThan(1e-4);
    expect(Math.abs(s.targetLoss!.high - s.targetLoss!.truth)).toBeLessThan(1e-5);
    expect(Math.abs(s.targetLoss!.low - s.targetLoss!.truth)).toBeLessThan(1e-5);
  });

  it("the spread narrows with less noise: 1% scatter gives a wider 95% range of a than 0.3% (20 sweeps each)", () => {
    const wide = summarizeSimulation(base, simulateSweeps(base, 0, 20)).a!.width95;
    const narrow = summarizeSimulation({ ...base, noise: 0.003 }, simulateSweeps({ ...base, noise: 0.003 }, 0, 20)).a!.width95;
    expect(narrow).toBeLessThan(0.6 * wide);
  });
});

describe("runResidualResamples", () => {
  it("keeps the design (every run at its N, D) and redraws residuals: deterministic in (seed, b), refits near the full fit", () => {
    const points = design.runs.map((r, i) => ({ params: r.params, tokens: r.tokens, flops: r.flops, lossNats: (truth.E + truth.A / r.params ** truth.alpha + truth.B / r.tokens ** truth.beta) * Math.exp(0.01 * Math.sin(7 * i)) }));
    const data = fitDataFor(law, points);
    const fit = fitLaw(law, data, { objective: "huber", delta: 1 });
    const spec = { law, objective: "huber" as const, delta: 1, theta: fit.theta, seed: 3, budgetFlops: 1e22, corrections: fit.corrections };
    const a = runResidualResamples(spec, data, 0, 30);
    expect([...runResidualResamples(spec, data, 0, 10), ...runResidualResamples(spec, data, 10, 30)]).toEqual(a);
    expect(a.every((r) => r.converged)).toBe(true);
    const alphas = a.map((r) => r.values.alpha);
    expect(Math.min(...alphas)).toBeLessThan(fit.params.alpha);
    expect(Math.max(...alphas)).toBeGreaterThan(fit.params.alpha);
    for (const v of alphas) expect(Math.abs(v - fit.params.alpha)).toBeLessThan(0.15);
  });
});
