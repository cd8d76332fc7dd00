/**
 * Headless rendering of figure specs: Vega-Lite → Vega → SVG with Vega's
 * renderer-less view (no canvas, no DOM; text widths are Vega's estimates,
 * so output is the same on every machine), and SVG → PNG with resvg.
 * Nothing is fetched: specs carry their data inline, and the loader refuses
 * any URL.
 */

import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { writeOutput } from "./readText.js";

/** Thrown when a spec does not compile or render; the message carries Vega's. */
export class RenderError extends Error {
  override name = "RenderError";
}

/**
 * Advance widths (1/1000 em) of ASCII 32–126 in DejaVu Sans and DejaVu Sans
 * Bold, read from the fonts' hmtx tables: the fonts resvg draws with on
 * Debian and a little wider than Helvetica or Arial, so layouts measured with
 * them leave room in any browser. Vega's own estimate without a canvas
 * (0.8 em a character) makes titles and legends far too wide.
 */
const WIDTHS_REGULAR = [318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838];
const WIDTHS_BOLD = [348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838];
/** Width of a character outside ASCII (Greek letters, math signs ≈ 0.64–0.84 em in DejaVu Sans). */
const WIDTH_OTHER = 800;

/** Text width in pixels from the tables above. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? WIDTHS_BOLD : WIDTHS_REGULAR;
  let units = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    units += c >= 32 && c < 127 ? table[c - 32] : WIDTH_OTHER;
  }
  return (units * fontSize) / 1000;
}

interface TextItem { text?: unknown; fontSize?: number; fontWeight?: string | number }

// Vega supports a user-defined measure (as vl-convert sets one); this process measures with the tables.
(vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics.width = (item, text) => {
  const t = text ?? item.text ?? "";
  const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600;
  const lines = Array.isArray(t) ? t.map(String) : [String(t)];
  return Math.max(0, ...lines.map((l) => textWidth(l, item.fontSize ?? 11, bold)));
};

/** A loader that refuses every URL: figures must work offline, so a spec that needs one is a bug. */
function offlineLoader(): vega.Loader {
  const refuse = (uri: string) => Promise.reject(new RenderError(`figure specs carry their data inline; refusing to load ${uri}`));
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse } as vega.Loader;
}

/** Compiles a Vega-Lite spec to Vega; Vega-Lite's warnings are collected, not printed. */
export function compileVegaLite(spec: Record<string, unknown>): { vega: vega.Spec; warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    level: (() => logger) as never, error: (...m: unknown[]) => { throw new RenderError(m.join(" ")); },
    warn: (...m: unknown[]) => { warnings.push(m.join(" ")); return logger; },
    info: () => logger, debug: () => logger,
  };
  try {
    return { vega: compile(spec as unknown as TopLevelSpec, { logger: logger as never }).spec as vega.Spec, warnings };
  } catch (e) {
    throw e instanceof RenderError ? e : new RenderError(`Vega-Lite could not compile the spec: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * The figure as an SVG document, width and height from the spec. Deterministic:
 * the same spec gives the same bytes (no time stamps, no random ids).
 */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const errors: string[] = [];
  const logger = {
    level(_?: number) { return _ === undefined ? vega.Error : logger; },
    error: (...m: unknown[]) => { errors.push(m.map((x) => (x instanceof Error ? x.message : String(x))).join(" ")); return logger; },
    warn: (...m: unknown[]) => { if (/^(Loading|Data ingestion) failed/.test(String(m[0]))) logger.error(...m); return logger; },
    info: () => logger, debug: () => logger,
  };
  // Vega logs a failed data load as a warning and draws on without the data; here that is an error
  const view = new vega.View(vega.parse(compileVegaLite(spec).vega), { renderer: "none", loader: offlineLoader(), logger: logger as never });
  try {
    const svg = await view.toSVG();
    if (errors.length > 0) throw new RenderError(`Vega could not render the figure: ${errors.join("; ")}`);
    return renumberDefIds(svg);
  } finally {
    view.finalize();
  }
}

/**
 * Vega names clip paths, gradients and radial gradients' patterns from
 * counters that live as long as the process ("clip333", "gradient_3", "p_gradient_4"), so a figure's ids, and so its bytes,
 * depended on what had been drawn before it. Renumbered here from 1 in order
 * of first appearance (reference or definition), per document.
 */
export function renumberDefIds(svg: string): string {
  const ids = new Map<string, string>();
  const counts = new Map<string, number>();
  // attribute values only (` id="…"`, `="url(#…)"`), so a label that happens to read "url(#clip3)" is left alone;
  // a radial gradient is drawn through a pattern, "p_gradient_N"
  return svg.replace(/(\sid="|="url\(#)(p_gradient_|clip|gradient_)(\d+)(?=[")])/g, (_m, lead: string, kind: string, n: string) => {
    const key = kind + n;
    let renamed = ids.get(key);
    if (renamed === undefined) {
      const k = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, k);
      renamed = kind + k;
      ids.set(key, renamed);
    }
    return lead + renamed;
  });
}

/** Family that SVG's generic "sans-serif" maps to when installed (Debian's fonts-dejavu-core); otherwise resvg picks a system font. */
export const FALLBACK_FONT = "DejaVu Sans";

export interface PngFonts {
  /** Load the system's fonts (default true; false is faster and draws no text unless fontFiles are given). */
  loadSystemFonts?: boolean;
  /** Extra font files to load (TTF/OTF paths). */
  fontFiles?: string[];
}

/**
 * PNG of an SVG at `scale` × its size (default 2, for sharp text). Uses the
 * system's fonts; with none found, text is left out and shapes still render.
 */
export function renderPng(svg: string, scale = 2, fonts: PngFonts = {}): Uint8Array {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`PNG scale must be a number > 0, got ${scale}`);
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { loadSystemFonts: fonts.loadSystemFonts ?? true, fontFiles: fonts.fontFiles ?? [], sansSerifFamily: FALLBACK_FONT },
    logLevel: "off",
  });
  return resvg.render().asPng();
}

/** Writes SVG text or PNG bytes atomically ("-": standard output), as writeOutput. */
export function writeFigure(path: string, content: string | Uint8Array): void {
  writeOutput(path, content);
}
