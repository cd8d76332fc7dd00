// The next-scale forecasts stay inside each metric's range: a curve that leaves it is replaced (the discontinuous
// metric's smooth curve by the sigmoid) or clipped, with an `unphysical-value` warning and no interval verdict.
import { describe, expect, it } from "vitest";
import { assembleEmergenceDocument } from "../../../src/core/emergence/analyze.js";
import { readEmergence } from "../../../src/core/emergence/readEmergence.js";
import { DOCUMENT_SCHEMAS } from "../../../src/core/schemas.js";

const codes = (d: { warnings: Array<{ code: string }> }) => d.warnings.map((w) => w.code);
const within = (v: number, lo: number, hi: number) => v >= lo && v <= hi;

describe("the discontinuous metric's forecast stays in [0, 1]", () => {
  it("an accuracy rising steadily, 0.02 … 0.9 at N = 1e7–1e12: the accelerating power law's 1.163 is not printed; the sigmoid forecasts, with a warning", () => {
    const text = "N,accuracy\n1e7,0.02\n1e8,0.1\n1e9,0.3\n1e10,0.5\n1e11,0.7\n1e12,0.9\n";
    const doc = assembleEmergenceDocument(readEmergence(text, "rising.csv"), { bootstrap: 200, seed: 42 });
    expect(doc.fits.bestSmooth).toBe("power-accelerating");
    const m = doc.forecast.metrics[0];
    expect(m.model).toBe("log-sigmoid");
    expect(within(m.point, 0, 1)).toBe(true);
    expect(within(m.ci95![0], 0, 1) && within(m.ci95![1], 0, 1)).toBe(true);
    expect(m.range).toEqual([0, 1]);
    expect(codes(doc)).toContain("unphysical-value");
    expect(doc.warnings.find((w) => w.code === "unphysical-value")!.message).toMatch(/power-accelerating, forecasts 1\.16\d at 1\.00e\+13, outside \[0, 1\]/);
    expect(DOCUMENT_SCHEMAS.emergence.safeParse(JSON.parse(JSON.stringify(doc))).error).toBeUndefined();
  });
});

describe("a continuous metric's forecast stays in its kind's range", () => {
  // exact match with a jump near 1e10; edit distance falling one token per decade, 6 → 0 over 1e7–1e13: its power law
  // (c + a·x^(−b), c < 0) crosses 0 and forecasts ≈ −2 at 1e15
  const text = "N,exact_match,edit_distance\n" + [0, 0.01, 0.05, 0.3, 0.6, 0.7, 0.75].map((em, i) => `${10 ** (7 + i)},${em},${6 - i}`).join("\n");
  const doc = assembleEmergenceDocument(readEmergence(text, "edit.csv"), { bootstrap: 100, seed: 1, next: 1e15 });
  const m = doc.forecast.metrics[1];
  it("an edit distance below 0 is clipped to 0, the raw values kept, with an unphysical-value warning", () => {
    expect(m.name).toBe("edit_distance");
    expect(m.point).toBe(0);
    expect(m.ci95![0]).toBe(0);
    expect(m.range).toEqual([0, null]);
    expect(m.clipped!.point!).toBeLessThan(0);
    expect(m.clipped!.ci95![1]!).toBeLessThan(0);
    expect(doc.warnings.find((w) => w.code === "unphysical-value")!.message).toMatch(/^edit_distance at 1\.00e\+15: the power-decaying curve gives forecast -\d.* outside the metric's range \[0, ∞\); clipped to it/);
  });
  it("the comparison says so, and names no tighter interval", () => {
    expect(doc.forecast.tighter).toBeNull();
    expect(doc.forecast.comparison).toMatch(/no verdict on the tighter interval.*edit_distance's power-decaying forecast and 95% interval left its range \[0, ∞\) and were clipped to it/);
    expect(DOCUMENT_SCHEMAS.emergence.safeParse(JSON.parse(JSON.stringify(doc))).error).toBeUndefined();
  });
  it("BLEU above 100 is clipped to 100 (no bootstrap: the comparison still says so)", () => {
    // BLEU rising 20 points a decade, 5 → 85 over 1e7–1e11; its saturating power law forecasts ≈ 125 at 1e13
    const bleu = "N,exact_match,bleu\n" + [0.01, 0.02, 0.1, 0.5, 0.7].map((em, i) => `${10 ** (7 + i)},${em},${5 + 20 * i}`).join("\n");
    const d = assembleEmergenceDocument(readEmergence(bleu, "bleu.csv"), { bootstrap: 0, next: 1e13 });
    const b = d.forecast.metrics[1];
    expect(b.point).toBe(100);
    expect(b.clipped!.point!).toBeGreaterThan(100);
    expect(codes(d)).toContain("unphysical-value");
    expect(d.forecast.comparison).toMatch(/bleu's power-saturating forecast left its range \[0, 100\] and was clipped to it/);
  });
  it("in range, nothing is clipped and no unphysical-value is raised", () => {
    const d = assembleEmergenceDocument(readEmergence(text, "edit.csv"), { bootstrap: 0, next: 1e13 / 2 });
    expect(d.forecast.metrics.every((f) => f.clipped === undefined)).toBe(true);
    expect(codes(d)).not.toContain("unphysical-value");
  });
});
