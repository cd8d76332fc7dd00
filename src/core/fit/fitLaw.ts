/**
 * Multi-start fitting of a declared law: L-BFGS (Nocedal & Wright Alg. 7.5)
 * from every point of the law's initialisation grid, as Hoffmann et al. 2022
 * (Appendix D.2) and Besiroglu et al. 2024 do, keeping the best.
 *
 * Two stages per fit:
 *   1. survey   every start (exhaustive) or a screened subset runs to
 *               SURVEY_FTOL on the summed Huber loss, a relative decrease comparable to scipy's L-BFGS-B
 *               default at these objective sizes;
 *   2. polish   the best distinct end points rerun to POLISH_FTOL and the best
 *               polished point is the answer.
 * The objective decides how stage 2 runs (the likelihood uses continuation).
 * "screened" (default) orders the grid by the objective at each start and
 * stops surveying once MIN_SURVEY starts have run and the best objective has
 * been reached by CONFIRMATIONS of them; "exhaustive" surveys every start.
 */
import { diagnostic, numberText, type Diagnostic } from "../diagnostics.js";
import { lbfgs, type Correction, type LbfgsResult } from "../optimize/lbfgs.js";
import { isConverged, type OptimizerStatus } from "../optimize/types.js";
import { naturalValues } from "../laws/transform.js";
import type { Law, LawParameter } from "../laws/types.js";
import { weightedSubset, type FitData } from "./data.js";
import { gridStarts } from "./grid.js";
import { objectives, type ObjectiveId, type Refitted } from "./objectives.js";
import { AT_BEST_RTOL, POLISH_FTOL, POLISH_GTOL, reachedBest, SURVEY_FTOL } from "./tolerances.js";

/** Screened survey: at least this many starts (or the whole grid if smaller)… */
export const MIN_SURVEY = 64;
/** …and stop once this many of them have reached the best objective. */
export const CONFIRMATIONS = 16;
/** Distinct end points polished in stage 2. */
export const POLISH_CANDIDATES = 4;
/**
 * Above SURVEY_MAX_POINTS points, candidates are polished on the subsample
 * first; those whose subsample objective is within this relative distance of
 * the best (f ≤ f_best·(1 + 0.05)) are polished again on every point. 5% keeps
 * every possible rival minimum (rivals are reported within 1%).
 */
export const PREPOLISH_KEEP = 0.05;

export type FitStrategy = "screened" | "exhaustive" | "varpro";

export interface FitOptions {
  objective?: ObjectiveId;
  /** Huber threshold δ on log residuals (default 1e-3, Hoffmann et al. 2022). */
  delta?: number;
  strategy?: FitStrategy;
  /** Explicit starts (law parameters, fit space); default: the law's grid. */
  starts?: ReadonlyArray<ArrayLike<number>>;
  /** Called as starts finish (for progress bars). */
  onProgress?: (done: number, total: number) => void;
  /**
   * How stage 2 polishes the survey's end points: "lbfgs" (default) or "newton", the objective's refitter (for the
   * summed Huber loss, Newton steps on its Gauss–Newton matrix, L-BFGS carrying on should they stop short). Newton
   * suits laws whose evaluations are costly and whose parameters are poorly determined, where L-BFGS crawls along a
   * flat valley: the multi-power law's 100M fit took 1,107 evaluations polished by L-BFGS and 138 + 78 by Newton, to
   * the same objective within 1e-13 relative (test/core/curves/multipowerFit.test.ts).
   */
  polish?: "lbfgs" | "newton";
}

export interface OptimizerSummary {
  method: string;
  strategy: FitStrategy;
  /** Starts in the grid. */
  starts: number;
  /** Starts actually run in the survey. */
  startsRun: number;
  /** Surveyed starts whose objective came within AT_BEST_RTOL of the best. */
  startsAtBest: number;
  status: OptimizerStatus;
  converged: boolean;
  message: string;
  iterations: number;
  evaluations: number;
  gradNorm: number;
  tolerances: { surveyFtol: number; polishFtol: number; polishGtol: number; atBestRtol: number };
  /** Above SURVEY_MAX_POINTS points: the survey's evenly spaced subsample (the answer is polished on every point). */
  subsample?: { points: number; of: number; rule: string };
}

export interface BoundFlag {
  name: string;
  value: number;
  bound: number;
  side: "lower" | "upper";
}

