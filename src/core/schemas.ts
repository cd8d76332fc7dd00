/**
 * zod schemas of every command's `--json` document: the vocabulary of
 * docs/json.md in executable form. Objects are open (a document may carry more
 * than the schema names) but every field named here must be present with this
 * type, and numbers must be finite: a document never carries NaN or Infinity
 * (JSON would print them as null).
 *
 * The vocabulary:
 * - every document starts with `tool`, `version`, `command`, `argv`;
 * - `params` directly under a document (fit) or a candidate (backtest) is a law's
 *   fitted constants and nothing else;
 * - N*, D* at a budget are `allocation: {params, tokens, flops, tokensPerParam, loss?}`;
 * - power laws of optima are `powerLaws: {params: {coefficient, exponent}, tokens: …}`;
 * - parameter counts of an architecture are `counts`;
 * - warnings and refusals are `{code, message, where?}`.
 */
import { z } from "zod";
import { DIAGNOSTICS } from "./diagnostics.js";

const finite = z.number();
const positive = z.number().positive();
const codes = Object.keys(DIAGNOSTICS) as [string, ...string[]];

export const diagnosticSchema = z.object({
  code: z.enum(codes),
  message: z.string().min(1),
  where: z.object({ source: z.string(), line: z.number().int(), column: z.string(), value: z.string(), group: z.string() }).partial().optional(),
});

/** N*, D* (and C, the loss) at one budget. `params` here is N, a parameter count. */
export const allocationSchema = z.object({
  params: positive,
  tokens: positive,
  flops: positive,
  tokensPerParam: positive,
  loss: finite.optional(),
  extrapolationFactor: positive.optional(),
});

const powerLaw = z.object({ coefficient: positive, exponent: finite });
export const powerLawsSchema = z.object({ params: powerLaw, tokens: powerLaw });

/** A law's fitted constants, by name (null: not finite). */
const lawConstants = z.record(z.string(), finite.nullable());

const header = <C extends string>(command: C) => z.object({
  tool: z.literal("scalecast"),
  version: z.string().regex(/^\d+\.\d+\.\d+/),
  command: z.literal(command),
  argv: z.array(z.string()),
});

const rowIssue = z.object({ line: z.number().int(), reason: z.string() });

const fitBody = z.object({
  law: z.object({ id: z.string(), title: z.string(), formula: z.string(), inputs: z.array(z.string()) }),
  params: lawConstants,
  objective: z.object({ id: z.string(), value: finite }),
  optimizer: z.object({ converged: z.boolean(), method: z.string() }),
  quality: z.object({ r2: finite.nullable(), rmsLogResidual: finite }),
  allocation: allocationSchema.extend({ loss: finite, flopsFormula: z.literal("C = 6ND") }).optional(),
  onBound: z.array(z.object({ name: z.string() })),
  warnings: z.array(diagnosticSchema),
  /** With a bootstrap: the loss at the allocation, with its confidence and prediction intervals. */
  prediction: z.object({ predicted: finite, ci: z.record(z.string(), z.tuple([finite, finite])), pi: z.record(z.string(), z.tuple([finite, finite])), refitsUsed: z.number().int() }).optional(),
  data: z.object({ source: z.string(), n: z.number().int().positive(), rowsRead: z.number().int(), excluded: z.array(rowIssue), paramConvention: z.enum(["total", "nonEmbedding", "active"]) }),
});

export const fitDocumentSchema = header("fit").extend(fitBody.shape);
/** `fit --group-col`: one fit per group. */
export const fitGroupsDocumentSchema = header("fit").extend({ groupBy: z.string(), groups: z.array(z.object({ group: z.string() }).extend(fitBody.shape)) });

