// Downstream laws (Gadre et al. 2024 §2 eq. 5; Llama Team 2024 §3.2.1) and chained forecasts (plan/chain.ts).
import { describe, expect, it } from "vitest";
import { chinchilla } from "../../../src/core/laws/chinchilla.js";
import { downstreamExp, downstreamSigmoid } from "../../../src/core/laws/downstream.js";
import { predictLoss } from "../../../src/core/laws/transform.js";
import type { Law } from "../../../src/core/laws/types.js";
import { allocateWithLaw } from "../../../src/core/plan/allocate.js";
import { chainForecast } from "../../../src/core/plan/chain.js";
import { analyticJacobian, finiteDifferenceJacobian } from "../../support/jacobian.js";

function jacobianCheck(law: Law, theta: number[], losses: number[]): Float64Array {
  const inputs = { n: losses.length, log: { loss: Float64Array.from(losses, Math.log) } };
  const { out, jac } = analyticJacobian(law, theta, inputs), fd = finiteDifferenceJacobian(law, theta, inputs);
  for (let k = 0; k < jac.length; k++) expect(Math.abs(jac[k] - fd[k])).toBeLessThan(1e-6 * Math.max(1, Math.abs(jac[k])));
  return out;
}

const HOFFMANN = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const SIG = { floor: 0.25, span: 0.6, k: 4, L0: 2.6 };
const sigmoid = (L: number) => SIG.floor + SIG.span / (1 + Math.exp(SIG.k * (L - SIG.L0)));

describe("downstream laws", () => {
  it("downstream-exp: Err = ε − k·e^(−γL) exactly, analytic Jacobian matches central differences", () => {
    const theta = [Math.log(0.75), Math.log(30), Math.log(2)];
    const losses = [1.9, 2.2, 2.6, 3.5];
    const out = jacobianCheck(downstreamExp, theta, losses);
    losses.forEach((L, i) => expect(Math.exp(out[i])).toBeCloseTo(0.75 - 30 * Math.exp(-2 * L), 14));
    expect(downstreamExp.derived!({ epsilon: 0.75, k: 30, gamma: 2 }).lossAtZeroError).toBeCloseTo(Math.log(40) / 2, 14);
  });

  it("downstream-exp is undefined (NaN, so the objective is infinite) where the error would be ≤ 0, never a silent clip", () => {
    const out = new Float64Array(1);
    downstreamExp.logPredict([Math.log(0.75), Math.log(30), Math.log(2)], { n: 1, log: { loss: Float64Array.of(Math.log(1.5)) } }, out);
    expect(Number.isNaN(out[0])).toBe(true); // 0.75 − 30·e^(−3) = −0.74
  });

  it("downstream-sigmoid: Acc = floor + span/(1 + e^(k(L − L0))) exactly, Jacobian matches, finite for losses from 0.01 to 1e3", () => {
    const theta = [Math.log(SIG.floor), Math.log(SIG.span), Math.log(SIG.k), SIG.L0];
    const losses = [0.01, 1.5, 2.6, 3.1, 1e3];
    const out = jacobianCheck(downstreamSigmoid, theta, losses);
    losses.forEach((L, i) => {
      expect(Number.isFinite(out[i])).toBe(true);
      expect(Math.abs(Math.exp(out[i]) / sigmoid(L) - 1)).toBeLessThan(1e-13);
    });
    expect(downstreamSigmoid.derived!({ floor: 0.25, span: 0.6 }).ceiling).toBeCloseTo(0.85, 15);
  });
});

describe("chainForecast", () => {
  const lossFit = { law: chinchilla, values: HOFFMANN };
  const metricFit = { law: downstreamSigmoid, values: SIG };

  it("at a budget: the loss law's compute-optimal loss, mapped through the downstream law", () => {
    const f = chainForecast(lossFit, metricFit, { flops: 1e24 });
    const a = allocateWithLaw(lossFit, 1e24);
    expect(f.params).toBeCloseTo(a.params, 0);
    expect(Math.abs(f.loss / a.loss! - 1)).toBeLessThan(1e-14);
    expect(Math.abs(f.metric / sigmoid(a.loss!) - 1)).toBeLessThan(1e-13);
    expect(f.ci95).toBeUndefined();
  });

  it("at a given N, D: their loss, and C = 6ND", () => {
    const f = chainForecast(lossFit, metricFit, { params: 7e10, tokens: 1.4e12 });
    const L = predictLoss(chinchilla, HOFFMANN, [{ params: 7e10, tokens: 1.4e12 }])[0];
    expect(f.flops).toBeCloseTo(6 * 7e10 * 1.4e12, -10);
    expect(Math.abs(f.metric / sigmoid(L) - 1)).toBeLessThan(1e-13);
  });

  it("with resamples of one fit: a 95% CI from paired resamples that brackets the point, and a note that the other fit's uncertainty is left out", () => {
    const resamples = [0.9, 0.95, 1, 1.05, 1.1].flatMap((s) => [{ ...SIG, L0: SIG.L0 * s }, { ...SIG, k: SIG.k * s }]);
    const f = chainForecast(lossFit, { ...metricFit, resamples }, { flops: 1e24 });
    expect(f.ci95!.varied).toEqual(["downstream law"]);
    expect(f.ci95!.metric[0]).toBeLessThanOrEqual(f.metric);
    expect(f.ci95!.metric[1]).toBeGreaterThanOrEqual(f.metric);
    expect(f.notes.join("\n")).toMatch(/only the downstream law has bootstrap resamples/);
  });

  it("refuses a downstream law in the loss position and a loss law in the metric position", () => {
    expect(() => chainForecast(lossFit, lossFit, { flops: 1e24 })).toThrow(/does not map a loss to a metric/);
    expect(() => chainForecast(metricFit, metricFit, { flops: 1e24 })).toThrow(/predicts a metric, not a loss/);
  });

  it("says so when the forecast loss is where downstream-exp is undefined", () => {
    const f = chainForecast(lossFit, { law: downstreamExp, values: { epsilon: 0.75, k: 30, gamma: 2 } }, { flops: 1e30 });
    expect(Number.isNaN(f.metric)).toBe(true);
    expect(f.notes.join("\n")).toMatch(/not defined at the forecast loss/);
  });
});
