/**
 * Approach 1 of Hoffmann et al. 2022 (§3.1 and Figure 2, "Fix model sizes and
 * vary number of training tokens"): the envelope of training curves. Each
 * checkpoint has FLOPs C = 6·N·D (Kaplan et al. 2020 §2.1); on a log-spaced grid
 * of C, each run's loss is interpolated linearly in ln C within its own FLOP range
 * (no extrapolation), the run with the lowest loss wins, and N*(C) = k·C^a,
 * D*(C) = k'·C^b are fitted by least squares in log space over the winners.
 * Since D = C/(6N) on every point, b = 1 − a and k' = 1/(6k) exactly.
 * Hoffmann et al. smooth each curve first; this does not.
 *
 * With discrete sizes the winners' N is a staircase. A step at the bottom (top)
 * of the range with no smaller (larger) model present, as when the smallest
 * (largest) model holds it, ends where the data end, not where a competitor
 * takes over, so its length is arbitrary and it tilts the fit (−0.04 on a of
 * 0.45 in the tests); those edge steps are left out unless `keepEdges`. Over m complete steps of equal length the least-squares slope is
 * a·(1 − 1/m²) (the sawtooth's covariance with ln C), e.g. −0.007 for m = 8.
 *
 * Envelope points are not independent (neighbouring grid points share a winner,
 * and the grid density is arbitrary), so no standard error is reported.
 */
import { maxOf, minOf } from "../stats/extent.js";
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import type { RowIssue } from "../runs/types.js";
import type { LossCheckpoint } from "../runs/lossCurves.js";
import type { PowerFit } from "./isoflop.js";

/** k in C = k·N·D (Kaplan et al. 2020, §2.1; Hoffmann et al. 2022, §3). */
export const FLOPS_PER_PARAM_TOKEN = 6;
export const ENVELOPE_FLOPS_FORMULA = "C = 6·N·D";
/** Default number of log-spaced FLOP values in the grid (Hoffmann et al. use 1500). */
export const DEFAULT_GRID_POINTS = 1500;

export interface EnvelopeOptions {
  /** Log-spaced FLOP values between the smallest and the largest checkpoint FLOPs (integer ≥ 2, default 1500). */
  gridPoints?: number;
  /**
   * Fit the power laws to every envelope point, as Hoffmann et al. do (default
   * false: the bottom step held by the smallest model and the top step held by
   * the largest are left out, since the data, not a competitor, end them).
   */
  keepEdges?: boolean;
}

/** One grid point of the envelope: the run with the lowest interpolated loss at `flops`. */
export interface EnvelopePoint {
  flops: number;
  run: string;
  params: number;
  /** D = C / (6N) of the winner. */
  tokens: number;
  lossNats: number;
}

/** A FLOP interval [from, to] (grid values) over which a run is on the envelope. */
export interface EnvelopeStretch {
  from: number;
  to: number;
  points: number;
}

export interface EnvelopeRun {
  run: string;
  params: number;
  checkpoints: number;
  /** FLOPs of the run's first and last checkpoint. */
  flopsRange: [number, number];
  /** Stretches of the grid where this run has the lowest loss (empty: never on the envelope). */
  onEnvelope: EnvelopeStretch[];
}

export interface EnvelopeResult {
  flopsFormula: string;
  gridPoints: number;
  /** One per covered grid point, in increasing FLOPs. */
  points: EnvelopePoint[];
  /** Runs in increasing N (then id). */
  runs: EnvelopeRun[];
  /** Distinct N among the winners. */
  distinctSizes: number;
  /** How often the winner's N changes along the grid. */
  sizeChanges: number;
  /** The envelope points the power laws are fitted to: all ("kept") or without the truncated edge steps ("trimmed"). */
  fit: { from: number; to: number; points: number; edges: "kept" | "trimmed" };
  /** N*(C) = coefficient · C^exponent (least squares in log space over the envelope points). */
  params: PowerFit;
  /** D*(C) = coefficient · C^exponent; exponent = 1 − params.exponent. */
  tokens: PowerFit;
  /**
   * Checkpoints left out, each with its reason: exact repeats of an earlier (run,
   * tokens, loss), both of two checkpoints at the same tokens with different
   * losses, every checkpoint of a run id with two model sizes, and runs with
   * fewer than 2 checkpoints.
   */
  excluded: RowIssue[];
  warnings: Diagnostic[];
}