export const planDocumentSchema = header("plan").extend({
  law: z.object({ id: z.string(), title: z.string(), source: z.enum(["catalog", "fit"]), paramConvention: z.string() }),
  allocation: allocationSchema.extend({ method: z.enum(["closed-form", "numeric", "rule", "fixed-size"]) }),
  notes: z.array(z.string()),
  budget: z.object({ from: z.enum(["compute", "hardware", "target-loss", "target-metric", "size"]) }),
  conventions: z.object({ flops: z.literal("C = 6ND"), loss: z.literal("nats") }),
  schedule: z.object({ batchTokens: positive, steps: z.number().int().positive() }),
  memory: z.object({ trainingStateBytesPerGpu: positive, inferenceWeightsBytes: positive }),
  gpuHours: positive.optional(),
  days: positive.optional(),
  cost: positive.optional(),
  inferenceAware: z.object({ params: positive, tokens: positive, trainingFlops: positive, inferenceFlops: z.number().nonnegative(), totalFlops: positive, saving: finite }).optional(),
  dataConstrained: z.object({ params: positive, tokens: positive, uniqueTokens: positive, epochs: positive, loss: finite }).optional(),
  targetMetric: z.object({
    name: z.string(), value: finite, loss: positive, direction: z.enum(["higher-is-better", "lower-is-better"]), ceiling: finite, floor: finite,
    metricFit: z.string(), metricLaw: z.string(), metricAtPlan: finite,
    intervals: z.object({ resamples: z.number().int(), dropped: z.number().int(), varied: z.array(z.enum(["loss law", "downstream map"])),
      params: z.tuple([positive, positive]).optional(), tokens: z.tuple([positive, positive]).optional(), flops: z.tuple([positive, positive]).optional(), note: z.string().optional() }).optional(),
  }).optional(),
});

const notableModelSchema = z.object({
  id: z.string(), name: z.string(), organization: z.string(), year: z.number().int(),
  params: z.object({ total: positive, active: positive }), tokens: positive.nullable(),
  compute: z.object({ flops: positive, basis: z.enum(["reported", "6ND"]) }).nullable(),
  source: z.string().min(1), confidence: z.string().min(1),
});

export const modelsDocumentSchema = header("models").extend({ conventions: z.record(z.string(), z.string()), models: z.array(notableModelSchema) });
export const modelsShowDocumentSchema = header("models show").extend({ conventions: z.record(z.string(), z.string()), model: notableModelSchema });

export const compareDocumentSchema = header("compare").extend({
  law: z.object({ id: z.string(), title: z.string(), paramConvention: z.string(), setup: z.string(), allocation: z.enum(["rule", "law"]) }),
  conventions: z.record(z.string(), z.string()),
  models: z.array(z.object({
    id: z.string(), name: z.string(), paramsForLaw: positive, tokens: positive, tokensPerParam: positive, flops6ND: positive,
    computeOptimal: z.object({ params: positive, tokens: positive, tokensPerParam: positive, loss: finite.optional() }),
    overTrainingFactor: positive, tokensRatio: positive, loss: finite.optional(),
    inference: z.object({ flopsPerToken: positive, flopsPerMillionTokens: positive, gpuSecondsPerMillionTokens: positive.optional(), costPerMillionTokens: positive.optional() }),
    source: z.string(), confidence: z.string(),
  })),
  warnings: z.array(diagnosticSchema),
});

const isoflopBody = z.object({
  method: z.string(),
  data: z.object({ source: z.string(), n: z.number().int(), excluded: z.array(rowIssue) }),
  budgets: z.array(z.object({ flops: positive, params: positive, tokens: positive, lossAtOptimum: finite, points: z.number().int() })),
  powerLaws: powerLawsSchema,
  allocation: allocationSchema.optional(),
  warnings: z.array(diagnosticSchema),
});
export const isoflopDocumentSchema = header("isoflop").extend(isoflopBody.shape);
export const isoflopGroupsDocumentSchema = header("isoflop").extend({ groupBy: z.string(), groups: z.array(z.object({ group: z.string() }).extend(isoflopBody.shape)) });

export const envelopeDocumentSchema = header("envelope").extend({
  method: z.string(),
  flopsFormula: z.string(),
  data: z.object({ source: z.string(), checkpoints: z.number().int(), runs: z.number().int(), excluded: z.array(rowIssue) }),
  powerLaws: powerLawsSchema,
  fit: z.object({ points: z.number().int(), from: positive, to: positive }),
  allocation: allocationSchema.extend({ extrapolated: z.boolean() }).optional(),
  runs: z.array(z.object({ run: z.string(), params: positive, checkpoints: z.number().int() })),
  warnings: z.array(diagnosticSchema),
});