export interface FitResult {
  law: Law;
  objective: { id: ObjectiveId; delta: number; value: number };
  /** Fit-space vector: law parameters, then the objective's extra parameters. */
  theta: Float64Array;
  /** Natural values keyed by parameter name (law parameters, then e.g. sigma). */
  params: Record<string, number>;
  derived: Record<string, number>;
  optimizer: OptimizerSummary;
  onBound: BoundFlag[];
  warnings: Diagnostic[];
  n: number;
  /** The polish stage's final L-BFGS curvature pairs: warm starts for refits of similar data (bootstrap). */
  corrections: Correction[];
  quality: FitQuality;
}

/** Thrown when a fit cannot start (too few points, bad options). */
export class FitError extends Error {
  override name = "FitError";
  /** The refusal's code: too-few-points when there are fewer usable runs than parameters, else fit-failed. */
  constructor(message: string, readonly code: "too-few-points" | "fit-failed" = "fit-failed") {
    super(message);
  }
}

/** Where one start ended. */
export interface EndPoint { x: Float64Array; f: number }

/** Options after validation, with defaults filled in. */
export interface ResolvedFit {
  objectiveId: ObjectiveId;
  delta: number;
  strategy: FitStrategy;
  starts: Float64Array[];
  polish: "lbfgs" | "newton";
}

/** Checks options and data size; throws FitError naming the problem. */
export function resolveFit(law: Law, data: FitData, options: FitOptions = {}): ResolvedFit {
  const objectiveId = options.objective ?? "huber";
  if (!Object.hasOwn(objectives, objectiveId)) throw new FitError(`unknown objective "${objectiveId}"; use ${Object.keys(objectives).join(" or ")}`);
  const delta = options.delta ?? 1e-3;
  if (!(delta > 0) || !Number.isFinite(delta)) throw new FitError(`delta must be a finite number > 0, got ${delta}`);
  const p = law.parameters.length;
  if (data.n < p) {
    throw new FitError(`law ${law.id} has ${p} parameters but only ${data.n} usable point${data.n === 1 ? "" : "s"}: at least ${p} are needed`, "too-few-points");
  }
  const starts = (options.starts ?? gridStarts(law.parameters)).map((st) => Float64Array.from(st));
  if (starts.length === 0) throw new FitError("no starting points");
  for (const st of starts) if (st.length !== p) throw new FitError(`a start has ${st.length} values; law ${law.id} has ${p} parameters`);
  const polish = options.polish ?? "lbfgs";
  if (polish !== "lbfgs" && polish !== "newton") throw new FitError(`unknown polish "${polish as string}"; use lbfgs or newton`);
  return { objectiveId, delta, strategy: options.strategy ?? "screened", starts, polish };
}

/**
 * Fits a law to data. Cost: (starts surveyed) × (≈ 50–150 evaluations) ×
 * O(n·p) — about 0.2 s screened, 5 s exhaustive for Chinchilla's 4,500-start
 * grid on 240 points (one core).
 */
export function fitLaw(law: Law, data: FitData, options: FitOptions = {}): FitResult {
  const resolved = resolveFit(law, data, options);
  const survey = surveyStarts(law, data, resolved.delta, resolved.starts, resolved.strategy, options.onProgress);
  return finishFit(law, data, resolved, survey);
}

/**
 * Stage 2 and the report: polishes the best distinct survey end points with
 * the objective's own method and builds the result, with its warnings.
 */