export type EnvelopeErrorReason = "too-few-runs" | "too-few-sizes";

/** Thrown when the checkpoints cannot give an envelope fit; `reason` says why, the message names runs and lines. */
export class EnvelopeError extends Error {
  override name = "EnvelopeError";
  constructor(readonly reason: EnvelopeErrorReason, message: string) {
    super(message);
  }
}

/** One run's loss curve, in increasing tokens, with ln C of each checkpoint. */
interface Curve {
  run: string;
  params: number;
  lnFlops: number[];
  loss: number[];
}

/**
 * The training-curve envelope and its power laws (see the file header).
 * Leaves out, with a reason and a coded warning, a run with fewer than 2
 * distinct checkpoints (`single-checkpoint`), a run id with two values of N
 * (`mixed-sizes`), and both checkpoints of the same (run, tokens) with two
 * losses (`conflicting-checkpoints`). Refuses (EnvelopeError) fewer than 2
 * usable runs and an envelope with fewer than 2 distinct N. Warns when the step at
 * an edge of the FLOP range has no smaller (bottom) or larger (top) competitor,
 * e.g. the smallest or largest model holds it (the frontier is truncated there;
 * that step is left out of the fit unless `keepEdges`), when only 2
 * sizes are on the envelope, and when no run covers part of the grid.
 *
 * Cost: O(M log M + G·R) for M checkpoints, R runs and G grid points.
 *
 * @example
 * // 10 sizes 1e7…1e10, each from 1 to 1000 tokens per parameter, losses from Hoffmann et al.'s law
 * envelopeFit(checkpoints);
 * // { params: { exponent: 0.4443, … }, tokens: { exponent: 0.5557, … }, fit: { edges: "trimmed", … }, points: [...], runs: [...] }
 */
export function envelopeFit(checkpoints: readonly LossCheckpoint[], options: EnvelopeOptions = {}): EnvelopeResult {
  const gridPoints = options.gridPoints ?? DEFAULT_GRID_POINTS;
  if (!(Number.isSafeInteger(gridPoints) && gridPoints >= 2)) throw new RangeError(`grid points must be a whole number ≥ 2, got ${gridPoints}`);
  const { curves, excluded, warnings: curveWarnings } = lossCurves(checkpoints);
  const lo = minOf(curves.map((c) => c.lnFlops[0]));
  const hi = maxOf(curves.map((c) => c.lnFlops[c.lnFlops.length - 1]));
  const winners = envelopeWinners(curves, lo, hi, gridPoints);
  const points: EnvelopePoint[] = [];
  for (const [i, w] of winners.entries()) {
    if (w === null) continue;
    const flops = Math.exp(gridLn(lo, hi, gridPoints, i)), params = curves[w.curve].params;
    points.push({ flops, run: curves[w.curve].run, params, tokens: flops / (FLOPS_PER_PARAM_TOKEN * params), lossNats: w.loss });
  }
  const sizes = [...new Set(points.map((p) => p.params))];
  if (sizes.length < 2) {
    const who = points.length ? `run "${points[0].run}" (N = ${points[0].params.toExponential(3)})` : "no run";
    throw new EnvelopeError("too-few-sizes", `the envelope holds only one model size, ${who}, over the whole FLOP range: a power law N*(C) needs at least 2 sizes on the envelope; add runs of other sizes, or train the ones that never win longer`);
  }
  const runs = curves.map((c, k): EnvelopeRun => ({
    run: c.run, params: c.params, checkpoints: c.lnFlops.length,
    flopsRange: [Math.exp(c.lnFlops[0]), Math.exp(c.lnFlops[c.lnFlops.length - 1])],
    onEnvelope: stretches(winners, k, lo, hi, gridPoints),
  }));
  const steps = staircase(points);
  const edges = truncatedEdges(steps, runs);
  const warnings: Diagnostic[] = [...curveWarnings];
  let fitted = points;
  if (options.keepEdges !== true && (edges.bottom || edges.top)) {
    const from = edges.bottom ? steps[1].first : 0, to = edges.top ? steps[steps.length - 2].last : points.length - 1;
    const inner = points.slice(from, to + 1);
    if (new Set(inner.map((p) => p.params)).size >= 2) fitted = inner;
    else warnings.push(diagnostic("truncated-edge", `fewer than 2 model sizes on the envelope between its truncated edges: the power laws are fitted to every envelope point, edges included, and are biased (see the warnings above)`));
  }
  warnings.splice(curveWarnings.length, 0, ...edgeWarnings(steps, runs, edges, fitted !== points).map((m) => diagnostic("truncated-edge", m)));
  warnings.push(...gapWarnings(winners, lo, hi, gridPoints).map((m) => diagnostic("envelope-gap", m)));
  if (sizes.length === 2) warnings.push(diagnostic("two-sizes", `only 2 model sizes on the envelope (N = ${sizes.map((s) => s.toExponential(3)).join(", ")}): the power law is fitted to a two-step staircase; its exponent is crude`));
  const lnC = fitted.map((p) => Math.log(p.flops));
  const paramsFit = lineFit(lnC, fitted.map((p) => Math.log(p.params)));
  const tokensFit = lineFit(lnC, fitted.map((p) => Math.log(p.tokens)));
  return {
    flopsFormula: ENVELOPE_FLOPS_FORMULA, gridPoints, points, runs, distinctSizes: sizes.length, sizeChanges: steps.length - 1,
    fit: { from: fitted[0].flops, to: fitted[fitted.length - 1].flops, points: fitted.length, edges: fitted === points ? "kept" : "trimmed" },
    params: { coefficient: Math.exp(paramsFit.intercept), exponent: paramsFit.slope },
    tokens: { coefficient: Math.exp(tokensFit.intercept), exponent: tokensFit.slope },
    excluded, warnings,
  };
}