const intervalPair = z.tuple([positive, positive]);
export const predictDocumentSchema = header("predict").extend({
  fit: z.object({ file: z.string(), lawId: z.string(), target: z.enum(["loss", "metric"]), paramConvention: z.string(), maxFittedFlops: positive.optional(), bootstrapRefits: z.number().int().nonnegative() }),
  intervals: z.string().optional(),
  points: z.array(z.object({
    inputs: z.record(z.string(), positive),
    predicted: finite,
    ci: z.object({ "0.8": intervalPair, "0.95": intervalPair }).optional(),
    pi: z.object({ "0.8": intervalPair, "0.95": intervalPair }).optional(),
    refitsUsed: z.number().int().optional(),
    extrapolationFactor: positive.optional(),
  })),
  warnings: z.array(diagnosticSchema),
});

const sha = z.string().regex(/^[0-9a-f]{64}$/);
export const forecastRegisterDocumentSchema = header("forecast register").extend({
  ledger: z.string(),
  record: z.object({
    format: z.literal(1), id: z.string(), createdAt: z.string(), tool: z.object({ name: z.literal("scalecast"), version: z.string() }),
    previous: sha.nullable(), data: z.object({ source: z.string(), rows: z.number().int(), sha256: sha, canonical: z.string() }),
    assumptions: z.record(z.string(), z.unknown()), targets: z.array(z.record(z.string(), positive)), predictions: z.array(z.object({ inputs: z.record(z.string(), positive), predicted: finite })),
    note: z.string().optional(), commit: z.string().optional(), fit: z.object({ command: z.literal("fit") }), hash: sha,
  }),
});
export const forecastVerifyDocumentSchema = header("forecast verify").extend({ ledger: z.string(), records: z.number().int().nonnegative(), intact: z.literal(true), data: z.string().optional(), dataMatches: z.number().int().optional(), head: z.object({ record: z.number().int().positive(), id: z.string(), hash: z.string() }).optional() });

export const forecastScoreDocumentSchema = header("forecast score").extend({
  ledger: z.string(), actual: z.string(), matchTolerance: positive,
  targets: z.array(z.object({ record: z.string(), target: z.record(z.string(), positive), predicted: finite, actual: z.object({ value: finite, lines: z.array(z.number().int()) }).optional(), relativeError: finite.optional(), z: finite.optional() })),
  scored: z.number().int().nonnegative(),
  piCoverage: z.object({ "0.8": z.number().min(0).max(1), "0.95": z.number().min(0).max(1) }).optional(),
  meanAbsoluteRelativeError: z.number().nonnegative().optional(),
  calibration: z.array(z.object({ interval: z.enum(["prediction interval", "confidence interval"]), nominal: positive, n: z.number().int().positive(), covered: z.number().int().nonnegative(), observed: z.number().min(0).max(1), low: z.number().min(0).max(1), high: z.number().min(0).max(1) })),
  figure: z.string().optional(),
  warnings: z.array(diagnosticSchema),
});

export const backtestDocumentSchema = header("backtest").extend({
  data: z.object({ source: z.string(), n: z.number().int(), excluded: z.array(rowIssue) }),
  holdout: z.string(),
  candidates: z.array(z.object({ lawId: z.string(), method: z.string(), params: lawConstants.optional(), converged: z.boolean().optional(), warnings: z.array(diagnosticSchema).optional() })),
  notes: z.array(z.string()),
});

export const flopsDocumentSchema = header("flops").extend({
  architecture: z.object({ layers: z.number().int().positive(), dModel: z.number().int().positive() }),
  counts: z.object({ total: positive, nonEmbedding: positive, active: positive }),
  flopsPerToken: z.array(z.object({ convention: z.string(), flopsPerToken: positive })),
});

const catalogEntry = z.object({ id: z.string(), title: z.string(), citation: z.string(), paramConvention: z.string() });
export const lawsDocumentSchema = header("laws").extend({ laws: z.array(catalogEntry) });
export const lawsShowDocumentSchema = header("laws show").extend({ law: catalogEntry });

