// Every diagnostic code, both ways: it fires on data that has the problem and stays quiet
// on clean data. docs/diagnostics.md lists every code of DIAGNOSTICS (checked below).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DIAGNOSTICS, DiagnosticError, type Diagnostic, type DiagnosticCode } from "../../src/core/diagnostics.js";
import { fitWithinBounds, implausible } from "../../src/core/fit/bounds.js";
import { fitDataFor } from "../../src/core/fit/data.js";
import { envelopeFit } from "../../src/core/fit/envelope.js";
import { extrapolation } from "../../src/core/fit/extrapolation.js";
import { outliers, unphysicalIntervals } from "../../src/core/fit/fitDocument.js";
import { fitLaw, type FitResult } from "../../src/core/fit/fitLaw.js";
import { isoflopFit } from "../../src/core/fit/isoflop.js";
import { selectRuns } from "../../src/core/fit/selectRuns.js";
import { brokenPowerLaw } from "../../src/core/laws/brokenPower.js";
import { downstreamSigmoid } from "../../src/core/laws/downstream.js";
import { powerLaw } from "../../src/core/laws/power.js";
import type { LossCheckpoint } from "../../src/core/runs/lossCurves.js";
import { parseRunTable } from "../../src/core/runs/parseRunTable.js";
import type { Run } from "../../src/core/runs/types.js";

const codesOf = (ds: readonly Diagnostic[]) => ds.map((d) => d.code);
const refusal = (fn: () => unknown): Diagnostic[] => {
  try {
    fn();
    return [];
  } catch (e) {
    if (e instanceof DiagnosticError) return [e.diagnostic];
    throw e;
  }
};

/** Hoffmann-style IsoFLOP runs, noise-free: `perBudget` sizes over ±1 decade around N*, shifted by `shift` decades. */
function isoRuns(perBudget = 9, shift = 0, budgets = [1e18, 1e19, 1e20, 1e21], statedSpread = 0): Run[] {
  const runs: Run[] = [];
  const half = (perBudget - 1) / 2;
  for (const flops of budgets) {
    const nOpt = (flops / 6) ** 0.5; // the optimum of E + 400/N^0.3 + 400/D^0.3 at C = 6ND
    for (let k = -half; k <= half; k++) {
      const params = nOpt * 10 ** (shift + k / half), tokens = flops / (6 * params);
      const f = 1 + statedSpread * Math.sin(runs.length);
      runs.push({ params: params * f, tokens, flops: 6 * params * f * tokens, budget: flops, lossNats: 1.7 + 400 / params ** 0.3 + 400 / tokens ** 0.3, line: runs.length + 2 });
    }
  }
  return runs;
}
const withoutBudget = (runs: Run[]) => runs.map(({ budget: _, ...r }) => r);

/** Two checkpoints per run, from Hoffmann et al.'s law; 4 sizes. */
function curves(): LossCheckpoint[] {
  const out: LossCheckpoint[] = [];
  for (const [i, params] of [1e7, 1e8, 1e9, 1e10].entries()) {
    for (const tpp of [1, 3, 10, 30, 100, 300]) {
      const tokens = tpp * params;
      out.push({ run: `n${i}`, params, tokens, lossNats: 1.69 + 406.4 / params ** 0.34 + 410.7 / tokens ** 0.28, line: out.length + 2 });
    }
  }
  return out;
}

/** L = E + A·C^−α at 12 budgets, optionally with one run 25% high. */
function powerFit(E: number, bad = false): { fit: FitResult; data: ReturnType<typeof fitDataFor> } {
  const pts = Array.from({ length: 12 }, (_, i) => {
    const flops = 1e18 * 10 ** (i / 3);
    return { flops, lossNats: (E + 1000 * flops ** -0.15) * (bad && i === 5 ? 1.25 : 1) * (1 + 0.002 * Math.sin(7 * i)) };
  });
  const law = powerLaw("flops");
  const data = fitDataFor(law, pts);
  return { fit: fitLaw(law, data), data };
}

const table = (csv: string) => parseRunTable(csv, { source: "t.csv" });
const steplawLike = () => table(["N,D,lr,bs,loss", "1e8,2e9,1e-3,32,3.1", "1e8,2e9,2e-3,32,3.0", "1e8,2e9,1e-3,64,3.05", "2e8,4e9,1e-3,32,2.8", "2e8,4e9,2e-3,32,2.7"].join("\n"));

