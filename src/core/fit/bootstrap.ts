/**
 * Case-resampling (nonparametric) bootstrap of a fit: Efron & Tibshirani 1993,
 * "An Introduction to the Bootstrap", ch. 6 (standard errors) and ch. 13
 * (percentile intervals). Each resample draws n points with replacement,
 * expressed as integer case weights, and refits from the full-data optimum
 * to BOOTSTRAP_FTOL with the objective's `refitter`: summed-Huber refits take
 * Newton steps (huberGaussNewton.ts; ≈ 6.5 evaluations per refit on
 * Chinchilla's data where L-BFGS warm-started with the full-data fit's
 * curvature pairs took ≈ 15), the first of them from the law's values and
 * Jacobian at the full-data optimum, gathered rather than recomputed;
 * likelihood refits rerun the continuation of `objectives.ts`.
 *
 * Resample b draws from its own generator seeded by (seed, b), so results do
 * not depend on how resamples are split across workers.
 */
import { quantileSorted, sortedFinite, standardDeviation } from "../stats/quantile.js";
import { createRng } from "../stats/rng.js";
import { naturalValues } from "../laws/transform.js";
import type { Law, RunInput } from "../laws/types.js";
import type { Correction } from "../optimize/lbfgs.js";
import { isConverged } from "../optimize/types.js";
import { weightedSubset, type FitData } from "./data.js";
import { evaluateLaw, type LawEvaluation } from "./huberGaussNewton.js";
import { objectives, type ObjectiveId, type Refitter } from "./objectives.js";
import { BOOTSTRAP_FTOL } from "./tolerances.js";

/** Values of one resample's refit, keyed like `FitResult.params` plus derived quantities. */
export interface ResampleResult {
  index: number;
  values: Record<string, number>;
  converged: boolean;
}

export interface BootstrapSpec {
  law: Law;
  objective: ObjectiveId;
  delta: number;
  /** Full-data optimum (fit space) each resample starts from. */
  theta: ArrayLike<number>;
  seed: number;
  /** FLOP budget at which N*, D* are derived when the law can allocate. */
  budgetFlops: number;
  /** Curvature pairs of the full-data fit, for refits that run L-BFGS (a Newton refit that stops short of convergence carries on with it). */
  corrections?: ReadonlyArray<Correction>;
  /**
   * A cluster (run) index per point: resample clusters, not points. Points of one run (cooldown branches, the
   * checkpoints of one curve) are not independent, so a resample draws as many runs as there are, with
   * replacement, and keeps every point of each draw.
   */
  clusters?: ArrayLike<number>;
}

/** Case weights of cluster resample `index`: K of the K clusters drawn with replacement, each point weighted by its cluster's draws. O(n + K). */
export function clusterResampleCounts(clusters: ArrayLike<number>, seed: number, index: number): Uint32Array {
  let K = 0;
  for (let i = 0; i < clusters.length; i++) K = Math.max(K, clusters[i] + 1);
  const draws = new Uint32Array(K);
  const rng = createRng(resampleSeed(seed, index));
  for (let k = 0; k < K; k++) draws[rng.int(K)]++;
  return Uint32Array.from({ length: clusters.length }, (_, i) => draws[clusters[i]]);
}

/** The generator seed of resample `index` of a bootstrap seeded `seed`: resample b depends only on (seed, b). */
export const resampleSeed = (seed: number, index: number): number => ((Math.imul(seed | 0, 0x2c1b3c6d) ^ Math.imul(index + 1, 0x9e3779b9)) | 0) >>> 0;

/** Integer case weights of resample `index`: n draws with replacement. O(n). */
export function resampleCounts(n: number, seed: number, index: number): Uint32Array {
  return fillResampleCounts(new Uint32Array(n), seed, index);
}

/**
 * `createRng(seed')` drawing `int(n)` n times, inlined: the generator's state
 * lives in locals instead of closure slots (a uint32 above 2³¹ stored in a
 * closure slot is a heap number, so every draw allocated). The same numbers as
 * `createRng` (tested), about 5× faster.
 */