/**
 * Groups checkpoints into runs, sorted by tokens, with exact repeats dropped
 * (listed in `excluded`). Throws EnvelopeError for conflicting repeats, mixed
 * N within a run, fewer than 2 runs, or a run with fewer than 2 checkpoints.
 * Runs come out in increasing N (then id), so ties on the envelope go to the
 * smaller model.
 *
 * Cost: O(M log M).
 */
function lossCurves(checkpoints: readonly LossCheckpoint[]): { curves: Curve[]; excluded: RowIssue[]; warnings: Diagnostic[] } {
  const byRun = new Map<string, LossCheckpoint[]>();
  for (const c of checkpoints) {
    if (!(c.params > 0 && c.tokens > 0 && Number.isFinite(6 * c.params * c.tokens) && Number.isFinite(c.lossNats))) {
      throw new RangeError(`run "${c.run}"${c.line === undefined ? "" : ` line ${c.line}`}: a checkpoint needs N > 0, D > 0 with 6·N·D finite, and a finite loss; got N = ${c.params}, D = ${c.tokens}, loss = ${c.lossNats}`);
    }
    const list = byRun.get(c.run);
    if (list) list.push(c); else byRun.set(c.run, [c]);
  }
  const at = (c: LossCheckpoint) => (c.line === undefined ? "" : ` at line ${c.line}`);
  const excluded: RowIssue[] = [], warnings: Diagnostic[] = [];
  const drop = (c: LossCheckpoint, reason: string) => excluded.push({ line: c.line ?? 0, reason });
  const curves: Curve[] = [];
  for (const [run, list] of byRun) {
    const other = list.find((c) => c.params !== list[0].params);
    if (other) {
      for (const c of list) drop(c, `run "${run}" names two model sizes (N = ${list[0].params.toExponential(3)}${at(list[0])} and N = ${other.params.toExponential(3)}${at(other)}): the whole run is left out`);
      warnings.push(diagnostic("mixed-sizes", `run "${run}": N = ${list[0].params.toExponential(3)}${at(list[0])} but N = ${other.params.toExponential(3)}${at(other)}; a run id must name one model, so its ${list.length} checkpoints are left out (give the run id column with --run-col if another column names runs)`, { value: run }));
      continue;
    }
    const sorted = [...list].sort((a, b) => a.tokens - b.tokens);
    const kept: LossCheckpoint[] = [];
    for (let i = 0; i < sorted.length;) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1].tokens === sorted[i].tokens) j++;
      const same = sorted.slice(i, j + 1);
      i = j + 1;
      if (same.every((x) => x.lossNats === same[0].lossNats)) {
        kept.push(same[0]);
        for (const x of same.slice(1)) drop(x, `duplicate of line ${same[0].line ?? "?"} (same run "${run}", tokens and loss)`);
        continue;
      }
      // two losses at one point of the curve: neither can be trusted
      const t = same[0].tokens.toExponential(3);
      for (const x of same) drop(x, `run "${run}" has ${same.length} checkpoints with different losses at tokens ${t} (${same.map((y) => `${y.lossNats}${at(y)}`).join(", ")}): all are left out`);
      warnings.push(diagnostic("conflicting-checkpoints", `run "${run}", tokens ${t}: losses ${same.map((y) => `${y.lossNats}${at(y)}`).join(" and ")}; which one is the curve is unknown, so these checkpoints are left out`, { value: run, ...(same[0].line !== undefined ? { line: same[0].line } : {}) }));
    }
    if (kept.length < 2) {
      for (const c of kept) drop(c, `run "${run}" has only 1 usable checkpoint: a loss curve needs 2 to interpolate`);
      warnings.push(diagnostic("single-checkpoint", `run "${run}" has ${kept.length} usable checkpoint${kept.length === 1 ? "" : "s"}${kept.length === 1 ? at(kept[0]) : ""}: left out (a loss curve needs at least 2 distinct tokens to interpolate)`, { value: run }));
      continue;
    }
    const params = kept[0].params;
    curves.push({ run, params, lnFlops: kept.map((c) => Math.log(FLOPS_PER_PARAM_TOKEN * params * c.tokens)), loss: kept.map((c) => c.lossNats) });
  }
  if (curves.length < 2) {
    const left = warnings.length ? ` (${warnings.length} left out: ${warnings.slice(0, 3).map((w) => w.message).join("; ")}${warnings.length > 3 ? "; …" : ""})` : "";
    throw new EnvelopeError("too-few-runs", `an envelope needs at least 2 runs with a usable loss curve, got ${curves.length}${curves.length ? ` (run "${curves[0].run}")` : ""}${left}`);
  }
  curves.sort((a, b) => a.params - b.params || (a.run < b.run ? -1 : a.run > b.run ? 1 : 0));
  excluded.sort((a, b) => a.line - b.line);
  return { curves, excluded, warnings };
}

