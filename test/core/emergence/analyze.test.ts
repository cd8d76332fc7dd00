// `assembleEmergenceDocument` on synthetic families whose truth is known in closed form.
import { describe, expect, it } from "vitest";
import { assembleEmergenceDocument } from "../../../src/core/emergence/analyze.js";
import { readEmergence } from "../../../src/core/emergence/readEmergence.js";
import { DiagnosticError } from "../../../src/core/diagnostics.js";
import { BadOptionError } from "../../../src/core/errors.js";

// Answer-token loss L(N) = E + A/N^α with E = 0.05 nats, A = 200, α = 0.34 (Chinchilla's exponent of N,
// Hoffmann et al. 2022 eq. 10), p = exp(−L), ℓ = 5; N = 10^7 … 10^13 in quarter decades (25 models), noise-free.
const E = 0.05, A = 200, ALPHA = 0.34, ELL = 5;
const loss = (N: number) => E + A * N ** -ALPHA;
const family = Array.from({ length: 25 }, (_, i) => 10 ** (7 + 0.25 * i));
const csv = ["N,exact_match,edit_distance,p", ...family.map((N) => { const p = Math.exp(-loss(N)); return `${N},${p ** ELL},${ELL * (1 - p)},${p}`; })].join("\n");

// p^ℓ = e^(−ℓE)·exp(−ℓA·N^(−α)) is a Gompertz curve in ln N rising from 0 to its ceiling e^(−ℓE); it is half-way
// where exp(−ℓA·N^(−α)) = 1/2, i.e. ln N = (ln(ℓA) − ln ln 2)/α: log10 N = 9.2917.
const TRUE_MIDPOINT_LOG10 = (Math.log(ELL * A) - Math.log(Math.LN2)) / ALPHA / Math.LN10;

describe("the exact match of a smooth per-token loss (ℓ = 5)", () => {
  const doc = assembleEmergenceDocument(readEmergence(csv, "family.csv"), { length: ELL, bootstrap: 50, seed: 7 });
  it("is reported as a jump, located where p^5 crosses half its range (|Δ log10 x0| ≤ 0.1 decade)", () => {
    expect(TRUE_MIDPOINT_LOG10).toBeCloseTo(9.2917, 4);
    expect(doc.jump.sharp).toBe(true);
    // tolerance: the fitted logistic is symmetric, the true curve a skewed Gompertz; their midpoints differ by ≈ 0.02 decade on this grid
    expect(Math.abs(Math.log10(doc.jump.midpoint) - TRUE_MIDPOINT_LOG10)).toBeLessThan(0.1);
    // the Gompertz rises 10–90% over 1.339/α = 3.94 decades; the logistic fit is a little narrower
    expect(doc.jump.widthDecades).toBeGreaterThan(2.5);
    expect(doc.jump.widthDecades).toBeLessThan(4);
    expect(doc.jump.bicGain).toBeGreaterThanOrEqual(10);
    expect(doc.fits.sigmoid.floor).toEqual({ value: 0, fitted: false });
    expect(doc.fits.sigmoid.ceiling.fitted).toBe(true);
  });
  it("while the edit distance 5(1 − p) fits a power law with R² ≥ 0.99 and stays smooth across the jump", () => {
    expect(doc.data.continuous?.kind).toBe("edit-distance");
    expect(doc.fits.continuous!.formula).toBe("y = c + a*x^(-b)");
    expect(doc.fits.continuous!.r2).toBeGreaterThanOrEqual(0.99);
    expect(doc.continuousAcrossJump!.smooth).toBe(true);
    expect(doc.warnings.map((w) => w.code)).not.toContain("continuous-not-smooth");
  });
  it("the transforms at each model are p^5 and 5(1 − p) of its p, and match the exact-match column (to 1e-15)", () => {
    const t = doc.transforms!;
    expect(t.length).toBe(5);
    for (const q of t.points) {
      expect(q.exactMatch).toBe(q.p ** 5);
      expect(q.editDistance).toBe(5 * (1 - q.p));
      expect(Math.abs(q.exactMatch - q.observedMetric)).toBeLessThan(1e-15);
    }
    // −ln p = L(N) exactly, so the per-token loss fit recovers α (to 1e-4 relative: the optimizer's tolerance, not the data's)
    expect(Math.abs(t.tokenLossFit!.params.b / ALPHA - 1)).toBeLessThan(1e-4);
    expect(t.curve.length).toBe(61);
  });
});

describe("a smooth metric", () => {
  it("a slow power law in compute, 0.02·(C/1e18)^0.2 over 1e18–1e24, shows no jump", () => {
    const text = ["C,accuracy", ...Array.from({ length: 13 }, (_, i) => { const C = 10 ** (18 + 0.5 * i); return `${C},${0.02 * (C / 1e18) ** 0.2}`; })].join("\n");
    const doc = assembleEmergenceDocument(readEmergence(text, "smooth.csv"), { bootstrap: 0 });
    expect(doc.data.scale.unit).toBe("flops");
    expect(doc.jump.sharp).toBe(false);
    expect(doc.jump.bicGain).toBeLessThan(10);
    expect(doc.forecast.bootstrap).toBeUndefined();
  });
  it("a straight line in log scale, 0.1 + 0.05·log10(N/1e8), shows no jump", () => {
    const text = ["params,acc", ...Array.from({ length: 11 }, (_, i) => `${10 ** (8 + 0.5 * i)},${0.1 + 0.05 * 0.5 * i}`)].join("\n");
    expect(assembleEmergenceDocument(readEmergence(text, "line.csv"), { bootstrap: 0 }).jump.sharp).toBe(false);
  });
});

