// Reading an emergence table: columns by name or named, and every bad cell refused with file, line, column and value.
import { describe, expect, it } from "vitest";
import { readEmergence } from "../../../src/core/emergence/readEmergence.js";

describe("readEmergence(text, source)", () => {
  it("finds scale (FLOPs before parameters), metric, continuous metric, p and model by name", () => {
    const t = readEmergence("model,N,C,exact_match,token_logprob\na,1e8,6e17,0.1,-0.9\nb,1e9,6e19,0.4,-0.3\n", "t.csv");
    expect(t.columns).toEqual({ scale: "C", metric: "exact_match", continuous: "token_logprob", model: "model" });
    expect(t.scaleUnit).toBe("flops");
    expect(t.continuousKind!.better).toBe("higher");
    expect(t.points[1]).toEqual({ line: 3, model: "b", scale: 6e19, metric: 0.4, continuous: -0.3, p: Math.exp(-0.3) });
  });
  it("p from a per-token loss column is exp(−L)", () => {
    const t = readEmergence("params,acc,answer_nll\n70B,0.5,0.2\n", "t.csv", { columns: { loss: "answer_nll" } });
    expect(t.points[0].p).toBe(Math.exp(-0.2));
    expect(t.points[0].scale).toBe(7e10);
  });
  it("refuses an unknown named column, listing the headers", () => {
    expect(() => readEmergence("N,em\n1e8,0.1\n", "t.csv", { columns: { metric: "accuracy" } })).toThrow('t.csv: no column "accuracy" (--metric-col); headers: N, em');
  });
  it("refuses a non-numeric cell with its line, column and value", () => {
    expect(() => readEmergence("N,em\n1e8,0.1\n1e9,abc\n", "t.csv")).toThrow('t.csv: line 3, column "em": "abc" is not a number');
  });
  it("refuses a metric outside [0, 1] (a percentage) with its line, column and value", () => {
    expect(() => readEmergence("N,accuracy\n1e8,0.1\n1e9,45\n", "t.csv")).toThrow('t.csv: line 3, column "accuracy": "45" is outside [0, 1]');
  });
  it("refuses a continuous value outside its kind's range, and a scale ≤ 0", () => {
    expect(() => readEmergence("N,em,brier\n1e8,0.1,1.2\n", "t.csv")).toThrow(/line 2, column "brier": "1.2" is outside \[0, 1\]/);
    expect(() => readEmergence("N,em\n0,0.1\n", "t.csv")).toThrow(/line 2, column "N": "0" is not a scale > 0/);
  });
  it("asks what an unrecognised scale or continuous column measures", () => {
    expect(() => readEmergence("size,em\n1e8,0.1\n", "t.csv", { columns: { scale: "size" } })).toThrow(/--scale-unit flops or --scale-unit params/);
    expect(() => readEmergence("N,em,x\n1e8,0.1,3\n", "t.csv", { columns: { continuous: "x" } })).toThrow(/--continuous-kind/);
    expect(readEmergence("size,em\n1e8,0.1\n", "t.csv", { columns: { scale: "size" }, scaleUnit: "params" }).scaleUnit).toBe("params");
  });
});
