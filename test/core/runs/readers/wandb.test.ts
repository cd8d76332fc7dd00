// The W&B readers against hand-written fixtures in the shapes W&B exports
// (test/fixtures/wandb; shapes and sources in src/core/runs/readers/wandb.ts).
// Expected values are the fixtures' own cells, copied from the files.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { RawTable } from "../../../../src/core/runs/rawTable.js";
import type { TableReader } from "../../../../src/core/runs/readers/types.js";
import {
  readWandbChart,
  readWandbHistory,
  readWandbRuns,
  splitChartHeader,
  wandbChartReader,
  wandbHistoryReader,
  wandbRunsReader,
} from "../../../../src/core/runs/readers/wandb.js";
import { RunTableError } from "../../../../src/core/runs/types.js";

const SEED = 20_261_201;
const EVAL = "eval/c4_en-validation/CrossEntropyLoss";
const TRAIN = "train/CrossEntropyLoss";
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../fixtures/wandb/${name}`, import.meta.url)));
const RUNS = fixture("runs-table.csv");
const CHART = fixture("chart-export.csv");
const HISTORY = fixture("history.csv");
const utf8 = (text: string) => new TextEncoder().encode(text);
const firstLine = (bytes: Uint8Array) => new TextDecoder().decode(bytes).split(/\r?\n/)[0];
const sniff = (reader: TableReader, line: string) => reader.sniff({ bytes: utf8(line), firstLine: line, name: "export.csv" });
const grid = (t: RawTable) => t.rows.map((r) => t.headers.map((_, i) => r.cell(i)));
const column = (t: RawTable, header: string) => t.rows.map((r) => r.cell(t.headers.indexOf(header)));

function fatal(read: () => unknown): RunTableError {
  try {
    read();
  } catch (e) {
    expect(e).toBeInstanceOf(RunTableError);
    return e as RunTableError;
  }
  throw new Error("expected a RunTableError");
}

describe("wandbRunsReader", () => {
  test("readWandbRuns(runs-table.csv) reads the four runs, CRLF line ends, quoted commas and quotes", () => {
    expect(new TextDecoder().decode(RUNS)).toContain("\r\n"); // the fixture keeps its CRLF line ends
    const t = readWandbRuns(RUNS, "runs-table.csv");
    expect(t.headers).toEqual([
      "Name", "State", "Notes", "User", "Tags", "Created", "Runtime", "Sweep",
      "model.d_model", "optimizer.lr", "seed", "model/n_params", "train/tokens_seen", EVAL, TRAIN,
    ]);
    expect([t.headerLine, t.rowsRead, t.issues]).toEqual([1, 4, []]);
    expect(t.rows.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(column(t, "Name")).toEqual(["olmo-150M", "olmo-300M - lr 4e-4", "olmo-600M", "olmo-1B"]);
    // Runs in every state are kept; State is an ordinary column.
    expect(column(t, "State")).toEqual(["finished", "finished", "crashed", "running"]);
    expect(column(t, "Tags")[0]).toBe("scaling, baseline");
    expect(column(t, "Notes")[2]).toBe('OOM at step 9,216; resumed as "olmo-600M-r"');
    expect(column(t, "model/n_params")).toEqual(["151898880", "302182400", "604110848", "1176832000"]);
    expect(column(t, EVAL)).toEqual(["3.4127", "3.1289", "3.6012", ""]);
    expect(column(t, TRAIN)[3]).toBe(""); // no "\r" left on the last field
  });

  test("readWandbRuns(a CSV without a Name column) throws a RunTableError naming the column", () => {
    const e = fatal(() => readWandbRuns(utf8("N,D,loss\n1,2,3\n"), "plain.csv"));
    expect(e.message).toBe('plain.csv: not a W&B runs table export: no "Name" column (columns: "N", "D", "loss")');
    expect(e.where).toEqual({ source: "plain.csv", line: 1 });
  });

  test("readWandbRuns(a byte-order mark and CR-only line ends) reads like the plain file", () => {
    const t = readWandbRuns(utf8('\ufeffName,State,Created\rr1,finished,2026-01-01\r'), "bom.csv");
    expect([t.headers, grid(t), t.rows[0].line]).toEqual([["Name", "State", "Created"], [["r1", "finished", "2026-01-01"]], 2]);
  });

  test("wandbRunsReader.sniff(header line) is true for the runs-table header only", () => {
    expect(sniff(wandbRunsReader, firstLine(RUNS))).toBe(true);
    expect(sniff(wandbRunsReader, "\ufeffName,State,Runtime")).toBe(true);
    expect(sniff(wandbRunsReader, "Name,State,Notes")).toBe(false); // neither Created nor Runtime
    expect(sniff(wandbRunsReader, "N,D,loss")).toBe(false);
    expect(sniff(wandbRunsReader, firstLine(CHART))).toBe(false);
    expect(sniff(wandbRunsReader, firstLine(HISTORY))).toBe(false);
  });
});

describe("wandbChartReader", () => {
  test("readWandbChart(chart-export.csv) turns wide into long: one row per run and step with a value", () => {
    const t = readWandbChart(CHART, "chart-export.csv");
    expect(t.headers).toEqual(["run", "step", EVAL, TRAIN]);
    expect([t.headerLine, t.rowsRead, t.issues]).toEqual([1, 7, []]);
    // Run by first appearance, then source line; the 300M run has no train column (undefined),
    // olmo-150M has no value at step 4000 (no row) and an empty eval cell at step 3000.
    const r150 = "olmo-150M";
    const r300 = "olmo-300M - lr 4e-4";
    expect(grid(t)).toEqual([
      [r150, "1000", "3.9121", "3.8533"],
      [r150, "2000", "3.6114", "3.552"],
      [r150, "3000", "", "3.401"],
      [r300, "1000", "3.701", undefined],
      [r300, "2000", "3.4021", undefined],
      [r300, "3000", "3.2515", undefined],
      [r300, "4000", "3.1502", undefined],
    ]);
    expect(t.rows.map((r) => r.line)).toEqual([2, 3, 4, 2, 3, 4, 5]);
  });

  test("readWandbChart(…) never reads the __MIN/__MAX companions as values", () => {
    const t = readWandbChart(CHART, "chart-export.csv");
    expect(t.headers.some((h) => h.endsWith("__MIN") || h.endsWith("__MAX"))).toBe(false);
    // Step 1000, olmo-150M eval: base 3.9121, __MIN 3.905, __MAX 3.9204 in the file.
    const values = t.rows.flatMap((r) => [r.cell(2), r.cell(3)]);
    expect(values).not.toContain("3.905");
    expect(values).not.toContain("3.9204");
    // A step whose base cell is empty gives no row even when its companions are filled.
    const onlyCompanions = readWandbChart(utf8('"Step","a - loss","a - loss__MIN","a - loss__MAX"\n"5","","1","2"\n'), "c.csv");
    expect([onlyCompanions.rows, onlyCompanions.rowsRead]).toEqual([[], 0]);
  });

  test("readWandbChart(a stray __MAX column) throws a RunTableError that names it", () => {
    const e = fatal(() => readWandbChart(utf8('"Step","a - loss","b - loss__MAX"\n"1","2","3"\n'), "chart.csv"));
    expect(e.message).toBe('chart.csv: column "b - loss__MAX" is a __MAX companion without its column "b - loss"');
    expect(e.where).toEqual({ source: "chart.csv", line: 1, column: "b - loss__MAX" });
  });

  test("readWandbChart(headers it cannot place) throws a RunTableError naming the header", () => {
    const read = (header: string) => fatal(() => readWandbChart(utf8(`${header}\n1,2,3\n`), "c.csv"));
    expect(read("Step,a - loss,epoch").message).toBe('c.csv: column "epoch" is neither "Step" nor "<run> - <metric>"');
    expect(read("epoch,a - loss,b - loss").message).toMatch(/^c\.csv: not a W&B chart export: no "Step" column/);
    expect(read("Step,a - loss,a - loss").message).toBe('c.csv: column "a - loss" appears twice');
    expect(read("Step,a - loss,a - step").where.column).toBe("a - step"); // would clash with the long table's "step"
  });

  test("readWandbChart(a row with a wrong field count) keeps it as an issue: rowsRead = rows + issues", () => {
    const t = readWandbChart(utf8("Step,a - loss,b - loss\n1,2,3\n2,4\n"), "c.csv");
    expect(grid(t)).toEqual([["a", "1", "2"], ["b", "1", "3"]]);
    expect(t.issues).toEqual([{ line: 3, value: "2,4", reason: "expected 3 fields (as in the header), found 2" }]);
    expect(t.rowsRead).toBe(3);
  });

  test("splitChartHeader(header, headers) splits at the last ' - ' unless an earlier right part is a metric", () => {
    // Last " - " whose right part has a "/": the run name keeps its own " - ".
    expect(splitChartHeader(`olmo-300M - lr 4e-4 - ${EVAL}`, [])).toEqual({ run: "olmo-300M - lr 4e-4", metric: EVAL });
    // Nothing qualifies: the last " - ".
    expect(splitChartHeader("lr 1e-3 - seed 2 - loss", [])).toEqual({ run: "lr 1e-3 - seed 2", metric: "loss" });
    // "ema" is seen nowhere else and has no "/": the earlier right part with a "/" is the metric.
    expect(splitChartHeader("r1 - eval/loss - ema", [])).toEqual({ run: "r1", metric: "eval/loss - ema" });
    // …unless another header ends with " - ema": then "ema" is a metric.
    expect(splitChartHeader("r1 - eval/loss - ema", ["r1 - eval/loss - ema", "r2 - ema"])).toEqual({ run: "r1 - eval/loss", metric: "ema" });
    // The documented ambiguity: a run "a - b/c" with a metric seen nowhere else.
    expect(splitChartHeader("a - b/c - loss", [])).toEqual({ run: "a", metric: "b/c - loss" });
  });

  test("wandbChartReader.sniff(header line) needs Step and a '<run> - <metric>' header", () => {
    expect(sniff(wandbChartReader, firstLine(CHART))).toBe(true);
    expect(sniff(wandbChartReader, "step,a - loss")).toBe(true);
    expect(sniff(wandbChartReader, "Step,loss")).toBe(false);
    expect(sniff(wandbChartReader, "epoch,a - loss")).toBe(false);
    expect(sniff(wandbChartReader, firstLine(RUNS))).toBe(false);
    expect(sniff(wandbChartReader, firstLine(HISTORY))).toBe(false);
  });
});

describe("wandbHistoryReader", () => {
  test("readWandbHistory(history.csv) keeps the headers, pandas' unnamed index column included", () => {
    const t = readWandbHistory(HISTORY, "history.csv");
    expect(t.headers).toEqual(["", "_step", "_runtime", "_timestamp", EVAL, "throughput/total_tokens", TRAIN]);
    expect([t.headerLine, t.rowsRead, t.issues]).toEqual([1, 4, []]);
    expect(t.rows.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(column(t, "_step")).toEqual(["0", "100", "200", "300"]);
    expect(column(t, EVAL)).toEqual(["", "", "4.9121", ""]); // logged at step 200 only
    expect(grid(t)[3]).toEqual(["3", "300", "368.3", "1764662756.33", "", "1262485504", "4.3157"]);
  });

  test("readWandbHistory(a CSV without _step) throws a RunTableError", () => {
    expect(fatal(() => readWandbHistory(utf8("step,loss\n1,2\n"), "h.csv")).message).toBe(
      'h.csv: not a W&B run history export: no "_step" column (columns: "step", "loss")',
    );
  });

  test("wandbHistoryReader.sniff(header line) needs a '_step' header", () => {
    expect(sniff(wandbHistoryReader, firstLine(HISTORY))).toBe(true);
    expect(sniff(wandbHistoryReader, '"_step","loss"')).toBe(true);
    expect(sniff(wandbHistoryReader, "Step,a - _step")).toBe(false);
    expect(sniff(wandbHistoryReader, firstLine(RUNS))).toBe(false);
    expect(sniff(wandbHistoryReader, "")).toBe(false);
  });
});

describe("W&B readers on damaged input (fast-check, seeded)", () => {
  const READERS = [
    ["readWandbRuns", readWandbRuns, RUNS],
    ["readWandbChart", readWandbChart, CHART],
    ["readWandbHistory", readWandbHistory, HISTORY],
  ] as const;
  const SPECIAL = [",", '"', "\n", "\r", " ", "-", "_", "M", "\u00ff"].map((c) => c.charCodeAt(0));

  /** A RawTable with rowsRead = rows + issues and 1-based lines, or a RunTableError; anything else fails. */
  function sound(read: (bytes: Uint8Array, source: string) => RawTable, bytes: Uint8Array): boolean {
    let t: RawTable;
    try {
      t = read(bytes, "fuzz.csv");
    } catch (e) {
      expect(e).toBeInstanceOf(RunTableError);
      return true;
    }
    expect(t.rowsRead).toBe(t.rows.length + t.issues.length);
    for (const r of [...t.rows, ...t.issues]) expect(Number.isInteger(r.line) && r.line >= 1).toBe(true);
    for (const r of t.rows) t.headers.forEach((_, i) => r.cell(i));
    return true;
  }

  const damaged = (original: Uint8Array) =>
    fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      fc.array(fc.tuple(fc.nat(original.length - 1), fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...SPECIAL))), { minLength: 1, maxLength: 6 })
        .map((flips) => {
          const b = original.slice();
          for (const [at, value] of flips) b[at] = value;
          return b;
        }),
      fc.nat(original.length).map((n) => original.slice(0, n)),
    );

  for (const [name, read, original] of READERS) {
    test(`${name}(random bytes, byte flips, truncations) gives a sound table or a RunTableError`, () => {
      fc.assert(fc.property(damaged(original), (bytes) => sound(read, bytes)), { seed: SEED, numRuns: 200 });
    });
  }
});
