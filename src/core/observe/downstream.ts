/**
 * The downstream step of observational scaling (Ruan et al. 2024, §3.3): a
 * target metric as a sigmoid of PC1 of the other benchmarks (or of ln compute),
 * pooled over families or one fit per family, with bootstrap intervals over
 * models. One engine serves the full-data fit and the compute cut-off backtest:
 * `fitAndPredict` fits on `train` and predicts `predict`, with the PCA (means,
 * scales, loadings) computed from `train` alone, so nothing of a predicted model
 * enters its prediction.
 *
 * Intervals (B resamples of the training models, within each family when fits
 * are per family, skipped families included: every resample is drawn from the
 * population whose PCA placed the models in the full fit):
 * - the curve and the predictions: each resample recomputes the PCA (its PC1
 *   signed to agree with the full fit's) and refits the sigmoid from the full
 *   fit's parameters, so the axis's own uncertainty enters; a prediction does not
 *   depend on the axis's units. The 95% CI is the 2.5% and 97.5% percentiles of
 *   the refits' predictions; the 95% PI of a new model adds to each refit's
 *   prediction one full-fit residual of its group drawn at random and inflated by
 *   √(n/(n−p)) (fit uncertainty plus model-to-model scatter), clipped to [0, 1];
 * - the parameters a, b (and a fitted floor): each resample refits on the full
 *   fit's own axis (its PCA kept), since a and b are coefficients of that axis and
 *   a recomputed PC1 has another origin and scale (a resample's b would be read
 *   on a shifted axis). These intervals are conditional on the full fit's axis.
 */
import { createRng, type Rng } from "../stats/rng.js";
import { quantile } from "../stats/quantile.js";
import { pca, projectRow, type Preprocessing } from "./pca.js";
import type { ObservedModel } from "./readObservations.js";
import { fitSigmoid, predictSigmoid, type SigmoidFit } from "./sigmoidFit.js";

export type Predictor = "pc1" | "log-compute";

export interface DownstreamOptions {
  target: string;
  /** The metrics whose PC1 is the predictor (the target is never among them). */
  predictors: readonly string[];
  x: Predictor;
  preprocessing: Preprocessing;
  byFamily: boolean;
  ceiling?: number;
  floor?: number;
  /** Bootstrap resamples of the models (0: no intervals). */
  bootstrap: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}

export interface GroupFit {
  /** The family, or null for the pooled fit. */
  family: string | null;
  models: number;
  fit: Omit<SigmoidFit, "residuals">;
  bootstrap?: { refits: number; failed: number; a: [number, number]; b: [number, number]; floor?: [number, number] };
}

export interface Prediction {
  model: string;
  family: string | null;
  line: number;
  flops: number | null;
  x: number;
  actual: number;
  predicted: number;
  ci95?: [number, number];
  pi95?: [number, number];
}

export interface FitAndPredict {
  groups: GroupFit[];
  /** Groups (families) with too few training models to fit, and the models they held. */
  skipped: Array<{ family: string; models: number; reason: string }>;
  /** The training models with their predictor value and fitted value. */
  fitted: Prediction[];
  predictions: Prediction[];
  /** Models to predict that no fit covers (their family was skipped, or has no training model). */
  unpredicted: Array<{ model: string; family: string | null; reason: string }>;
  /** PC1 loadings of the predictor metrics (x = pc1), from the training models. */
  pc1?: { loadings: Record<string, number>; explainedVarianceRatio: number };
}

const groupOf = (byFamily: boolean) => (m: ObservedModel): string => (byFamily ? m.family ?? "(no family)" : "");

