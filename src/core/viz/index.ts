// Figure specifications: data in, Vega-Lite spec (plain JSON) out. Rendering lives in src/node/render.ts.
export { buildFigures, figure, figureMissing, FIGURES } from "./buildFigures.js";
export { FIGURE_NAMES, type FigureName, type FigureSpec, type VizFit, type VizModel, type VizRun } from "./types.js";
export { vizFit, vizRuns } from "./model.js";
export { countLabelExpr, flopsLabelExpr, formatCount, formatFlops, formatValue, TITLES, valueLabelExpr, conventionName } from "./labels.js";
export { axisFor, type AxisKind } from "./axes.js";
export { isoLines } from "./marchingSquares.js";
export { frontier, frontierBands, predictionBand } from "./frontier.js";
