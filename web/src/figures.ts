/**
 * Drawing the core's Vega-Lite figures in the page: compile with Vega-Lite,
 * render with a Vega View (SVG renderer; Vega's default tooltip handler shows
 * a run on hover), export as SVG or PNG.
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { dataUrlToBlob, download } from "./dom.js";

/** Vega-Lite's compiler warnings, kept rather than printed (the core's specs are tested in Node). */
export const compileWarnings: string[] = [];

const quietLogger = {
  level(): number { return 0; },
  error(...args: readonly unknown[]) { compileWarnings.push(args.map(String).join(" ")); return this; },
  warn(...args: readonly unknown[]) { compileWarnings.push(args.map(String).join(" ")); return this; },
  info() { return this; },
  debug() { return this; },
};

/** A Vega-Lite spec compiled to Vega. */
export function toVega(spec: Record<string, unknown>): vega.Spec {
  return compile(spec as unknown as TopLevelSpec, { logger: quietLogger as never }).spec as vega.Spec;
}

/** A datum of a run drawn as a point (the loss–compute figure's runs, and the hollow excluded ones). */
export interface RunDatum {
  line: number;
  excluded?: boolean;
}

/** A pointer that moved more than this (px) between press and release was a pan, not a click. */
const CLICK_SLOP_PX = 4;

/**
 * Renders a compiled spec into `container`, replacing what was there; `ready`
 * resolves once the SVG is in the page. `onRunClick` receives the datum of a
 * point clicked (not dragged). The caller finalizes the view it replaces.
 */
export function renderFigure(container: HTMLElement, vegaSpec: vega.Spec, onRunClick?: (run: RunDatum) => void): { view: vega.View; ready: Promise<unknown> } {
  container.replaceChildren();
  const view = new vega.View(vega.parse(vegaSpec), { renderer: "svg", container, hover: true, logLevel: vega.Error });
  if (onRunClick) {
    let down: { x: number; y: number } | null = null;
    view.addEventListener("pointerdown", (event) => {
      const e = event as PointerEvent;
      down = { x: e.clientX, y: e.clientY };
    });
    view.addEventListener("click", (event, item) => {
      const e = event as MouseEvent;
      if (down && Math.hypot(e.clientX - down.x, e.clientY - down.y) > CLICK_SLOP_PX) return;
      const hit = item as { datum?: unknown; mark?: { marktype?: string } } | null | undefined;
      const d = hit?.datum as Partial<RunDatum> | undefined;
      if (hit?.mark?.marktype === "symbol" && d && typeof d.line === "number") onRunClick({ line: d.line, excluded: d.excluded === true });
    });
  }
  return { view, ready: view.runAsync() };
}

export async function exportSvg(view: vega.View, name: string): Promise<void> {
  download(`${name}.svg`, new Blob([await view.toSVG()], { type: "image/svg+xml" }));
}

export async function exportPng(view: vega.View, name: string): Promise<void> {
  download(`${name}.png`, dataUrlToBlob(await view.toImageURL("png", 2)));
}
