// What the workbench adds to the core's figure specs (web/src/specTweaks.ts).
import { describe, expect, it } from "vitest";
import { exampleSweepCsv } from "../../src/core/fit/exampleSweep.js";
import { countedRuns } from "../../src/core/runs/counted.js";
import { parseRunTable } from "../../src/core/runs/parseRunTable.js";
import { figure, vizRuns } from "../../src/core/viz/index.js";
import { withExcludedPoints, withZoom } from "../../web/src/specTweaks.js";

const runs = countedRuns(parseRunTable(exampleSweepCsv({ seed: 42 })).runs, "test");
const spec = figure({ runs: vizRuns(runs.slice(1)), paramConvention: "total" }, "loss-compute").spec;
type Layer = { mark: { type: string }; params?: unknown[]; data?: { values: Array<Record<string, unknown>> }; encoding: Record<string, { scale?: { domain: number[] } }> };

describe("withZoom", () => {
  it("withZoom(layered spec) binds an interval selection to the scales on the point layer, leaving the input unchanged", () => {
    const before = JSON.stringify(spec);
    const out = withZoom(spec);
    const layers = out.layer as Layer[];
    const points = layers.find((l) => l.mark.type === "point")!;
    expect(points.params).toEqual([{ name: "zoom", select: "interval", bind: "scales" }]);
    expect(layers.filter((l) => l.params).length).toBe(1);
    expect(JSON.stringify(spec)).toBe(before);
  });
  it("withZoom(unit spec) adds the selection at the top level; concatenated specs are unchanged", () => {
    expect(withZoom({ mark: "point" }).params).toHaveLength(1);
    const concat = { hconcat: [{ mark: "point" }] };
    expect(withZoom(concat)).toBe(concat);
  });
});

describe("withExcludedPoints", () => {
  it("withExcludedPoints(spec, [run]) adds a hollow layer of the excluded runs and widens the domains to show them", () => {
    const r = runs[0];
    const out = withExcludedPoints(spec, [{ params: r.params, tokens: r.tokens, flops: r.flops, loss: r.lossNats, line: r.line }]);
    const layers = out.layer as Layer[];
    const last = layers[layers.length - 1];
    expect(last.data!.values).toEqual([expect.objectContaining({ line: r.line, excluded: true })]);
    const x = last.encoding.x.scale!.domain, y = last.encoding.y.scale!.domain;
    expect(x[0]).toBeLessThanOrEqual(r.flops);
    expect(x[1]).toBeGreaterThanOrEqual(r.flops);
    expect(y[0]).toBeLessThanOrEqual(r.lossNats);
    expect(y[1]).toBeGreaterThanOrEqual(r.lossNats);
    expect(withExcludedPoints(spec, [])).toBe(spec);
  });
});
