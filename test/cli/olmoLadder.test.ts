// Issue 16, item 3 (acceptance "Two-step on the ladder"): the two-step method with task loss (Bhagia et al. 2024,
// arXiv:2412.04403; Llama Team 2024 §3.2.1) on the OLMo 2 model ladder in ../shared/data/olmo-ladder:
//   step 1: (N, D) → HellaSwag bits per byte (hellaswag_rc_5shot_bpb), a Chinchilla law on each run's final checkpoint;
//   step 2: bpb → accuracy (hellaswag_rc_5shot_len_norm), a sigmoid on every checkpoint, whole runs resampled;
// both fitted on the 190M–760M rungs (16 runs) and chained (`predict --loss-fit`) to the four held-out 1B rungs.
// N from ladder.json (the 7b_full.json config's counts); D = throughput/total_tokens. The figures below are the ones
// docs/methods.md reports ("The two-step method on the OLMo 2 ladder"); this test recomputes them, so the docs cannot drift.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedFile } from "../support/sharedData.js";
import { scalecast } from "./run.js";

const LADDER = sharedFile("olmo-ladder/ladder.json");
const BPB = "eval/downstream_bpb/hellaswag_rc_5shot_bpb_bpb", ACC = "eval/downstream/hellaswag_rc_5shot_len_norm";

/** One row per checkpoint: run, N, D, bpb, acc (the source cells unchanged). */
function ladderRows(): Array<{ run: string; N: number; D: string; bpb: string; acc: string; last: boolean }> {
  const files = (JSON.parse(readFileSync(LADDER!, "utf8")) as { files: Record<string, { n: number }> }).files;
  return Object.entries(files).flatMap(([file, meta]) => {
    const lines = readFileSync(join(LADDER!, "..", file), "utf8").trim().split(/\r?\n/);
    const head = lines[0].split(","), at = (name: string) => head.indexOf(name);
    const [d, b, a] = [at("throughput/total_tokens"), at(BPB), at(ACC)];
    expect(Math.min(d, b, a), file).toBeGreaterThanOrEqual(0);
    return lines.slice(1).map((l, i, all) => { const c = l.split(","); return { run: file.replace(/\.csv$/, ""), N: meta.n, D: c[d], bpb: c[b], acc: c[a], last: i === all.length - 1 }; });
  });
}

describe.skipIf(!LADDER)("the two-step method on the OLMo 2 ladder (fit 190M–760M, predict 1B)", () => {
  let dir: string;
  const predicted: Record<string, { acc: number; pred: number; ci: [number, number]; bpb: number; predBpb: number }> = {};
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scalecast-ladder-"));
    const rows = ladderRows(), train = rows.filter((r) => !r.run.startsWith("1B-"));
    const csv = (rs: typeof rows) => ["run,N,D,bpb,acc", ...rs.map((r) => `${r.run},${r.N},${r.D},${r.bpb},${r.acc}`)].join("\n") + "\n";
    writeFileSync(join(dir, "final.csv"), csv(train.filter((r) => r.last)));
    writeFileSync(join(dir, "all.csv"), csv(train));
    const step1 = await scalecast(["fit", join(dir, "final.csv"), "--loss-col", "bpb", "--bootstrap", "500", "--out", join(dir, "bpb.json")]);
    expect(step1.status, step1.stderr).toBe(0);
    // all 4,500 grid starts ran (the screened survey never stopped early), so the fragile optimum gets no "(try --exhaustive)"
    expect(step1.stdout).toMatch(/4500 of 4500 starts run/);
    expect(step1.stdout).toMatch(/\[fragile-optimum\]/);
    expect(step1.stdout).not.toMatch(/try --exhaustive/);
    const step2 = await scalecast(["fit", join(dir, "all.csv"), "--law", "downstream-sigmoid", "--metric-col", "acc", "--loss-col", "bpb", "--run-col", "run", "--bootstrap", "500", "--bootstrap-unit", "run", "--out", join(dir, "acc.json")]);
    expect(step2.status, step2.stderr).toBe(0);
    for (const r of rows.filter((x) => x.run.startsWith("1B-") && x.last)) {
      const p = await scalecast(["predict", join(dir, "acc.json"), "--loss-fit", join(dir, "bpb.json"), "--at", `params=${r.N},tokens=${r.D}`, "--json"]);
      expect(p.status, p.stderr).toBe(0);
      const pt = JSON.parse(p.stdout).points[0];
      predicted[r.run] = { acc: Number(r.acc), pred: pt.predicted, ci: pt.chain.ci95.metric, bpb: Number(r.bpb), predBpb: pt.chain.loss };
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the four 1B rungs: predicted final accuracy within 0.025 of the actual, and the figures docs/methods.md prints (±0.0005)", () => {
    // docs/methods.md, measured 2026-12-02 (seed 42, 500 resamples each): rung, actual, predicted, 95% interval
    const DOCS: Record<string, [number, number, number, number]> = {
      "1B-1xC": [0.488, 0.5078, 0.4749, 0.5271],
      "1B-2xC": [0.553, 0.5529, 0.5172, 0.5676],
      "1B-5xC": [0.61, 0.6078, 0.5638, 0.6292],
      "1B-10xC": [0.651, 0.6447, 0.5887, 0.6938],
    };
    expect(Object.keys(predicted).sort()).toEqual(Object.keys(DOCS).sort());
    for (const [run, [actual, pred, lo, hi]] of Object.entries(DOCS)) {
      const p = predicted[run];
      expect(p.acc).toBeCloseTo(actual, 4);
      expect(Math.abs(p.pred - p.acc)).toBeLessThan(0.025);
      expect(Math.abs(p.pred - pred)).toBeLessThan(5e-4);
      expect(Math.abs(p.ci[0] - lo)).toBeLessThan(5e-4);
      expect(Math.abs(p.ci[1] - hi)).toBeLessThan(5e-4);
    }
  });

  it("every 1B rung's actual accuracy lies in its 95% chained interval (4 of 4), and step 1 predicts bpb within 0.006", () => {
    for (const p of Object.values(predicted)) {
      expect(p.acc).toBeGreaterThanOrEqual(p.ci[0]);
      expect(p.acc).toBeLessThanOrEqual(p.ci[1]);
      expect(Math.abs(p.predBpb - p.bpb)).toBeLessThan(0.006);
    }
  });
});
