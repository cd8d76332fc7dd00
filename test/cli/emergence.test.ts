// `scalecast emergence`, in-process through the CLI kernel: the example, reproducibility, figures and refusals.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { COMMANDS, EXIT, program } from "../../src/cli/run.js";
import { emergenceDocumentSchema } from "../../src/core/emergence/schema.js";
import { DOCUMENT_SCHEMAS } from "../../src/core/schemas.js";
import { sansArgv, scalecast } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-emergence-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

describe("scalecast emergence --example", () => {
  it("finds the jump of the simulated family's exact match, says the data are simulated, and prints text", async () => {
    const r = await scalecast(["emergence", "--example", "--length", "5", "--bootstrap", "100"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^JUMP: midpoint x0 = /m);
    expect(r.stdout).toMatch(/edit_distance across the jump: .*: smooth/);
    expect(r.stdout).toMatch(/\[simulated-data\]/);
    expect(r.stdout).toMatch(/transforms, ℓ = 5 tokens/);
  });
  it("--json is one document, the same for the same seed (the bootstrap is reproducible)", async () => {
    const args = ["emergence", "--example", "--bootstrap", "100", "--seed", "3", "--json"];
    const a = await scalecast(args), b = await scalecast(args);
    expect(a.status, a.stderr).toBe(0);
    expect(sansArgv(a.stdout)).toEqual(sansArgv(b.stdout));
    const doc = JSON.parse(a.stdout);
    expect(doc.command).toBe("emergence");
    expect(emergenceDocumentSchema.safeParse(doc).error).toBeUndefined();
    expect(doc.jump.sharp).toBe(true);
    expect(doc.forecast.bootstrap).toMatchObject({ resamples: 100, seed: 3 });
    expect(["discontinuous", "continuous"]).toContain(doc.forecast.tighter);
    expect(doc.warnings.map((w: { code: string }) => w.code)).toContain("simulated-data");
  });
  it("--figure writes the transforms figure as SVG, and -o writes the JSON document", async () => {
    const svg = join(dir, "t.svg"), out = join(dir, "e.json");
    const r = await scalecast(["emergence", "--example", "--length", "5", "--bootstrap", "0", "--figure", svg, "-o", out]);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(svg, "utf8");
    expect(text).toMatch(/^<svg/);
    expect(text).toContain("exact match p^5");
    const doc = JSON.parse(readFileSync(out, "utf8"));
    expect(doc.transforms.length).toBe(5);
    expect(emergenceDocumentSchema.safeParse(doc).error).toBeUndefined();
  });
});

describe("refusals name file, line, column and value, and exit non-zero", () => {
  const good = "N,exact_match\n1e7,0.01\n1e8,0.02\n1e9,0.2\n1e10,0.6\n1e11,0.7\n";
  it("a non-numeric cell: exit 1 [bad-input]", async () => {
    const p = file("bad.csv", good.replace("0.2", "n/a"));
    const r = await scalecast(["emergence", p]);
    expect(r.status).toBe(EXIT.input);
    expect(r.stderr).toContain(`${p}: line 4, column "exact_match": "n/a" is not a number`);
    expect(r.stderr).toMatch(/\[bad-input\]/);
  });
  it("a metric outside [0, 1]: exit 1", async () => {
    const p = file("pct.csv", good.replace("0.6", "60"));
    const r = await scalecast(["emergence", p, "--json"]);
    expect(r.status).toBe(EXIT.input);
    expect(r.stderr).toContain('line 5, column "exact_match": "60" is outside [0, 1]');
    expect(JSON.parse(r.stdout).error.code).toBe("bad-input");
  });
  it("an unknown column: exit 1, listing the headers", async () => {
    const r = await scalecast(["emergence", file("ok.csv", good), "--metric-col", "accuracy"]);
    expect(r.status).toBe(EXIT.input);
    expect(r.stderr).toContain('no column "accuracy" (--metric-col); headers: N, exact_match');
  });
  it("fewer distinct scales than the fits need: exit 1 [too-few-points]", async () => {
    const r = await scalecast(["emergence", file("few.csv", "N,em\n1e8,0.1\n1e9,0.3\n1e10,0.5\n")]);
    expect(r.status).toBe(EXIT.input);
    expect(r.stderr).toMatch(/3 distinct scales, but the fits need at least 4.*\[too-few-points\]/);
  });
  it("--length without a per-token probability, or a figure without --length: exit 2 [bad-option]", async () => {
    const a = await scalecast(["emergence", file("ok2.csv", good), "--length", "5"]);
    expect(a.status).toBe(EXIT.options);
    expect(a.stderr).toMatch(/--length needs a per-token probability.*\[bad-option\]/);
    const b = await scalecast(["emergence", "--example", "--figure", join(dir, "x.svg")]);
    expect(b.status).toBe(EXIT.options);
  });
});

describe("degenerate inputs: a refusal with a code, or a document that passes its own schema", () => {
  const rising = "N,accuracy\n1e7,0.02\n1e8,0.1\n1e9,0.3\n1e10,0.5\n1e11,0.7\n1e12,0.9\n";
  const cases: Array<[string, string, string[], "no-rising-trend" | null]> = [
    ["falling (inverse scaling)", "N,accuracy\n1e7,0.9\n1e8,0.8\n1e9,0.6\n1e10,0.4\n1e11,0.2\n1e12,0.05\n", [], "no-rising-trend"],
    ["flat", "N,accuracy\n1e7,0.30\n1e8,0.31\n1e9,0.29\n1e10,0.30\n1e11,0.31\n1e12,0.29\n", [], "no-rising-trend"],
    ["nearly flat", "N,accuracy\n1e7,0.30\n1e8,0.31\n1e9,0.29\n1e10,0.30\n1e11,0.31\n1e12,0.31\n", [], "no-rising-trend"],
    ["rising past 1 at --next", rising, [], null],
    ["--next far below the data", rising, ["--next", "1e-300"], null],
    ["one model in the jump's window", "N,exact_match,edit_distance\n1e6,0,5\n1e7,0,4.5\n1e8,0,4\n1e9,0.01,3.5\n1e10,0.9,3\n1e11,0.92,2.5\n1e12,0.93,2\n", [], null],
    ["an edit distance forecast below 0", "N,exact_match,edit_distance\n" + [0, 0.01, 0.05, 0.3, 0.6, 0.7, 0.75].map((em, i) => `${10 ** (7 + i)},${em},${6 - i}`).join("\n"), ["--next", "1e15"], null],
  ];
  for (const [name, text, extra, refusal] of cases) {
    it(`${name}: ${refusal ? `exit 1 [${refusal}]` : "exit 0, and DOCUMENT_SCHEMAS.emergence accepts the document"}`, async () => {
      const r = await scalecast(["emergence", file(`${name.replace(/\W+/g, "-")}.csv`, text), "--bootstrap", "50", "--json", ...extra]);
      const doc = JSON.parse(r.stdout);
      if (refusal) {
        expect(r.status).toBe(EXIT.input);
        expect(doc.error.code).toBe(refusal);
      } else {
        expect(r.status, r.stderr).toBe(0);
        expect(DOCUMENT_SCHEMAS.emergence.safeParse(doc).error).toBeUndefined();
        for (const m of doc.forecast.metrics) {
          expect(m.point).toBeGreaterThanOrEqual(m.range[0] ?? -Infinity);
          expect(m.point).toBeLessThanOrEqual(m.range[1] ?? Infinity);
        }
      }
    });
  }
  it("text: a clipped forecast is marked, and --next below the data warns [extrapolation]", async () => {
    const a = await scalecast(["emergence", file("edit-text.csv", cases[6][1]), "--bootstrap", "50", "--next", "1e15"]);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/edit_distance +power-decaying +0\.000 \(clipped\)/);
    expect(a.stdout).toMatch(/clipped to it .*\[unphysical-value\]/);
    const b = await scalecast(["emergence", file("below.csv", rising), "--bootstrap", "0", "--next", "1e-300"]);
    expect(b.stdout).toMatch(/lies below the smallest observed scale.*\[extrapolation\]/);
  });
  it("--floor 0.5 --ceiling 0.3, and --floor 1 with the ceiling fitted: exit 2 [bad-option]", async () => {
    const a = await scalecast(["emergence", file("r1.csv", rising), "--floor", "0.5", "--ceiling", "0.3"]);
    expect(a.status).toBe(EXIT.options);
    expect(a.stderr).toMatch(/--floor 0\.5 must lie below --ceiling 0\.3.*\[bad-option\]/);
    const b = await scalecast(["emergence", file("r2.csv", rising), "--floor", "1", "--json"]);
    expect(b.status).toBe(EXIT.options);
    expect(JSON.parse(b.stdout).error.code).toBe("bad-option");
  });
  it("too few models near the jump: the text says the smoothness cannot be judged, and why", async () => {
    const r = await scalecast(["emergence", file("sparse.csv", cases[5][1]), "--bootstrap", "0"]);
    expect(r.stdout).toMatch(/edit_distance across the jump: cannot judge: 1 model in the rise window/);
  });
});

describe("the command in the shared vocabulary", () => {
  it("its lazy-table usage and summary are the built command's own, with -o/--out and --json as everywhere", async () => {
    const entry = COMMANDS.find((c) => c.name === "emergence")!;
    const built = (await program(["emergence"])).commands.find((c) => c.name() === "emergence")!;
    expect(built.description()).toBe(entry.summary);
    expect(entry.usage).toBe("[options] [file]");
    const opt = (long: string) => built.options.find((o) => o.long === long);
    expect(opt("--out")?.flags).toBe("-o, --out <file>");
    expect(opt("--output")?.hidden).toBe(true);
    expect(opt("--json")?.description).toBe("print one JSON document on stdout");
  });
  it("an unknown option exits 2", async () => {
    const r = await scalecast(["emergence", "--no-such-option"]);
    expect(r.status).toBe(EXIT.options);
  });
});
