// SVG snapshots of every figure on the seeded example (fixture.ts), rendered
// headless by src/node/render.ts, numbers rounded to 4 significant digits. The
// snapshot files double as the gallery (docs/figures.md). Each render is also
// checked against the figure's `expected` mark counts, and each spec compiles
// with no Vega-Lite warning.
import { describe, expect, it } from "vitest";
import { buildFigures } from "../../../src/core/viz/index.js";
import { compileVegaLite, renderSvg } from "../../../src/node/render.js";
import { exampleModel } from "./fixture.js";
import { roundNumbers } from "./roundSvg.js";

/** Items of a mark type drawn as data (role-mark), legends excluded. */
export function countMarks(svg: string, markType: "symbol" | "line"): number {
  let n = 0;
  for (const m of svg.matchAll(new RegExp(`<g class="mark-${markType} role-mark[^"]*"[^>]*>(.*?)</g>`, "gs"))) n += (m[1].match(/<path\b/g) ?? []).length;
  return n;
}

describe("roundNumbers(svg)", () => {
  it("rounds long numbers to 4 significant digits and keeps short ones, hex colours and labels", () => {
    expect(roundNumbers(`<path d="M12.345678,-0.000012344L480,3.14159" fill="#4c78a8"/><text>1e21</text><text>250M</text>`))
      .toBe(`<path d="M12.35,-0.00001234L480,3.142" fill="#4c78a8"/><text>1e21</text><text>250M</text>`);
  });
  it("counts significant digits only: leading zeros and an exponent do not count", () => {
    expect(roundNumbers("translate(-0.000000001234567,5)")).toBe("translate(-1.235e-9,5)");
    expect(roundNumbers("x=-0.0000 y=1.5e-7 z=2.000001")).toBe("x=-0.0000 y=1.5e-7 z=2");
  });
});

describe("figure snapshots", () => {
  const figures = buildFigures(exampleModel().model);

  it.each(figures.map((f) => [f.name, f] as const))("%s renders to its snapshot, with the marks it promises", async (name, f) => {
    expect(compileVegaLite(f.spec).warnings).toEqual([]);
    const svg = await renderSvg(f.spec);
    expect(countMarks(svg, "symbol")).toBe(f.expected.points ?? 0);
    expect(countMarks(svg, "line")).toBe(f.expected.lines ?? 0);
    await expect(roundNumbers(svg)).toMatchFileSnapshot(`./__snapshots__/${name}.svg`);
  });
});
