// `scalecast fit` on Hoffmann et al. 2022's 245 runs as extracted by Besiroglu et al. 2024:
// the CLI must reproduce the published refit. Reference numbers: shared/data/README.md.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FitDocument } from "../../src/core/fit/fitDocument.js";
import { sharedFile } from "../support/sharedData.js";
import { ensureBuilt, ROOT, sansArgv, scalecast, scalecastJson, type CliResult } from "./run.js";

/** Relative to the repository root, where every command runs (CI has shared/ beside the checkout). */
const FILE = "../shared/data/chinchilla-epoch/svg_extracted_data.csv";
const haveData = sharedFile("chinchilla-epoch/svg_extracted_data.csv") !== null;
if (!haveData) console.warn(`test/cli/fitChinchilla: skipped, ${FILE} not found next to the checkout (see shared/data/README.md)`);

/** Besiroglu et al. 2024's recipe: drop the 5 highest-loss rows, 240 remain. */
const RECIPE = [FILE, "--exclude-highest-loss", "5"];

const relErr = (got: number, want: number) => Math.abs(got / want - 1);

beforeAll(ensureBuilt);

describe.skipIf(!haveData)("fit on the Chinchilla data (Besiroglu et al. 2024)", () => {
  let doc: FitDocument;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scalecast-cli-chinchilla-"));
    doc = await scalecastJson(["fit", ...RECIPE]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fit FILE --exclude-highest-loss 5 --json uses 240 of 245 rows and lists the 5 dropped", () => {
    expect(doc.data.rowsRead).toBe(245);
    expect(doc.data.n).toBe(240);
    expect(doc.data.source).toBe(FILE);
    expect(doc.data.excludeHighestLoss).toBe(5);
    expect(doc.data.excluded).toHaveLength(5);
    for (const e of doc.data.excluded) expect(e.reason).toContain("--exclude-highest-loss 5");
    // Independently of the CLI's parser: the lines of the 5 largest values of the last column
    // ("loss"; the file has no quoted fields), with their values as written.
    const lines = readFileSync(join(ROOT, FILE), "utf8").trimEnd().split("\n");
    expect(lines[0].split(",").at(-1)).toBe("loss");
    const top5 = lines
      .slice(1)
      .map((l, i) => ({ line: i + 2, value: l.split(",").at(-1)! }))
      .sort((p, q) => Number(q.value) - Number(p.value))
      .slice(0, 5)
      .sort((p, q) => p.line - q.line);
    expect(top5.map((t) => t.line)).toEqual([2, 3, 4, 5, 6]);
    expect(doc.data.excluded.map((e) => ({ line: e.line, value: e.value }))).toEqual(top5);
  });

  it("fit FILE --exclude-highest-loss 5 --json reproduces the summed-Huber optimum", () => {
    // Besiroglu et al. 2024 grid fit (Epoch notebook; shared/data/README.md): objective 0.00101827403,
    // E 1.8172, α 0.34731, β 0.36716. The objective must not be worse (≤ the published value + 1e-10),
    // E, α, β to 1e-4; A, B to 1% because the surface is flat along A–B (README: "may differ in the 3rd digit").
    expect(doc.objective.value).toBeLessThanOrEqual(0.0010182741);
    expect(Math.abs(doc.params.E - 1.81722)).toBeLessThanOrEqual(1e-4);
    expect(Math.abs(doc.params.alpha - 0.34731)).toBeLessThanOrEqual(1e-4);
    expect(Math.abs(doc.params.beta - 0.36716)).toBeLessThanOrEqual(1e-4);
    expect(relErr(doc.params.A, 477.8)).toBeLessThanOrEqual(0.01);
    expect(relErr(doc.params.B, 2143)).toBeLessThanOrEqual(0.01);
    expect(doc.optimizer.converged).toBe(true);
    // Hampel's test flags 5 of the 240 points, each > 5 robust SDs and > 2% from the fit (measured; Huber δ = 1e-3 already limits their pull)
    expect(doc.warnings.map((w) => [w.code, w.where?.line])).toEqual([["outlier", 7], ["outlier", 12], ["outlier", 13], ["outlier", 61], ["outlier", 246]]);
    expect(doc.data.simulated).toBe(false);
  });

  it("fit FILE --objective huber-likelihood reproduces the paper's headline fit", async () => {
    // Besiroglu et al. 2024, Huber likelihood with free scale (shared/data/README.md): E 1.81686, A 482.006,
    // B 2085.43, α 0.34781, β 0.36585, ln s = −12.2666, NLL −879.7731. A to ±0.5 and B to ±5 (flat A–B
    // direction), E, α, β to 1e-4, the NLL to 1e-3 (it is a sum over 240 points).
    const lik = await scalecastJson(["fit", ...RECIPE, "--objective", "huber-likelihood"]);
    expect(lik.objective.id).toBe("huber-likelihood");
    expect(Math.abs(lik.params.A - 482.0)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(lik.params.B - 2085)).toBeLessThanOrEqual(5);
    expect(Math.abs(lik.params.E - 1.8169)).toBeLessThanOrEqual(1e-4);
    expect(Math.abs(lik.params.alpha - 0.3478)).toBeLessThanOrEqual(1e-4);
    expect(Math.abs(lik.params.beta - 0.3659)).toBeLessThanOrEqual(1e-4);
    // params.logScale is ln s (Besiroglu et al.'s sigma: s = e^sigma), not the scale itself.
    expect(Math.abs(lik.params.logScale - -12.2666)).toBeLessThanOrEqual(1e-3);
    expect(Math.abs(lik.objective.value - -879.7731)).toBeLessThanOrEqual(1e-3);
    // Compute-optimal split at Gopher's 5.76e23 FLOPs, Epoch values N* ≈ 72.3 B, D* ≈ 1.33 T (1%).
    expect(lik.allocation!.flops).toBe(5.76e23);
    expect(relErr(lik.allocation!.params, 72.3e9)).toBeLessThanOrEqual(0.01);
    expect(relErr(lik.allocation!.tokens, 1.33e12)).toBeLessThanOrEqual(0.01);
    // a = β/(α+β) = 0.513 (README).
    expect(Math.abs(lik.derived.a - 0.513)).toBeLessThanOrEqual(1e-3);
  });

  it("fit FILE --json --out FILE writes the same document as --json prints", async () => {
    const out = join(dir, "fit.json");
    const r = await scalecast(["fit", ...RECIPE, "--json", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(r.stdout);
    expect(sansArgv(r.stdout)).toEqual(sansArgv(JSON.stringify(doc)));
  });
});

describe.skipIf(!haveData)("fit --bootstrap on the Chinchilla data", () => {
  const BOOT = ["fit", ...RECIPE, "--bootstrap", "200", "--seed", "7", "--json"];
  let twoA: CliResult, twoB: CliResult, one: CliResult;
  let docA: FitDocument;
  beforeAll(async () => {
    twoA = await scalecast([...BOOT, "--threads", "2"]);
    twoB = await scalecast([...BOOT, "--threads", "2"]);
    one = await scalecast([...BOOT, "--threads", "1"]);
    for (const r of [twoA, twoB, one]) expect(r.status, r.stderr).toBe(0);
    docA = JSON.parse(twoA.stdout) as FitDocument;
  });

  it("fit FILE --bootstrap 200 --seed 7 --json reports its settings and intervals", () => {
    const bs = docA.bootstrap!;
    expect(bs.resamples).toBe(200);
    expect(bs.seed).toBe(7);
    expect(bs.threads).toBe(2); // 200 resamples use every thread (src/node/parallel.ts: one thread below 200)
    expect(bs.nonFinite).toEqual({});
    expect(bs.se.alpha).toBeGreaterThan(0);
    const [low, high] = bs.ci95.alpha;
    expect(low).toBeLessThan(docA.params.alpha);
    expect(docA.params.alpha).toBeLessThan(high);
    // Besiroglu et al. 2024, 4,000 resamples (README): SE α 0.0154, 95% CI α (0.317, 0.373).
    // With 200 resamples the SE carries ≈ 1/√(2·200) = 5% Monte Carlo error and a 2.5% quantile
    // about ±0.005; allow 25% on the SE and 0.01 on the interval ends (deterministic for seed 7).
    expect(relErr(bs.se.alpha, 0.0154)).toBeLessThanOrEqual(0.25);
    expect(Math.abs(low - 0.317)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(high - 0.373)).toBeLessThanOrEqual(0.01);
  });

  it("fit FILE --bootstrap 200 --seed 7 is byte-identical when run twice", () => {
    const docB = JSON.parse(twoB.stdout) as FitDocument;
    expect(JSON.stringify(docB.bootstrap)).toBe(JSON.stringify(docA.bootstrap));
    expect(twoB.stdout).toBe(twoA.stdout);
  });

  it("fit FILE --bootstrap 200 --seed 7 gives the same numbers with --threads 1 and --threads 2", () => {
    // Resample b draws from a generator seeded by (seed, b) only (src/core/fit/bootstrap.ts).
    const { threads: t1, ...single } = (JSON.parse(one.stdout) as FitDocument).bootstrap!;
    const { threads: t2, ...double } = docA.bootstrap!;
    expect([t1, t2]).toEqual([1, 2]);
    expect(single).toEqual(double);
  });
});
