// `risingTrend` and the `no-rising-trend` refusal: a metric that falls (inverse scaling) or stays flat has no jump to locate.
import { describe, expect, it } from "vitest";
import { assembleEmergenceDocument } from "../../../src/core/emergence/analyze.js";
import { readEmergence } from "../../../src/core/emergence/readEmergence.js";
import { requireFiniteRise, risingTrend } from "../../../src/core/emergence/risingTrend.js";
import { DiagnosticError } from "../../../src/core/diagnostics.js";

const refusalCode = (fn: () => unknown): string | undefined => {
  try { fn(); return undefined; } catch (e) { if (e instanceof DiagnosticError) return e.diagnostic.code; throw e; }
};

describe("risingTrend(scales, metric)", () => {
  it("is the least-squares slope in log10(scale) and the line's change across the data (exact for a line)", () => {
    // y = 0.1 + 0.05·log10(N/1e8) over 1e8–1e12: slope 0.05 per decade, change 0.2 over 4 decades (to 1e-12: rounding only)
    const scales = [1e8, 1e9, 1e10, 1e11, 1e12], y = scales.map((N) => 0.1 + 0.05 * Math.log10(N / 1e8));
    const t = risingTrend(scales, y);
    expect(t.slopePerDecade).toBeCloseTo(0.05, 12);
    expect(t.change).toBeCloseTo(0.2, 12);
  });
});

describe("assembleEmergenceDocument refuses a metric with no rising trend [no-rising-trend]", () => {
  it("a falling accuracy (inverse scaling), 0.9 … 0.05 at N = 1e7–1e12: refused, not fitted as a constant with a rise from 0 to ∞", () => {
    const text = "N,accuracy\n1e7,0.9\n1e8,0.8\n1e9,0.6\n1e10,0.4\n1e11,0.2\n1e12,0.05\n";
    expect(refusalCode(() => assembleEmergenceDocument(readEmergence(text, "falling.csv"), { bootstrap: 0 }))).toBe("no-rising-trend");
    expect(() => assembleEmergenceDocument(readEmergence(text, "falling.csv"), { bootstrap: 0 })).toThrow(/falling\.csv: column "accuracy" falls with scale/);
  });
  it("a flat accuracy, 0.30 ± 0.01 noise: refused", () => {
    const text = "N,accuracy\n1e7,0.30\n1e8,0.31\n1e9,0.29\n1e10,0.30\n1e11,0.31\n1e12,0.29\n";
    expect(refusalCode(() => assembleEmergenceDocument(readEmergence(text, "flat.csv"), { bootstrap: 0 }))).toBe("no-rising-trend");
  });
  it("a nearly flat accuracy whose line barely rises (by 0.005): the sigmoid finds k → 0, and its infinite rise is refused rather than emitted", () => {
    const text = "N,accuracy\n1e7,0.30\n1e8,0.31\n1e9,0.29\n1e10,0.30\n1e11,0.31\n1e12,0.31\n";
    expect(risingTrend([1e7, 1e8, 1e9, 1e10, 1e11, 1e12], [0.3, 0.31, 0.29, 0.3, 0.31, 0.31]).change).toBeGreaterThan(1e-3);
    expect(() => assembleEmergenceDocument(readEmergence(text, "nearly-flat.csv"), { bootstrap: 0 })).toThrow(/found no rise/);
  });
  it("requireFiniteRise accepts a finite rise of positive scales and refuses 0 or ∞", () => {
    expect(() => requireFiniteRise({ from: 1e8, to: 1e10 }, 1, "f", "em")).not.toThrow();
    expect(refusalCode(() => requireFiniteRise({ from: 0, to: Infinity }, 1e-12, "f", "em"))).toBe("no-rising-trend");
    expect(refusalCode(() => requireFiniteRise({ from: 1e-150, to: Infinity }, 3e-3, "f", "em"))).toBe("no-rising-trend");
  });
});
