// The data-constrained law (Muennighoff et al. 2023, §3.1 eqs. 5–6) as a fittable law.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fitDataFor } from "../../../src/core/fit/data.js";
import { fitLaw, RIVAL_RTOL } from "../../../src/core/fit/fitLaw.js";
import { dataConstrainedLaw, MUENNIGHOFF_BASE } from "../../../src/core/laws/dataConstrained.js";
import type { LawInputs } from "../../../src/core/laws/types.js";
import { dataConstrainedLoss } from "../../../src/core/plan/dataConstrained.js";
import { parseRunTable } from "../../../src/core/runs/parseRunTable.js";
import { createRng } from "../../../src/core/stats/rng.js";
import { analyticJacobian, finiteDifferenceJacobian } from "../../support/jacobian.js";
import { sharedFile } from "../../support/sharedData.js";

const PAPER = { ...MUENNIGHOFF_BASE, RD: 15.387756, RN: 5.309743 };
const joint = dataConstrainedLaw("joint");
const thetaOf = (v: typeof PAPER) => [Math.log(v.E), Math.log(v.A), Math.log(v.B), v.alpha, v.beta, Math.log(v.RD), Math.log(v.RN)];

function inputs(points: Array<[number, number, number]>): LawInputs {
  return { n: points.length, log: {
    params: Float64Array.from(points, (p) => Math.log(p[0])),
    tokens: Float64Array.from(points, (p) => Math.log(p[1])),
    uniqueTokens: Float64Array.from(points, (p) => Math.log(p[2])),
  } };
}

describe("data-constrained law", () => {
  it("reproduces the authors' worked examples (datablations README: 2.2256440889984477, 2.2269634075087867) to 1e-12", () => {
    const out = new Float64Array(2);
    joint.logPredict(thetaOf(PAPER), inputs([[6.34e9, 242e9, 25e9], [8.67e9, 178e9, 25e9]]), out);
    expect(Math.abs(Math.exp(out[0]) - 2.2256440889984477)).toBeLessThan(1e-12);
    expect(Math.abs(Math.exp(out[1]) - 2.2269634075087867)).toBeLessThan(1e-12);
  });

  it("agrees with the planner's dataConstrainedLoss to 1e-12 relative, including U > D and N beyond U_N", () => {
    const rng = createRng(7);
    const pts: Array<[number, number, number]> = [];
    for (let i = 0; i < 200; i++) pts.push([10 ** (7 + 4 * rng.next()), 10 ** (9 + 4 * rng.next()), 10 ** (8 + 5 * rng.next())]);
    const out = new Float64Array(pts.length);
    joint.logPredict(thetaOf(PAPER), inputs(pts), out);
    pts.forEach(([n, d, u], i) => {
      const ref = dataConstrainedLoss(PAPER, n, d, u);
      expect(Math.abs(Math.exp(out[i]) / ref - 1)).toBeLessThan(1e-12);
    });
  });

  it("analytic Jacobian of all seven parameters matches central differences to 1e-6 (both sides of U_N = N)", () => {
    const rng = createRng(11);
    const pts: Array<[number, number, number]> = [];
    for (let i = 0; i < 60; i++) pts.push([10 ** (7 + 4 * rng.next()), 10 ** (9 + 4 * rng.next()), 10 ** (8 + 5 * rng.next())]);
    const inp = inputs(pts);
    for (const theta of [thetaOf(PAPER), [0.3, 4, 6, 0.3, 0.45, 1, 2.5]]) {
      const { jac } = analyticJacobian(joint, theta, inp), fd = finiteDifferenceJacobian(joint, theta, inp);
      for (let k = 0; k < jac.length; k++) expect(Math.abs(jac[k] - fd[k])).toBeLessThan(1e-6);
    }
  });

  it("the default (fixed-base) law has R_D*, R_N* free and reports every parameter", () => {
    const law = dataConstrainedLaw();
    expect(law.parameters.map((q) => q.name)).toEqual(["RD", "RN"]);
    expect(law.expand!({ RD: 2, RN: 3 })).toEqual({ ...MUENNIGHOFF_BASE, RD: 2, RN: 3 });
  });
});

const DATABLATIONS = sharedFile("datablations/datablations_fit_points_182.csv");

describe.skipIf(!DATABLATIONS)("datablations: Muennighoff et al. 2023's fit of R_D*, R_N* (182 runs)", () => {
  const table = () => parseRunTable(readFileSync(DATABLATIONS!, "utf8"), { source: DATABLATIONS! });

  it("from the paper's basin reproduces R_D* = 15.39 ± 0.1, R_N* = 5.31 ± 0.05, objective 0.0158259 ± 1e-6, R² 0.7722 ± 1e-3 (shared/data/README.md)", () => {
    const law = dataConstrainedLaw("fixed");
    const t = table();
    expect(t.runs).toHaveLength(182);
    const fit = fitLaw(law, fitDataFor(law, t.runs), { starts: [[Math.log(15), Math.log(5)]] });
    expect(fit.optimizer.converged).toBe(true);
    expect(Math.abs(fit.params.RD - 15.39)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(fit.params.RN - 5.31)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(fit.objective.value - 0.0158259)).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(fit.quality.r2 - 0.7722)).toBeLessThanOrEqual(1e-3);
    expect(fit.params.E).toBe(MUENNIGHOFF_BASE.E); // the base law is held, not refitted
  });

  it("the multi-start search finds a lower minimum (R_D* ≈ 95, R_N* ≈ 1.7, objective 0.0158047, checked with scipy L-BFGS-B from 169 starts) and warns of the rival basin", () => {
    const law = dataConstrainedLaw("fixed");
    const fit = fitLaw(law, fitDataFor(law, table().runs));
    expect(fit.objective.value).toBeLessThan(0.0158259 - 2e-5);
    expect(Math.abs(fit.objective.value - 0.0158046625)).toBeLessThan(1e-9);
    expect(Math.abs(fit.params.RD / 95.365 - 1)).toBeLessThan(0.01);
    expect(Math.abs(fit.params.RN / 1.7059 - 1)).toBeLessThan(0.01);
    expect(Math.abs(fit.quality.r2 - 0.79102)).toBeLessThan(1e-4);
    const rival = fit.warnings.find((w) => w.code === "rival-minima" && w.message.includes(`within ${(100 * RIVAL_RTOL).toPrecision(2)}% of the best objective`))?.message;
    expect(rival).toMatch(/RD=46\.9\d, RN=2\.33/);
  });
});
