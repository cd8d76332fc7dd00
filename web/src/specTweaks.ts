/**
 * What the workbench adds to the core's Vega-Lite specs before compiling them
 * (the core's specs are for static figures): zoom and pan bound to the scales,
 * and the runs excluded by hand drawn hollow so a click can bring them back.
 * Pure: specs in, new specs out (the input is not modified).
 */

type Spec = Record<string, unknown>;
type Unit = { mark?: unknown; encoding?: Record<string, Record<string, unknown>>; params?: unknown[]; data?: unknown; [k: string]: unknown };

/** Name of the interval selection bound to the scales (zoom: wheel; pan: drag; reset: double-click). */
export const ZOOM_PARAM = "zoom";

function markType(unit: Unit): string | undefined {
  const m = unit.mark;
  return typeof m === "string" ? m : typeof m === "object" && m !== null ? (m as { type?: string }).type : undefined;
}

/**
 * The spec with `params: [{ name: "zoom", select: "interval", bind: "scales" }]`
 * on its main unit: the top-level unit, or the first point layer of a layered
 * spec (else its first layer with a mark). Concatenated and faceted specs are
 * returned unchanged.
 */
export function withZoom(spec: Spec): Spec {
  const zoom = { name: ZOOM_PARAM, select: "interval", bind: "scales" };
  if (spec.mark !== undefined) return { ...spec, params: [...((spec.params as unknown[]) ?? []), zoom] };
  const layer = spec.layer as Unit[] | undefined;
  if (!Array.isArray(layer)) return spec;
  let i = layer.findIndex((l) => markType(l) === "point");
  if (i < 0) i = layer.findIndex((l) => l.mark !== undefined);
  if (i < 0) return spec;
  return { ...spec, layer: layer.map((l, j) => (j === i ? { ...l, params: [...(l.params ?? []), zoom] } : l)) };
}

/** A run excluded by hand, as drawn. */
export interface ExcludedPoint {
  params: number;
  tokens: number;
  flops: number;
  loss: number;
  line: number;
}

/**
 * The loss–compute spec with the runs excluded by hand as a hollow grey layer
 * (same x, y encodings as the runs), the position domains widened to show
 * them. Each datum keeps its `line` and has `excluded: true`.
 */
export function withExcludedPoints(spec: Spec, excluded: readonly ExcludedPoint[]): Spec {
  const layer = spec.layer as Unit[] | undefined;
  if (!Array.isArray(layer) || excluded.length === 0) return spec;
  const runs = layer.find((l) => markType(l) === "point" && l.encoding?.x && l.encoding?.y);
  if (!runs) return spec;
  const fields = { x: runs.encoding!.x.field as string, y: runs.encoding!.y.field as string };
  const values = excluded.map((r) => ({ ...r, excluded: true, status: "excluded by hand: click to include" }));
  const widen = (enc: Record<string, unknown>, channel: "x" | "y"): Record<string, unknown> => {
    const scale = enc.scale as { domain?: unknown } | undefined;
    const d = scale?.domain;
    if (!Array.isArray(d) || d.length !== 2 || typeof d[0] !== "number" || typeof d[1] !== "number") return enc;
    const vs = values.map((v) => (v as unknown as Record<string, number>)[fields[channel]]).filter((v) => Number.isFinite(v) && v > 0);
    if (vs.length === 0) return enc;
    const lo = Math.min(d[0], ...vs.map((v) => v / 1.05)), hi = Math.max(d[1], ...vs.map((v) => v * 1.05));
    return { ...enc, scale: { ...scale, domain: [lo, hi] } };
  };
  const widened = layer.map((l) => {
    if (!l.encoding) return l;
    const enc = { ...l.encoding };
    for (const ch of ["x", "y"] as const) if (enc[ch] && enc[ch].field === fields[ch]) enc[ch] = widen(enc[ch], ch);
    // y of a band layer is its lower edge ("lo"); widen it like y
    if (enc.y && enc.y.field !== fields.y && enc.y.scale) enc.y = widen(enc.y, "y");
    return { ...l, encoding: enc };
  });
  const main = widened.find((l) => markType(l) === "point" && l.encoding?.x && l.encoding?.y)!;
  const excludedLayer: Spec = {
    data: { values },
    mark: { type: "point", filled: false, size: 36, color: "#777", strokeWidth: 1.2, clip: true },
    encoding: {
      x: main.encoding!.x,
      y: main.encoding!.y,
      tooltip: [
        { field: "line", type: "quantitative", title: "line" },
        { field: "params", type: "quantitative", title: "N", format: ".3s" },
        { field: "tokens", type: "quantitative", title: "D", format: ".3s" },
        { field: "loss", type: "quantitative", title: "loss (nats)", format: ".4f" },
        { field: "status", type: "nominal", title: "status" },
      ],
    },
  };
  return { ...spec, layer: [...widened, excludedLayer] };
}

/** Room Vega-Lite needs beside each panel for its axis labels and title, px. */
const PANEL_GUTTER = 90;

/**
 * A concatenated figure (residuals: three panels) narrowed to fit `available`
 * pixels: each panel's width shrinks (never below 120 px, never above what the
 * core asked for), so the figure sits inside its box instead of overflowing.
 * Other specs are returned unchanged.
 */
export function fitPanels(spec: Spec, available: number): Spec {
  const panels = spec.hconcat as Unit[] | undefined;
  if (!Array.isArray(panels) || panels.length === 0 || !(available > 0)) return spec;
  const each = Math.floor((available - PANEL_GUTTER * panels.length) / panels.length);
  return {
    ...spec,
    hconcat: panels.map((p) => {
      const asked = typeof p.width === "number" ? p.width : each;
      return { ...p, width: Math.max(120, Math.min(asked, each)) };
    }),
  };
}