describe("the next-scale comparison", () => {
  const noisy = ["N,exact_match,edit_distance", ...family.map((N, i) => { const p = Math.exp(-loss(N)); const wobble = 0.01 * Math.sin(3 * i); return `${N},${Math.min(1, Math.max(0, p ** ELL + wobble))},${ELL * (1 - p) * (1 + wobble)}`; })].join("\n");
  const run = (seed: number) => assembleEmergenceDocument(readEmergence(noisy, "noisy.csv"), { bootstrap: 200, seed }).forecast;
  it("is reproducible with a seed, and differs with another", () => {
    const a = run(11), b = run(11), c = run(12);
    expect(a).toEqual(b);
    expect(a.metrics[0].ci95).not.toEqual(c.metrics[0].ci95);
    expect(a.bootstrap).toMatchObject({ resamples: 200, seed: 11 });
  });
  it("forecasts at 10× the largest scale by default and names the tighter interval by width ÷ observed range", () => {
    const f = run(11);
    expect(f.next).toBe(1e14);
    expect(f.metrics.map((m) => m.metric)).toEqual(["discontinuous", "continuous"]);
    for (const m of f.metrics) expect(m.ci95![0]).toBeLessThanOrEqual(m.ci95![1]);
    const [d, c] = f.metrics;
    expect(f.tighter).toBe(d.rangeWidth! <= c.rangeWidth! ? "discontinuous" : "continuous");
  });
});

describe("refusals", () => {
  it("a metric that is the same for every model (no model ever solves the task): a RangeError naming the column", () => {
    const text = ["N,exact_match", ...family.slice(0, 6).map((N) => `${N},0`)].join("\n");
    expect(() => assembleEmergenceDocument(readEmergence(text, "zero.csv"))).toThrow('zero.csv: column "exact_match" is 0 for every model');
  });
  it("fewer distinct scales than the fits need: too-few-points, naming the file", () => {
    const text = "N,exact_match\n1e8,0.1\n1e9,0.3\n1e10,0.6\n";
    try { assembleEmergenceDocument(readEmergence(text, "few.csv")); expect.unreachable(); }
    catch (e) {
      expect(e).toBeInstanceOf(DiagnosticError);
      expect((e as DiagnosticError).diagnostic.code).toBe("too-few-points");
      expect((e as DiagnosticError).message).toMatch(/few\.csv: 3 distinct scales, but the fits need at least 4/);
    }
  });
  const rising = "N,accuracy\n1e7,0.02\n1e8,0.1\n1e9,0.3\n1e10,0.5\n1e11,0.7\n1e12,0.9\n";
  it("a floor at or above a fixed ceiling: a BadOptionError (exit 2), not bad input", () => {
    expect(() => assembleEmergenceDocument(readEmergence(rising, "r.csv"), { floor: 0.5, ceiling: 0.3 })).toThrow(BadOptionError);
    expect(() => assembleEmergenceDocument(readEmergence(rising, "r.csv"), { floor: 0.5, ceiling: 0.3 })).toThrow("--floor 0.5 must lie below --ceiling 0.3");
    expect(() => assembleEmergenceDocument(readEmergence(rising, "r.csv"), { floor: 0.4, ceiling: 0.4 })).toThrow(BadOptionError);
  });
  it("a floor of 1 with the ceiling fitted (in (floor, 1]), or a ceiling of 0 with the floor fitted: no room for a rise, a BadOptionError", () => {
    expect(() => assembleEmergenceDocument(readEmergence(rising, "r.csv"), { floor: 1 })).toThrow(/--floor 1 leaves the fitted ceiling no room/);
    expect(() => assembleEmergenceDocument(readEmergence(rising, "r.csv"), { floor: 1 })).toThrow(BadOptionError);
    expect(() => assembleEmergenceDocument(readEmergence(rising, "r.csv"), { floor: "fit", ceiling: 0 })).toThrow(BadOptionError);
    expect(assembleEmergenceDocument(readEmergence(rising, "r.csv"), { floor: 0.01, bootstrap: 0 }).fits.sigmoid.floor.value).toBe(0.01);
  });
});

describe("--next outside the observed scales", () => {
  const text = "N,accuracy\n1e7,0.02\n1e8,0.1\n1e9,0.3\n1e10,0.5\n1e11,0.7\n1e12,0.9\n";
  const extrapolation = (next: number) => assembleEmergenceDocument(readEmergence(text, "r.csv"), { bootstrap: 0, next }).warnings.filter((w) => w.code === "extrapolation");
  it("below the smallest scale (1e-300, and 1e6): an extrapolation warning naming it", () => {
    expect(extrapolation(1e-300).map((w) => w.message)).toEqual([expect.stringMatching(/--next 1\.00e-300 lies below the smallest observed scale 1\.00e\+7/)]);
    expect(extrapolation(1e6)).toHaveLength(1);
  });
  it("far beyond the largest (1e15, 1,000×): an extrapolation warning; inside the data or at 10×: none", () => {
    expect(extrapolation(1e15)[0].message).toMatch(/1\.00e\+3× the largest scale/);
    expect(extrapolation(1e9)).toHaveLength(0);
    expect(extrapolation(1e13)).toHaveLength(0);
  });
});
