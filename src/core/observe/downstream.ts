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
 * are per family; each resample recomputes the PCA and refits the sigmoid from
 * the full fit's parameters): the 95% CI of the curve is the 2.5% and 97.5%
 * percentiles of the refits' predictions; the 95% PI of a new model adds to each
 * refit's prediction one full-fit residual of its group drawn at random and
 * inflated by √(n/(n−p)) (fit uncertainty plus model-to-model scatter), clipped
 * to [0, 1].
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
  /** Models to predict that no fit covers (their family was skipped). */
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
  const boot = options.bootstrap > 0 ? bootstrap(train, predict, targets.map((t) => t.j), members, fits, options) : undefined;
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
    unpredicted: predict.filter((m) => !fits.has(key(m))).map((m) => ({ model: m.model, family: m.family, reason: `family "${key(m)}" has too few training models to fit` })),
    ...(placeOf.pc1 ? { pc1: placeOf.pc1 } : {}),
  };
}

/** The predictor of the training models, and of any other model, from a PCA of the training models (x = pc1) or from ln compute. */
function predictorOf(train: readonly ObservedModel[], options: Pick<DownstreamOptions, "x" | "predictors" | "preprocessing">): { train: number[]; at: (m: ObservedModel) => number; pc1?: FitAndPredict["pc1"] } {
  if (options.x === "log-compute") {
    const ln = (m: ObservedModel) => Math.log(m.flops as number);
    return { train: train.map(ln), at: ln };
  }
  const row = (m: ObservedModel) => options.predictors.map((c) => m.values[c] as number);
  const p = pca(train.map(row), options.predictors, options.preprocessing);
  return {
    train: p.scores.map((s) => s[0]), at: (m) => projectRow(p, row(m))[0],
    pc1: { loadings: Object.fromEntries(options.predictors.map((c, j) => [c, p.loadings[0][j]])), explainedVarianceRatio: p.explainedVarianceRatio[0] },
  };
}

function bootstrap(train: readonly ObservedModel[], predict: readonly ObservedModel[], targetIdx: readonly number[], members: ReadonlyMap<string, number[]>, fits: ReadonlyMap<string, SigmoidFit>, options: DownstreamOptions) {
  const rng: Rng = createRng(options.seed);
  const key = groupOf(options.byFamily);
  const B = options.bootstrap;
  const preds = targetIdx.map(() => [] as number[]), draws = targetIdx.map(() => [] as number[]);
  const params = new Map([...fits.keys()].map((k) => [k, { a: [] as number[], b: [] as number[], floor: [] as number[], failed: 0 }]));
  const inflate = new Map([...fits].map(([k, f]) => [k, Math.sqrt(f.n / (f.n - f.parameters))]));
  for (let r = 0; r < B; r++) {
    // resample within each group, so a family keeps its size; skipped groups' models stay out
    const sample: ObservedModel[] = [];
    for (const [k, idx] of members) if (fits.has(k)) for (let i = 0; i < idx.length; i++) sample.push(train[idx[rng.int(idx.length)]]);
    let place: ReturnType<typeof predictorOf>;
    try { place = predictorOf(sample, options); } catch { for (const p of params.values()) p.failed++; options.onProgress?.(r + 1, B); continue; }
    const refits = new Map<string, ReturnType<typeof fitSigmoid> | null>();
    for (const [k, full] of fits) {
      const idx = sample.map((m, i) => (key(m) === k ? i : -1)).filter((i) => i >= 0);
      try {
        const f = fitSigmoid(idx.map((i) => place.train[i]), idx.map((i) => sample[i].values[options.target] as number), { ceiling: full.ceiling, ...(full.floorFitted ? {} : { floor: full.floor }), start: { a: full.a, b: full.b } });
        refits.set(k, f);
        const p = params.get(k)!;
        p.a.push(f.a); p.b.push(f.b); p.floor.push(f.floor);
      } catch {
        refits.set(k, null);
        params.get(k)!.failed++;
      }
    }
    targetIdx.forEach((j, q) => {
      const m = predict[j], k = key(m), f = refits.get(k);
      if (!f) return;
      const y = predictSigmoid(f, place.at(m));
      const full = fits.get(k)!;
      preds[q].push(y);
      draws[q].push(Math.min(1, Math.max(0, y + inflate.get(k)! * full.residuals[rng.int(full.residuals.length)])));
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
