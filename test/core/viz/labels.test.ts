// Axis labels (issue 5 item 4): the TypeScript formatters and the Vega label
// expressions built from the same table, checked against hand-written
// expectations and against each other by rendering the expressions with Vega.
import { describe, expect, it } from "vitest";
import { countLabelExpr, countTextTransforms, flopsLabelExpr, formatCount, formatFlops, formatValue, TITLES, valueLabelExpr } from "../../../src/core/viz/labels.js";
import { linearTicks, logTicks, niceLinearDomain, niceLogDomain } from "../../../src/core/viz/ticks.js";
import { renderSvg } from "../../../src/node/render.js";

const COUNTS: Array<[number, string]> = [
  [1e6, "1M"], [7e7, "70M"], [2.5e8, "250M"], [1e9, "1B"], [7e9, "7B"], [7e10, "70B"], [1.75e11, "175B"],
  [1e12, "1T"], [1.4e12, "1.4T"], [1.5e13, "15T"], [3e3, "3K"], [500, "500"], [1e15, "1e15"],
];
const FLOPS: Array<[number, string]> = [[1e17, "1e17"], [1e21, "1e21"], [3e21, "3e21"], [5.76e23, "5.76e23"], [2.5e19, "2.5e19"], [1e26, "1e26"]];

describe("formatCount(v)", () => {
  it.each(COUNTS)("formatCount(%d) → %s (B for billion, T for trillion, never G)", (v, label) => {
    expect(formatCount(v)).toBe(label);
  });
  it("keeps three significant digits and no float noise: 0.1 + 0.2 billion → 300M", () => {
    expect(formatCount((0.1 + 0.2) * 1e9)).toBe("300M");
    expect(formatCount(123_456_789)).toBe("123M");
  });
});

describe("formatFlops(v)", () => {
  it.each(FLOPS)("formatFlops(%d) → %s", (v, label) => expect(formatFlops(v)).toBe(label));
});

/** Axis labels Vega draws for these tick values with this label expression. */
async function renderedLabels(values: number[], labelExpr: string, log: boolean): Promise<string[]> {
  const svg = await renderSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 2000, height: 10,
    data: { values: values.map((v) => ({ v })) },
    mark: "point",
    encoding: { x: { field: "v", type: "quantitative", scale: { type: log ? "log" : "linear", domain: [Math.min(...values), Math.max(...values)], nice: false }, axis: { values, labelExpr, labelOverlap: false, title: null } } },
  });
  const axis = svg.slice(svg.indexOf("role-axis-label"));
  return [...axis.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).slice(0, values.length);
}

describe("label expressions, evaluated by Vega", () => {
  it("countLabelExpr() renders the same labels as formatCount", async () => {
    const values = COUNTS.map(([v]) => v).sort((a, b) => a - b);
    expect(await renderedLabels(values, countLabelExpr(), true)).toEqual(values.map(formatCount));
  });
  it("flopsLabelExpr() renders the same labels as formatFlops", async () => {
    const values = FLOPS.map(([v]) => v).sort((a, b) => a - b);
    expect(await renderedLabels(values, flopsLabelExpr(), true)).toEqual(values.map(formatFlops));
  });
  it("countTextTransforms(params) writes tooltips' counts as the axes do (70B, not d3's 70G), and '—' for a missing count", async () => {
    const values = [7e10, 1.4e12, 2.5e8, 500];
    const svg = await renderSvg({
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      width: 200, height: 10,
      data: { values: [...values.map((v) => ({ params: v })), { params: null }] },
      transform: countTextTransforms(["params"]),
      mark: "text",
      encoding: { text: { field: "paramsText", type: "nominal" }, y: { field: "paramsText", type: "nominal", sort: null, axis: null } },
    });
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts.sort()).toEqual(["70B", "1.4T", "250M", "500", "—"].sort());
    expect(texts).not.toContain("70G");
  });
  it("valueLabelExpr() renders the same labels as formatValue", async () => {
    const values = [1.8, 2, 2.25, 2.5, 3.125, 10];
    expect(await renderedLabels(values, valueLabelExpr(), false)).toEqual(["1.8", "2", "2.25", "2.5", "3.13", "10"]);
    expect(values.map(formatValue)).toEqual(["1.8", "2", "2.25", "2.5", "3.13", "10"]);
  });
});

describe("titles", () => {
  it("carry units and the parameter convention", () => {
    expect(TITLES.flops).toBe("training compute C = 6ND (FLOPs)");
    expect(TITLES.loss).toBe("loss (nats)");
    expect(TITLES.params("total")).toBe("parameters N (total)");
    expect(TITLES.params("nonEmbedding")).toBe("parameters N (non-embedding)");
    expect(TITLES.params("active")).toBe("parameters N (active)");
  });
});

describe("ticks", () => {
  it("niceLogDomain(lo, hi) widens to 1-2-5 values: [6e18, 3e21] → [5e18, 5e21]", () => {
    expect(niceLogDomain(6e18, 3e21)).toEqual([5e18, 5e21]);
    expect(niceLogDomain(1e6, 1e12)).toEqual([1e6, 1e12]);
  });
  it("logTicks(lo, hi) gives decades over 1e17–1e26 FLOPs and 1e6–1e12 parameters", () => {
    expect(logTicks(1e17, 1e26)).toEqual([1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26]);
    expect(logTicks(1e6, 1e12).map(formatCount)).toEqual(["1M", "10M", "100M", "1B", "10B", "100B", "1T"]);
  });
  it("logTicks(lo, hi) falls back to 1-2-5 multiples on a narrow domain: [5e9, 5e10] → 5B, 10B, 20B, 50B", () => {
    expect(logTicks(5e9, 5e10).map(formatCount)).toEqual(["5B", "10B", "20B", "50B"]);
  });
  it("linearTicks and niceLinearDomain step by 1, 2 or 5 × 10^k", () => {
    expect(linearTicks(1.9, 3.6, 5)).toEqual([2, 2.5, 3, 3.5]);
    expect(niceLinearDomain(-0.0227, 0.029, 5)).toEqual([-0.03, 0.03]);
  });
});
