// Accuracy against test-time tokens (issue 14, item 3): the log-linear and the sigmoid-in-log-tokens laws. Their
// Jacobians match central differences at thinking budgets of 100–10⁶ tokens, the engine recovers their parameters to
// 1e-6 from exact curves, and a run table of (model, tokens, accuracy) with no loss column is read and fitted.
import { describe, expect, it } from "vitest";
import { fitDataFor } from "../../../src/core/fit/data.js";
import { fitLaw } from "../../../src/core/fit/fitLaw.js";
import { getLaw } from "../../../src/core/laws/registry.js";
import { tttLogLinear, tttSigmoid } from "../../../src/core/laws/testTimeTokens.js";
import { fitSpaceVector } from "../../../src/core/laws/transform.js";
import type { Law } from "../../../src/core/laws/types.js";
import { parseRunTable } from "../../../src/core/runs/parseRunTable.js";
import { RunTableError } from "../../../src/core/runs/types.js";
import { finiteDifferenceJacobian } from "../../support/jacobian.js";

const budgets = [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536];
const sigmoidTruth = { floor: 0.08, span: 0.57, k: 1.3, m: Math.log(1500) };
const logLinearTruth = { a: -0.4, b: 0.11 };
const acc: Record<string, (t: number) => number> = {
  "ttt-sigmoid": (t) => sigmoidTruth.floor + sigmoidTruth.span / (1 + Math.exp(-sigmoidTruth.k * (Math.log(t) - sigmoidTruth.m))),
  "ttt-loglinear": (t) => logLinearTruth.a + logLinearTruth.b * Math.log(t),
};

describe.each([["ttt-sigmoid", tttSigmoid, sigmoidTruth], ["ttt-loglinear", tttLogLinear, logLinearTruth]] as Array<[string, Law, Record<string, number>]>)("%s", (_, law, truth) => {
  it("its Jacobian matches central differences (1e-6) at 100 to 10⁶ test-time tokens", () => {
    const data = fitDataFor(law, [100, 300, 1e4, 1e6].map((t) => ({ testTimeTokens: t, metric: 0.5, lossNats: 1 })));
    for (const shift of [-0.3, 0, 0.4]) {
      const theta = Array.from(fitSpaceVector(law, truth), (v) => v + shift * 0.1);
      const out = new Float64Array(data.n), jac = new Float64Array(data.n * law.parameters.length);
      law.logPredict(theta, data.inputs, out, jac);
      const fd = finiteDifferenceJacobian(law, theta, data.inputs);
      for (let k = 0; k < jac.length; k++) expect(Math.abs(jac[k] - fd[k])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fd[k])));
    }
  });

  it("the engine recovers the parameters to 1e-6 from an exact curve at 64 to 65,536 tokens", () => {
    const data = fitDataFor(law, budgets.map((t) => ({ testTimeTokens: t, metric: acc[law.id](t), lossNats: 1 })));
    const fit = fitLaw(law, data, { objective: "huber", delta: 1e-3 });
    expect(fit.optimizer.converged).toBe(true);
    for (const [name, v] of Object.entries(truth)) expect(Math.abs(fit.params[name] - v), name).toBeLessThan(1e-6 * Math.max(1, Math.abs(v)));
  });
});

describe("run tables without a loss column", () => {
  const csv = ["model,thinking_tokens,accuracy", ...budgets.map((t) => `r1,${t},${acc["ttt-sigmoid"](t)}`)].join("\n");

  it("are read for a law that reads no loss (needs: testTimeTokens and metric), with the test-time tokens found by alias", () => {
    const law = getLaw("ttt-sigmoid");
    const table = parseRunTable(csv, { source: "ttt.csv", needs: ["testTimeTokens", "metric"] });
    expect(table.runs).toHaveLength(budgets.length);
    expect(table.columns.testTimeTokens).toBe("thinking_tokens");
    expect(table.runs.every((r) => r.lossNats === undefined)).toBe(true);
    const fit = fitLaw(law, fitDataFor(law, table.runs), { objective: "huber", delta: 1e-3 });
    expect(Math.abs(fit.params.k - sigmoidTruth.k)).toBeLessThan(1e-6);
  });

  it("are still refused, by code, for the laws of N, D and C", () => {
    expect(() => parseRunTable(csv, { source: "ttt.csv" })).toThrow(RunTableError);
    expect(() => parseRunTable(csv, { source: "ttt.csv", needs: ["params", "loss"] })).toThrow(/no loss column/);
  });
});