const sweepRun = z.object({
  id: z.string().regex(/^[A-Za-z0-9][\w.+-]*$/, "a run id starts with a letter or digit, then letters, digits and . _ + - (it names a folder)"), reason: z.string().optional(), budgetFlops: positive.optional(), tokenMultiple: positive.optional(),
  params: positive, paramsTotal: positive, paramsNonEmbedding: positive, tokens: positive, flops: positive,
  layers: z.number().int().positive(), dModel: z.number().int().positive(), heads: z.number().int().positive(),
  batchTokens: positive, batchSequences: z.number().int().positive(), steps: z.number().int().positive(), learningRate: positive,
  gpuHours: positive, cost: positive.optional(), priorLoss: finite,
});
const sweepSpecBody = {
  format: z.literal(1),
  family: z.union([
    z.object({ kind: z.literal("isoflop"), budgets: z.array(positive).min(1), pointsPerBudget: z.number().int().min(2), spanDecades: positive }),
    z.object({ kind: z.literal("ladder"), sizes: z.array(positive).min(1), tokenMultiples: z.array(positive).min(1) }),
    z.object({ kind: z.literal("points"), parent: z.string(), points: z.array(z.object({ id: z.string(), params: positive, budget: positive.optional(), multiple: positive.optional(), reason: z.string() })).min(1) }),
  ]),
  prior: z.object({ name: z.string(), lawId: z.string(), lawOptions: z.record(z.string(), z.unknown()).optional(), values: z.record(z.string(), finite), paramConvention: z.enum(["total", "nonEmbedding", "active"]) }),
  conventions: z.object({ params: z.string(), flops: z.literal("C = 6ND"), loss: z.literal("nats") }),
  rules: z.object({ learningRate: z.string(), batch: z.string(), shapes: z.string() }),
  hardware: z.object({ gpu: z.string(), peakFlops: positive, mfu: positive.max(1), gpusPerRun: z.number().int().positive(), pricePerGpuHour: positive.optional(), memoryBytes: positive.optional() }),
  constraints: z.record(z.string(), positive),
  model: z.object({ vocab: z.number().int().positive(), seqLen: z.number().int().positive(), layout: z.enum(["llama", "gpt"]) }),
  runs: z.array(sweepRun).min(1),
  excluded: z.array(z.object({ id: z.string(), params: finite, tokens: positive.optional(), reason: z.string() })),
  totals: z.object({ runs: z.number().int().positive(), flops: positive, gpuHours: positive, cost: positive.optional() }),
  simulation: z.object({ sweeps: z.number().int().positive(), noise: positive, delta: positive, seed: z.number().int(), targetFlops: positive, failed: z.number().int(), notConverged: z.number().int() }).passthrough().optional(),
  search: z.object({ precision: positive, targetFlops: positive, tried: z.array(z.unknown()), chosen: z.object({ reSimulatedWidth95: positive }).passthrough() }).optional(),
};
export const sweepDesignDocumentSchema = header("sweep design").extend(sweepSpecBody);
/** `sweep next`'s proposal: a spec of the same shape, which `sweep run` takes. */
export const sweepNextDocumentSchema = header("sweep next").extend(sweepSpecBody);

const sweepRunState = z.object({
  id: z.string(), phase: z.enum(["pending", "submitted", "done", "failed"]), attempts: z.number().int().nonnegative(),
  log: z.string().optional(), job: z.string().optional(), result: z.record(z.string(), z.union([finite, z.string()])).optional(),
  failures: z.array(z.object({ attempt: z.number().int().positive(), reason: z.string(), log: z.string().optional() })),
});
const sweepStatusBody = { spec: z.string(), journal: z.string(), results: z.string(), counts: z.object({ pending: z.number().int(), submitted: z.number().int(), done: z.number().int(), failed: z.number().int() }), runs: z.array(sweepRunState) };
export const sweepRunDocumentSchema = header("sweep run").extend(sweepStatusBody);
export const sweepStatusDocumentSchema = header("sweep status").extend(sweepStatusBody);

export const sweepCompareDocumentSchema = header("sweep compare").extend({
  designs: z.array(z.object({ spec: z.string(), family: z.string(), runs: z.number().int().positive(), flops: positive, gpuHours: positive, cost: positive.optional(), simulation: z.object({ sweeps: z.number().int() }).passthrough().optional() })),
});

const fraction = z.number().min(0).max(1);
const backtestScore = z.object({ meanAbsError: z.number().nonnegative(), meanRelFailureError: z.number().nonnegative().optional(), failingK: z.number().int().nonnegative(), inside: z.number().int().nonnegative().optional(), of: z.number().int().positive() });

