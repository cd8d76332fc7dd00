// `scalecast predict FIT.json --at …` (issue 12, item 1). References: the law's own formula with the saved constants
// (exact to 1e-12), and the interval construction of src/core/fit/predict.ts (PI ⊇ CI by construction, asserted here).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/run.js";
import { CHINCHILLA_CSV } from "../support/sharedData.js";
import { scalecast } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-predict-"));

describe("scalecast predict", () => {
  it("on a power --x flops fit of a three-point flops,loss table with E fixed: E + A·C^−alpha at a new compute, exactly (1e-12), and no interval without a bootstrap (said, code no-interval)", async () => {
    const table = join(dir, "three.csv");
    writeFileSync(table, "flops,loss\n1e18,3.2\n1e19,2.8\n1e20,2.5\n");
    const fitFile = join(dir, "three.json");
    expect((await scalecast(["fit", table, "--law", "power", "--x", "flops", "--fix", "E=1.7", "--out", fitFile])).status).toBe(0);
    const r = await scalecast(["predict", fitFile, "--at", "flops=1e22", "--at", "flops=3e20", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const fit = JSON.parse((await scalecast(["fit", table, "--law", "power", "--x", "flops", "--fix", "E=1.7", "--json"])).stdout);
    const { E, A, alpha } = fit.params;
    expect(E).toBe(1.7);
    for (const [i, c] of [[0, 1e22], [1, 3e20]] as const) {
      expect(Math.abs(doc.points[i].predicted / (E + A * c ** -alpha) - 1)).toBeLessThan(1e-12);
      expect(doc.points[i].extrapolationFactor).toBeCloseTo(c / 1e20, 12);
    }
    expect(doc.points[0].ci).toBeUndefined();
    expect(doc.warnings.map((w: { code: string }) => w.code)).toEqual(["no-interval"]);
  });

  describe.skipIf(!CHINCHILLA_CSV)("on a bootstrapped Chinchilla fit (Hoffmann et al.'s points less the 5 highest losses, 100 refits, seed 42)", () => {
    const fitFile = join(dir, "chinchilla.json");
    beforeAll(async () => {
      const r = await scalecast(["fit", CHINCHILLA_CSV!, "--exclude-highest-loss", "5", "--bootstrap", "100", "--out", fitFile]);
      expect(r.status, r.stderr).toBe(0);
    });

    it("PI ⊇ CI at every point and level, the central prediction inside both, and the far point warned as an extrapolation", async () => {
      const points = [["7e10", "1.4e12"], ["1e9", "2e10"], ["4e8", "8e9"], ["1e12", "2e13"], ["70B", "20T"]];
      const r = await scalecast(["predict", fitFile, ...points.flatMap(([n, d]) => ["--at", `params=${n},tokens=${d}`]), "--json"]);
      expect(r.status, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.points).toHaveLength(5);
      for (const p of doc.points) {
        for (const level of ["0.8", "0.95"]) {
          const [c0, c1] = p.ci[level], [q0, q1] = p.pi[level];
          expect(q0).toBeLessThanOrEqual(c0);
          expect(q1).toBeGreaterThanOrEqual(c1);
          expect(c0).toBeLessThanOrEqual(p.predicted);
          expect(c1).toBeGreaterThanOrEqual(p.predicted);
        }
        expect(p.ci["0.8"][0]).toBeGreaterThanOrEqual(p.ci["0.95"][0]); // the 80% interval inside the 95% one
        expect(p.inputs.flops).toBeCloseTo(6 * p.inputs.params * p.inputs.tokens, -5);
      }
      expect(doc.points[4].inputs.params).toBe(7e10); // sizes such as 70B are read
      expect(doc.warnings.map((w: { code: string }) => w.code)).toContain("extrapolation");
      // the saved fit's prediction at its own N*, D* is the fit document's (same refits, same residuals)
      const fit = JSON.parse((await scalecast(["fit", CHINCHILLA_CSV!, "--exclude-highest-loss", "5", "--bootstrap", "100", "--json"])).stdout);
      const a = fit.allocation;
      const atOpt = JSON.parse((await scalecast(["predict", fitFile, "--at", `params=${a.params},tokens=${a.tokens}`, "--json"])).stdout).points[0];
      expect(Math.abs(atOpt.predicted / fit.prediction.predicted - 1)).toBeLessThan(1e-12);
      for (const level of ["0.8", "0.95"]) for (const k of [0, 1]) expect(Math.abs(atOpt.pi[level][k] / fit.prediction.pi[level][k] - 1)).toBeLessThan(1e-9);
    });

    it("--points FILE reads one point a row (sizes such as 70B too) and gives what --at gives; a bad cell is refused naming line and column", async () => {
      const points = join(dir, "points.csv");
      writeFileSync(points, "params,tokens\n70B,1.4e12\n1e9,2e10\n");
      const viaFile = JSON.parse((await scalecast(["predict", fitFile, "--points", points, "--json"])).stdout);
      const viaAt = JSON.parse((await scalecast(["predict", fitFile, "--at", "params=7e10,tokens=1.4e12", "--at", "params=1e9,tokens=2e10", "--json"])).stdout);
      expect(viaFile.points).toEqual(viaAt.points);
      writeFileSync(points, "params,tokens\n70B,lots\n");
      const bad = await scalecast(["predict", fitFile, "--points", points]);
      expect(bad.status).toBe(EXIT.input);
      expect(bad.stderr).toMatch(/points\.csv: line 2, column "tokens": "lots" is not a number > 0/);
      writeFileSync(points, "N,tokens\n70B,1e12\n");
      expect((await scalecast(["predict", fitFile, "--points", points])).stderr).toMatch(/column "N" is not a point input/);
      const none = await scalecast(["predict", fitFile]);
      expect(none.status).toBe(EXIT.options);
      expect(none.stderr).toMatch(/give the points/);
    });

    it("a point without one of the law's inputs is refused naming it (exit 1); a malformed --at exits 2", async () => {
      const r = await scalecast(["predict", fitFile, "--at", "flops=1e24"]);
      expect(r.status).toBe(EXIT.input);
      expect(r.stderr).toMatch(/point 0: params is missing \(law chinchilla reads params, tokens\)/);
      const bad = await scalecast(["predict", fitFile, "--at", "params=-3,tokens=1e12"]);
      expect(bad.status).toBe(EXIT.options);
      expect(bad.stderr).toMatch(/params must be a finite number > 0/);
      // a fuzz find: N = D = 1e308 gave C = 6ND = Infinity, carried into the ledger as null
      const overflow = await scalecast(["predict", fitFile, "--at", "params=1e308,tokens=1e308"]);
      expect(overflow.status).toBe(EXIT.input);
      expect(overflow.stderr).toMatch(/point 0: C = 6ND = .* overflows the largest finite number/);
      const twice = await scalecast(["predict", fitFile, "--at", "params=1e9,params=2e9"]);
      expect(twice.status).toBe(EXIT.options);
      expect(twice.stderr).toMatch(/params is given twice/);
    });
  });

  it("--loss-fit chains a downstream fit at an over-trained point (1e9 parameters, 1e12 tokens): the downstream law applied to the loss law's prediction there, exactly (1e-12)", async () => {
    // noise-free: Hoffmann et al.'s rounded law for the loss, a sigmoid of the loss for the accuracy (as test/cli/planFromFits.test.ts)
    const rows = ["N,D,loss,accuracy"];
    for (const N of [1e7, 3e7, 1e8, 3e8, 1e9]) for (const tpp of [5, 20, 80]) {
      const D = N * tpp, L = 1.69 + 406.4 / N ** 0.34 + 410.7 / D ** 0.28;
      rows.push(`${N},${D},${L},${0.25 + 0.6 / (1 + Math.exp(4 * (L - 2.6)))}`);
    }
    const csv = join(dir, "acc.csv"), lossFile = join(dir, "loss.json"), accFile = join(dir, "acc.json");
    writeFileSync(csv, rows.join("\n") + "\n");
    expect((await scalecast(["fit", csv, "--out", lossFile])).status).toBe(0);
    expect((await scalecast(["fit", csv, "--law", "downstream-sigmoid", "--metric-col", "accuracy", "--out", accFile])).status).toBe(0);
    const chained = await scalecast(["predict", accFile, "--loss-fit", lossFile, "--at", "params=1e9,tokens=1e12", "--json"]);
    expect(chained.status, chained.stderr).toBe(0);
    const c = JSON.parse(chained.stdout).points[0];
    const loss = JSON.parse((await scalecast(["predict", lossFile, "--at", "params=1e9,tokens=1e12", "--json"])).stdout).points[0].predicted;
    const metric = JSON.parse((await scalecast(["predict", accFile, "--at", `loss=${loss}`, "--json"])).stdout).points[0].predicted;
    expect(Math.abs(c.chain.loss / loss - 1)).toBeLessThan(1e-12);
    expect(Math.abs(c.predicted / metric - 1)).toBeLessThan(1e-12);
    expect(c.inputs.flops).toBe(6e21);
    // the text names the loss the metric came from; a loss fit as the downstream fit is refused (exit 2)
    expect((await scalecast(["predict", accFile, "--loss-fit", lossFile, "--at", "params=1e9,tokens=1e12"])).stdout).toContain(`via chinchilla: loss ${loss.toFixed(4)} nats`);
    const wrong = await scalecast(["predict", lossFile, "--loss-fit", lossFile, "--at", "params=1e9,tokens=1e12"]);
    expect(wrong.status).toBe(EXIT.options);
    expect(wrong.stderr).toMatch(/predicts the loss itself \[bad-option\]/);
  });
});