/** Per code: a function whose diagnostics include it on bad data, and one on clean data where it must not appear. */
const CASES: Partial<Record<DiagnosticCode, { fires: () => readonly Diagnostic[]; quiet: () => readonly Diagnostic[] }>> = {
  "several-runs-per-config": {
    fires: () => selectRuns(steplawLike(), { configuration: ["params", "tokens"] }).diagnostics,
    quiet: () => selectRuns(steplawLike(), { configuration: ["params", "tokens"], bestOf: ["lr", "bs"] }).diagnostics,
  },
  "checkpoints-as-runs": {
    fires: () => selectRuns(table("run,N,D,loss\na,1e8,1e9,3.2\na,1e8,2e9,3.0\nb,1e9,1e9,3.0\n")).diagnostics,
    quiet: () => selectRuns(table("run,N,D,loss\na,1e8,1e9,3.2\na,1e8,2e9,3.0\nb,1e9,1e9,3.0\n"), { lastCheckpoint: true }).diagnostics,
  },
  "groups-pooled": {
    fires: () => refusal(() => selectRuns(table("family,N,D,loss\na,1e8,1e9,3\nb,1e8,1e9,3.1\n"))),
    quiet: () => selectRuns(table("family,N,D,loss\na,1e8,1e9,3\na,1e9,1e9,2.9\n")).diagnostics,
  },
  "budget-mismatch": {
    fires: () => isoflopFit(isoRuns(9, 0, undefined, 0.3)).warnings,
    quiet: () => isoflopFit(isoRuns(9, 0, undefined, 0.01)).warnings,
  },
  "budget-from-6nd": {
    fires: () => isoflopFit(withoutBudget(isoRuns())).notes,
    quiet: () => isoflopFit(isoRuns()).notes,
  },
  "few-points-per-budget": {
    fires: () => isoflopFit(isoRuns(4)).warnings,
    quiet: () => isoflopFit(isoRuns(9)).warnings,
  },
  "exactly-determined": {
    fires: () => isoflopFit(isoRuns(3)).warnings,
    quiet: () => isoflopFit(isoRuns(9)).warnings,
  },
  "off-centre-vertex": {
    fires: () => isoflopFit(isoRuns(9, 0.7)).warnings,
    quiet: () => isoflopFit(isoRuns(9)).warnings,
  },
  "weak-curvature": {
    // a flat, noisy profile: the parabola barely rises over its residual
    fires: () => isoflopFit(isoRuns(9).map((r, i) => ({ ...r, lossNats: 2 + 5e-4 * Math.log(r.params! / (r.budget! / 6) ** 0.5) ** 2 + 0.002 * Math.cos(2.5 * i) }))).warnings,
    quiet: () => isoflopFit(isoRuns(9)).warnings,
  },
  "two-budgets": {
    fires: () => isoflopFit(isoRuns(9, 0, [1e18, 1e19])).warnings,
    quiet: () => isoflopFit(isoRuns(9, 0, [1e18, 1e19, 1e20])).warnings,
  },
  "too-few-points": {
    fires: () => isoflopFit([...isoRuns(9), ...isoRuns(9, 0, [1e23]).slice(0, 2)]).warnings,
    quiet: () => isoflopFit(isoRuns(9)).warnings,
  },
  "no-interior-minimum": {
    fires: () => isoflopFit([...isoRuns(9), ...isoRuns(9, 1.5, [1e23])]).warnings,
    quiet: () => isoflopFit(isoRuns(9)).warnings,
  },
  "too-few-budgets": {
    fires: () => refusal(() => isoflopFit(isoRuns(9, 0, [1e19]))),
    quiet: () => refusal(() => isoflopFit(isoRuns(9, 0, [1e19, 1e20, 1e21]))),
  },
  "outlier": {
    fires: () => { const { fit, data } = powerFit(2, true); return outliers(fit, data, Array.from({ length: 12 }, (_, i) => i + 2), "t"); },
    quiet: () => { const { fit, data } = powerFit(2); return outliers(fit, data, Array.from({ length: 12 }, (_, i) => i + 2), "t"); },
  },
  "extrapolation": {
    fires: () => [extrapolation(3.8e25, 1e22).warning].filter((d): d is Diagnostic => d !== undefined),
    quiet: () => [extrapolation(5e23, 1e22).warning].filter((d): d is Diagnostic => d !== undefined),
  },
  "interval-reaches-zero": {
    fires: () => { const { fit, data } = powerFit(2); return unphysicalIntervals(fit, data, { E: [1e-4, 2.1], A: [900, 1100], alpha: [0.14, 0.16] }); },
    quiet: () => { const { fit, data } = powerFit(2); return unphysicalIntervals(fit, data, { E: [1.9, 2.1], A: [900, 1100], alpha: [0.14, 0.16] }); },
  },
  "break-beyond-data": {
    fires: () => unphysicalIntervals({ law: brokenPowerLaw("flops", 1), params: { d1: 4.4e25 } } as unknown as FitResult, fitDataFor(brokenPowerLaw("flops", 1), [{ flops: 1e18, lossNats: 3 }, { flops: 1e22, lossNats: 2 }])),
    quiet: () => unphysicalIntervals({ law: brokenPowerLaw("flops", 1), params: { d1: 1e20 } } as unknown as FitResult, fitDataFor(brokenPowerLaw("flops", 1), [{ flops: 1e18, lossNats: 3 }, { flops: 1e22, lossNats: 2 }])),
  },
  "unphysical-value": {
    fires: () => implausible(downstreamSigmoid, { floor: 0.6, span: 0.7, k: 5, L0: 2 }),
    quiet: () => implausible(downstreamSigmoid, { floor: 0.25, span: 0.5, k: 5, L0: 2 }),
  },
  "mixed-sizes": {
    fires: () => envelopeFit(curves().map((c, i) => (i === 7 ? { ...c, params: 3e8 } : c))).warnings,
    quiet: () => envelopeFit(curves()).warnings,
  },
  "conflicting-checkpoints": {
    fires: () => { const cs = curves(); return envelopeFit([...cs, { ...cs[8], lossNats: cs[8].lossNats + 0.1, line: 99 }]).warnings; },
    quiet: () => { const cs = curves(); return envelopeFit([...cs, { ...cs[8], line: 99 }]).warnings; },
  },
  "single-checkpoint": {
    fires: () => envelopeFit([...curves(), { run: "lone", params: 3e9, tokens: 3e10, lossNats: 2.5, line: 99 }]).warnings,
    quiet: () => envelopeFit(curves()).warnings,
  },
};

