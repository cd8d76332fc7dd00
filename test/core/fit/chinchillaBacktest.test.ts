// The backtest quoted in docs/methods.md ("Confidence and prediction intervals"): Hoffmann et al. 2022's
// points (Epoch's extraction), fit below the top 10% of compute, predict the 25 runs above.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { backtest } from "../../../src/core/fit/backtest.js";
import { chinchilla } from "../../../src/core/laws/chinchilla.js";
import { parseRunTable } from "../../../src/core/runs/parseRunTable.js";
import { CHINCHILLA_CSV } from "../../support/sharedData.js";

describe.skipIf(!CHINCHILLA_CSV)("backtest on the Chinchilla points", () => {
  it("top 10% held out: 25 runs, 13.2× extrapolation, MARE 1.4%, 95% PI covers 72% and 80% PI 36% (real data are not exchangeable across scale)", () => {
    const table = parseRunTable(readFileSync(CHINCHILLA_CSV!, "utf8"), { source: CHINCHILLA_CSV! });
    const r = backtest(table.runs, { kind: "top-compute", fraction: 0.1 }, [{ law: chinchilla, method: "grid" }], { resamples: 400, seed: 42 });
    expect(r.train).toBe(220);
    expect(r.test).toBe(25);
    expect(r.extrapolationFactor).toBeCloseTo(13.2, 1);
    const c = r.candidates[0];
    expect(c.converged).toBe(true);
    expect(c.mare!).toBeCloseTo(0.014, 3);
    // coverage is a count of 25 runs: exact (18/25 and 9/25 measured 2026-11-22, seed 42, 400 refits)
    expect(c.coverage!["0.95"]).toBe(18 / 25);
    expect(c.coverage!["0.8"]).toBe(9 / 25);
  });
});
