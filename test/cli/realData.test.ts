// Real runs, right answers: the run table follows the law (no dummy columns), a stated
// budget groups IsoFLOP runs, --best-of picks one run per configuration, groups are
// not pooled silently, and every refusal and warning carries its code.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedFile } from "../support/sharedData.js";
import { ensureBuilt, scalecast, scalecastJson } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-cli-real-"));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
beforeAll(() => ensureBuilt());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Doc {
  params: Record<string, number>;
  warnings: Array<{ code: string; message: string }>;
  data: { n: number; excluded: Array<{ line: number; code?: string; reason: string }>; notes: string[]; columns: Record<string, string> };
}
const json = async (args: string[]) => await scalecastJson(args) as unknown as Doc;
const codes = (d: { warnings: Array<{ code: string }> }) => d.warnings.map((w) => w.code);

describe("the run table follows the law: a table needs exactly the columns the law reads", () => {
  it("fit --law power --x flops on a table of flops and loss alone recovers L = 2 + 1000·C^−0.15 (noise-free; |Δ| ≤ 1e-6 relative)", async () => {
    const rows = [1e18, 3e18, 1e19, 3e19, 1e20, 3e20, 1e21, 3e21, 1e22].map((c) => `${c},${2 + 1000 * c ** -0.15}`);
    const doc = await json(["fit", file("flops-loss.csv", ["flops,loss", ...rows].join("\n") + "\n"), "--law", "power", "--x", "flops"]);
    expect(doc.data.columns).toEqual({ flops: "flops", loss: "loss" });
    expect(Math.abs(doc.params.alpha / 0.15 - 1)).toBeLessThan(1e-6);
    expect(Math.abs(doc.params.E / 2 - 1)).toBeLessThan(1e-6);
    expect(Math.abs(doc.params.A / 1000 - 1)).toBeLessThan(1e-5);
    expect(doc.data.notes).toContain('parameter convention "total": assumed (no params column; the law does not read N)');
  });

  it("fit --law downstream-exp on a table of loss and error alone recovers Err = 0.9 − 3·e^(−0.8 L) (noise-free; 1e-5 relative)", async () => {
    // Gadre et al. 2024's form; the values are ours, chosen inside the law's bounds
    const rows = [2.2, 2.4, 2.6, 2.8, 3.0, 3.3, 3.6, 4.0].map((l) => `${l},${0.9 - 3 * Math.exp(-0.8 * l)}`);
    const doc = await json(["fit", file("loss-error.csv", ["loss,error", ...rows].join("\n") + "\n"), "--law", "downstream-exp"]);
    expect(doc.data.columns).toEqual({ loss: "loss", metric: "error" });
    expect(Math.abs(doc.params.epsilon / 0.9 - 1)).toBeLessThan(1e-5);
    expect(Math.abs(doc.params.k / 3 - 1)).toBeLessThan(1e-5);
    expect(Math.abs(doc.params.gamma / 0.8 - 1)).toBeLessThan(1e-5);
  });

  it("fit --law chinchilla on a table of flops and loss refuses, naming what the law reads and the missing columns", async () => {
    const r = await scalecast(["fit", file("only-flops.csv", "flops,loss\n1e20,3\n1e21,2.8\n"), "--law", "chinchilla"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/the law reads params \(N\) and tokens \(D\); no column for params and tokens, and it cannot be derived from C = k·N·D with only flops \("flops"\)/);
  });

  it("a W&B-style header with '/' is matched by alias (eval/loss → loss is not an alias, throughput/total_tokens → tokens is)", async () => {
    const rows = [[1e8, 2e9, 3.2], [1e8, 8e9, 3.0], [4e8, 8e9, 2.8], [4e8, 3.2e10, 2.6], [1.6e9, 3.2e10, 2.45], [1.6e9, 1.28e11, 2.3]];
    const text = ["model/n_params,throughput/total_tokens,eval/c4_en-validation/CrossEntropyLoss", ...rows.map((r) => r.join(","))].join("\n") + "\n";
    const doc = await json(["fit", file("wandb-names.csv", text), "--loss-col", "eval/c4_en-validation/crossentropyloss", "--law", "power", "--x", "tokens"]);
    expect(doc.data.columns).toEqual({ params: "model/n_params", tokens: "throughput/total_tokens", loss: "eval/c4_en-validation/CrossEntropyLoss" });
  });
});

const LLAMA3 = sharedFile("llama3-isoflops/isoflops_points.csv");
describe.skipIf(!LLAMA3)("isoflop with a stated budget (Llama 3 points, implied N perturbed by up to ±35%)", () => {
  // The fixture is made here from ../shared/data (not committed): N = C/(6D) · (1 + 0.35·sin(1.7 i)), so 6ND
  // differs from the stated budget by up to 35%, as real sweeps' runs do.
  let withBudget = "", withoutBudget = "";
  beforeAll(() => {
    const lines = readFileSync(LLAMA3!, "utf8").trim().split(/\r?\n/).slice(1).map((l) => l.split(","));
    const rows = lines.map(([c, d, loss], i) => ({ c: Number(c), d: Number(d), n: (Number(c) / (6 * Number(d))) * (1 + 0.35 * Math.sin(1.7 * i)), loss }));
    withBudget = file("llama3-budget.csv", ["budget,params,tokens,loss", ...rows.map((r) => `${r.c},${r.n},${r.d},${r.loss}`)].join("\n") + "\n");
    withoutBudget = file("llama3-nobudget.csv", ["params,tokens,loss", ...rows.map((r) => `${r.n},${r.d},${r.loss}`)].join("\n") + "\n");
  });

  it("groups by the stated budget and gives the exponent of the exact budgets (|Δ| ≤ 1e-12), with budget-mismatch naming the 35% spread", async () => {
    const exact = await scalecastJson(["isoflop", LLAMA3!]) as unknown as { powerLaws: { tokens: { exponent: number } } };
    const r = await scalecastJson(["isoflop", withBudget]) as unknown as { groupedBy: string; budgetSpread: number; budgets: unknown[]; powerLaws: { tokens: { exponent: number } }; warnings: Array<{ code: string; message: string }> };
    expect(r.groupedBy).toBe("stated budget");
    expect(r.budgets).toHaveLength(10);
    expect(Math.abs(r.powerLaws.tokens.exponent - exact.powerLaws.tokens.exponent)).toBeLessThan(1e-12);
    expect(Math.abs(r.powerLaws.tokens.exponent - 0.537)).toBeLessThan(0.01); // shared/data/README.md
    expect(r.budgetSpread).toBeGreaterThan(0.34);
    expect(r.budgetSpread).toBeLessThanOrEqual(0.35);
    expect(r.warnings.find((w) => w.code === "budget-mismatch")?.message).toMatch(/up to 35\.0%/);
  });

  it("without the budget column groups by 6ND and says so (budget-from-6nd); budget-mismatch does not apply", async () => {
    const r = await scalecastJson(["isoflop", withoutBudget]) as unknown as { groupedBy: string; notes: Array<{ code: string }>; warnings: Array<{ code: string }>; powerLaws: { tokens: { exponent: number } } };
    expect(r.groupedBy).toBe("flops");
    expect(r.notes.map((n) => n.code)).toEqual(["budget-from-6nd"]);
    expect(codes(r)).not.toContain("budget-mismatch");
    expect(Math.abs(r.powerLaws.tokens.exponent - 0.537)).toBeGreaterThan(0.02); // regrouping by 6ND moves the exponent: why the budget matters
  });

  it("the exact Llama 3 budgets draw neither budget-mismatch nor budget-from-6nd", async () => {
    const r = await scalecastJson(["isoflop", LLAMA3!]) as unknown as { notes: Array<{ code: string }>; warnings: Array<{ code: string }> };
    expect(r.notes).toEqual([]);
    expect(codes(r)).not.toContain("budget-mismatch");
  });

  it("--at 3.8e25 states the extrapolation factor (3,800×) and warns past 100×; --at 5e23 (50×) does not warn", async () => {
    const far = await scalecastJson(["isoflop", LLAMA3!, "--at", "3.8e25"]) as unknown as { allocation: { extrapolationFactor: number }; warnings: Array<{ code: string }> };
    expect(far.allocation.extrapolationFactor).toBeCloseTo(3800, 6);
    expect(codes(far)).toContain("extrapolation");
    const near = await scalecastJson(["isoflop", LLAMA3!, "--at", "5e23"]) as unknown as { allocation: { extrapolationFactor: number }; warnings: Array<{ code: string }> };
    expect(near.allocation.extrapolationFactor).toBeCloseTo(50, 6);
    expect(codes(near)).not.toContain("extrapolation");
  });
});

const STEPLAW = sharedFile("steplaw/dense_lr_bs_loss.csv");
describe.skipIf(!STEPLAW)("StepLaw's learning-rate × batch grid (../shared/data/steplaw)", () => {
  it("fit --best-of lr,bs keeps exactly the lowest-loss run per (N, D) and lists every other as not-best-of-config", async () => {
    const doc = await json(["fit", STEPLAW!, "--best-of", "lr,bs"]);
    // independent reading of the file: per (N, D), the row of lowest `loss` (shared/data/README.md's table)
    const text = readFileSync(STEPLAW!, "utf8").split(/\r?\n/);
    const header = text[0].split(",");
    const col = (name: string) => header.indexOf(name);
    const best = new Map<string, { line: number; loss: number }>();
    let withLoss = 0;
    text.slice(1).forEach((l, i) => {
      const f = l.split(",");
      if (f.length < header.length || f[col("loss")] === "") return;
      withLoss++;
      const key = `${f[col("N")]} ${f[col("D")]}`, loss = Number(f[col("loss")]);
      const b = best.get(key);
      if (!b || loss < b.loss) best.set(key, { line: i + 2, loss });
    });
    expect(best.size).toBe(17); // 18 (N, D) groups; the 1e13 group has no `loss` values
    expect(doc.data.n).toBe(17);
    const dropped = doc.data.excluded.filter((e) => e.code === "not-best-of-config");
    expect(dropped).toHaveLength(withLoss - 17);
    const kept = new Set([...best.values()].map((b) => b.line));
    for (const e of dropped) expect(kept.has(e.line)).toBe(false);
    expect(doc.data.excluded.filter((e) => e.code === undefined && e.reason === "empty cell")).toHaveLength(117);
    expect(best.get("214663680 4000000000")?.loss).toBe(2.596925); // README: best by loss at (214,663,680, 4B)
    expect(codes(doc)).not.toContain("several-runs-per-config");
  });

  it("the same fit without --best-of warns several-runs-per-config, naming an example and the lr and bs columns", async () => {
    const doc = await json(["fit", STEPLAW!, "--method", "varpro"]); // varpro: the warning, not the optimum, is under test
    const w = doc.warnings.find((x) => x.code === "several-runs-per-config");
    expect(w?.message).toMatch(/17 configurations of params, tokens have several runs .* --best-of \(the table has "lr", "bs"\)/);
  });

  it("--where filters rows before selection: params<3e8 keeps the two smallest sizes (8 groups)", async () => {
    const doc = await json(["fit", STEPLAW!, "--best-of", "lr,bs", "--where", "params<3e8", "--law", "power", "--x", "tokens"]);
    expect(doc.data.n).toBe(8);
    // rows with N ≥ 3e8 and a loss value (the 117 without one are excluded earlier, as empty cells): 1,075 − 117
    expect(doc.data.excluded.filter((e) => e.code === "where")).toHaveLength(958);
    expect(doc.data.excluded.find((e) => e.code === "where")?.reason).toBe("does not satisfy --where params<3e8");
  });
});

describe("groups are never pooled silently", () => {
  // two families with different laws: pooling them is wrong
  const rows = ["family,N,D,loss"];
  for (const [fam, E] of [["a", 1.8], ["b", 2.3]] as const) {
    for (const n of [1e8, 3e8, 1e9]) for (const d of [2e9, 8e9, 3.2e10]) rows.push(`${fam},${n},${d},${E + 400 / n ** 0.34 + 410 / d ** 0.28}`);
  }
  const families = () => file("two-families.csv", rows.join("\n") + "\n");

  it("fit refuses two groups with exit 1 and, with --json, prints {error: {code: groups-pooled}}", async () => {
    const r = await scalecast(["fit", families(), "--json"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/2 groups in column "family" \("a", "b"\) would be pooled into one fit; give --group-col family .* \[groups-pooled\]/);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: "groups-pooled", where: { column: "family" } });
  });

  it("--where family=a fits one group and draws no groups-pooled; --pool-groups pools with the warning", async () => {
    const one = await json(["fit", families(), "--where", "family=a", "--law", "power", "--x", "params"]);
    expect(one.data.n).toBe(9);
    expect(codes(one)).not.toContain("groups-pooled");
    const pooled = await json(["fit", families(), "--pool-groups", "--law", "power", "--x", "params"]);
    expect(codes(pooled)).toContain("groups-pooled");
  });

  it("--group-col family gives one fit per group, each on its own 9 runs, each recovering its own E (1.8, 2.3; |Δ| ≤ 1e-3)", async () => {
    const r = await scalecastJson(["fit", families(), "--group-col", "family"]) as unknown as { groupBy: string; groups: Array<{ group: string; data: { n: number }; params: Record<string, number> }> };
    expect(r.groupBy).toBe("family");
    expect(r.groups.map((g) => [g.group, g.data.n])).toEqual([["a", 9], ["b", 9]]);
    // noise-free Hoffmann-form data per family (E = 1.8 and 2.3; A = 400, α = 0.34; B = 410, β = 0.28): each fit recovers its own E
    expect(Math.abs(r.groups[0].params.E - 1.8)).toBeLessThan(1e-3);
    expect(Math.abs(r.groups[1].params.E - 2.3)).toBeLessThan(1e-3);
  });

  it("isoflop refuses the same file (exit 1, groups-pooled)", async () => {
    const r = await scalecast(["isoflop", families()]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\[groups-pooled\]/);
  });
});

