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
import { EXTRAPOLATION_WARNING } from "../fit/extrapolation.js";
import { MAX_RISE_DECADES, MIN_BIC_GAIN, NEXT_MULTIPLE, RESOLUTION, SMOOTH_TOLERANCE, WINDOW_HALF_DECADES } from "./criterion.js";
import { forecastNext, type NextForecast } from "./bootstrapNext.js";
import { detectJump, fitEmergence, summarize, type FitSettings, type FitSummary, type JumpResult } from "./fitEmergence.js";
import type { SigmoidBound } from "./logSigmoid.js";
import { SCALE_LABEL, type EmergenceTable } from "./readEmergence.js";
import { smoothAcross, type SmoothAcross } from "./smoothAcross.js";
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
  forecast: NextForecast;
  transforms?: TransformSeries;
  warnings: Diagnostic[];
}

export const CRITERION_TEXT = "a jump when the sigmoid's midpoint lies inside the observed scales, its 10–90% rise spans at most W decades, and it beats the better smooth power law by at least G in BIC = n·ln(RSS/n + r²) + p·ln n";

export function assembleEmergenceDocument(table: EmergenceTable, options: EmergenceOptions = {}): EmergenceDocument {
  const pts = table.points;
  const scales = pts.map((p) => p.scale), metric = pts.map((p) => p.metric);
  const continuous = table.continuousKind ? pts.map((p) => p.continuous!) : undefined;
  const floor = options.floor ?? 0, ceiling = options.ceiling ?? "fit";
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
  if (typeof floor === "number" && typeof ceiling === "number" && !(floor < ceiling)) throw new RangeError(`the floor (${floor}) must lie below the ceiling (${ceiling})`);
  const n = pts.length;
  const centre = scales.reduce((s, x) => s + Math.log(x), 0) / n;
  const fits = fitEmergence(scales, metric, continuous, centre, settings);
  const jump = detectJump(fits, scales, settings);
  const warnings: Diagnostic[] = [...(options.diagnostics ?? [])];
  // the smooth alternative that lost may run off to its b → 0 limit (a line in ln x); its status is in the document, not a warning
  const named = [["sigmoid", fits.sigmoid], [fits.bestSmooth.curve.id, fits.bestSmooth], ...(fits.continuous ? [["continuous power law", fits.continuous] as const] : [])] as const;
  for (const [name, f] of named) if (!f.converged) warnings.push(diagnostic("not-converged", `the ${name} fit stopped without converging (${f.status})`));
  if (jump.midpointInRange && jump.pointsInRise === 0) {
    warnings.push(diagnostic("rise-unresolved", `no model lies inside the fitted rise (${jump.rise.from.toExponential(2)}–${jump.rise.to.toExponential(2)}): the metric jumps between two adjacent scales, and its width (${jump.widthDecades.toFixed(2)} decades) is not measured, only bounded by their gap`));
  }
  let across: SmoothAcross | null | undefined;
  if (fits.continuous && continuous) {
    across = jump.midpointInRange ? smoothAcross(fits.continuous, scales, continuous, jump) : null;
    if (across && !across.smooth) warnings.push(diagnostic("continuous-not-smooth", `${table.columns.continuous}: its power law leaves an RMS residual of ${(100 * across.relativeRms).toFixed(1)}% of its range around the jump (tolerance ${100 * SMOOTH_TOLERANCE}%): it is not smooth across the jump either`));
  }
  const max = maxOf(scales), min = minOf(scales);
  const next = options.next ?? NEXT_MULTIPLE * max;
  if (next / max > EXTRAPOLATION_WARNING) warnings.push(diagnostic("extrapolation", `--next ${next.toExponential(2)} is ${(next / max).toPrecision(3)}× the largest scale (warning above ${EXTRAPOLATION_WARNING}×)`));
  const forecast = forecastNext({
    scales, metric, ...(continuous ? { continuous } : {}), names: { metric: table.columns.metric, ...(table.columns.continuous ? { continuous: table.columns.continuous } : {}) },
    centre, fits, discontinuousModel: jump.bicGain >= 0 ? "sigmoid" : "smooth", next, nextFrom: options.next === undefined ? `${NEXT_MULTIPLE}× the largest scale` : "given (--next)",
    resamples: options.bootstrap ?? 1000, seed: options.seed ?? 42, minDistinct, ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
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
    jump, ...(across !== undefined ? { continuousAcrossJump: across } : {}), forecast, ...(transforms ? { transforms } : {}), warnings,
  };
}