export const samplesDocumentSchema = header("samples").extend({
  data: z.object({ source: z.string(), shape: z.enum(["counts", "per-sample"]), columns: z.record(z.string(), z.string()) }),
  conventions: z.object({ estimator: z.string(), beta: z.string(), kumaraswamy: z.string(), aggregate: z.string() }),
  models: z.array(z.object({
    model: z.string(), problems: z.number().int().positive(), samples: z.object({ min: z.number().int().positive(), max: z.number().int().positive() }),
    passAtK: z.array(z.object({ k: z.number().int().positive(), value: z.number().min(0).max(1) })),
    beta: z.object({ alpha: positive, beta: positive, logLikelihood: finite, converged: z.boolean() }),
    aggregate: z.object({ a: positive, b: z.number().nonnegative(), converged: z.boolean(), fittedOn: z.array(z.number().int().positive()) }).optional(),
    kumaraswamy: z.object({ a: positive, b: positive, logLikelihood: finite, converged: z.boolean() }),
    forecast: z.array(z.object({ k: z.number().int().positive(), beta: fraction, kumaraswamy: fraction, aggregate: fraction.optional() })),
    bootstrap: z.object({ resamples: z.number().int(), seed: z.number().int(), alpha: z.tuple([positive, positive]), beta: z.tuple([positive, positive]), notConverged: z.number().int(),
      aggregate: z.object({ a: z.tuple([positive, positive]), b: z.tuple([finite, finite]), forecast: z.array(z.object({ k: z.number().int().positive(), ci95: z.tuple([fraction, fraction]) })), notConverged: z.number().int() }).optional(),
    }).passthrough().optional(),
    voting: z.array(z.object({ k: z.number().int().positive(), bestOfK: fraction.optional(), majority: z.object({ value: fraction, monteCarloSE: z.number().nonnegative(), draws: z.number().int().positive() }).optional() })).optional(),
    backtest: z.object({
      model: z.string(), n0: z.number().int().min(2), subset: z.string(),
      rows: z.array(z.object({ k: z.number().int().positive(), actual: fraction, beta: z.object({ value: fraction, ci95: z.tuple([fraction, fraction]).optional() }), aggregate: z.object({ value: fraction, ci95: z.tuple([fraction, fraction]).optional() }).optional() })),
      summary: z.object({ beta: backtestScore.optional(), aggregate: backtestScore.optional() }),
    }).optional(),
  })),
  compute: z.object({
    convention: z.string(),
    frontier: z.array(z.object({ model: z.string(), k: z.number().int().positive(), flops: positive, accuracy: z.number().min(0).max(1), from: z.enum(["data", "beta-binomial law"]) })),
    target: z.number().optional(), cheapest: z.object({ model: z.string(), k: z.number().int(), flops: positive }).passthrough().nullable().optional(),
  }).optional(),
  trade: z.object({
    target: fraction, queries: z.number().nonnegative(), convention: z.string(), cheapest: z.string().nullable(),
    rows: z.array(z.object({ model: z.string(), params: positive, trainTokens: positive, trainTokensFrom: z.string(), k: z.number().int().positive().nullable(), trainingFlops: positive }).passthrough()),
    breakEven: z.array(z.object({ cheaperToTrain: z.string(), cheaperToServe: z.string(), queries: positive })),
  }).passthrough().optional(),
  warnings: z.array(diagnosticSchema),
});

export const curveFitDocumentSchema = header("curve fit").extend({
  law: z.object({ id: z.enum(["multipower", "momentum"]), title: z.string(), formula: z.string(), citation: z.string() }),
  data: z.object({ source: z.string(), points: z.number().int().positive(), notes: z.array(z.string()) }),
  params: z.record(z.string(), finite), derived: z.record(z.string(), finite),
  curves: z.array(z.object({ run: z.string(), schedule: z.string(), points: z.number().int().positive(), firstStep: z.number().int(), lastStep: z.number().int(), r2: finite, rmse: finite, worstE: finite })),
  optimizer: z.object({ converged: z.boolean(), status: z.string(), starts: z.number().int(), evaluations: z.number().int() }),
  warnings: z.array(diagnosticSchema),
  bootstrap: z.object({ unit: z.literal("run"), runs: z.number().int(), resamples: z.number().int(), seed: z.number().int(), notConverged: z.number().int(), params: z.array(z.array(finite)) }).optional(),
});