function fillResampleCounts(counts: Uint32Array, seed: number, index: number): Uint32Array {
  const n = counts.length;
  let z = resampleSeed(seed, index);
  const splitmix = (): number => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z;
    t = Math.imul(t ^ (t >>> 16), 0x85ebca6b) >>> 0;
    t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35) >>> 0;
    return (t ^ (t >>> 16)) >>> 0;
  };
  let s0 = splitmix() | 0, s1 = splitmix() | 0, s2 = splitmix() | 0, s3 = splitmix() | 0;
  counts.fill(0);
  for (let k = 0; k < n; k++) {
    // xoshiro128** (Blackman & Vigna 2018), as stats/rng.ts, in int32 arithmetic
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    counts[Math.floor((result / 4294967296) * n)]++;
  }
  return counts;
}

/**
 * Draws resamples of one data set into buffers allocated once: the same
 * points and weights as `weightedSubset(data, resampleCounts(n, seed, index))`
 * without a dozen allocations per resample, and with the law's values and
 * Jacobian at the start point gathered for the drawn points (so a refit's
 * first evaluation costs no call of the law). Each draw overwrites the last;
 * the views of each resample size are made once. O(n·p).
 */
class Resampler {
  private readonly counts: Uint32Array;
  private readonly keep: Int32Array;
  private readonly inputs: RunInput[];
  private readonly from: Float64Array[];
  private readonly to: Float64Array[];
  private readonly logLoss: Float64Array;
  private readonly weights: Float64Array;
  private readonly pred: Float64Array;
  private readonly jac: Float64Array;
  private readonly p: number;
  private readonly views = new Map<number, { data: FitData; atStart: LawEvaluation }>();
  constructor(private readonly data: FitData, private readonly start: LawEvaluation) {
    const n = data.n;
    this.counts = new Uint32Array(n);
    this.keep = new Int32Array(n);
    this.inputs = Object.keys(data.inputs.log) as RunInput[];
    this.from = this.inputs.map((input) => data.inputs.log[input]!);
    this.to = this.inputs.map(() => new Float64Array(n));
    this.logLoss = new Float64Array(n);
    this.weights = new Float64Array(n);
    this.p = start.jacobian.length / n;
    this.pred = new Float64Array(n);
    this.jac = new Float64Array(start.jacobian.length);
  }
  draw(seed: number, index: number): { data: FitData; atStart: LawEvaluation } {
    const { data, counts, keep, p } = this;
    fillResampleCounts(counts, seed, index);
    let m = 0;
    for (let i = 0; i < data.n; i++) if (counts[i] > 0) keep[m++] = i;
    // one gather per column: short, branch-free loops
    for (let c = 0; c < this.from.length; c++) gather(this.from[c], this.to[c], keep, m);
    gather(data.logLoss, this.logLoss, keep, m);
    gather(this.start.logPredict, this.pred, keep, m);
    const weights = this.weights, base = data.weights;
    for (let k = 0; k < m; k++) weights[k] = counts[keep[k]] * (base ? base[keep[k]] : 1);
    const from = this.start.jacobian, to = this.jac;
    for (let k = 0; k < m; k++) for (let j = 0, a = keep[k] * p, b = k * p; j < p; j++) to[b + j] = from[a + j];
    return this.viewsOf(m);
  }
  private viewsOf(m: number): { data: FitData; atStart: LawEvaluation } {
    let v = this.views.get(m);
    if (!v) {
      const log: Partial<Record<RunInput, Float64Array>> = {};
      this.inputs.forEach((input, c) => { log[input] = this.to[c].subarray(0, m); });
      v = {
        data: { n: m, inputs: { n: m, log }, logLoss: this.logLoss.subarray(0, m), weights: this.weights.subarray(0, m) },
        atStart: { logPredict: this.pred.subarray(0, m), jacobian: this.jac.subarray(0, m * this.p) },
      };
      this.views.set(m, v);
    }
    return v;
  }
}

function gather(from: Float64Array, to: Float64Array, keep: Int32Array, m: number): void {
  for (let k = 0; k < m; k++) to[k] = from[keep[k]];
}

