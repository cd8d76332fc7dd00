/**
 * `assembleEmergenceDocument`: the whole analysis of one task's model family,
 * from a read table to the document the CLI renders (issue 16, item 1; after
 * Schaeffer, Miranda & Koyejo 2023, arXiv:2304.15004). Fits, jump, smoothness of
 * the continuous metric across it, the next-scale forecast comparison and the
 * metric transforms; every warning a diagnostic with a stable code.
 */
import type { DocumentHeader } from "../documentHeader.js";
import { documentHeader } from "../documentHeader.js";
import { diagnostic, DiagnosticError, type Diagnostic } from "../diagnostics.js";
import { BadOptionError } from "../errors.js";
import { EXTRAPOLATION_WARNING } from "../fit/extrapolation.js";
import { MAX_RISE_DECADES, MIN_BIC_GAIN, NEXT_MULTIPLE, RESOLUTION, SMOOTH_TOLERANCE, WINDOW_HALF_DECADES } from "./criterion.js";
import { forecastNext, intervalClipped, pointClipped, rangeText, type NextForecast } from "./bootstrapNext.js";
import { detectJump, fitEmergence, summarize, type FitSettings, type FitSummary, type JumpResult } from "./fitEmergence.js";
import type { SigmoidBound } from "./logSigmoid.js";
import { SCALE_LABEL, type EmergenceTable } from "./readEmergence.js";
import { requireFiniteRise, requireRisingTrend } from "./risingTrend.js";
import { predictAt, smoothAcross, type SmoothAcross } from "./smoothAcross.js";
import { transformSeries, type TransformSeries } from "./transformSeries.js";
import { minOf, maxOf } from "../stats/extent.js";

export interface EmergenceOptions {
  floor?: SigmoidBound;
  ceiling?: SigmoidBound;
  /** Scale to forecast (default NEXT_MULTIPLE × the largest). */
  next?: number;
  bootstrap?: number;
  seed?: number;
  /** Answer length ℓ in tokens, for the transforms. */
  length?: number;
  maxRiseDecades?: number;
  minBicGain?: number;
  argv?: readonly string[];
  /** Diagnostics from reading (e.g. simulated-data). */
  diagnostics?: Diagnostic[];
  onProgress?: (done: number, total: number) => void;
}

export interface EmergenceDocument extends DocumentHeader {
  command: "emergence";
  data: {
    source: string; format: string; rows: number; columns: Record<string, string>;
    scale: { unit: "flops" | "params"; label: string; min: number; max: number; distinct: number };
    metric: { name: string; label: string };
    continuous?: { name: string; kind: string; label: string; unit: string; better: "lower" | "higher" };
  };
  points: Array<{ line: number; model?: string; scale: number; metric: number; continuous?: number; p?: number }>;
  criterion: { maxRiseDecades: number; minBicGain: number; resolution: number; smoothTolerance: number; windowHalfDecades: number; text: string };
  fits: {
    sigmoid: FitSummary & { floor: { value: number; fitted: boolean }; ceiling: { value: number; fitted: boolean } };
    smooth: FitSummary[];
    bestSmooth: string;
    continuous?: FitSummary;
  };
  jump: JumpResult;
  continuousAcrossJump?: SmoothAcross | null;
  /** Why continuousAcrossJump is null: the midpoint outside the data, fewer than MIN_WINDOW_POINTS models in the window, or a constant metric. */
  continuousAcrossJumpReason?: string;
  forecast: NextForecast;
  transforms?: TransformSeries;
  warnings: Diagnostic[];
}

export const CRITERION_TEXT = "a jump when the sigmoid's midpoint lies inside the observed scales, its 10–90% rise spans at most W decades, and it beats the better smooth power law by at least G in BIC = n·ln(RSS/n + r²) + p·ln n";

/** The discontinuous metric is a fraction. */
const METRIC_RANGE = [0, 1] as const;

/** Refuses sigmoid bounds that leave the rise no room (BadOptionError: exit 2). O(1). */
function checkBounds(floor: SigmoidBound, ceiling: SigmoidBound): void {
  for (const [flag, v] of [["--floor", floor], ["--ceiling", ceiling]] as const) {
    if (typeof v === "number" && !(v >= 0 && v <= 1)) throw new BadOptionError(`${flag} ${v}: a sigmoid bound is "fit" or a fraction in [0, 1]`);
  }
  if (typeof floor === "number" && typeof ceiling === "number" && !(floor < ceiling)) throw new BadOptionError(`--floor ${floor} must lie below --ceiling ${ceiling}: the sigmoid rises from its floor to its ceiling`);
  if (typeof floor === "number" && ceiling === "fit" && !(floor < 1)) throw new BadOptionError(`--floor ${floor} leaves the fitted ceiling no room: it lies in (floor, 1]; give a floor below 1`);
  if (floor === "fit" && typeof ceiling === "number" && !(ceiling > 0)) throw new BadOptionError(`--ceiling ${ceiling} leaves the fitted floor no room: it lies in [0, ceiling); give a ceiling above 0`);
}

