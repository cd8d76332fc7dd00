// The calibration figure of a scored ledger (issue 12, item 4): observed against claimed coverage,
// with Wilson intervals for few forecasts and the z-score curve.
import { describe, expect, it } from "vitest";
import type { LedgerScore, ScoredTarget } from "../../../src/core/forecast/score.js";
import { calibrationFigure, calibrationRows, zCoverageCurve } from "../../../src/core/viz/calibrationFigure.js";
import { renderSvg } from "../../../src/node/render.js";

const countSymbols = (svg: string) => [...svg.matchAll(/<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/gs)].reduce((n, m) => n + (m[1].match(/<path\b/g) ?? []).length, 0);
const countLines = (svg: string) => [...svg.matchAll(/<g class="mark-line role-mark[^"]*"[^>]*>(.*?)<\/g>/gs)].reduce((n, m) => n + (m[1].match(/<path\b/g) ?? []).length, 0);

/** Ten scored targets with z = 0.1, 0.3, …, 1.9 (|z| ≤ 1.2816 for six of them); the 80% PI covers 8, the 95% PI all 10; a CI covers fewer. */
function score(): LedgerScore {
  const targets: ScoredTarget[] = Array.from({ length: 10 }, (_, i) => ({
    record: `r${i}`, createdAt: "2026-12-02T00:00:00.000Z", target: { params: 1e9 * (i + 1), tokens: 2e10 }, predicted: 2.5,
    actual: { value: 2.5, lines: [i + 2] }, error: 0, relativeError: 0, z: 0.1 + 0.2 * i,
    covered: { pi: { "0.8": i < 8, "0.95": true }, ci: { "0.8": i < 2, "0.95": i < 5 } },
  }));
  targets.push({ record: "r10", createdAt: "2026-12-02T00:00:00.000Z", target: { params: 7e10, tokens: 1.4e12 }, predicted: 1.9 }); // no actual: not counted
  return { targets, scored: 10, piCoverage: { "0.8": 0.8, "0.95": 1 }, meanAbsoluteRelativeError: 0, warnings: [] };
}

describe("calibration figure", () => {
  it("rows: the share each interval covered, with its Wilson 95% interval (8 of 10: R's prop.test gives 0.4901625 – 0.9433178)", () => {
    const rows = calibrationRows(score());
    expect(rows.map((r) => [r.interval, r.nominal, r.covered, r.n])).toEqual([
      ["prediction interval", 0.8, 8, 10], ["prediction interval", 0.95, 10, 10], ["confidence interval", 0.8, 2, 10], ["confidence interval", 0.95, 5, 10],
    ]);
    expect(rows[0].low).toBeCloseTo(0.4901625, 6);
    expect(rows[0].high).toBeCloseTo(0.9433178, 6);
    expect(rows[1].high).toBe(1);
  });

  it("z curve: at 80% the share with |z| ≤ Φ⁻¹(0.9) = 1.2816 (z = 0.1 … 1.1: 6 of 10); at 99% (|z| ≤ 2.576) all 10; never decreasing", () => {
    const curve = zCoverageCurve(score());
    expect(curve.find((c) => Math.abs(c.nominal - 0.8) < 1e-12)!.observed).toBe(0.6);
    expect(curve[curve.length - 1]).toEqual({ nominal: 0.99, observed: 1 });
    for (let i = 1; i < curve.length; i++) expect(curve[i].observed).toBeGreaterThanOrEqual(curve[i - 1].observed);
  });

  it("renders one symbol per interval and level and one curve; with nothing scored it says what it needs", async () => {
    const drawn = calibrationFigure(score());
    if (!("figure" in drawn)) throw new Error(drawn.missing);
    expect(drawn.figure.expected).toEqual({ points: 4, lines: 1 });
    const svg = await renderSvg(drawn.figure.spec);
    expect(countSymbols(svg)).toBe(4);
    expect(countLines(svg)).toBe(1);
    const none = calibrationFigure({ targets: [], scored: 0, warnings: [] });
    expect("missing" in none && none.missing).toMatch(/registered with intervals/);
  });
});