/** Natural parameters plus the law's derived quantities and allocation at the budget. */
export function quantitiesOf(law: Law, objective: ObjectiveId, theta: ArrayLike<number>, budgetFlops: number): Record<string, number> {
  const free = naturalValues(law, theta);
  const values = law.expand ? law.expand(free) : free;
  const p = law.parameters.length;
  objectives[objective].extraParameters.forEach((ep, j) => { values[ep.name] = theta[p + j]; });
  const derived = law.derived ? law.derived(values) : null;
  const alloc = law.allocate ? law.allocate(values, budgetFlops) : null;
  // added to `values` (a fresh object) key by key: spreading three objects cost ≈ 5 µs per resample
  if (derived) Object.assign(values, derived);
  if (alloc) { values.paramsOpt = alloc.params; values.tokensOpt = alloc.tokens; }
  return values;
}

/**
 * Refits resamples [from, to). Cost per resample: a handful of Newton steps
 * (Chinchilla: ≈ 6.5 evaluations, 5.5 of them calling the law) on the ≈ 63% of
 * the points a resample draws, plus O(n·p) to draw it.
 */
export function runResamples(spec: BootstrapSpec, data: FitData, from: number, to: number, onEach?: () => void): ResampleResult[] {
  const { lawTheta, refit, resampler } = prepare(spec, data);
  const out: ResampleResult[] = [];
  for (let b = from; b < to; b++) {
    const { data: sub, atStart } = spec.clusters
      ? { data: weightedSubset(data, clusterResampleCounts(spec.clusters, spec.seed, b)), atStart: undefined }
      : resampler.draw(spec.seed, b);
    const r = refit(sub, lawTheta, { warmStart: spec.corrections, ftol: BOOTSTRAP_FTOL, atStart }).result;
    out.push({ index: b, values: quantitiesOf(spec.law, spec.objective, r.x, spec.budgetFlops), converged: isConverged(r.status) });
    onEach?.();
  }
  return out;
}

/**
 * Residual bootstrap refits b ∈ [from, to): the design held fixed (every run
 * kept at its N, D), each run's ln loss the full fit's prediction plus a
 * residual drawn with replacement from the full fit's ln residuals inflated by
 * √(n/(n−p)). The bootstrap of a designed sweep, whose runs were chosen, not
 * sampled: case resampling drops and duplicates whole design points, and on an
 * IsoFLOP grid of 35 runs gives a's 95% interval about a quarter wider than its
 * sampling spread (docs/methods.md). Draws depend only on (seed, b). O(n) per
 * refit plus the refit.
 */
export function runResidualResamples(spec: BootstrapSpec, data: FitData, from: number, to: number): ResampleResult[] {
  const p = spec.law.parameters.length, n = data.n;
  const lawTheta = Float64Array.from({ length: p }, (_, j) => spec.theta[j]);
  const refit = objectives[spec.objective].refitter(spec.law, spec.delta, { data, lawTheta });
  const start = evaluateLaw(spec.law, data, lawTheta);
  const inflate = Math.sqrt(n / Math.max(1, n - p));
  const residuals = Float64Array.from({ length: n }, (_, i) => (data.logLoss[i] - start.logPredict[i]) * inflate);
  const logLoss = new Float64Array(n);
  const resampled: FitData = { ...data, logLoss };
  const out: ResampleResult[] = [];
  for (let b = from; b < to; b++) {
    const rng = createRng(resampleSeed(spec.seed, b));
    for (let i = 0; i < n; i++) logLoss[i] = start.logPredict[i] + residuals[rng.int(n)];
    const r = refit(resampled, lawTheta, { warmStart: spec.corrections, ftol: BOOTSTRAP_FTOL, atStart: start }).result;
    out.push({ index: b, values: quantitiesOf(spec.law, spec.objective, r.x, spec.budgetFlops), converged: isConverged(r.status) });
  }
  return out;
}

/** What every refit of one bootstrap shares: the start, the refitter (with its second-order term) and the resampler. */
interface Prepared {
  law: Law;
  objective: ObjectiveId;
  delta: number;
  data: FitData;
  lawTheta: Float64Array;
  refit: Refitter;
  resampler: Resampler;
}

