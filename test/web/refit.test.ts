// Interactive refits (web/src/refit.ts): when a warm start is used, and that it lands where the full multi-start does.
import { describe, expect, it } from "vitest";
import { exampleSweepCsv } from "../../src/core/fit/exampleSweep.js";
import { fitDataFor } from "../../src/core/fit/data.js";
import { fitLaw } from "../../src/core/fit/fitLaw.js";
import { getLaw } from "../../src/core/laws/registry.js";
import { parseRunTable } from "../../src/core/runs/parseRunTable.js";
import { fitKey, foundBetterBasin, refitKind, warmRefit } from "../../web/src/refit.js";

const key = fitKey({ dataset: 1, law: "chinchilla", lawOptions: {}, method: "grid", objective: "huber", delta: 1e-3 });
const lines = Array.from({ length: 240 }, (_, i) => i + 2);

describe("refitKind", () => {
  it("refitKind(null, next) is a full fit", () => {
    expect(refitKind(null, { key, lines })).toBe("full");
  });
  it("refitKind(same runs and settings) is unchanged", () => {
    expect(refitKind({ key, lines }, { key, lines: [...lines].reverse() })).toBe("unchanged");
  });
  it("refitKind(one run toggled, or K raised by one) is warm", () => {
    expect(refitKind({ key, lines }, { key, lines: lines.filter((l) => l !== 50) })).toBe("warm");
    expect(refitKind({ key, lines: lines.slice(1) }, { key, lines })).toBe("warm");
  });
  it("refitKind(12 of 240 runs changed: 5%) is warm; 13 is full", () => {
    expect(refitKind({ key, lines }, { key, lines: lines.slice(12) })).toBe("warm");
    expect(refitKind({ key, lines }, { key, lines: lines.slice(13) })).toBe("full");
  });
  it("refitKind(small data): up to 3 runs changed is still warm", () => {
    expect(refitKind({ key, lines: [1, 2, 3, 4, 5, 6, 7, 8] }, { key, lines: [4, 5, 6, 7, 8] })).toBe("warm");
  });
  it("refitKind(other law, objective, method or data) is full", () => {
    const other = fitKey({ dataset: 1, law: "chinchilla", lawOptions: {}, method: "grid", objective: "huber-likelihood", delta: 1e-3 });
    expect(refitKind({ key, lines }, { key: other, lines })).toBe("full");
    const newData = fitKey({ dataset: 2, law: "chinchilla", lawOptions: {}, method: "grid", objective: "huber", delta: 1e-3 });
    expect(refitKind({ key, lines }, { key: newData, lines })).toBe("full");
  });
});

describe("warmRefit", () => {
  const law = getLaw("chinchilla");
  const runs = parseRunTable(exampleSweepCsv({ seed: 42 })).runs;
  const full = fitLaw(law, fitDataFor(law, runs));

  it("warmRefit(one run removed) reaches the full multi-start's optimum (objective to 1e-9 relative, parameters to 1e-5)", () => {
    for (const drop of [0, 40, 80]) {
      const data = fitDataFor(law, runs.filter((_, i) => i !== drop));
      const warm = warmRefit(law, data, "huber", 1e-3, full.theta);
      const ref = fitLaw(law, data);
      expect(warm.optimizer.converged).toBe(true);
      expect(Math.abs(warm.objective.value / ref.objective.value - 1)).toBeLessThan(1e-9);
      for (const k of ["E", "A", "B", "alpha", "beta"]) expect(Math.abs(warm.params[k] / ref.params[k] - 1), k).toBeLessThan(1e-5);
      expect(foundBetterBasin(warm, ref)).toBe(false);
      expect(warm.n).toBe(80);
      expect(warm.optimizer.method).toMatch(/^warm-started/);
    }
  });

  it("warmRefit with the likelihood objective drops the previous scale and refits it", () => {
    const data = fitDataFor(law, runs.slice(1));
    const warm = warmRefit(law, data, "huber-likelihood", 1e-3, full.theta);
    expect(warm.objective.id).toBe("huber-likelihood");
    expect(Number.isFinite(warm.params.logScale)).toBe(true);
  });
});
