/**
 * Scale and axis of a quantitative channel from the values it must show:
 * the domain, the tick values and the label expression all come from here,
 * so every figure labels FLOPs, counts and losses the same way.
 */
import { countLabelExpr, flopsLabelExpr, valueLabelExpr } from "./labels.js";
import { extent, linearTicks, logTicks, niceLinearDomain, niceLogDomain } from "./ticks.js";

/** What an axis shows: FLOPs (1e21), counts of parameters or tokens (70B), or a plain value (2.5). */
export type AxisKind = "flops" | "count" | "value";

export interface AxisOptions {
  title: string | null;
  /** Log scale (default: true for flops and counts, false for values). */
  log?: boolean;
  /** Approximate number of ticks of a linear or value axis (default 5). */
  ticks?: number;
}

/** `scale` and `axis` of a Vega-Lite position channel showing `values`. */
export function axisFor(kind: AxisKind, values: Iterable<number>, options: AxisOptions): { scale: Record<string, unknown>; axis: Record<string, unknown> } {
  const log = options.log ?? kind !== "value";
  const vs = [...values].filter((v) => Number.isFinite(v) && (!log || v > 0));
  let [lo, hi] = extent(vs);
  let domain: [number, number], ticks: number[];
  if (log && kind !== "value") {
    domain = niceLogDomain(lo, hi);
    ticks = logTicks(domain[0], domain[1]);
  } else if (log) {
    if (!(hi > lo)) { lo /= 1.1; hi *= 1.1; }
    const pad = (hi / lo) ** 0.04;
    domain = niceLinearDomain(lo / pad, hi * pad, 2 * (options.ticks ?? 5));
    if (!(domain[0] > 0)) domain[0] = lo / pad;
    ticks = linearTicks(domain[0], domain[1], options.ticks ?? 5);
  } else {
    const pad = 0.02 * (hi - lo); // keeps marks at the extremes off the frame
    domain = niceLinearDomain(lo - pad, hi + pad, options.ticks ?? 5);
    ticks = linearTicks(domain[0], domain[1], options.ticks ?? 5);
  }
  const labelExpr = kind === "flops" ? flopsLabelExpr() : kind === "count" ? countLabelExpr() : valueLabelExpr();
  return {
    scale: log ? { type: "log", domain, nice: false } : { type: "linear", domain, nice: false, zero: false },
    axis: { title: options.title, values: ticks, labelExpr, grid: true },
  };
}

/** A quantitative position channel over `field` with `axisFor`'s scale and axis. */
export function positionChannel(field: string, kind: AxisKind, values: Iterable<number>, options: AxisOptions): Record<string, unknown> {
  return { field, type: "quantitative", ...axisFor(kind, values, options) };
}