const OLMO = sharedFile("olmo-ladder/ladder.json");
describe.skipIf(!OLMO)("the OLMo 2 ladder folder (../shared/data/olmo-ladder), read as it is", () => {
  const folder = OLMO ? OLMO.replace(/ladder\.json$/, "") : "";
  const target = "eval/downstream_bpb/hellaswag_rc_5shot_bpb_bpb";
  const ladder = OLMO ? (JSON.parse(readFileSync(OLMO, "utf8")) as { files: Record<string, { n: number; final_tokens: number }> }).files : {};

  it("fit --last-checkpoint keeps each file's final row: N from ladder.json, tokens and the bpb target as printed in the source", async () => {
    const doc = await scalecastJson(["fit", folder, "--last-checkpoint", "--loss-col", target, "--method", "varpro"]) as unknown as Doc & {
      data: { parts: Array<{ file: string; firstLine: number; lastLine: number }> };
    };
    expect(doc.data.n).toBe(20);
    expect(doc.data.columns).toMatchObject({ params: "n", tokens: "throughput/total_tokens", loss: target, run: "run" });
    expect(doc.data.notes).toContain("run metadata from ladder.json (found in the folder: its keys name the run files)");
    expect(doc.data.excluded.filter((e) => e.code === "not-last-checkpoint")).toHaveLength(2880 - 20);
    expect(doc.data.parts.map((p) => p.file)).toEqual(Object.keys(ladder).sort());
    expect(codes(doc)).not.toContain("checkpoints-as-runs");
  });

  it("plot reads the folder with the same selection; each file's last row is README's final row (190M-1xC: 3,812,622,336 tokens, 0.9703 bpb; 1B-10xC: 255,895,535,616, 0.7545)", async () => {
    const r = await scalecast(["plot", folder, "--last-checkpoint", "--loss-col", target, "--method", "varpro", "--figure", "residuals", "-o", join(dir, "olmo.svg")]);
    expect(r.status, r.stderr).toBe(0);
    for (const [name, tokens, bpb] of [["190M-1xC.csv", 3_812_622_336, "0.9703"], ["1B-10xC.csv", 255_895_535_616, "0.7545"]] as const) {
      const text = readFileSync(join(folder, name), "utf8").trim().split(/\r?\n/);
      const header = text[0].split(","), last = text[text.length - 1].split(",");
      expect(Number(last[header.indexOf("throughput/total_tokens")])).toBe(tokens);
      expect(ladder[name].final_tokens).toBe(tokens);
      expect(Number(last[header.indexOf(target)]).toFixed(4)).toBe(bpb);
    }
  });

  it("fit without --last-checkpoint warns checkpoints-as-runs, naming a run", async () => {
    const doc = await json(["fit", folder, "--loss-col", target, "--law", "power", "--x", "tokens"]);
    expect(doc.warnings.find((w) => w.code === "checkpoints-as-runs")?.message).toMatch(/20 run ids in column "run" have several rows \(e\.g\. "190M-10xC": 183 rows\)/);
  });

  it("envelope runs over every checkpoint of every file (2,880 rows, 20 runs, N from ladder.json) without hand cleaning", async () => {
    const doc = await scalecastJson(["envelope", folder, "--loss-col", target]) as unknown as {
      data: { rowsRead: number; checkpoints: number; runs: number }; runs: Array<{ run: string; params: number; checkpoints: number }>; warnings: Array<{ code: string }>;
    };
    expect(doc.data.rowsRead).toBe(2880);
    expect(doc.data.checkpoints).toBe(2880);
    expect(doc.data.runs).toBe(20);
    for (const r of doc.runs) expect(r.params).toBe(ladder[`${r.run}.csv`].n);
    expect(doc.runs.find((r) => r.run === "190M-1xC")?.checkpoints).toBe(19); // rows_kept in ladder.json
    expect(codes(doc)).not.toContain("checkpoints-as-runs");
  });
});

