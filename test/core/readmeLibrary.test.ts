// The README's library examples, run as written: each ```ts block under "## Library" is
// extracted, its import from "scalecast" pointed at src/core, and executed. The first block
// needs `csvText`; it is given the Chinchilla table from ../shared/data.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as core from "../../src/core/index.js";
import { CHINCHILLA_CSV } from "../support/sharedData.js";
import { scalecast } from "../cli/run.js";

const README = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");
const library = README.slice(README.indexOf("## Library"), README.indexOf("## Layout"));
const blocks = [...library.matchAll(/```ts\n(.*?)```/gs)].map((m) => m[1]);

/** Runs a README block with `scalecast`'s exports in scope and returns its named results. */
function runBlock(code: string, scope: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const body = code.replace(/^import \{[^}]*\} from "scalecast";\n/m, "").replace(/!\(/g, "(").replace(/ as const/g, "");
  const expose = `return { ${names.map((n) => `${n}: typeof ${n} === "undefined" ? undefined : ${n}`).join(", ")} };`;
  return new Function(...Object.keys(scope), `${body}\n${expose}`)(...Object.values(scope)) as Record<string, unknown>;
}

/** As runBlock, for a block that awaits. */
async function runAsyncBlock(code: string, scope: Record<string, unknown>, names: string[]): Promise<Record<string, unknown>> {
  const body = code.replace(/^import \{[^}]*\} from "scalecast";\n/m, "");
  const expose = `return { ${names.map((n) => `${n}: typeof ${n} === "undefined" ? undefined : ${n}`).join(", ")} };`;
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<Record<string, unknown>>;
  return new AsyncFunction(...Object.keys(scope), `${body}\n${expose}`)(...Object.values(scope));
}

describe("README library examples run as written", () => {
  it("there are two blocks, each importing only names the package exports", () => {
    expect(blocks).toHaveLength(3);
    for (const b of blocks) {
      const names = /^import \{([^}]*)\} from "scalecast";/m.exec(b)![1].split(",").map((s) => s.trim());
      for (const n of names) expect(core, n).toHaveProperty(n);
    }
  });
  it.skipIf(CHINCHILLA_CSV === null)("block 1 fits the Chinchilla table: N* ≈ 7.32e10, D* ≈ 1.31e12 at 5.76e23 (the comment's numbers, 1%)", () => {
    const r = runBlock(blocks[0], { ...core, csvText: readFileSync(CHINCHILLA_CSV!, "utf8") }, ["fit"]);
    const a = core.chinchilla.allocate!((r.fit as core.FitResult).params, 5.76e23);
    expect(Math.abs(a.params / 7.32e10 - 1)).toBeLessThan(0.01);
    expect(Math.abs(a.tokens / 1.31e12 - 1)).toBeLessThan(0.01);
  });
  it("block 2 runs on the built-in example with no undefined names: a prediction inside its intervals and a backtest", () => {
    const code = blocks[1].replace(/^backtest\(/m, "const bt = backtest(");
    const r = runBlock(code, { ...core }, ["runs", "p", "bt"]);
    expect((r.runs as unknown[]).length).toBe(81);
    const p = r.p as { predicted: number; ci: Record<string, [number, number]>; pi: Record<string, [number, number]> };
    expect(p.pi["0.95"][0]).toBeLessThan(p.ci["0.95"][0]);
    expect(p.ci["0.95"][0]).toBeLessThan(p.predicted);
    expect(p.predicted).toBeLessThan(p.ci["0.95"][1]);
    const bt = r.bt as core.BacktestResult;
    expect(bt.candidates[0].mare).toBeLessThan(0.05); // 1% noise: the held-out runs are predicted within a few percent
    expect(bt.extrapolationFactor).toBeGreaterThan(1);
  });
  it("block 3 predicts at 70B × 1.4T (the law's value, 1e-12; factor 6ND over the largest fitted C) and reads and scores a ledger `forecast register` wrote", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scalecast-readme-"));
    const file = join(dir, "forecasts.jsonl");
    const reg = await scalecast(["forecast", "register", "--example", "--bootstrap", "20", "--at", "params=7e10,tokens=1.4e12", "--ledger", file]);
    expect(reg.status, reg.stderr).toBe(0);
    const ledgerText = readFileSync(file, "utf8");
    const predicted = JSON.parse(ledgerText).predictions[0].predicted as number;
    const landedRuns = core.parseRunTable(`N,D,loss\n7e10,1.4e12,${predicted * 1.01}\n`, { source: "landed.csv" }).runs;
    const r = await runAsyncBlock(blocks[2], { ...core, ledgerText, landedRuns }, ["runs", "fit", "p", "warnings", "records", "problem", "score"]);
    const fit = r.fit as core.FitResult;
    const v = fit.params;
    const law = v.E + v.A / 7e10 ** v.alpha + v.B / 1.4e12 ** v.beta;
    const p = r.p as core.PointPrediction;
    expect(Math.abs(p.predicted / law - 1)).toBeLessThan(1e-12);
    const maxFlops = Math.max(...(r.runs as core.Run[]).map((x) => x.flops!));
    expect(Math.abs(p.extrapolationFactor! / (6 * 7e10 * 1.4e12 / maxFlops) - 1)).toBeLessThan(1e-12);
    expect((r.warnings as Array<{ code: string }>).map((w) => w.code)).toContain("extrapolation");
    expect(r.problem).toBeUndefined();
    expect((r.records as unknown[]).length).toBe(1);
    const score = r.score as core.LedgerScore;
    expect(score.scored).toBe(1);
    expect(score.targets[0].relativeError).toBeCloseTo(0.01, 12);
  });
});
