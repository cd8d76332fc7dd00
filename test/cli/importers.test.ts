// Where real runs live: each importer end to end (sniffed by name and content, then the
// run table, selection and a fit), on the committed fixtures in test/fixtures/.
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { selectRuns } from "../../src/core/fit/selectRuns.js";
import { readInput, READERS, sniffFormat } from "../../src/core/runs/readers/index.js";
import { RunTableError } from "../../src/core/runs/types.js";
import { readRunTable } from "../../src/node/readRuns.js";
import { ensureBuilt, ROOT, scalecastJson } from "./run.js";

const FIXTURES = join(ROOT, "test", "fixtures");
const fixture = (p: string) => join(FIXTURES, p);
const TB = fixture("tensorboard/events.out.tfevents.1700000000.host.fixture");
beforeAll(() => ensureBuilt());

interface Doc { data: { format: string; n: number; columns: Record<string, string>; excluded: Array<{ line: number; reason: string }> } }

describe("sniffFormat(bytes, name) picks the reader of each fixture", () => {
  it.each([
    ["parquet/runs.parquet", "parquet"],
    ["tensorboard/events.out.tfevents.1700000000.host.fixture", "tensorboard"],
    ["wandb/runs-table.csv", "wandb-runs"],
    ["wandb/chart-export.csv", "wandb-chart"],
    ["wandb/history.csv", "wandb-history"],
  ])("%s → %s", (path, format) => {
    expect(sniffFormat(readFileSync(fixture(path)), path)).toBe(format);
  });

  it("a plain CSV, TSV, JSON and JSON Lines table keep their text formats", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(sniffFormat(enc("N,D,loss\n1,2,3\n"), "runs.csv")).toBe("csv");
    expect(sniffFormat(enc("N\tD\tloss\n1\t2\t3\n"), "runs.txt")).toBe("tsv");
    expect(sniffFormat(enc('[{"N": 1}]'), "runs")).toBe("json");
    expect(sniffFormat(enc('{"N": 1}\n{"N": 2}\n'), "runs")).toBe("jsonl");
  });
});

describe("importers end to end through scalecast fit", () => {
  it("Parquet: columns found by alias, every row read (4 rows, 2 groups pooled on request)", async () => {
    const doc = await scalecastJson(["fit", fixture("parquet/runs.parquet"), "--law", "power", "--x", "params", "--pool-groups"]) as unknown as Doc;
    expect(doc.data.format).toBe("parquet");
    expect(doc.data.n).toBe(4);
    expect(doc.data.columns).toMatchObject({ params: "params", tokens: "tokens", loss: "loss", run: "run", group: "group" });
  });

  it("W&B runs table: the run name, model/n_params and a '/'-named loss column; the run without a loss is listed", async () => {
    const doc = await scalecastJson(["fit", fixture("wandb/runs-table.csv"), "--law", "power", "--x", "params", "--loss-col", "eval/c4_en-validation/CrossEntropyLoss"]) as unknown as Doc;
    expect(doc.data.format).toBe("wandb-runs");
    expect(doc.data.columns).toMatchObject({ params: "model/n_params", loss: "eval/c4_en-validation/CrossEntropyLoss", run: "Name" });
    expect(doc.data.n).toBe(3);
    expect(doc.data.excluded).toEqual([expect.objectContaining({ line: 5, reason: "empty cell" })]);
  });

  it("W&B history: _step is the step, throughput/total_tokens the tokens", async () => {
    const doc = await scalecastJson(["fit", fixture("wandb/history.csv"), "--law", "power", "--x", "tokens", "--loss-col", "train/CrossEntropyLoss"]) as unknown as Doc;
    expect(doc.data.format).toBe("wandb-history");
    expect(doc.data.columns).toMatchObject({ step: "_step", tokens: "throughput/total_tokens", loss: "train/CrossEntropyLoss" });
    expect(doc.data.n).toBe(4);
  });
});

describe("importers through the library (readRunTable, selectRuns)", () => {
  it("W&B chart export: one run per '<run> - <metric>' prefix; --last-checkpoint keeps step 3000 of olmo-150M and 4000 of the other", async () => {
    const table = await readRunTable(fixture("wandb/chart-export.csv"), { source: "chart.csv", columns: { loss: "eval/c4_en-validation/CrossEntropyLoss" }, needs: ["loss"] });
    expect(table.format).toBe("wandb-chart");
    expect(table.columns).toMatchObject({ run: "run", step: "step" });
    const last = selectRuns(table, { lastCheckpoint: true });
    // olmo-150M's eval loss is empty at step 3000 (the chart shows train loss only), so its last eval checkpoint is step 2000
    expect(last.runs.map((r) => [r.runId, r.step, r.lossNats])).toEqual([["olmo-150M", 2000, 3.6114], ["olmo-300M - lr 4e-4", 4000, 3.1502]]);
  });

  it("TensorBoard: scalars by tag; non-scalar records and a re-logged step are listed, not dropped silently", async () => {
    const table = await readRunTable(TB, { source: "events", columns: { loss: "train/loss", tokens: "train/tokens" }, needs: ["tokens", "loss"] });
    expect(table.format).toBe("tensorboard");
    expect(table.columns).toMatchObject({ step: "step", loss: "train/loss", tokens: "train/tokens" });
    expect(table.excluded.map((e) => e.reason).join("\n")).toMatch(/not-scalar: image[\s\S]*not-scalar: histogram[\s\S]*logged again at step 20/);
    expect(table.runs.length + table.excluded.length).toBe(table.rowsRead);
  });
});

describe("the format registry never throws anything but RunTableError", () => {
  it("readInput(any format, arbitrary bytes) gives a table or a RunTableError (fast-check, seed 20261201)", async () => {
    const formats = READERS.map((r) => r.format);
    await fc.assert(fc.asyncProperty(fc.constantFrom(...formats), fc.uint8Array({ maxLength: 300 }), async (format, bytes) => {
      try {
        const raw = await readInput(format, bytes, "x");
        return raw.rowsRead === raw.rows.length + raw.issues.length;
      } catch (e) {
        return e instanceof RunTableError;
      }
    }), { seed: 20261201, numRuns: 300 });
  });

  it("every fixture with bytes flipped, read by its sniffed format, gives a table or a RunTableError", async () => {
    const files = ["parquet/runs.parquet", "tensorboard/events.out.tfevents.1700000000.host.fixture", "wandb/runs-table.csv", "wandb/chart-export.csv", "wandb/history.csv"]
      .map((p) => ({ p, bytes: new Uint8Array(readFileSync(fixture(p))) }));
    await fc.assert(fc.asyncProperty(fc.constantFrom(...files), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat(), async (f, flips, cut) => {
      const bytes = f.bytes.slice(0, Math.max(1, f.bytes.length - (cut % 64)));
      for (const [at, v] of flips) bytes[at % bytes.length] = v;
      try {
        const raw = await readInput(sniffFormat(bytes, f.p), bytes, f.p);
        return raw.rowsRead === raw.rows.length + raw.issues.length;
      } catch (e) {
        return e instanceof RunTableError;
      }
    }), { seed: 20261201, numRuns: 200 });
  });
});