describe("diagnostic codes, both ways", () => {
  for (const [code, c] of Object.entries(CASES) as Array<[DiagnosticCode, NonNullable<(typeof CASES)[DiagnosticCode]>]>) {
    it(`${code}: fires on data with the problem`, () => {
      expect(codesOf(c.fires())).toContain(code);
    });
    it(`${code}: quiet on clean data`, () => {
      expect(codesOf(c.quiet())).not.toContain(code);
    });
  }
});

describe("on-bound: declared bounds are enforced, not only reported", () => {
  it("L = 1000·C^−0.15 has no floor: E is held at its lower bound 1e-4 and the fit stays inside every bound", async () => {
    const law = powerLaw("flops");
    const pts = Array.from({ length: 12 }, (_, i) => { const flops = 1e18 * 10 ** (i / 3); return { flops, lossNats: 1000 * flops ** -0.15 * (1 + 0.002 * Math.sin(7 * i)) }; });
    const data = fitDataFor(law, pts);
    const first = fitLaw(law, data);
    const r = await fitWithinBounds(law, {}, { law, fit: first }, async (held) => fitLaw(held, data));
    expect(codesOf(r.warnings)).toEqual(r.held.length ? ["on-bound"] : []);
    for (const p of law.parameters) {
      expect(r.fit.params[p.name]).toBeGreaterThanOrEqual(p.bounds[0]);
      expect(r.fit.params[p.name]).toBeLessThanOrEqual(p.bounds[1]);
    }
    // quiet: with a floor of 2 nothing is held
    const { fit } = powerFit(2);
    const q = await fitWithinBounds(law, {}, { law, fit }, async (held) => fitLaw(held, data));
    expect(q.held).toEqual([]);
  });
});

describe("docs/diagnostics.md", () => {
  const doc = readFileSync(new URL("../../docs/diagnostics.md", import.meta.url), "utf8");
  it("lists every code of DIAGNOSTICS with its meaning and what to do", () => {
    const missing = Object.keys(DIAGNOSTICS).filter((code) => !doc.includes(`| \`${code}\` |`));
    expect(missing).toEqual([]);
  });
  it("lists no code that DIAGNOSTICS does not have", () => {
    const codes = doc.slice(doc.indexOf("## Codes"), doc.indexOf("## Thresholds"));
    const listed = [...codes.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(listed.filter((c) => !Object.hasOwn(DIAGNOSTICS, c))).toEqual([]);
  });
});

describe("selectRuns(--best-of) never picks across groups", () => {
  it("two families at the same N, D and lr: best-of keeps one per family, and pooling them is still refused", () => {
    const t = table(["family,N,D,lr,loss", "a,1e8,2e9,1e-3,3.1", "a,1e8,2e9,2e-3,3.0", "b,1e8,2e9,1e-3,2.9", "b,1e8,2e9,2e-3,2.95"].join("\n"));
    expect(codesOf(refusal(() => selectRuns(t, { configuration: ["params", "tokens"], bestOf: ["lr"] })))).toEqual(["groups-pooled"]);
    const pooled = selectRuns(t, { configuration: ["params", "tokens"], bestOf: ["lr"], groups: "pool" });
    expect(pooled.runs.map((r) => [r.group, r.lossNats])).toEqual([["a", 3.0], ["b", 2.9]]);
  });
});