/** ln C of grid point i: lo + (hi − lo)·i/(G − 1), with the last point exactly hi. */
function gridLn(lo: number, hi: number, gridPoints: number, i: number): number {
  return i === gridPoints - 1 ? hi : lo + ((hi - lo) * i) / (gridPoints - 1);
}

/**
 * Per grid point, the curve with the lowest loss, linearly interpolated in ln C
 * between its checkpoints; null where no run covers the point. One cursor per
 * curve walks forward with the grid. Cost: O(G·R + M).
 */
function envelopeWinners(curves: readonly Curve[], lo: number, hi: number, gridPoints: number): Array<{ curve: number; loss: number } | null> {
  const cursor = curves.map(() => 0);
  const out: Array<{ curve: number; loss: number } | null> = [];
  for (let i = 0; i < gridPoints; i++) {
    const x = gridLn(lo, hi, gridPoints, i);
    let best: { curve: number; loss: number } | null = null;
    for (const [k, c] of curves.entries()) {
      const xs = c.lnFlops, last = xs.length - 1;
      if (x < xs[0] || x > xs[last]) continue;
      let j = cursor[k];
      while (j < last - 1 && xs[j + 1] <= x) j++;
      cursor[k] = j;
      const t = (x - xs[j]) / (xs[j + 1] - xs[j]);
      const loss = c.loss[j] + t * (c.loss[j + 1] - c.loss[j]);
      if (best === null || loss < best.loss) best = { curve: k, loss };
    }
    out.push(best);
  }
  return out;
}

/** Maximal runs of consecutive grid points won by curve k. */
function stretches(winners: ReadonlyArray<{ curve: number } | null>, k: number, lo: number, hi: number, gridPoints: number): EnvelopeStretch[] {
  const out: EnvelopeStretch[] = [];
  for (let i = 0; i < winners.length; i++) {
    if (winners[i]?.curve !== k) continue;
    let j = i;
    while (j + 1 < winners.length && winners[j + 1]?.curve === k) j++;
    out.push({ from: Math.exp(gridLn(lo, hi, gridPoints, i)), to: Math.exp(gridLn(lo, hi, gridPoints, j)), points: j - i + 1 });
    i = j;
  }
  return out;
}

