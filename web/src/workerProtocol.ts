/** Messages between the page and the fit worker (web/src/fitWorker.ts). Everything here survives structured cloning. */
import type { ResampleResult } from "../../src/core/fit/bootstrap.js";
import type { FitData } from "../../src/core/fit/data.js";
import type { FitResult } from "../../src/core/fit/fitLaw.js";
import type { ObjectiveId } from "../../src/core/fit/objectives.js";
import type { LawOptions } from "../../src/core/laws/registry.js";
import type { Correction } from "../../src/core/optimize/lbfgs.js";
import type { FigureName, FigureSpec } from "../../src/core/viz/types.js";
import type { FigureModel } from "./figureModel.js";

/** A FitResult without its law (functions do not clone); the page puts the law back. */
export type ClonedFit = Omit<FitResult, "law">;

export interface FitRequest {
  type: "fit";
  id: number;
  law: string;
  lawOptions: LawOptions;
  method: "grid" | "varpro";
  objective: ObjectiveId;
  delta: number;
  data: FitData;
}

export interface BootstrapRequest {
  type: "bootstrap";
  id: number;
  law: string;
  lawOptions: LawOptions;
  objective: ObjectiveId;
  delta: number;
  data: FitData;
  theta: number[];
  corrections: Correction[];
  seed: number;
  budgetFlops: number;
  resamples: number;
}

/** Build figure specs (not render them: Vega needs the page). */
export interface FigureRequest {
  type: "figure";
  id: number;
  name: FigureName;
  model: FigureModel;
}

export type WorkerRequest = FitRequest | BootstrapRequest | FigureRequest;

export type WorkerResponse =
  | { type: "progress"; id: number; done: number; total: number }
  | { type: "fit"; id: number; fit: ClonedFit; ms: number }
  | { type: "bootstrap"; id: number; results: ResampleResult[]; ms: number }
  | { type: "figure"; id: number; figure: FigureSpec | null; missing: string | null }
  | { type: "error"; id: number; message: string };

/** Resamples refitted between two progress messages. */
export const RESAMPLES_PER_CHUNK = 25;