export function assembleEmergenceDocument(table: EmergenceTable, options: EmergenceOptions = {}): EmergenceDocument {
  const pts = table.points;
  const scales = pts.map((p) => p.scale), metric = pts.map((p) => p.metric);
  const continuous = table.continuousKind ? pts.map((p) => p.continuous!) : undefined;
  const floor = options.floor ?? 0, ceiling = options.ceiling ?? "fit";
  checkBounds(floor, ceiling);
  // an answer length asks for the transforms p^ℓ and ℓ(1 − p): without p there are none to give, and none is dropped silently
  if (options.length !== undefined && table.pFrom === undefined) {
    throw new BadOptionError(`--length needs a per-token probability: ${table.source} has no p column (--p-col), no loss column (--loss-col) and no token-level continuous column`);
  }
  const settings: FitSettings = { floor, ceiling, ...(table.continuousKind ? { better: table.continuousKind.better } : {}), maxRiseDecades: options.maxRiseDecades ?? MAX_RISE_DECADES, minBicGain: options.minBicGain ?? MIN_BIC_GAIN };
  const sigmoidParams = 2 + (floor === "fit" ? 1 : 0) + (ceiling === "fit" ? 1 : 0);
  const minDistinct = Math.max(sigmoidParams, 3) + 1;
  const distinct = new Set(scales).size;
  if (distinct < minDistinct) {
    throw new DiagnosticError(diagnostic("too-few-points", `${table.source}: ${distinct} distinct scale${distinct === 1 ? "" : "s"}, but the fits need at least ${minDistinct} (the sigmoid has ${sigmoidParams} parameters, the power laws 3, and one point more to leave a residual)`, { source: table.source }));
  }
  for (const [name, values] of [[table.columns.metric, metric], [table.columns.continuous, continuous]] as const) {
    if (values && maxOf(values) === minOf(values)) throw new RangeError(`${table.source}: column "${name}" is ${values[0]} for every model: a constant has no trend to fit, sharp or smooth`);
  }
  requireRisingTrend(scales, metric, table.source, table.columns.metric);
  const n = pts.length;
  const centre = scales.reduce((s, x) => s + Math.log(x), 0) / n;
  const fits = fitEmergence(scales, metric, continuous, centre, settings);
  const jump = detectJump(fits, scales, settings);
  requireFiniteRise(jump.rise, fits.sigmoid.params.k, table.source, table.columns.metric);
  const warnings: Diagnostic[] = [...(options.diagnostics ?? [])];
  // the smooth alternative that lost may run off to its b → 0 limit (a line in ln x); its status is in the document, not a warning
  const named = [["sigmoid", fits.sigmoid], [fits.bestSmooth.curve.id, fits.bestSmooth], ...(fits.continuous ? [["continuous power law", fits.continuous] as const] : [])] as const;
  for (const [name, f] of named) if (!f.converged) warnings.push(diagnostic("not-converged", `the ${name} fit stopped without converging (${f.status})`));
  if (jump.midpointInRange && jump.pointsInRise === 0) {
    warnings.push(diagnostic("rise-unresolved", `no model lies inside the fitted rise (${jump.rise.from.toExponential(2)}–${jump.rise.to.toExponential(2)}): the metric jumps between two adjacent scales, and its width (${jump.widthDecades.toFixed(2)} decades) is not measured, only bounded by their gap`));
  }
  let across: SmoothAcross | null | undefined, acrossReason: string | undefined;
  if (fits.continuous && continuous) {
    const judged = jump.midpointInRange ? smoothAcross(fits.continuous, scales, continuous, jump) : { reason: "the sigmoid's midpoint lies outside the observed scales: no jump inside the data to look across" };
    if ("reason" in judged) { across = null; acrossReason = judged.reason; } else across = judged;
    if (across && !across.smooth) warnings.push(diagnostic("continuous-not-smooth", `${table.columns.continuous}: its power law leaves an RMS residual of ${(100 * across.relativeRms).toFixed(1)}% of its range around the jump (tolerance ${100 * SMOOTH_TOLERANCE}%): it is not smooth across the jump either`));
  }
  const max = maxOf(scales), min = minOf(scales);
  const next = options.next ?? NEXT_MULTIPLE * max;
  if (next / max > EXTRAPOLATION_WARNING) warnings.push(diagnostic("extrapolation", `--next ${next.toExponential(2)} is ${(next / max).toPrecision(3)}× the largest scale (warning above ${EXTRAPOLATION_WARNING}×)`));
  if (next < min) warnings.push(diagnostic("extrapolation", `--next ${next.toExponential(2)} lies below the smallest observed scale ${min.toExponential(2)} (${(min / next).toPrecision(3)}× smaller): a forecast outside the data, not at a next scale`));
  // the better smooth curve wins on BIC inside the data, but one that leaves [0, 1] at --next (an accelerating power law past 1)
  // cannot be the forecast: the sigmoid, bounded by its floor and ceiling, forecasts instead
  let discontinuousModel: "sigmoid" | "smooth" = jump.bicGain >= 0 ? "sigmoid" : "smooth";
  const smoothPoint = predictAt(fits.bestSmooth, next);
  if (discontinuousModel === "smooth" && !(smoothPoint >= METRIC_RANGE[0] && smoothPoint <= METRIC_RANGE[1])) {
    discontinuousModel = "sigmoid";
    warnings.push(diagnostic("unphysical-value", `the better smooth curve for ${table.columns.metric}, ${fits.bestSmooth.curve.id}, forecasts ${smoothPoint.toPrecision(4)} at ${next.toExponential(2)}, outside ${rangeText(METRIC_RANGE)}: the sigmoid, which stays within its floor and ceiling, forecasts it instead`));
  }
  const forecast = forecastNext({
    scales, metric, ...(continuous ? { continuous } : {}), names: { metric: table.columns.metric, ...(table.columns.continuous ? { continuous: table.columns.continuous } : {}) },
    ranges: { metric: METRIC_RANGE, ...(table.continuousKind ? { continuous: table.continuousKind.range } : {}) },
    centre, fits, discontinuousModel, next, nextFrom: options.next === undefined ? `${NEXT_MULTIPLE}× the largest scale` : "given (--next)",
    resamples: options.bootstrap ?? 1000, seed: options.seed ?? 42, minDistinct, ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  for (const m of forecast.metrics) {
    if (!m.clipped) continue;
    const r = m.metric === "discontinuous" ? METRIC_RANGE : table.continuousKind!.range;
    const show = (v: number | null) => (v === null ? "a non-finite value" : v.toPrecision(4));
    const raw = [...(pointClipped(m) ? [`forecast ${show(m.clipped.point)}`] : []), ...(intervalClipped(m) ? [`95% interval [${m.clipped.ci95!.map(show).join(", ")}]`] : [])];
    warnings.push(diagnostic("unphysical-value", `${m.name} at ${next.toExponential(2)}: the ${m.model} curve gives ${raw.join(" and ")}, outside the metric's range ${rangeText(r)}; clipped to it (forecast ${m.point.toPrecision(4)}${m.ci95 ? `, interval [${m.ci95.map((v) => v.toPrecision(4)).join(", ")}]` : ""})`));
  }
  const bs = forecast.bootstrap;
  if (bs && bs.degenerate > 0) warnings.push(diagnostic("degenerate-resamples", `${bs.degenerate} of ${bs.resamples} resamples held fewer than ${minDistinct} distinct scales and were left out of the intervals`));
  if (bs && bs.notConverged > 0) warnings.push(diagnostic("bootstrap-not-converged", `${bs.notConverged} of ${bs.used} bootstrap refits did not meet a convergence test; they are kept in the intervals`));
  const transforms = options.length !== undefined && table.pFrom !== undefined && pts.every((p) => p.p !== undefined)
    ? transformSeries(pts.map((p) => ({ scale: p.scale, p: p.p!, metric: p.metric })), options.length, table.pFrom, next) : undefined;
  const kind = table.continuousKind;
  return {
    ...documentHeader("emergence", options.argv ?? []),
    data: {
      source: table.source, format: table.format, rows: n, columns: table.columns,
      scale: { unit: table.scaleUnit, label: SCALE_LABEL[table.scaleUnit], min, max, distinct },
      metric: { name: table.columns.metric, label: "discontinuous metric (exact match, accuracy or pass@1), a fraction in [0, 1]" },
      ...(kind ? { continuous: { name: table.columns.continuous, kind: kind.id, label: kind.label, unit: kind.unit, better: kind.better } } : {}),
    },
    points: pts.map((p) => ({ ...p })),
    criterion: { maxRiseDecades: settings.maxRiseDecades!, minBicGain: settings.minBicGain!, resolution: RESOLUTION, smoothTolerance: SMOOTH_TOLERANCE, windowHalfDecades: WINDOW_HALF_DECADES, text: CRITERION_TEXT },
    fits: {
      sigmoid: { ...summarize(fits.sigmoid, n), floor: { value: fits.sigmoid.params.floor, fitted: floor === "fit" }, ceiling: { value: fits.sigmoid.params.ceiling, fitted: ceiling === "fit" } },
      smooth: fits.smooth.map((f) => summarize(f, n)), bestSmooth: fits.bestSmooth.curve.id,
      ...(fits.continuous ? { continuous: summarize(fits.continuous, n) } : {}),
    },
    jump, ...(across !== undefined ? { continuousAcrossJump: across } : {}), ...(acrossReason !== undefined ? { continuousAcrossJumpReason: acrossReason } : {}), forecast, ...(transforms ? { transforms } : {}), warnings,
  };
}
