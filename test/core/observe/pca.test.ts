// PCA of Ruan, Maddison & Hashimoto's base-model table (arXiv:2405.10938; repo ryoungj/ObsScaling, eval_results/,
// commit 4d6e1e4): explained-variance ratios and PC1 loadings against ../shared/data/obsscaling/derived.json, which
// holds numpy-SVD values [computed] on the 124 complete cases (see ../shared/data/README.md, "obsscaling/").
// Tolerances: ratios |Δ| ≤ 1e-5 (derived.json rounds to 6 decimals, so rounding alone is ≤ 5e-7); loadings
// |Δ| ≤ 1e-3 (derived.json rounds them to 4 decimals).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { completeCases, matrixOf } from "../../../src/core/observe/completeCases.js";
import { fixSign, pca, projectRow } from "../../../src/core/observe/pca.js";
import { readObservations } from "../../../src/core/observe/readObservations.js";
import { sharedFile } from "../../support/sharedData.js";

const CSV = sharedFile("obsscaling/base_llm_benchmark_eval.csv");

interface Derived {
  pca_complete_case: {
    metrics: string[]; n_models: number; models: string[];
    standardized: { explained_variance_ratio: number[]; pc1: number; pc1_3_cumulative: number; pc1_loadings_sign_fixed_positive_sum: Record<string, number> };
    centred_only: { explained_variance_ratio: number[]; pc1: number; pc1_3_cumulative: number; pc1_loadings_sign_fixed_positive_sum: Record<string, number> };
  };
}

describe.skipIf(!CSV)("pca on Ruan et al.'s 148-model table (complete cases)", () => {
  const derived = JSON.parse(readFileSync(join(dirname(CSV!), "derived.json"), "utf8")) as Derived;
  const table = readObservations(readFileSync(CSV!, "utf8"), CSV!);
  const { kept, leftOut } = completeCases(table.models, table.metrics);

  it("the complete cases are derived.json's 124 models; the 24 left out are named with the metrics they lack", () => {
    expect(table.metrics).toEqual(derived.pca_complete_case.metrics);
    expect(kept.map((m) => m.model).sort()).toEqual([...derived.pca_complete_case.models].sort());
    expect(kept.length).toBe(derived.pca_complete_case.n_models);
    expect(leftOut.length).toBe(148 - 124); // README: 24 rows lack at least one of the 8 metrics
    for (const l of leftOut) expect(l.missing.length).toBeGreaterThan(0);
  });

  for (const [preprocessing, key] of [["standardized", "standardized"], ["centred", "centred_only"]] as const) {
    it(`pca(${preprocessing}): PC1 and PC1–3 cumulative ratios equal derived.json's to 1e-5, every ratio to 1e-5, PC1 loadings to 1e-3`, () => {
      const want = derived.pca_complete_case[key];
      const p = pca(matrixOf(kept, table.metrics), table.metrics, preprocessing);
      expect(Math.abs(p.explainedVarianceRatio[0] - want.pc1)).toBeLessThan(1e-5); // standardised 0.781050, centred 0.843051
      const cum3 = p.explainedVarianceRatio.slice(0, 3).reduce((s, v) => s + v, 0);
      expect(Math.abs(cum3 - want.pc1_3_cumulative)).toBeLessThan(1e-5); // standardised 0.958859, centred 0.973556
      want.explained_variance_ratio.forEach((r, k) => expect(Math.abs(p.explainedVarianceRatio[k] - r)).toBeLessThan(1e-5));
      table.metrics.forEach((m, j) => expect(Math.abs(p.loadings[0][j] - want.pc1_loadings_sign_fixed_positive_sum[m]), m).toBeLessThan(1e-3));
      expect(p.jacobi.converged).toBe(true);
    });
  }
});

describe("pca on tables with a known answer", () => {
  it("pca(rank-1 columns) puts all variance on PC1 (ratio 1 to 1e-12), with the scores' variance its eigenvalue", () => {
    const rows = [0, 1, 2, 3, 4].map((z) => [0.1 + 0.1 * z, 0.5 - 0.05 * z, 0.2 + 0.02 * z]);
    for (const pre of ["standardized", "centred"] as const) {
      const p = pca(rows, ["a", "b", "c"], pre);
      expect(p.explainedVarianceRatio[0]).toBeCloseTo(1, 12);
      const variance = p.scores.reduce((s, r) => s + r[0] ** 2, 0) / rows.length;
      expect(variance).toBeCloseTo(p.eigenvalues[0], 12);
    }
    // z-scored, the three columns are ±(z − 2)/√2: PC1's loadings are ±1/√3, the sign convention makes their sum positive
    const s = pca(rows, ["a", "b", "c"], "standardized");
    expect(s.loadings[0].map(Math.abs)).toEqual(s.loadings[0].map(() => expect.closeTo(1 / Math.sqrt(3), 12)));
    expect(s.loadings[0].reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
  });

  it("projectRow(a training row) equals that row's scores (to 1e-12); a constant column cannot be z-scored", () => {
    const rows = [[0.1, 0.4, 0.3], [0.5, 0.2, 0.9], [0.3, 0.3, 0.2], [0.8, 0.9, 0.7]];
    const p = pca(rows, ["a", "b", "c"]);
    rows.forEach((r, i) => projectRow(p, r).forEach((v, k) => expect(v).toBeCloseTo(p.scores[i][k], 12)));
    expect(() => pca([[0.5, 0.1], [0.5, 0.2], [0.5, 0.4]], ["flat", "b"])).toThrow(/"flat" has the same value in every model/);
    expect(() => pca([[0.5, 0.1], [0.5, 0.2]], ["a", "b"])).toThrow(/at least 3 models/);
  });

  it("fixSign makes loadings sum positive; with a zero sum, the largest loading positive", () => {
    expect(fixSign([-0.6, -0.8])).toEqual([0.6, 0.8]);
    expect(fixSign([0.6, -0.9, 0.4])).toEqual([0.6, -0.9, 0.4]);
    expect(fixSign([0.3, -0.7, 0.4])).toEqual([-0.3, 0.7, -0.4]);
  });
});
