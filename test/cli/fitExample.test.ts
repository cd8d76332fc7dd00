// `scalecast fit --example`: the built-in sweep simulated from Hoffmann et al. 2022's law.
import { beforeAll, describe, expect, it } from "vitest";
import type { FitDocument } from "../../src/core/fit/fitDocument.js";
import { ensureBuilt, scalecast, scalecastJson, type CliResult } from "./run.js";

/**
 * The simulation's truth: Hoffmann et al. 2022 (arXiv:2203.15556), §3.3 eq. (10),
 * rounded values, with 1% log-normal noise on 81 runs (9 IsoFLOP budgets × 9 sizes).
 */
const HOFFMANN = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };

// only the statuses that mean convergence (src/core/optimize/types.ts isConverged)
const OPTIMIZER_STATUSES = ["converged-gtol", "converged-ftol"];

beforeAll(ensureBuilt);

describe("fit --example", () => {
  let text: CliResult;
  let doc: FitDocument;
  beforeAll(async () => {
    text = await scalecast(["fit", "--example"]);
    doc = await scalecastJson(["fit", "--example"]);
  });

  it("fit --example exits 0 and says the data are simulated", () => {
    expect(text.status, text.stderr).toBe(0);
    expect(text.stderr).toBe("");
    expect(text.stdout).toContain("data are SIMULATED from Hoffmann et al. 2022's law");
    expect(text.stdout).toContain("E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28");
    expect(text.stdout).toContain("with 1% noise");
    expect(text.stdout).toMatch(/81 rows read, 81 used, 0 excluded/);
  });

  it("fit --example prints a parameter table matching the --json parameters to 6 significant digits", () => {
    // The text report rounds to 6 significant digits (src/cli/format.ts), so |rel. diff| ≤ 5e-6.
    for (const name of ["A", "B", "E", "alpha", "beta"]) {
      const row = new RegExp(`^\\s*${name}\\s+(-?[0-9.]+(?:e[+-]?\\d+)?)\\s*$`, "m").exec(text.stdout);
      expect(row, `no row for ${name} in:\n${text.stdout}`).not.toBeNull();
      const shown = Number(row![1]);
      expect(Math.abs(shown / doc.params[name] - 1)).toBeLessThanOrEqual(5e-6);
    }
  });

  it("fit --example --json has the documented keys", () => {
    expect(doc.command).toBe("fit");
    expect(doc.law.id).toBe("chinchilla");
    expect(Object.keys(doc.params).sort()).toEqual(["A", "B", "E", "alpha", "beta"]);
    for (const v of Object.values(doc.params)) expect(Number.isFinite(v)).toBe(true);
    expect(doc.objective.id).toBe("huber");
    expect(doc.objective.delta).toBe(1e-3);
    expect(doc.objective.value).toBeGreaterThan(0);
    // 4,500 starts: α, β ∈ 5 values, e ∈ 5, a, b ∈ 6 (Hoffmann et al. 2022 App. D.2; shared/data/README.md).
    expect(doc.optimizer.starts).toBe(4500);
    expect(doc.optimizer.startsAtBest).toBeGreaterThanOrEqual(1);
    expect(OPTIMIZER_STATUSES).toContain(doc.optimizer.status);
    expect(doc.optimizer.converged).toBe(true);
    expect(Number.isFinite(doc.derived.a)).toBe(true);
    expect(Number.isFinite(doc.derived.b)).toBe(true);
    expect(doc.data.n).toBe(81);
    expect(doc.data.rowsRead).toBe(81);
    expect(Array.isArray(doc.data.excluded)).toBe(true);
    expect(doc.data.excluded).toEqual([]);
    expect(doc.data.simulated).toBe(true);
    expect(doc.data.source).toContain("seed 42"); // the CLI's default --seed
    expect(doc.warnings[0]).toMatchObject({ code: "simulated-data", message: expect.stringMatching(/^data are SIMULATED/) });
  });

  it("fit --example --json derives a = β/(α+β) and b = α/(α+β)", () => {
    // Hoffmann et al. 2022 §3.3: N* ∝ C^a, D* ∝ C^b with a = β/(α+β), b = α/(α+β); exact algebra, so 1e-12.
    const { alpha, beta } = doc.params;
    expect(doc.derived.a).toBeCloseTo(beta / (alpha + beta), 12);
    expect(doc.derived.b).toBeCloseTo(alpha / (alpha + beta), 12);
  });

  it("fit --example --json recovers the simulated exponents", () => {
    // 81 points with 1% noise, one seed: the fit lands at α 0.341, β 0.270, E 1.663 for seed 42.
    // The loss surface is flat along E–A–B (a lower E is traded for larger A, B), so E gets
    // |ΔE| ≤ 0.1 and the exponents |Δ| ≤ 0.05 — loose enough for any seed's noise, tight
    // enough to catch a fit that ignores the data (α, β range over [0, 2] in the grid).
    expect(Math.abs(doc.params.alpha - HOFFMANN.alpha)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(doc.params.beta - HOFFMANN.beta)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(doc.params.E - HOFFMANN.E)).toBeLessThanOrEqual(0.1);
  });
});

describe("fit --example with other laws", () => {
  it("fit --example --law power --x flops --json fits L = E + A·C^−α", async () => {
    const doc = await scalecastJson(["fit", "--example", "--law", "power", "--x", "flops"]);
    expect(doc.law.id).toBe("power");
    expect(doc.law.inputs).toEqual(["flops"]);
    expect(doc.law.options).toEqual({ x: "flops" });
    expect(Object.keys(doc.params).sort()).toEqual(["A", "E", "alpha"]);
    for (const v of Object.values(doc.params)) expect(Number.isFinite(v)).toBe(true);
    // Loss falls with compute and stays above zero: α > 0, E > 0.
    expect(doc.params.alpha).toBeGreaterThan(0);
    expect(doc.params.E).toBeGreaterThan(0);
    expect(OPTIMIZER_STATUSES).toContain(doc.optimizer.status);
    expect(doc.allocation).toBeUndefined(); // a one-variable law has no N*, D* split
    expect(doc.data.n).toBe(81);
  });

  it("fit --example --law kaplan-nd reports Nc, Dc, alphaN, alphaD", async () => {
    const text = await scalecast(["fit", "--example", "--law", "kaplan-nd"]);
    expect(text.status, text.stderr).toBe(0);
    for (const name of ["Nc", "Dc", "alphaN", "alphaD"]) expect(text.stdout).toMatch(new RegExp(`^\\s*${name}\\s+\\S`, "m"));
    const doc = await scalecastJson(["fit", "--example", "--law", "kaplan-nd"]);
    expect(doc.law.id).toBe("kaplan-nd");
    expect(Object.keys(doc.params).sort()).toEqual(["Dc", "Nc", "alphaD", "alphaN"]);
    for (const v of Object.values(doc.params)) expect(Number.isFinite(v)).toBe(true);
    expect(OPTIMIZER_STATUSES).toContain(doc.optimizer.status);
  });
});
