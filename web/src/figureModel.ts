/**
 * The figures' data model in a form that survives structured cloning (the law
 * by registry id and options instead of an object with functions), so that
 * figures whose specs are costly — frontier and prediction bands over
 * thousands of bootstrap refits take ≈ 1 s — are built in a worker.
 */
import type { FitData } from "../../src/core/fit/data.js";
import type { LawOptions } from "../../src/core/laws/registry.js";
import type { Law } from "../../src/core/laws/types.js";
import type { VizModel, VizRun } from "../../src/core/viz/types.js";

export interface FigureModel {
  runs: VizRun[];
  paramConvention: VizModel["paramConvention"];
  targetFlops?: number;
  plan?: VizModel["plan"];
  fit?: {
    law: string;
    lawOptions: LawOptions;
    values: Record<string, number>;
    theta: number[];
    data: FitData;
    resampleValues?: Array<Record<string, number>>;
  };
}

/** Above this many bootstrap refits, figures are built in the worker, not on the page's thread. */
export const HEAVY_RESAMPLES = 50;

export function isHeavy(model: FigureModel): boolean {
  return (model.fit?.resampleValues?.length ?? 0) > HEAVY_RESAMPLES;
}

/** The VizModel for the core's figure builders, given the fit's law object. */
export function toVizModel(model: FigureModel, law?: Law): VizModel {
  const { fit, ...rest } = model;
  if (!fit || !law) return rest;
  return {
    ...rest,
    fit: { law, values: fit.values, theta: fit.theta, data: fit.data, ...(fit.resampleValues ? { resampleValues: fit.resampleValues } : {}) },
  };
}