const ci95 = z.tuple([finite, finite]).optional();
export const curvePredictDocumentSchema = header("curve predict").extend({
  fit: z.object({ file: z.string(), law: z.enum(["multipower", "momentum"]) }),
  schedule: z.string(),
  points: z.array(z.object({ step: z.number().int().nonnegative(), loss: finite, ci95 })),
  final: z.object({ step: z.number().int().nonnegative(), loss: finite, ci95 }),
  intervals: z.string().optional(),
});

export const curveOptimizeDocumentSchema = header("curve optimize").extend({
  fit: z.object({ file: z.string(), law: z.enum(["multipower", "momentum"]) }),
  family: z.enum(["wsd", "cosine", "free"]), spec: z.string(), value: finite.optional(), finalLoss: finite,
  cosine: z.object({ spec: z.string(), finalLoss: finite }), gainOverCosine: finite, tolerance: z.string(),
  interval: z.object({ refits: z.number().int(), value: z.tuple([finite, finite]).optional(), gainOverCosine: z.tuple([finite, finite]), method: z.string() }).optional(),
});

/** `scalecast emergence --json` (src/core/emergence; docs/json.md). */
const emergenceFit = z.object({ id: z.string(), formula: z.string(), params: z.record(z.string(), finite), r2: finite, rss: finite, bic: finite, converged: z.boolean(), status: z.string() });
const emergenceTransformPoint = z.object({ scale: positive, p: finite, exactMatch: finite, editDistance: finite });

export const emergenceDocumentSchema = z.object({
  tool: z.literal("scalecast"), version: z.string(), command: z.literal("emergence"), argv: z.array(z.string()),
  data: z.object({
    source: z.string(), format: z.string(), rows: z.number().int().positive(), columns: z.record(z.string(), z.string()),
    scale: z.object({ unit: z.enum(["flops", "params"]), label: z.string(), min: positive, max: positive, distinct: z.number().int() }),
    metric: z.object({ name: z.string(), label: z.string() }),
    continuous: z.object({ name: z.string(), kind: z.string(), label: z.string(), unit: z.string(), better: z.enum(["lower", "higher"]) }).optional(),
  }),
  points: z.array(z.object({ line: z.number().int(), scale: positive, metric: finite, continuous: finite.optional(), p: finite.optional(), model: z.string().optional() })),
  criterion: z.object({ maxRiseDecades: positive, minBicGain: positive, resolution: positive, smoothTolerance: positive, windowHalfDecades: positive, text: z.string() }),
  fits: z.object({
    sigmoid: emergenceFit.extend({ floor: z.object({ value: finite, fitted: z.boolean() }), ceiling: z.object({ value: finite, fitted: z.boolean() }) }),
    smooth: z.array(emergenceFit), bestSmooth: z.string(), continuous: emergenceFit.optional(),
  }),
  jump: z.object({
    sharp: z.boolean(), midpoint: positive, rise: z.object({ from: positive, to: positive }), widthDecades: positive, midpointInRange: z.boolean(),
    bicGain: finite, pointsInRise: z.number().int(), reasons: z.array(z.string()),
  }),
  continuousAcrossJump: z.object({ window: z.object({ from: positive, to: positive }), points: z.number().int(), rmsResidual: finite, relativeRms: finite, relativeRmsAll: finite, smooth: z.boolean(), measure: z.string() }).nullable().optional(),
  continuousAcrossJumpReason: z.string().optional(),
  forecast: z.object({
    next: positive, nextFrom: z.string(),
    bootstrap: z.object({ resamples: z.number().int(), seed: z.number().int(), used: z.number().int(), degenerate: z.number().int(), notConverged: z.number().int() }).optional(),
    metrics: z.array(z.object({ metric: z.enum(["discontinuous", "continuous"]), name: z.string(), model: z.string(), formula: z.string(), point: finite, ci95: z.tuple([finite, finite]).optional(), width: finite.optional(), relativeWidth: finite.optional(), rangeWidth: finite.optional(), refits: z.number().int().optional(),
      range: z.tuple([finite.nullable(), finite.nullable()]), clipped: z.object({ point: finite.nullable(), ci95: z.tuple([finite.nullable(), finite.nullable()]).optional() }).optional() })),
    tighter: z.enum(["discontinuous", "continuous"]).nullable(), comparison: z.string(),
  }),
  transforms: z.object({
    length: z.number().int().positive(), pFrom: z.string(), formulas: z.object({ exactMatch: z.string(), editDistance: z.string() }),
    points: z.array(emergenceTransformPoint.extend({ observedMetric: finite })), rmsObservedVsExactMatch: finite, tokenLossFit: emergenceFit.optional(), curve: z.array(emergenceTransformPoint),
  }).optional(),
  warnings: z.array(diagnosticSchema),
});