/** A maximal stretch of consecutive envelope points with one N: one step of the staircase. */
interface Step { params: number; run: string; first: number; last: number; from: number; to: number }

function staircase(points: readonly EnvelopePoint[]): Step[] {
  const steps: Step[] = [];
  for (const [i, p] of points.entries()) {
    const s = steps[steps.length - 1];
    if (s && s.params === p.params) { s.last = i; s.to = p.flops; } else steps.push({ params: p.params, run: p.run, first: i, last: i, from: p.flops, to: p.flops });
  }
  return steps;
}

/**
 * Whether the bottom (top) step is truncated: no smaller (larger) model than its
 * holder has checkpoints within it, so the step ends where the data end, not
 * where a competitor takes over, and its length is arbitrary. This is the case
 * whenever the smallest (largest) model holds the bottom (top) of the range.
 */
function truncatedEdges(steps: readonly Step[], runs: readonly EnvelopeRun[]): { bottom: boolean; top: boolean } {
  const present = (s: Step, r: EnvelopeRun) => r.flopsRange[0] <= s.to && r.flopsRange[1] >= s.from;
  const first = steps[0], last = steps[steps.length - 1];
  return {
    bottom: !runs.some((r) => r.params < first.params && present(first, r)),
    top: !runs.some((r) => r.params > last.params && present(last, r)),
  };
}

/** One warning per truncated edge, comparing its step with the median interior step (decades of C). */
function edgeWarnings(steps: readonly Step[], runs: readonly EnvelopeRun[], edges: { bottom: boolean; top: boolean }, trimmed: boolean): string[] {
  const decades = (s: Step) => Math.log10(s.to / s.from);
  const interior = steps.slice(1, -1).map(decades).sort((x, y) => x - y);
  const median = interior.length ? interior[Math.floor((interior.length - 1) / 2)] : undefined;
  const compare = median === undefined ? "" : ` vs a median interior step of ${median.toFixed(2)}`;
  const effect = trimmed
    ? "this step is left out of the power-law fit (keepEdges / --keep-edges keeps it, as Hoffmann et al. do, at the cost of a biased exponent)"
    : "the fitted exponents are biased (a long truncated step flattens N*(C))";
  const first = steps[0], last = steps[steps.length - 1];
  const who = (s: Step, extreme: number, word: string) => `${s.params === extreme ? `the ${word} model` : "model"} (run "${s.run}", N = ${s.params.toExponential(3)})`;
  const where = (s: Step) => `C = ${s.from.toExponential(2)} to ${s.to.toExponential(2)}, ${decades(s).toFixed(2)} decades${compare}`;
  const out: string[] = [];
  if (edges.bottom) out.push(`${who(first, runs[0].params, "smallest")} is on the envelope at the bottom of the FLOP range (${where(first)}) and no smaller model has checkpoints there: smaller models might win, so the frontier is truncated; ${effect}`);
  if (edges.top) out.push(`${who(last, runs[runs.length - 1].params, "largest")} is on the envelope at the top of the FLOP range (${where(last)}) and no larger model has checkpoints there: larger models might win, so the frontier is truncated; ${effect}`);
  return out;
}

/** Stretches of the grid that no run covers (the runs' FLOP ranges do not overlap). */
function gapWarnings(winners: ReadonlyArray<unknown>, lo: number, hi: number, gridPoints: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < winners.length; i++) {
    if (winners[i] !== null) continue;
    let j = i;
    while (j + 1 < winners.length && winners[j + 1] === null) j++;
    out.push(`no run covers C from ${Math.exp(gridLn(lo, hi, gridPoints, i)).toExponential(2)} to ${Math.exp(gridLn(lo, hi, gridPoints, j)).toExponential(2)} FLOPs: the envelope has a gap there (the power law is fitted across it)`);
    i = j;
  }
  return out;
}

/** Ordinary least squares y = intercept + slope·x. */
function lineFit(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const n = xs.length, mx = xs.reduce((s, x) => s + x, 0) / n, my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) ** 2; }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}