export function finishFit(law: Law, data: FitData, resolved: ResolvedFit, survey: Survey): FitResult {
  const { objectiveId, delta, strategy, starts, polish } = resolved;
  const objective = objectives[objectiveId];
  const p = law.parameters.length;
  let candidates: ReadonlyArray<{ x: Float64Array }> = distinctEndPoints(survey.ends, POLISH_CANDIDATES);
  let best: LbfgsResult | null = null;
  let iterations = survey.iterations, evaluations = survey.evaluations;
  const sample = data.n > SURVEY_MAX_POINTS ? surveySample(data) : null;
  if (sample !== null) {
    // large tables: polish the candidates on the survey's subsample first, then on every point only
    // the best and those within PREPOLISH_KEEP of it (possible rivals); each full polish starts close
    const pre = candidates.map((c) => objective.polish(law, sample, delta, c.x));
    for (const r of pre) { iterations += r.iterations; evaluations += r.evaluations; }
    const fs = pre.map((r) => r.result.f).filter(Number.isFinite);
    const top = fs.length ? Math.min(...fs) : NaN;
    const kept = pre.filter((r) => Number.isFinite(r.result.f) && r.result.f <= top + PREPOLISH_KEEP * Math.abs(top))
      .sort((a, b) => a.result.f - b.result.f);
    // candidates that the subsample polish brought to the same point are polished on every point once
    const distinct: Float64Array[] = [];
    for (const r of kept) if (!distinct.some((x) => maxDiff(x, r.result.x) < 1e-3)) distinct.push(r.result.x);
    if (distinct.length > 0) candidates = distinct.map((x) => ({ x }));
  }
  // on every point of a large table the candidates start close to their answer: the
  // objective's refitter (Newton steps for the summed Huber loss, ≈ 4 evaluations where
  // L-BFGS took ≈ 80) polishes them, falling back to L-BFGS should it stop short
  // (or everywhere, when the caller asked for polish by "newton")
  const refit = sample !== null || polish === "newton" ? objective.refitter(law, delta) : null;
  const polishedEnds: LbfgsResult[] = [];
  for (const c of candidates) {
    const polished = refit !== null ? refitAsPolished(refit(data, c.x)) : objective.polish(law, data, delta, c.x);
    iterations += polished.iterations;
    evaluations += polished.evaluations;
    const r = polished.result;
    if (Number.isFinite(r.f)) polishedEnds.push(r);
    if (Number.isFinite(r.f) && (best === null || r.f < best.f)) best = r;
  }
  if (best === null) throw new FitError(`no start produced a finite objective for law ${law.id}`);
  // counted against the best survey value, so polishing cannot move the goalposts
  const bestSurvey = Math.min(...survey.ends.map((e) => e.f));
  const atBest = survey.ends.filter((e) => reachedBest(e.f, bestSurvey, data.n)).length;

  const free = naturalValues(law, best.x);
  const values = law.expand ? law.expand(free) : free;
  objective.extraParameters.forEach((ep, j) => { values[ep.name] = best!.x[p + j]; });
  const converged = isConverged(best.status);
  const onBound = boundFlags([...law.parameters, ...objective.extraParameters], { ...values, ...free });
  const warnings: Diagnostic[] = [];
  if (!converged) warnings.push(diagnostic("not-converged", `optimizer did not converge: ${best.status} (${best.message})`));
  for (const b of onBound) {
    warnings.push(diagnostic("on-bound", `${b.name} = ${fmt(b.value)} is at or beyond its ${b.side} bound ${fmt(b.bound)}: the data do not pin it down, or the law does not describe them`, { value: b.name }));
  }
  if (atBest < 2 && starts.length > 1) {
    warnings.push(diagnostic("fragile-optimum", `only ${atBest} of ${survey.run} surveyed starts reached the best objective: the optimum is fragile${strategy === "screened" && survey.run < starts.length ? " (try --exhaustive)" : ""}`));
  }
  const rivals = rivalMinima(law, best, polishedEnds);
  if (rivals.length > 0) {
    warnings.push(diagnostic("rival-minima", `${rivals.length === 1 ? "another minimum" : `${rivals.length} other minima`} within ${(100 * RIVAL_RTOL).toPrecision(2)}% of the best objective: ` +
      rivals.map((r) => `${describeValues(law, r.x)} (+${(100 * (r.f / best!.f - 1)).toPrecision(2)}%)`).join("; ") +
      ": the data do not single out one set of values; quote the spread, not only the best fit"));
  }
  warnings.push(...coverageWarnings(law, data));
  if (data.n < 2 * (p + objective.extraParameters.length)) {
    warnings.push(diagnostic("few-points", `${data.n} points for ${p + objective.extraParameters.length} parameters: too few to trust the fit`));
  }
  return {
    law,
    objective: { id: objectiveId, delta, value: best.f },
    theta: best.x,
    params: values,
    derived: law.derived ? law.derived(values) : {},
    optimizer: {
      method: "L-BFGS (strong Wolfe line search, Nocedal & Wright Alg. 7.5)" + (refit !== null ? `; final polish by ${objective.refitterMethod}` : ""),
      strategy,
      starts: starts.length,
      startsRun: survey.run,
      startsAtBest: atBest,
      status: best.status,
      converged,
      message: best.message,
      iterations,
      evaluations,
      gradNorm: best.gradNorm,
      tolerances: { surveyFtol: SURVEY_FTOL, polishFtol: POLISH_FTOL, polishGtol: POLISH_GTOL, atBestRtol: AT_BEST_RTOL },
      ...(sample !== null ? { subsample: { points: sample.n, of: data.n, rule: `survey and first polish on every (n/m)-th point in input order; final polish on every point by ${objective.refitterMethod}` } } : {}),
    },
    onBound,
    warnings,
    n: data.n,
    corrections: best.corrections,
    quality: fitQuality(law, data, best.x),
  };
}