/** Fits the target on `train`, predicts `predict`. Throws a RangeError when the training models cannot support a fit. Cost O(B × (PCA + sigmoid fit)). */
export function fitAndPredict(train: readonly ObservedModel[], predict: readonly ObservedModel[], options: DownstreamOptions): FitAndPredict {
  const key = groupOf(options.byFamily);
  const placeOf = predictorOf(train, options);
  const xTrain = placeOf.train, xPredict = predict.map(placeOf.at);
  const sigmoidOptions = { ...(options.ceiling !== undefined ? { ceiling: options.ceiling } : {}), ...(options.floor !== undefined ? { floor: options.floor } : {}) };
  const minimum = (options.floor === undefined ? 3 : 2) + 2;
  const members = new Map<string, number[]>();
  train.forEach((m, i) => { const k = key(m); (members.get(k) ?? members.set(k, []).get(k)!).push(i); });
  const fits = new Map<string, SigmoidFit>();
  const skipped: FitAndPredict["skipped"] = [];
  for (const [k, idx] of members) {
    if (idx.length < minimum) { skipped.push({ family: k, models: idx.length, reason: `${idx.length} training model${idx.length === 1 ? "" : "s"}; a fit needs ${minimum}` }); continue; }
    fits.set(k, fitSigmoid(idx.map((i) => xTrain[i]), idx.map((i) => train[i].values[options.target] as number), sigmoidOptions));
  }
  if (fits.size === 0) throw new RangeError(`no ${options.byFamily ? "family has" : "fit has"} enough models: ${skipped.map((s) => `${s.family || "all"} ${s.models}`).join(", ")}; a fit needs ${minimum}`);
  const targets = predict.map((m, j) => ({ m, j, k: key(m) })).filter((t) => fits.has(t.k));
  const boot = options.bootstrap > 0 ? bootstrap(train, predict, targets.map((t) => t.j), members, fits, placeOf, options) : undefined;
  const row = (m: ObservedModel, x: number, fit: SigmoidFit): Prediction => ({
    model: m.model, family: m.family, line: m.line, flops: m.flops, x, actual: m.values[options.target] as number, predicted: predictSigmoid(fit, x),
  });
  const predictions = targets.map((t, q) => ({
    ...row(t.m, xPredict[t.j], fits.get(t.k)!),
    ...(boot ? { ci95: boot.ci[q], pi95: boot.pi[q] } : {}),
  }));
  return {
    groups: [...fits].map(([k, f]) => {
      const { residuals: _r, ...fit } = f;
      const b = boot?.params.get(k);
      return { family: options.byFamily ? k : null, models: members.get(k)!.length, fit, ...(b ? { bootstrap: b } : {}) };
    }),
    skipped,
    fitted: train.flatMap((m, i) => (fits.has(key(m)) ? [row(m, xTrain[i], fits.get(key(m))!)] : [])),
    predictions,
    unpredicted: predict.filter((m) => !fits.has(key(m))).map((m) => {
      const s = skipped.find((g) => g.family === key(m));
      return { model: m.model, family: m.family, reason: s ? `family ${key(m)} has ${s.models} training model${s.models === 1 ? "" : "s"}, a fit needs ${minimum}` : `family ${key(m)} has no training model` };
    }),
    ...(placeOf.pc1 ? { pc1: placeOf.pc1 } : {}),
  };
}

interface Placement { train: number[]; at: (m: ObservedModel) => number; pc1?: FitAndPredict["pc1"]; loadings?: number[] }

/**
 * The predictor of the training models, and of any other model, from a PCA of the training models (x = pc1) or from ln compute.
 * With `alignTo` (a reference PC1's loadings), PC1 is signed so that its loadings point the reference's way (a resample's PC1 can flip).
 */
