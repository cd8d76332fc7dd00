/**
 * Assembling the offline report in Node: the Vega runtime read from the
 * installed package (nothing is downloaded), Vega-Lite specs compiled to Vega
 * here (warnings collected, not printed) so the page needs only the runtime.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ReportFigure } from "../core/report/reportHtml.js";
import type { FigureSpec } from "../core/viz/index.js";
import { compileVegaLite } from "./render.js";

let runtime: string | undefined;

/** vega.min.js of the installed vega package (its exports map hides build/, so it is found beside the schema). */
export function vegaRuntime(): string {
  if (runtime === undefined) {
    const require = createRequire(import.meta.url);
    runtime = readFileSync(join(dirname(require.resolve("vega/vega-schema.json")), "vega.min.js"), "utf8");
  }
  return runtime;
}

/** Vega-Lite figure specs compiled to Vega, ready to embed. */
export function compileFigures(figures: readonly FigureSpec[]): ReportFigure[] {
  return figures.map((f) => ({ name: f.name, title: f.title, vegaSpec: compileVegaLite(f.spec).vega, expected: f.expected }));
}