describe("every plan from a fit states its extrapolation factor", () => {
  // noise-free Hoffmann-form runs up to C = 6·1e9·3.2e10 = 1.92e20 FLOPs
  const rows = ["N,D,loss"];
  for (const n of [1e8, 3e8, 1e9]) for (const d of [2e9, 8e9, 3.2e10]) rows.push(`${n},${d},${1.8 + 400 / n ** 0.34 + 410 / d ** 0.28}`);
  const fitFile = async () => {
    const out = join(dir, "plan-fit.json");
    const r = await scalecast(["fit", file("plan-runs.csv", rows.join("\n") + "\n"), "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    return out;
  };

  it("plan --fit at 1e25 FLOPs: factor 1e25 / 1.92e20 ≈ 52,083 and the extrapolation note; at 1e21 (≈ 5.2×) no warning", async () => {
    const f = await fitFile();
    const far = JSON.parse((await scalecast(["plan", "--fit", f, "--compute", "1e25", "--json"])).stdout) as { allocation: { extrapolationFactor: number }; notes: string[] };
    expect(Math.abs(far.allocation.extrapolationFactor / (1e25 / 1.92e20) - 1)).toBeLessThan(1e-12);
    expect(far.notes.join("\n")).toMatch(/\[extrapolation\]/);
    const near = JSON.parse((await scalecast(["plan", "--fit", f, "--compute", "1e21", "--json"])).stdout) as { allocation: { extrapolationFactor: number }; notes: string[] };
    expect(near.allocation.extrapolationFactor).toBeCloseTo(1e21 / 1.92e20, 9);
    expect(near.notes.join("\n")).not.toMatch(/\[extrapolation\]/);
  });
});

describe("every refusal carries a code, in --json as {error: {code, message, where}}", () => {
  it.each([
    [["fit", "FLOPS_ONLY", "--law", "chinchilla"], "missing-column"],
    [["fit", "FLOPS_ONLY", "--law", "power", "--x", "flops", "--where", "flops>1e30"], "too-few-points"],
    [["fit", "FLOPS_ONLY", "--law", "power", "--x", "flops", "--where", "bogus=1"], "missing-column"],
    [["fit", "/nonexistent/runs.csv"], "unreadable-input"],
  ])("scalecast %j exits 1 with code %s", async (args, code) => {
    const path = file("flops-only.csv", "flops,loss\n1e18,3.2\n1e19,2.9\n1e20,2.7\n1e21,2.55\n");
    const r = await scalecast([...args.map((a) => (a === "FLOPS_ONLY" ? path : a)), "--json"]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe(code);
    expect(r.stderr.trim().endsWith(`[${code}]`)).toBe(true);
  });
});

describe("review cases: no silent change from one bad cell", () => {
  it("an empty budget cell that C (and so D) would come from excludes that row, listed, instead of crashing", async () => {
    const rows = ["params,budget,loss"];
    for (const [n, c] of [[1e8, 1e19], [3e8, 1e19], [1e9, 1e19], [1e8, 1e20], [3e8, 1e20], [1e9, 1e20], [3e9, 1e20]]) rows.push(`${n},${c},${1.8 + 400 / n ** 0.34 + 410 / (c / (6 * n)) ** 0.28}`);
    rows.push("1e9,,2.5");
    const doc = await json(["fit", file("pb.csv", rows.join("\n") + "\n"), "--law", "power", "--x", "tokens"]);
    expect(doc.data.n).toBe(7);
    expect(doc.data.excluded).toEqual([expect.objectContaining({ line: 9, column: "budget", reason: "empty cell" })]);
  });

  it("isoflop: an empty budget cell excludes its row and the runs stay grouped by the stated budget", async () => {
    const rows = ["budget,params,tokens,loss"];
    for (const c of [1e18, 1e19, 1e20, 1e21]) {
      for (let k = -3; k <= 3; k++) {
        const n = (c / 6) ** 0.5 * 10 ** (k / 4), d = c / (6 * n) * (1 + 0.3 * Math.sin(7 * k + c));
        rows.push(`${c},${n},${d},${1.7 + 400 / n ** 0.3 + 400 / d ** 0.3}`);
      }
    }
    rows[8] = rows[8].replace(/^[^,]*/, "");
    const r = await scalecastJson(["isoflop", file("iso-empty.csv", rows.join("\n") + "\n")]) as unknown as { groupedBy: string; data: { excluded: Array<{ line: number; column?: string }> }; notes: Array<{ code: string }> };
    expect(r.groupedBy).toBe("stated budget");
    expect(r.data.excluded).toEqual([expect.objectContaining({ line: 9, column: "budget" })]);
    expect(r.notes).toEqual([]);
  });

  it("--last-checkpoint lists rows without a run id (no-run-id) instead of treating them as one run", async () => {
    const text = ["run,N,step,tokens,loss", "a,1e8,1,1e9,3.2", "a,1e8,2,2e9,3.0", ",2e8,1,1e9,3.1", ",4e8,2,2e9,2.8", "b,8e8,1,4e9,2.7", "b,8e8,2,8e9,2.6", "c,1.6e9,2,1.6e10,2.4"].join("\n");
    const doc = await json(["fit", file("lc.csv", text + "\n"), "--last-checkpoint", "--law", "power", "--x", "params"]);
    expect(doc.data.excluded.filter((e) => e.code === "no-run-id").map((e) => e.line)).toEqual([4, 5]);
    expect(doc.data.n).toBe(3);
  });

  it("with N and D read, C is 6ND, not the stated budget", async () => {
    const rows = ["params,tokens,budget,loss"];
    for (const [n, d] of [[1e8, 2e9], [3e8, 6e9], [1e9, 2e10], [3e9, 6e10], [1e10, 2e11]]) rows.push(`${n},${d},${6 * n * d * 1.3},${1.8 + 2000 * (6 * n * d) ** -0.1}`);
    const doc = await json(["fit", file("ndb.csv", rows.join("\n") + "\n"), "--law", "power", "--x", "flops"]);
    // the law is exact in 6ND; C read from the budget (1.3 × 6ND) would shift A by 1.3^0.1, so A = 2000 shows C = 6ND
    expect(Math.abs(doc.params.A / 2000 - 1)).toBeLessThan(1e-4);
    expect(doc.data.notes.join("\n")).not.toMatch(/taken from the stated budget/);
  });

  it("a parameter held at its bound has no SE or interval, is in onBound, and plan --fit says its plan is conditional on it", async () => {
    const rows = ["flops,loss"];
    for (let i = 0; i < 12; i++) { const c = 1e18 * 10 ** (i / 3); rows.push(`${c},${1000 * c ** -0.15}`); } // no floor: E → 0
    const out = join(dir, "held.json");
    const doc = await scalecastJson(["fit", file("no-floor.csv", rows.join("\n") + "\n"), "--law", "power", "--x", "flops", "--bootstrap", "50", "--out", out]) as unknown as {
      heldAtBound?: Array<{ name: string; bound: number }>; onBound: Array<{ name: string }>; bootstrap: { se: Record<string, number> }; warnings: Array<{ code: string }>;
    };
    expect(doc.heldAtBound?.map((h) => [h.name, h.bound])).toEqual([["E", 1e-4]]);
    expect(doc.onBound.map((b) => b.name)).toContain("E");
    expect(doc.bootstrap.se.E).toBeUndefined();
    expect(doc.bootstrap.se.alpha).toBeGreaterThan(0);
    const plan = JSON.parse((await scalecast(["plan", "--fit", out, "--compute", "1e22", "--params", "1e9", "--json"])).stdout) as { notes: string[] };
    expect(plan.notes.join("\n")).toMatch(/the fit held E at its bound 0\.0001 .* conditional on that value/);
  });
});