/** `scalecast observe --json` (src/core/observe/observeDocument.ts; docs/json.md). */
export const observeDocumentSchema = header("observe").extend({
  data: z.object({ source: z.string(), models: z.number().int(), families: z.number().int(), withCompute: z.number().int(), metrics: z.array(z.string()) }),
  conventions: z.record(z.string(), z.string()),
  pca: z.object({
    preprocessing: z.string(), metrics: z.array(z.string()), models: z.number().int(),
    leftOut: z.array(z.object({ model: z.string(), missing: z.array(z.string()) })),
    explainedVarianceRatio: z.array(finite), cumulative: z.array(finite),
    components: z.array(z.object({ component: z.number().int(), explainedVarianceRatio: finite, loadings: z.record(z.string(), finite) })),
    jacobi: z.object({ sweeps: z.number().int(), converged: z.boolean() }),
  }),
  downstream: z.object({ target: z.string(), x: z.string(), pooled: z.boolean(), models: z.number().int() }).optional(),
  // a backtest scores at least one predicted model: its scores are finite numbers, never null (a refusal, nothing-predicted, otherwise)
  backtest: z.object({
    cutoffFlops: positive, train: z.number().int().positive(), heldOut: z.number().int().positive(), aboveCutoff: z.number().int().positive(), extrapolationFactor: positive,
    predictions: z.array(z.object({ model: z.string(), x: finite, actual: finite, predicted: finite })).min(1),
    unpredicted: z.array(z.object({ model: z.string(), reason: z.string().min(1) })),
    scores: z.object({ n: z.number().int().positive(), mae: z.number().nonnegative(), rmse: z.number().nonnegative(), meanError: finite, coverage95: z.number().min(0).max(1).optional(), ciCoverage95: z.number().min(0).max(1).optional() }),
  }).refine((b) => b.heldOut === b.predictions.length && b.scores.n === b.heldOut && b.aboveCutoff === b.heldOut + b.unpredicted.length,
    "backtest: heldOut counts the predicted models (= predictions, = scores.n); aboveCutoff = heldOut + unpredicted").optional(),
  warnings: z.array(diagnosticSchema),
});

/** The schema of each command's --json document, by command. */
export const DOCUMENT_SCHEMAS = {
  fit: fitDocumentSchema,
  plan: planDocumentSchema,
  isoflop: isoflopDocumentSchema,
  envelope: envelopeDocumentSchema,
  backtest: backtestDocumentSchema,
  predict: predictDocumentSchema,
  "forecast register": forecastRegisterDocumentSchema,
  "forecast verify": forecastVerifyDocumentSchema,
  "forecast score": forecastScoreDocumentSchema,
  "sweep design": sweepDesignDocumentSchema,
  "sweep next": sweepNextDocumentSchema,
  "sweep run": sweepRunDocumentSchema,
  "sweep status": sweepStatusDocumentSchema,
  "sweep compare": sweepCompareDocumentSchema,
  samples: samplesDocumentSchema,
  "curve fit": curveFitDocumentSchema,
  "curve predict": curvePredictDocumentSchema,
  "curve optimize": curveOptimizeDocumentSchema,
  flops: flopsDocumentSchema,
  laws: lawsDocumentSchema,
  "laws show": lawsShowDocumentSchema,
  models: modelsDocumentSchema,
  "models show": modelsShowDocumentSchema,
  compare: compareDocumentSchema,
  emergence: emergenceDocumentSchema,
  observe: observeDocumentSchema,
} as const;