function predictorOf(train: readonly ObservedModel[], options: Pick<DownstreamOptions, "x" | "predictors" | "preprocessing">, alignTo?: readonly number[]): Placement {
  if (options.x === "log-compute") {
    const ln = (m: ObservedModel) => Math.log(m.flops as number);
    return { train: train.map(ln), at: ln };
  }
  const row = (m: ObservedModel) => options.predictors.map((c) => m.values[c] as number);
  const p = pca(train.map(row), options.predictors, options.preprocessing);
  const sign = alignTo && p.loadings[0].reduce((s, v, j) => s + v * alignTo[j], 0) < 0 ? -1 : 1;
  const loadings = p.loadings[0].map((v) => sign * v);
  return {
    train: p.scores.map((s) => sign * s[0]), at: (m) => sign * projectRow(p, row(m))[0], loadings,
    pc1: { loadings: Object.fromEntries(options.predictors.map((c, j) => [c, loadings[j]])), explainedVarianceRatio: p.explainedVarianceRatio[0] },
  };
}

function bootstrap(train: readonly ObservedModel[], predict: readonly ObservedModel[], targetIdx: readonly number[], members: ReadonlyMap<string, number[]>, fits: ReadonlyMap<string, SigmoidFit>, full: Placement, options: DownstreamOptions) {
  const rng: Rng = createRng(options.seed);
  const B = options.bootstrap;
  const preds = targetIdx.map(() => [] as number[]), draws = targetIdx.map(() => [] as number[]);
  const params = new Map([...fits.keys()].map((k) => [k, { a: [] as number[], b: [] as number[], floor: [] as number[], failed: 0 }]));
  const inflate = new Map([...fits].map(([k, f]) => [k, Math.sqrt(f.n / (f.n - f.parameters))]));
  const key = groupOf(options.byFamily);
  const refit = (from: SigmoidFit, x: readonly number[], y: readonly number[]): SigmoidFit | null => {
    try { return fitSigmoid(x, y, { ceiling: from.ceiling, ...(from.floorFitted ? {} : { floor: from.floor }), start: { a: from.a, b: from.b } }); } catch { return null; }
  };
  const sameAxis = options.x === "log-compute"; // ln compute is one axis for every resample
  for (let r = 0; r < B; r++) {
    // resample within each group, so a family keeps its size; skipped groups too, as they entered the full fit's PCA
    const drawn = new Map<string, number[]>();
    for (const [k, idx] of members) drawn.set(k, idx.map(() => idx[rng.int(idx.length)]));
    const sample = [...drawn.values()].flat();
    let place: Placement | null = null;
    if (!sameAxis) try { place = predictorOf(sample.map((i) => train[i]), options, full.loadings); } catch { place = null; }
    const onSample = new Map(sample.map((i, s) => [i, s]));
    const refits = new Map<string, SigmoidFit | null>();
    for (const [k, f] of fits) {
      const idx = drawn.get(k)!, y = idx.map((i) => train[i].values[options.target] as number);
      const onFull = refit(f, idx.map((i) => full.train[i]), y);
      const p = params.get(k)!;
      if (onFull) { p.a.push(onFull.a); p.b.push(onFull.b); p.floor.push(onFull.floor); } else p.failed++;
      // a duplicate draw has one place: PC1 depends on the model's scores only
      refits.set(k, sameAxis ? onFull : place ? refit(f, idx.map((i) => place!.train[onSample.get(i)!]), y) : null);
    }
    targetIdx.forEach((j, q) => {
      const m = predict[j], k = key(m), f = refits.get(k);
      if (!f) return;
      const y = predictSigmoid(f, (sameAxis ? full : place!).at(m));
      const fullFit = fits.get(k)!;
      preds[q].push(y);
      draws[q].push(Math.min(1, Math.max(0, y + inflate.get(k)! * fullFit.residuals[rng.int(fullFit.residuals.length)])));
    });
    options.onProgress?.(r + 1, B);
  }
  const band = (v: number[]): [number, number] => (v.length ? [quantile(v, 0.025), quantile(v, 0.975)] : [NaN, NaN]);
  return {
    ci: preds.map(band), pi: draws.map(band),
    params: new Map([...params].map(([k, p]) => [k, {
      refits: p.a.length, failed: p.failed, a: band(p.a), b: band(p.b), ...(fits.get(k)!.floorFitted ? { floor: band(p.floor) } : {}),
    }])),
  };
}
