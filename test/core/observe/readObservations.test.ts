// readObservations: which columns are metrics, the compute column's unit made explicit, empty cells kept as
// missing (never dropped), and every bad cell refused by file, line, column and value.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { completeCases } from "../../../src/core/observe/completeCases.js";
import { readObservations, unitOf } from "../../../src/core/observe/readObservations.js";
import { sharedFile } from "../../support/sharedData.js";

const CSV = sharedFile("obsscaling/base_llm_benchmark_eval.csv");

describe.skipIf(!CSV)("readObservations on Ruan et al.'s table", () => {
  const t = readObservations(readFileSync(CSV!, "utf8"), CSV!);
  it("finds the 8 benchmarks as metrics, passes over the scale columns, reads FLOPs (1E21) × 1e21 from the header", () => {
    // ../shared/data/README.md, obsscaling/: 148 rows, 8 benchmark columns, FLOPs empty in 25 rows
    expect(t.metrics).toEqual(["MMLU", "ARC-C", "HellaSwag", "Winograd", "TruthfulQA", "GSM8K", "XWinograd", "HumanEval"]);
    expect(t.ignored.map((i) => i.column)).toEqual(["Model Size (B)", "Pretraining Data Size (T)"]);
    expect(t.columns).toEqual({ model: "Model", family: "Model Family", flops: "FLOPs (1E21)" });
    expect(t.flopsUnit).toEqual({ flopsPerUnit: 1e21, from: "header" });
    expect(t.models.length).toBe(148);
    expect(t.models.filter((m) => m.flops === null).length).toBe(25);
    // the file's first row: Llama-2-7b, 84.0 in units of 1e21 = 6 × 7e9 × 2e12
    expect(t.models[0]).toMatchObject({ model: "meta-llama/Llama-2-7b-hf", family: "Llama-2", line: 2, flops: 84e21 });
    expect(new Set(t.models.map((m) => m.family)).size).toBe(47);
  });
  it("--flops-unit overrides the header's unit and says so", () => {
    const u = readObservations(readFileSync(CSV!, "utf8"), CSV!, { flopsUnit: 1 });
    expect(u.flopsUnit).toEqual({ flopsPerUnit: 1, from: "option" });
    expect(u.models[0].flops).toBe(84);
  });
});

describe("readObservations on small tables", () => {
  const good = "model,family,flops,a,b,c\nx,f,1e21,0.1,0.2,\ny,f,2e21,0.3,0.4,0.5\nz,g,,0.5,0.5,0.6\n";
  it("keeps empty cells as missing and completeCases names the models that lack one, with what they lack", () => {
    const t = readObservations(good, "t.csv");
    expect(t.metrics).toEqual(["a", "b", "c"]);
    expect(t.flopsUnit).toEqual({ flopsPerUnit: 1, from: "default" });
    expect(t.models[0].values).toEqual({ a: 0.1, b: 0.2, c: null });
    expect(completeCases(t.models, t.metrics, true).leftOut).toEqual([{ model: "x", line: 2, missing: ["c"] }, { model: "z", line: 4, missing: ["compute"] }]);
  });
  it("refuses an unknown named column, listing the headers", () => {
    expect(() => readObservations(good, "t.csv", { metrics: ["a", "nope"] })).toThrow('t.csv: no column "nope" (--metrics); headers: model, family, flops, a, b, c');
    expect(() => readObservations(good, "t.csv", { flopsCol: "compute" })).toThrow(/no column "compute" \(--flops-col\)/);
  });
  it("refuses a non-numeric cell and a metric outside [0, 1] by line, column and value", () => {
    expect(() => readObservations("model,a,b\nx,0.1,0.2\ny,0.3,abc\nz,0.2,0.4\n", "t.csv")).toThrow('t.csv: line 3, column "b": "abc" is not a number');
    expect(() => readObservations("model,a,b\nx,0.1,0.2\ny,0.3,65.3\nz,0.2,0.4\n", "t.csv")).toThrow('t.csv: line 3, column "b": 65.3 is outside [0, 1]');
    expect(() => readObservations("model,a,b\nx,0.1,1.2\n", "t.csv", { metrics: ["a", "b"] })).toThrow('t.csv: line 2, column "b": 1.2 is outside [0, 1]');
    expect(() => readObservations("model,flops,a,b\nx,-3,0.1,0.2\n", "t.csv")).toThrow('t.csv: line 2, column "flops": "-3" is not a compute > 0');
  });
  it("refuses a model listed twice and an empty model name", () => {
    expect(() => readObservations("model,a,b\nx,0.1,0.2\nx,0.3,0.4\n", "t.csv")).toThrow(/line 3, column "model": model "x" is listed twice \(also line 2\)/);
    expect(() => readObservations("model,a,b\n,0.1,0.2\n", "t.csv")).toThrow(/line 2, column "model": empty model name/);
  });
  it("unitOf reads a power of ten in the header's brackets", () => {
    expect(unitOf("FLOPs (1E21)")).toBe(1e21);
    expect(unitOf("compute [10^18]")).toBe(1e18);
    expect(unitOf("flops")).toBeNull();
  });
});
