import type { FigureName, FigureSpec, VizModel } from "./types.js";

/** How one figure is made: what it needs, and the spec. */
export interface FigureBuilder {
  name: FigureName;
  title: string;
  /** What the model lacks for this figure, or null when it can be drawn. */
  missing(model: VizModel): string | null;
  build(model: VizModel): FigureSpec;
}
