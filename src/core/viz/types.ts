/** The figures of issue 5, their specs and the data model they are drawn from. */
import type { BacktestResult } from "../fit/backtest.js";
import type { FitData } from "../fit/data.js";
import type { Law } from "../laws/types.js";

/** Figures in the order (a)…(h) of issue 5. */
export const FIGURE_NAMES = ["loss-compute", "isoflop", "optimal-allocation", "residuals", "bootstrap", "contours", "plan", "backtest"] as const;

export type FigureName = (typeof FIGURE_NAMES)[number];

/** One figure: a Vega-Lite v6 spec, plain JSON with its data inlined as values. */
export interface FigureSpec {
  name: FigureName;
  title: string;
  /** A Vega-Lite v6 TopLevelSpec, plain JSON (no functions, no URLs), data inlined as values. */
  spec: Record<string, unknown>;
  /**
   * Counts of data marks in the rendered view, for a browser or SVG test:
   * `points` = symbol items of point marks (SVG `g.mark-symbol.role-mark > path`),
   * `lines` = paths of line marks (SVG `g.mark-line.role-mark > path`).
   * Legends are not counted.
   */
  expected: { points?: number; lines?: number };
}

/** One run as drawn: N, D, C, loss in nats, and its line in the source table. */
export interface VizRun {
  params: number;
  tokens: number;
  flops: number;
  loss: number;
  line: number;
}

/** A fitted law, its data and (optionally) its bootstrap refits. */
export interface VizFit {
  law: Law;
  /** Natural parameter values of the full-data fit (extra keys, e.g. sigma, are ignored). */
  values: Record<string, number>;
  /** Fit-space vector of the full-data fit (law parameters first; extra objective parameters after them are ignored). */
  theta: ArrayLike<number>;
  /** The data the fit used, row i being runs[i]. */
  data: FitData;
  /** Bootstrap refits in fit space; derived from resampleValues when absent. */
  resampleThetas?: ReadonlyArray<ArrayLike<number>>;
  /** Bootstrap refits as natural values (plus derived quantities such as a); derived from resampleThetas when absent. */
  resampleValues?: ReadonlyArray<Record<string, number>>;
}

export interface VizModel {
  /** Runs used in the fit (loss in nats), in the fit data's order. */
  runs: VizRun[];
  paramConvention: "total" | "nonEmbedding" | "active";
  fit?: VizFit;
  /** Compute (FLOPs) to extrapolate figures (a) and (c) to. */
  targetFlops?: number;
  /** Published laws overlaid on (a) and (c), each labelled. */
  compare?: Array<{ label: string; law: Law; values: Record<string, number> }>;
  /** A plan at a fixed compute (figure g). */
  plan?: { flops: number; params: number; tokens: number; loss: number; inferenceAware?: { params: number; tokens: number; loss: number } };
  backtest?: BacktestResult;
}
