/** Every figure the data support, or one figure by name. */
import { NothingToDrawError, UnknownNameError } from "../errors.js";
import { backtestFigure } from "./backtestFigure.js";
import { bootstrapFigure } from "./bootstrapFigure.js";
import { contoursFigure } from "./contoursFigure.js";
import type { FigureBuilder } from "./figureBuilder.js";
import { isoflopFigure } from "./isoflopFigure.js";
import { lossComputeFigure } from "./lossComputeFigure.js";
import { optimalAllocationFigure } from "./optimalAllocationFigure.js";
import { planFigure } from "./planFigure.js";
import { residualsFigure } from "./residualsFigure.js";
import { FIGURE_NAMES, type FigureName, type FigureSpec, type VizModel } from "./types.js";

/** The figure builders, in the order (a)…(h). */
export const FIGURES: Readonly<Record<FigureName, FigureBuilder>> = {
  "loss-compute": lossComputeFigure,
  isoflop: isoflopFigure,
  "optimal-allocation": optimalAllocationFigure,
  residuals: residualsFigure,
  bootstrap: bootstrapFigure,
  contours: contoursFigure,
  plan: planFigure,
  backtest: backtestFigure,
};

/** What the model lacks for figure `name`, or null when it can be drawn. */
export function figureMissing(model: VizModel, name: FigureName): string | null {
  return builder(name).missing(model);
}

/**
 * One figure. Throws a RangeError naming an unknown figure, or naming the data
 * the model lacks for it (e.g. `figure "bootstrap" needs bootstrap refits of the fit`).
 */
export function figure(model: VizModel, name: FigureName): FigureSpec {
  const b = builder(name);
  const missing = b.missing(model);
  if (missing !== null) throw new RangeError(`figure "${name}" needs ${missing}`);
  return b.build(model);
}

/** Every figure the model has data for, in the order (a)…(h). */
export function buildFigures(model: VizModel): FigureSpec[] {
  const out: FigureSpec[] = [];
  for (const name of FIGURE_NAMES.filter((n) => FIGURES[n].missing(model) === null)) {
    try { out.push(FIGURES[name].build(model)); } catch (e) { if (!(e instanceof NothingToDrawError)) throw e; } // left out; the report lists what it drew
  }
  return out;
}

function builder(name: FigureName): FigureBuilder {
  if (!Object.hasOwn(FIGURES, name)) throw new UnknownNameError(`unknown figure "${name}"; figures: ${FIGURE_NAMES.join(", ")}`);
  return FIGURES[name];
}
