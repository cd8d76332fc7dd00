// `scalecast plot` end to end, on the built CLI.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleSweepCsv } from "../../src/core/fit/exampleSweep.js";
import { ensureBuilt, scalecast } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-plot-"));
const countSymbols = (svg: string) => [...svg.matchAll(/<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/gs)].reduce((n, m) => n + (m[1].match(/<path\b/g) ?? []).length, 0);

beforeAll(() => ensureBuilt(), 120_000);

describe("scalecast plot", () => {
  it("writes an SVG of the IsoFLOP curves of the built-in sweep, and says the data are simulated", async () => {
    const out = join(dir, "isoflop.svg");
    const r = await scalecast(["plot", "--example", "--figure", "isoflop", "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/wrote .*isoflop\.svg \(isoflop: IsoFLOP curves\)/);
    expect(r.stdout).toMatch(/SIMULATED/);
    const svg = readFileSync(out, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(countSymbols(svg)).toBe(81 + 9); // runs and one optimum per budget
    expect(svg).toContain(">parameters N (total)<");
  });

  it("writes a PNG (signature and 2× size) of loss against compute with a published law overlaid", async () => {
    const out = join(dir, "loss.png");
    const r = await scalecast(["plot", "--example", "--figure", "loss-compute", "--bootstrap", "20", "--compare", "besiroglu-2024", "-o", out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/bootstrap: 20 case resamples, seed 42/);
    const png = readFileSync(out);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBeGreaterThan(2 * 480);
    expect(png.readUInt32BE(20)).toBeGreaterThan(2 * 320);
  });

  it("draws the backtest of a run table file, holding out the top 20% of compute by default", async () => {
    const file = join(dir, "runs.csv");
    writeFileSync(file, exampleSweepCsv({ seed: 7 }));
    const out = join(dir, "backtest.svg");
    const r = await scalecast(["plot", file, "--figure", "backtest", "--bootstrap", "20", "--param-convention", "nonEmbedding", "-o", out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/N counts non-embedding parameters/);
    expect(r.stdout).toMatch(/held out the 18 highest-compute runs/);
    expect(countSymbols(readFileSync(out, "utf8"))).toBe(18);
  });

  it("exits 2 on an unknown figure, listing the figures", async () => {
    const r = await scalecast(["plot", "--example", "--figure", "pie", "-o", join(dir, "x.svg")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/pie/);
    expect(r.stderr).toMatch(/loss-compute, isoflop, optimal-allocation, residuals, bootstrap, contours, plan, backtest/);
  });

  it("exits 2 on an output extension other than .svg or .png", async () => {
    const r = await scalecast(["plot", "--example", "--figure", "isoflop", "-o", join(dir, "x.pdf")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\.svg or \.png, got ".*x\.pdf"/);
  });

  it("exits 2 on a --compare law that is unknown or publishes only an allocation rule", async () => {
    const unknown = await scalecast(["plot", "--example", "--figure", "isoflop", "--compare", "nope", "-o", join(dir, "x.svg")]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown law "nope" in --compare; published laws: kaplan-2020/);
    const rule = await scalecast(["plot", "--example", "--figure", "isoflop", "--compare", "llama3-2024", "-o", join(dir, "x.svg")]);
    expect(rule.status).toBe(2);
    expect(rule.stderr).toMatch(/llama3-2024 publishes an allocation rule only/);
  });

  it("exits 1 naming what is missing when the law cannot support the figure", async () => {
    const r = await scalecast(["plot", "--example", "--law", "power", "--x", "flops", "--figure", "optimal-allocation", "--bootstrap", "2", "-o", join(dir, "x.svg")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/figure "optimal-allocation" needs a fitted law of N and D that predicts the loss \(law power reads flops\)/);
  });
});
