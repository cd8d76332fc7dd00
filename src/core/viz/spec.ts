/** Pieces every figure's Vega-Lite spec shares: schema, size, config, palette. */

export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Size of a single-panel figure's plotting area, pixels. */
export const SIZE = { width: 480, height: 320 } as const;
/** Size of each panel of a multi-panel figure. */
export const PANEL = { width: 260, height: 220 } as const;

/** Categorical colours (Tableau 10, Vega's default scheme), fixed so a law keeps its colour across figures. */
export const PALETTE = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"] as const;

/** Colour of the fitted law, its bands and its markers. */
export const FIT_COLOR = "#1f1f1f";

/**
 * Config of every figure: no per-item ARIA descriptions (they would repeat the
 * data as text in every SVG), a white background, fixed fonts sizes.
 */
export const CONFIG = {
  aria: false,
  background: "white",
  font: "sans-serif",
  title: { fontSize: 14, subtitleFontSize: 11, anchor: "start", subtitleColor: "#555" },
  axis: { labelFontSize: 10, titleFontSize: 11, gridColor: "#eee", labelOverlap: true },
  legend: { labelFontSize: 10, titleFontSize: 11, labelLimit: 400, titleLimit: 400 },
  view: { stroke: "#ccc" },
} as const;

/** A top-level spec: schema, title and subtitle, description, config, then the body. */
export function topLevel(title: string, subtitle: string | string[] | undefined, description: string, body: Record<string, unknown>): Record<string, unknown> {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: subtitle === undefined ? { text: title } : { text: title, subtitle },
    description,
    config: CONFIG,
    ...body,
  };
}

/** The rows whose numbers are all finite (a non-finite value would break the JSON and the scale). */
export function finiteRows<T extends object>(rows: readonly T[]): T[] {
  return rows.filter((r) => Object.values(r).every((v) => typeof v !== "number" || Number.isFinite(v)));
}