// Chunked callers (worker threads) call runResamples once per chunk with the same spec and data;
// preparing costs 2p + 1 evaluations of the law on every point, so it is kept with the spec.
const preparedFor = new WeakMap<BootstrapSpec, Prepared>();

function prepare(spec: BootstrapSpec, data: FitData): Prepared {
  const p = spec.law.parameters.length, hit = preparedFor.get(spec);
  if (hit && hit.data === data && hit.law === spec.law && hit.objective === spec.objective && hit.delta === spec.delta &&
      hit.lawTheta.every((v, j) => v === spec.theta[j])) return hit;
  const lawTheta = Float64Array.from({ length: p }, (_, j) => spec.theta[j]);
  const prepared: Prepared = {
    law: spec.law, objective: spec.objective, delta: spec.delta, data, lawTheta,
    refit: objectives[spec.objective].refitter(spec.law, spec.delta, { data, lawTheta }),
    resampler: new Resampler(data, evaluateLaw(spec.law, data, lawTheta)),
  };
  preparedFor.set(spec, prepared);
  return prepared;
}

export interface BootstrapSummary {
  resamples: number;
  seed: number;
  budgetFlops: number;
  /** Resamples whose refit did not meet a convergence test (kept, and counted here). */
  notConverged: number;
  /** Per quantity, resamples left out because that quantity was not finite (counted, never silent). */
  nonFinite: Record<string, number>;
  se: Record<string, number>;
  ci95: Record<string, [number, number]>;
  median: Record<string, number>;
  /** Pearson correlation of the fitted parameters across resamples (identifiability: |ρ| near 1 = not separable). */
  correlation: { names: string[]; matrix: number[][] };
}

/** Fewest resamples for which a standard error and a 95% interval mean anything. */
export const MIN_RESAMPLES = 2;

/**
 * Standard errors (sd, n − 1) and 2.5/97.5 percentile intervals over
 * resamples, each quantity over the resamples where it is finite (so an
 * overflowing N* in one resample does not remove it from α's interval).
 * O(B log B) per quantity.
 */
export function summarizeBootstrap(results: ResampleResult[], seed: number, budgetFlops: number, parameterNames: readonly string[] = []): BootstrapSummary {
  if (results.length < MIN_RESAMPLES) throw new RangeError(`a bootstrap needs at least ${MIN_RESAMPLES} resamples, got ${results.length}`);
  const keys = results.length > 0 ? Object.keys(results[0].values) : [];
  const se: Record<string, number> = {}, ci95: Record<string, [number, number]> = {}, median: Record<string, number> = {};
  const nonFinite: Record<string, number> = {};
  for (const k of keys) {
    const finite = results.map((r) => r.values[k]).filter(Number.isFinite);
    if (finite.length < results.length) nonFinite[k] = results.length - finite.length;
    if (finite.length < MIN_RESAMPLES) continue;
    const sorted = sortedFinite(finite);
    se[k] = standardDeviation(sorted);
    ci95[k] = [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
    median[k] = quantileSorted(sorted, 0.5);
  }
  return {
    resamples: results.length,
    seed,
    budgetFlops,
    notConverged: results.filter((r) => !r.converged).length,
    nonFinite,
    se,
    ci95,
    median,
    correlation: correlationMatrix(results, parameterNames),
  };
}

/** Pearson correlations over the resamples where every named value is finite. O(B·p²). */
function correlationMatrix(results: ResampleResult[], names: readonly string[]): { names: string[]; matrix: number[][] } {
  const rows = results.map((r) => names.map((n) => r.values[n])).filter((row) => row.every(Number.isFinite));
  const p = names.length, m = rows.length;
  const mean = names.map((_, j) => rows.reduce((s, r) => s + r[j], 0) / Math.max(m, 1));
  const cov = (a: number, b: number) => rows.reduce((s, r) => s + (r[a] - mean[a]) * (r[b] - mean[b]), 0);
  const matrix = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => {
    const d = Math.sqrt(cov(a, a) * cov(b, b));
    return d > 0 ? cov(a, b) / d : a === b ? 1 : 0;
  }));
  return { names: [...names], matrix };
}