/** Minima within this relative objective of the best, at clearly different parameters, are reported. */
export const RIVAL_RTOL = 0.01;
/** …where "clearly different" is a fit-space coordinate differing by more than this (5% for log-space parameters). */
const RIVAL_DISTANCE = 0.05;

function rivalMinima(law: Law, best: LbfgsResult, polished: LbfgsResult[]): LbfgsResult[] {
  const p = law.parameters.length;
  const out: LbfgsResult[] = [];
  const far = (a: LbfgsResult, b: LbfgsResult) => maxDiff(a.x.subarray(0, p), b.x.subarray(0, p)) > RIVAL_DISTANCE;
  for (const r of [...polished].sort((a, b) => a.f - b.f)) {
    if (r.f <= best.f * (1 + RIVAL_RTOL) && far(r, best) && out.every((o) => far(r, o))) out.push(r);
  }
  return out;
}

function describeValues(law: Law, x: Float64Array): string {
  const v = naturalValues(law, x);
  return law.parameters.map((par) => `${par.name}=${fmt(v[par.name])}`).join(", ");
}

/** Goodness of fit on the fitted points: R² of the loss in natural units and the RMS of ln residuals. */
export interface FitQuality {
  /** 1 − Σ(L − L̂)² / Σ(L − mean L)², unweighted, loss in nats. */
  r2: number;
  /** √(mean (ln L − ln L̂)²). */
  rmsLogResidual: number;
}

export function fitQuality(law: Law, data: FitData, theta: ArrayLike<number>): FitQuality {
  const pred = new Float64Array(data.n);
  law.logPredict(theta, data.inputs, pred);
  let mean = 0;
  for (let i = 0; i < data.n; i++) mean += Math.exp(data.logLoss[i]);
  mean /= data.n;
  let ssRes = 0, ssTot = 0, sq = 0;
  for (let i = 0; i < data.n; i++) {
    const y = Math.exp(data.logLoss[i]), r = y - Math.exp(pred[i]), d = data.logLoss[i] - pred[i];
    ssRes += r * r; ssTot += (y - mean) ** 2; sq += d * d;
  }
  return { r2: ssTot > 0 ? 1 - ssRes / ssTot : NaN, rmsLogResidual: Math.sqrt(sq / data.n) };
}

/** End points of surveyed starts and the work it took. */
export interface Survey {
  ends: EndPoint[];
  run: number;
  iterations: number;
  evaluations: number;
}

/**
 * Stage 1: L-BFGS on the summed Huber loss from each start to SURVEY_FTOL (the
 * likelihood's extra parameters join at the polish stage). "screened" orders
 * the starts by their initial objective and stops early (see the header);
 * "exhaustive" runs them all, in order.
 */
export function surveyStarts(
  law: Law,
  data: FitData,
  delta: number,
  starts: Float64Array[],
  strategy: FitStrategy,
  onProgress?: (done: number, total: number) => void,
): Survey {
  data = surveySample(data);
  const fg = objectives.huber.create(law, data, delta);
  let order = starts;
  let evaluations = 0;
  if (strategy === "screened") {
    const g = new Float64Array(law.parameters.length);
    const f0 = starts.map((st) => { const v = fg(st, g); return Number.isFinite(v) ? v : Infinity; });
    evaluations += starts.length;
    order = starts.map((_, i) => i).sort((i, j) => f0[i] - f0[j]).map((i) => starts[i]);
  }
  const ends: EndPoint[] = [];
  let iterations = 0, best = Infinity, atBest = 0;
  for (let i = 0; i < order.length; i++) {
    const r = lbfgs(fg, order[i], { ftol: SURVEY_FTOL, maxIterations: 1000 });
    iterations += r.iterations;
    evaluations += r.evaluations;
    if (Number.isFinite(r.f)) {
      ends.push({ x: r.x, f: r.f });
      if (!reachedBest(best, r.f, data.n)) { // a new, clearly better basin: recount
        best = r.f;
        atBest = ends.filter((e) => reachedBest(e.f, best, data.n)).length;
      } else if (reachedBest(r.f, best, data.n)) {
        best = Math.min(best, r.f);
        atBest++;
      }
    }
    onProgress?.(i + 1, order.length);
    if (strategy === "screened" && i + 1 >= MIN_SURVEY && atBest >= CONFIRMATIONS) {
      return { ends, run: i + 1, iterations, evaluations };
    }
  }
  return { ends, run: order.length, iterations, evaluations };
}

