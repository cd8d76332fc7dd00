// The README's library examples, run as written: each ```ts block under "## Library" is
// extracted, its import from "scalecast" pointed at src/core, and executed. The first block
// needs `csvText`; it is given the Chinchilla table from ../shared/data.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as core from "../../src/core/index.js";
import { CHINCHILLA_CSV } from "../support/sharedData.js";

const README = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");
const library = README.slice(README.indexOf("## Library"), README.indexOf("## Layout"));
const blocks = [...library.matchAll(/```ts\n(.*?)```/gs)].map((m) => m[1]);

/** Runs a README block with `scalecast`'s exports in scope and returns its named results. */
function runBlock(code: string, scope: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const body = code.replace(/^import \{[^}]*\} from "scalecast";\n/m, "").replace(/!\(/g, "(").replace(/ as const/g, "");
  const expose = `return { ${names.map((n) => `${n}: typeof ${n} === "undefined" ? undefined : ${n}`).join(", ")} };`;
  return new Function(...Object.keys(scope), `${body}\n${expose}`)(...Object.values(scope)) as Record<string, unknown>;
}

describe("README library examples run as written", () => {
  it("there are two blocks, each importing only names the package exports", () => {
    expect(blocks).toHaveLength(2);
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
});
