// Headless rendering (src/node/render.ts): SVG from Vega-Lite with no DOM or
// network, PNG through resvg.
import { describe, expect, it } from "vitest";
import { compileVegaLite, renderPng, renderSvg, RenderError, textWidth } from "../../src/node/render.js";

const SPEC = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  width: 300, height: 200, padding: 0, autosize: "none",
  config: { view: { stroke: null } },
  data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }, { x: 3, y: 1 }] },
  mark: "point",
  encoding: { x: { field: "x", type: "quantitative", axis: null }, y: { field: "y", type: "quantitative", axis: null } },
};

/** Width and height from a PNG's IHDR chunk (PNG spec §11.2.2: bytes 16–23, big-endian). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe("renderSvg(spec)", () => {
  it("draws an SVG of the spec's width and height with one symbol per row", async () => {
    const svg = await renderSvg(SPEC);
    expect(svg).toMatch(/^<svg [^>]*width="300" height="200"/);
    expect((svg.match(/<path\b[^>]*transform="translate/g) ?? []).length).toBe(3);
  });

  it("is deterministic: the same spec renders to the same bytes", async () => {
    expect(await renderSvg(SPEC)).toBe(await renderSvg(SPEC));
  });

  it("is deterministic within a process: clip and gradient ids do not depend on what was drawn before (Vega's counters are process-wide)", async () => {
    // a clipped line and a continuous colour legend: Vega names a clip path and a gradient from counters that live
    // as long as the process, so without renumbering the second render said clip2/gradient_2 where the first said clip1/gradient_1
    const clipped = { ...SPEC, mark: { type: "line", clip: true }, encoding: { ...SPEC.encoding, color: { field: "y", type: "quantitative" } } };
    const first = await renderSvg(clipped);
    await renderSvg(clipped);
    await renderSvg(SPEC);
    expect(await renderSvg(clipped)).toBe(first);
    expect(first).toMatch(/<clipPath id="clip1">/);
    expect(first).toMatch(/clip-path="url\(#clip1\)"/);
    expect(first).toMatch(/<linearGradient id="gradient_1"/);
    expect(first).toMatch(/fill="url\(#gradient_1\)"/);
    // a radial gradient is drawn through a pattern, p_gradient_N: renumbered too
    const radial = { ...SPEC, mark: { type: "bar", color: { gradient: "radial", stops: [{ offset: 0, color: "white" }, { offset: 1, color: "steelblue" }] } }, encoding: SPEC.encoding };
    const r1 = await renderSvg(radial);
    await renderSvg(radial);
    expect(r1).toMatch(/<pattern id="p_gradient_1"/);
    expect(await renderSvg(radial)).toBe(r1);
  });

  it("refuses a spec that loads data from a URL (figures work offline)", async () => {
    const spec = { ...SPEC, data: { url: "https://example.com/runs.json" } };
    await expect(renderSvg(spec)).rejects.toThrow(RenderError);
    await expect(renderSvg(spec)).rejects.toThrow(/refusing to load https:\/\/example\.com\/runs\.json/);
  });

  it("reports Vega-Lite's warnings from compileVegaLite and throws on an invalid spec", () => {
    const warned = compileVegaLite({ ...SPEC, encoding: { ...SPEC.encoding, x: { field: "x", type: "quantitative", scale: { type: "log", zero: true } } } });
    expect(warned.warnings.join("\n")).toMatch(/zero/);
    expect(() => compileVegaLite({ mark: "no-such-mark" })).toThrow(RenderError);
  });
});

describe("text measurement", () => {
  it("textWidth uses DejaVu Sans advance widths: '1e21' at 10 px is 10·(636+615+636+636)/1000 px", () => {
    expect(textWidth("1e21", 10)).toBeCloseTo(25.23, 10);
    expect(textWidth("loss", 11, true)).toBeGreaterThan(textWidth("loss", 11));
  });

  it("a long title widens the SVG by about its real width, not Vega's 0.8 em per character estimate", async () => {
    const title = "x".repeat(100); // DejaVu Sans 'x' is 0.592 em: 592 px at 10 px; the estimate would be 800 px
    const svg = await renderSvg({ ...SPEC, autosize: "pad", title: { text: title, fontSize: 10, fontWeight: "normal" } });
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(width).toBeGreaterThanOrEqual(592);
    expect(width).toBeLessThan(620);
  });
});

describe("renderPng(svg, scale)", () => {
  it("writes a PNG (signature 89 50 4E 47 0D 0A 1A 0A) of the SVG's size times the scale", async () => {
    const svg = await renderSvg(SPEC);
    const png = renderPng(svg, 2);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngSize(png)).toEqual({ width: 600, height: 400 });
    expect(png.length).toBeGreaterThan(1000);
  });

  it("renders text-bearing SVG when its font family is missing or no font is loaded at all, and refuses a bad scale", () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20"><text x="2" y="15" font-family="No Such Font">1e21</text></svg>`;
    expect(pngSize(renderPng(svg, 1))).toEqual({ width: 80, height: 20 });
    expect(pngSize(renderPng(svg, 1, { loadSystemFonts: false }))).toEqual({ width: 80, height: 20 }); // no font at all: no text, no crash
    expect(() => renderPng(svg, 0)).toThrow(/scale must be a number > 0/);
  });
});