/**
 * Above this many points the survey runs on an evenly spaced subsample (every
 * (n/m)-th point in input order): the survey only ranks basins, the polish
 * stage then refits the best candidates on every point. A 5,000-run table
 * surveys 1,000 of them, 5× less work; the answer is the full-data polish.
 */
export const SURVEY_MAX_POINTS = 1000;

/** A refit's result in the shape of a polish (a Newton refit keeps no curvature pairs). */
function refitAsPolished(r: Refitted): { result: LbfgsResult; iterations: number; evaluations: number } {
  const { x, f, gradNorm, iterations, evaluations, status, message } = r.result; // message may be a getter: read it
  const result: LbfgsResult = "corrections" in r.result ? (r.result as LbfgsResult) : { x, f, gradNorm, iterations, evaluations, status, message, corrections: [] };
  return { result, iterations: r.iterations, evaluations: r.evaluations };
}

function surveySample(data: FitData): FitData {
  if (data.n <= SURVEY_MAX_POINTS) return data;
  const m = SURVEY_MAX_POINTS;
  const counts = new Uint32Array(data.n);
  for (let k = 0; k < m; k++) counts[Math.floor((k * data.n) / m)] = 1;
  return weightedSubset(data, counts);
}

/** The k best end points whose objectives differ by more than AT_BEST_RTOL or whose parameters differ. */
function distinctEndPoints(ends: EndPoint[], k: number): EndPoint[] {
  const sorted = [...ends].sort((a, b) => a.f - b.f);
  const out: EndPoint[] = [];
  for (const e of sorted) {
    if (out.length >= k) break;
    const dup = out.some((o) => Math.abs(o.f - e.f) <= AT_BEST_RTOL * Math.abs(o.f) && maxDiff(o.x, e.x) < 1e-3);
    if (!dup) out.push(e);
  }
  return out;
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Inputs whose values do not vary, or barely: the parameters of their terms cannot be told apart. */
function coverageWarnings(law: Law, data: FitData): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const input of law.inputs) {
    if (input === "loss") continue; // downstream laws use the loss linearly (nats), with no exponent to pin down
    const col = data.inputs.log[input]!;
    let lo = Infinity, hi = -Infinity;
    for (const v of col) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const decades = (hi - lo) / Math.LN10;
    if (decades < 1e-9) out.push(diagnostic("narrow-range", `every run has the same ${input}: the parameters of its term are not identifiable (their values are arbitrary)`, { column: input }));
    else if (decades < 1) out.push(diagnostic("narrow-range", `${input} spans only ${decades.toFixed(2)} decades: its exponent is poorly constrained and extrapolation is risky`, { column: input }));
  }
  // inputs that move together (e.g. every run at 20 tokens per parameter) cannot be told apart
  for (let a = 0; a < law.inputs.length; a++) for (let b = a + 1; b < law.inputs.length; b++) {
    const rho = pearson(data.inputs.log[law.inputs[a]]!, data.inputs.log[law.inputs[b]]!);
    if (Math.abs(rho) >= COLLINEAR_RHO) {
      out.push(diagnostic("collinear-inputs", `ln ${law.inputs[a]} and ln ${law.inputs[b]} are ${rho.toFixed(3)} correlated across the runs: the law cannot separate their effects (their exponents trade off); vary them independently, or --fix/--tie one`));
    }
  }
  return out;
}

/** |ρ(ln x, ln y)| at or above which two inputs count as collinear. */
const COLLINEAR_RHO = 0.99;

function pearson(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { const dx = x[i] - mx, dy = y[i] - my; sxy += dx * dy; sxx += dx * dx; syy += dy * dy; }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

function boundFlags(parameters: ReadonlyArray<LawParameter>, values: Record<string, number>): BoundFlag[] {
  const flags: BoundFlag[] = [];
  for (const p of parameters) {
    const v = values[p.name], [lo, hi] = p.bounds;
    if (v <= lo + 1e-9 * Math.abs(lo)) flags.push({ name: p.name, value: v, bound: lo, side: "lower" });
    else if (v >= hi - 1e-9 * Math.abs(hi)) flags.push({ name: p.name, value: v, bound: hi, side: "upper" });
  }
  return flags;
}

const fmt = (v: number) => (!Number.isFinite(v) ? numberText(v) : Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toPrecision(4));
