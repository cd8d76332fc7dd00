/**
 * The plan document, assembled once for every front end (`scalecast plan`,
 * `report`, the workbench): a budget (FLOPs, GPUs × days, a target loss or a
 * fixed size) turned into N*, D* and loss with a catalog law or a saved fit,
 * then its time and cost, intervals, the inference-aware model (Sardana &
 * Frankle 2023), the data-constrained split (Muennighoff et al. 2023), the
 * step schedule and memory. `checkPlanRequest` is the one place the request's
 * combinations are validated; a bad combination throws BadOptionError.
 */
import { DEFAULT_PLAN_LAW, PUBLISHED_LAWS, publishedLaw } from "../catalog/publishedLaws.js";
import { BadOptionError } from "../errors.js";
import { extrapolation } from "../fit/extrapolation.js";
import { getLaw } from "../laws/registry.js";
import { predictLoss } from "../laws/transform.js";
import type { AllocationRule } from "../catalog/publishedLaws.js";
import { allocateForMetric, lossForMetric, metricAt, targetMetricIntervals, type LossForMetric, type TargetMetricIntervals } from "./targetMetric.js";
import { allocateForSize, allocateForTargetLoss, allocatePublished, allocateWithLaw, allocateWithRule, allocationIntervals, lawAllocator, lossCurve, type AllocationIntervals, type Allocator, type BudgetAllocation, type LawWithValues } from "./allocate.js";
import { dataConstrainedPlan, type DataConstrainedPlan } from "./dataConstrained.js";
import { budgetFlops, DEFAULT_MFU, gpuPreset, hardwareCost } from "./hardware.js";
import { inferenceAwarePlan, type InferenceAwarePlan } from "./inferenceAware.js";
import type { SavedFit } from "./savedFit.js";
import { memory, schedule, type Memory, type Schedule } from "./schedule.js";
import { shapeSearch, type Layout, type Shape } from "./shapeSearch.js";

/** Where the decay constants of repeated data come from, and the default law with unique tokens. */
export const DATA_CONSTRAINED_LAW = "muennighoff-2023";

/** What to plan: the CLI's options by name (`--budget-flops` is `budgetFlops`, …). */
export interface PlanRequest {
  budgetFlops?: number;
  gpus?: number;
  gpu?: string;
  days?: number;
  /** Model FLOPs utilisation in (0, 1]; default DEFAULT_MFU. */
  mfu?: number;
  peakFlops?: number;
  /** A catalog law's id (`scalecast laws`); default DEFAULT_PLAN_LAW, or muennighoff-2023 with unique tokens. */
  published?: string;
  pricePerGpuHour?: number;
  targetLoss?: number;
  /** Right-sizing for a task: the least compute whose chained forecast (loss law, then the metric fit's map) reaches this value of the metric. */
  targetMetric?: { name: string; value: number };
  inferenceTokens?: number;
  uniqueTokens?: number;
  batchTokens?: number;
  params?: number;
  tokens?: number;
  inferenceMfu?: number;
  inferencePricePerGpuHour?: number;
  /** Also list buildable transformer shapes near N*. */
  shapes?: { vocab: number; seqLen: number; layout: Layout };
}

/** A fitted law to plan with, and the name it goes by in the document (`fit:FILE`, or the workbench's label). */
export interface PlanFit {
  name: string;
  title?: string;
  saved: SavedFit;
}

/**
 * Power laws of optima fitted to the user's runs (IsoFLOP, Approach 2; or the
 * envelope, Approach 1): N*(C) and D*(C) with no loss law, so the plan has no
 * loss, and the modes that need one (target loss, inference tokens, a fixed
 * size, unique tokens) are refused as for a catalog rule.
 */
export interface PlanRuleFit {
  kind: "power-laws";
  name: string;
  title: string;
  rule: AllocationRule;
  paramConvention: "total" | "nonEmbedding" | "active";
  /** Largest compute among the runs the power laws were fitted to, for the extrapolation factor. */
  maxFittedFlops?: number;
}

export interface PlanBody {
  /** N*, D*, C, loss: the plan itself (with a fit, also the extrapolation factor: C ÷ the largest fitted compute). */
  allocation: Omit<BudgetAllocation, "notes"> & { extrapolationFactor?: number };
  /** What the plan assumed and where it is weak (extrapolation, a parameter held at a bound, …). */
  notes: string[];
  law: { id: string; title: string; source: "catalog" | "fit"; paramConvention: string; default: boolean };
  budget: { from: "compute" | "hardware" | "target-loss" | "target-metric" | "size"; targetLossNats?: number; gpus?: number; gpu?: string; peakFlops?: number; mfu?: number; days?: number };
  gpuHours?: number;
  days?: number;
  cost?: number;
  conventions: { flops: "C = 6ND"; loss: "nats" };
  /** With inference tokens: the model reaching the same loss at the least 6ND + 2N·T_inference. */
  inferenceAware?: InferenceAwarePlan & {
    computeOptimalTotalFlops: number;
    saving: number;
    /** Relative cost of an inference FLOP (1 = FLOPs; else (price/MFU) inference over training). */
    inferenceCostWeight: number;
    trainingMfu: number;
    inferenceMfu: number;
    /** What the saving is measured against: the main plan above. */
    reference: "compute-optimal model" | "fixed-size plan";
    /** With prices: training, inference and total cost of this plan and of the reference plan. */
    dollars?: { training: number; inference: number; total: number; computeOptimalTotal: number };
  };
  /**
   * With a target metric: the metric, the loss the map needs for it (L†), the map's ceiling, the chained metric at the
   * plan, and 95% intervals of the right-sized model from paired bootstrap resamples of the two fits.
   */
  targetMetric?: LossForMetric & { name: string; value: number; metricFit: string; metricLaw: string; metricAtPlan: number; intervals?: TargetMetricIntervals };
  /** With unique tokens: the loss-optimal split when only U unique tokens exist. */
  dataConstrained?: DataConstrainedPlan & { decayConstantsFrom: string };
  schedule: Schedule;
  memory: Memory;
  /** With a bootstrapped fit: 95% percentile intervals of N*, D* and loss at this budget. */
  intervals?: AllocationIntervals & { seed?: number; dropped: number };
  /** With a fixed model size: loss at several token counts for that size. */
  lossCurve?: ReturnType<typeof lossCurve>;
  /** With a fixed size and a budget: the compute-optimal plan at the same budget, for comparison. */
  computeOptimal?: BudgetAllocation;
  /** With shapes asked for: buildable architectures near N*, with exact counts. */
  shapes?: Shape[];
}

/** How the budget is given, after checking that it is given exactly one way. */
type BudgetMode = "compute" | "hardware" | "target-loss" | "size";

/**
 * Checks the request's combinations (the one place they are checked) and
 * says how the budget is given. Throws BadOptionError naming the options.
 * `fit` may be "given" before the fit is read (so a bad combination is
 * refused before a file is opened); the fit's own checks then wait for it.
 */
export function checkPlanRequest(r: PlanRequest, fit?: PlanFit | PlanRuleFit | "given"): BudgetMode {
  const bad = (msg: string): never => { throw new BadOptionError(msg); };
  if (r.published !== undefined && fit) bad("give --published or --fit, not both");
  if (r.targetLoss !== undefined && r.targetMetric !== undefined) bad("give --target-loss or --target-metric, not both");
  const target = r.targetLoss !== undefined || r.targetMetric !== undefined;
  const sized = r.params !== undefined || r.tokens !== undefined;
  if (r.params !== undefined && r.tokens !== undefined) bad("give --params or --tokens, not both (with both, C = 6ND: use --budget-flops)");
  if (sized && target) bad(`${r.targetMetric ? "--target-metric" : "--target-loss"} with --params or --tokens is not supported yet: use --inference-tokens 0 … or drop one`);
  const budgetGiven = r.budgetFlops !== undefined || r.days !== undefined;
  if (target && budgetGiven) bad(`${r.targetMetric ? "--target-metric" : "--target-loss"} sets the budget: drop --budget-flops and --days`);
  if (r.budgetFlops !== undefined && r.days !== undefined) bad("--budget-flops and --days contradict each other: give the budget one way");
  const mode: BudgetMode = target ? "target-loss" : sized && !budgetGiven ? "size" : r.budgetFlops !== undefined ? "compute" : "hardware";
  if (mode === "hardware" && !(r.gpus && r.days && (r.gpu || r.peakFlops))) bad("give --budget-flops C, or --gpus K --gpu NAME --days T [--mfu M], or --target-loss L");
  if (r.pricePerGpuHour !== undefined && !(r.gpu || r.peakFlops)) bad("--price-per-gpu-hour needs --gpu (or --peak-flops) to turn FLOPs into GPU-hours");
  if (r.inferencePricePerGpuHour !== undefined && r.pricePerGpuHour === undefined) bad("--inference-price-per-gpu-hour needs --price-per-gpu-hour (the training price) too");
  if ((r.inferenceMfu !== undefined || r.inferencePricePerGpuHour !== undefined) && r.inferenceTokens === undefined) bad("--inference-mfu and --inference-price-per-gpu-hour apply to --inference-tokens");
  if (fit === "given") return mode;
  if (fit && "kind" in fit) {
    const needsLoss = (what: string) => bad(`${what} needs a law that predicts loss; ${fit.title} gives N* and D* only`);
    if (target) needsLoss(r.targetMetric ? "--target-metric" : "--target-loss");
    if (r.inferenceTokens !== undefined) needsLoss("--inference-tokens");
    if (sized) needsLoss("--params and --tokens");
    if (r.uniqueTokens !== undefined) needsLoss("--unique-tokens");
  } else if (fit) {
    if (fit.saved.law.target === "metric") bad(`${fit.name} is a downstream fit (loss → ${fit.saved.law.id}'s metric), not a loss law: plan needs a loss fit; forecast the metric with fit --law ${fit.saved.law.id} --loss-fit LOSS.json`);
    if (fit.saved.law.inputs.includes("uniqueTokens") && r.uniqueTokens === undefined) bad(`${fit.name} is a data-constrained fit: give --unique-tokens U (the unique tokens available)`);
  } else {
    const entry = publishedLaw(r.published ?? (r.uniqueTokens !== undefined ? DATA_CONSTRAINED_LAW : DEFAULT_PLAN_LAW));
    if (!entry.law) {
      if (target) bad(`${r.targetMetric ? "--target-metric" : "--target-loss"} needs a law that predicts loss; ${entry.id} publishes an allocation rule only`);
      if (r.inferenceTokens !== undefined) bad(`--inference-tokens needs a law that predicts loss; ${entry.id} publishes an allocation rule only`);
      if (sized && budgetGiven) bad(`--params or --tokens with a budget needs a law that predicts loss; ${entry.id} publishes an allocation rule only (without a budget, --params N gives the budget that makes N compute-optimal under the rule)`);
    }
  }
  return mode;
}

/**
 * The plan for a request, with a catalog law or a fit. Throws BadOptionError
 * for a bad combination, RangeError for a value the law cannot plan (a target
 * loss below the floor, a budget that leaves less than one token, …).
 */
export function assemblePlan(request: PlanRequest, fit?: PlanFit | PlanRuleFit, metricFit?: PlanFit): PlanBody {
  const mode = checkPlanRequest(request, fit);
  let r = request;
  // right-sizing for a task: the target metric fixes the loss the map needs, which is then planned as a target loss
  let need: LossForMetric | undefined;
  if (request.targetMetric) {
    const tm = request.targetMetric;
    if (!metricFit) throw new BadOptionError("--target-metric needs --metric-fit FILE: a downstream fit (scalecast fit --law downstream-sigmoid|downstream-exp --metric-col NAME --out FILE) mapping loss to the metric");
    if (metricFit.saved.law.target !== "metric") throw new BadOptionError(`${metricFit.name} is a ${metricFit.saved.law.id} fit, which predicts loss: --metric-fit takes a downstream fit (loss → metric)`);
    const named = metricFit.saved.metricName;
    if (named !== undefined && named !== tm.name) throw new BadOptionError(`--target-metric names "${tm.name}" but ${metricFit.name} maps loss to "${named}"`);
    need = lossForMetric(metricFit.saved, tm.value, tm.name);
    r = { ...request, targetLoss: need.loss };
  } else if (metricFit) {
    throw new BadOptionError("--metric-fit is read only with --target-metric NAME=VALUE");
  }
  const targetAlloc = (source: Parameters<typeof allocateForTargetLoss>[0]) => (need
    ? allocateForMetric((loss) => allocateForTargetLoss(source, loss), need, request.targetMetric!.name, request.targetMetric!.value)
    : allocateForTargetLoss(source, r.targetLoss!));
  const mfu = r.mfu ?? DEFAULT_MFU;
  const peak = r.peakFlops ?? (r.gpu ? gpuPreset(r.gpu).peakFlops : undefined);
  const budget = mode === "target-loss" || mode === "size" ? NaN : r.budgetFlops ?? budgetFlops({ gpus: r.gpus!, days: r.days!, peakFlops: peak!, mfu });
  const sized = r.params !== undefined || r.tokens !== undefined;

  let decayFromFit: { RD: number; RN: number } | undefined;
  let extrapolationFactor: number | undefined;
  let alloc: BudgetAllocation, law: PlanBody["law"], lossLaw: LawWithValues | undefined;
  let catalogAllocator: Allocator | undefined;
  let intervals: PlanBody["intervals"];
  if (fit && "kind" in fit) {
    alloc = allocateWithRule(fit.rule, budget);
    if (fit.maxFittedFlops !== undefined) {
      const ex = extrapolation(alloc.flops, fit.maxFittedFlops, "the plan's compute");
      extrapolationFactor = ex.factor;
      alloc = { ...alloc, notes: [...alloc.notes, ex.warning ? `${ex.warning.message} [extrapolation]` : `the plan's compute is ${ex.factor.toPrecision(3)}× the largest fitted compute (${fit.maxFittedFlops.toExponential(2)} FLOPs)`] };
    }
    law = { id: fit.name, title: fit.title, source: "fit", paramConvention: fit.paramConvention, default: false };
  } else if (fit) {
    let saved = fit.saved;
    if (saved.law.inputs.includes("uniqueTokens")) { // a data-constrained fit: its base law plans, its decay constants discount repeats
      const full = saved.law.expand ? saved.law.expand(saved.values) : { ...saved.values };
      decayFromFit = { RD: full.RD, RN: full.RN };
      saved = { law: getLaw("chinchilla"), values: { E: full.E, A: full.A, B: full.B, alpha: full.alpha, beta: full.beta }, paramConvention: saved.paramConvention };
    }
    lossLaw = saved;
    alloc = mode === "target-loss" ? targetAlloc(saved) : sized ? sizedPlan(saved, r, budget) : allocateWithLaw(saved, budget);
    const held = fit.saved.heldAtBound;
    if (held?.length) {
      alloc = { ...alloc, notes: [...alloc.notes, `the fit held ${held.map((h) => `${h.name} at its bound ${h.bound}`).join(", ")} (the data did not pin ${held.length === 1 ? "it" : "them"} down): this plan and its intervals are conditional on ${held.length === 1 ? "that value" : "those values"}`] };
    }
    if (fit.saved.maxFittedFlops !== undefined && Number.isFinite(alloc.flops)) {
      const ex = extrapolation(alloc.flops, fit.saved.maxFittedFlops, "the plan's compute");
      extrapolationFactor = ex.factor;
      alloc = { ...alloc, notes: [...alloc.notes, ex.warning ? `${ex.warning.message} [extrapolation]` : `the plan's compute is ${ex.factor.toPrecision(3)}× the largest fitted compute (${fit.saved.maxFittedFlops.toExponential(2)} FLOPs)`] };
    }
    law = { id: fit.name, title: fit.title ?? `${fit.saved.law.title}, fitted (${fit.name.replace(/^fit:/, "")})`, source: "fit", paramConvention: fit.saved.paramConvention, default: false };
    // a data-constrained fit plans with its base law, whose refits it does not carry: no intervals (as before the port)
    const resamples = decayFromFit ? undefined : fit.saved.resamples;
    if (resamples && resamples.length >= 2 && alloc.method !== "fixed-size") {
      try {
        const iv = allocationIntervals(fit.saved.law, resamples, alloc.flops);
        intervals = { ...iv, seed: fit.saved.bootstrapSeed, dropped: (fit.saved.resamplesDropped ?? 0) + iv.dropped };
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        alloc = { ...alloc, notes: [...alloc.notes, `no intervals at this budget: ${e.message}`] };
      }
    }
  } else {
    const entry = publishedLaw(r.published ?? (r.uniqueTokens !== undefined ? DATA_CONSTRAINED_LAW : DEFAULT_PLAN_LAW));
    if (entry.law) lossLaw = { law: getLaw(entry.law.lawId, entry.law.options), values: entry.law.values };
    // an entry's published rule allocates in every mode (inverted by bisection for a size or a target loss), so
    // `plan --params N` names the budget whose `plan --compute` gives N back; its law, if any, gives the loss
    catalogAllocator = (flops: number) => allocatePublished(entry, flops);
    alloc = mode === "target-loss" ? targetAlloc(catalogAllocator)
      : mode === "size" ? allocateForSize(catalogAllocator, r.params !== undefined ? "params" : "tokens", r.params ?? r.tokens!)
      : sized ? sizedPlan(lossLaw!, r, budget) : catalogAllocator(budget);
    law = { id: entry.id, title: entry.title, source: "catalog", paramConvention: entry.paramConvention, default: r.published === undefined && r.uniqueTokens === undefined };
  }
  const flops = alloc.flops;
  const curve = r.params !== undefined && lossLaw ? lossCurve(lossLaw, r.params, [5, 10, 20, 50, 100, 200, 500, 1000].map((k) => k * r.params!)) : undefined;
  const computeOptimal = sized && mode !== "size" && lossLaw ? (catalogAllocator ?? lawAllocator(lossLaw))(flops) : undefined;
  if (r.gpus !== undefined && peak === undefined) {
    alloc = { ...alloc, notes: [...alloc.notes, "--gpus without --gpu or --peak-flops only shards the memory estimate: give --gpu for GPU-hours, days and cost"] };
  }

  let dataConstrained: PlanBody["dataConstrained"];
  if (r.uniqueTokens !== undefined) {
    const names = ["E", "A", "B", "alpha", "beta"];
    if (!lossLaw || !names.every((n) => lossLaw!.law.parameters.some((p) => p.name === n))) {
      throw new BadOptionError(`--unique-tokens needs a law of the form E + A/N^alpha + B/D^beta (${PUBLISHED_LAWS.filter((l) => l.law?.lawId === "chinchilla").map((l) => l.id).join(", ")}, or such a fit)`);
    }
    const published = publishedLaw(DATA_CONSTRAINED_LAW).constants!;
    const decay = decayFromFit ?? { RD: published.RDStar, RN: published.RNStar };
    const v = lossLaw.values;
    dataConstrained = { ...dataConstrainedPlan({ E: v.E, A: v.A, B: v.B, alpha: v.alpha, beta: v.beta, ...decay }, flops, r.uniqueTokens), decayConstantsFrom: decayFromFit && fit ? fit.name : DATA_CONSTRAINED_LAW };
  }

  let inferenceAware: PlanBody["inferenceAware"];
  if (r.inferenceTokens !== undefined && lossLaw && alloc.loss !== undefined) {
    inferenceAware = inferencePart(r, lossLaw, alloc, mfu, peak);
  }
  const time = peak === undefined ? undefined : hardwareCost(flops, r.gpus ?? 1, peak, mfu, r.pricePerGpuHour);
  const onHardware = peak !== undefined ? { gpus: r.gpus ?? 1, gpu: r.gpu, peakFlops: peak, mfu } : {};
  let targetMetric: PlanBody["targetMetric"];
  if (need && metricFit && lossLaw) {
    const tm = request.targetMetric!, map = metricFit.saved;
    const lossSource = fit && !("kind" in fit) ? { ...lossLaw, resamples: fit.saved.resamples } : lossLaw;
    const allocateAt = catalogAllocator ? ((_: unknown, loss: number) => allocateForTargetLoss(catalogAllocator!, loss)) : undefined;
    const intervals = targetMetricIntervals(lossSource, map, tm.value, allocateAt);
    targetMetric = { name: tm.name, value: tm.value, ...need, metricFit: metricFit.name, metricLaw: map.law.id, metricAtPlan: metricAt(map, alloc.loss!), ...(intervals ? { intervals } : {}) };
    if (law.source === "catalog") {
      alloc = { ...alloc, notes: [...alloc.notes, `the loss law is the published ${law.id}, whose losses belong to its own setup (dataset, tokenizer, loss measured), while ${metricFit.name} maps the losses of your runs: the chain is only as good as the match between the two; fit your own loss law (--fit) for a chain on one setup [constants-belong-to-setup]`] };
    }
    if (intervals?.varied.length === 1) alloc = { ...alloc, notes: [...alloc.notes, `only the ${intervals.varied[0]} has bootstrap resamples: the right-sized model's interval leaves out the other fit's uncertainty`] };
    if (!intervals) alloc = { ...alloc, notes: [...alloc.notes, "neither fit has bootstrap resamples (fit --bootstrap B): no interval for the right-sized model"] };
  }
  const { notes, ...allocation } = alloc;
  return {
    law,
    allocation: { ...allocation, ...(extrapolationFactor !== undefined ? { extrapolationFactor } : {}) },
    notes,
    budget: mode === "hardware" ? { from: "hardware", gpus: r.gpus, gpu: r.gpu, peakFlops: peak, mfu, days: r.days }
      : need ? { from: "target-metric", targetLossNats: need.loss, ...onHardware }
      : mode === "target-loss" ? { from: "target-loss", targetLossNats: r.targetLoss, ...onHardware }
      : { from: mode, ...onHardware },
    ...(time ? { gpuHours: time.gpuHours, days: time.days, ...(time.cost !== undefined ? { cost: time.cost } : {}) } : {}),
    conventions: { flops: "C = 6ND", loss: "nats" },
    ...(inferenceAware ? { inferenceAware } : {}),
    ...(dataConstrained ? { dataConstrained } : {}),
    ...(targetMetric ? { targetMetric } : {}),
    ...(intervals ? { intervals } : {}),
    ...(curve ? { lossCurve: curve } : {}),
    ...(computeOptimal ? { computeOptimal } : {}),
    ...(r.shapes ? { shapes: shapeSearch(alloc.params, { ...r.shapes, match: law.paramConvention === "nonEmbedding" ? "nonEmbedding" : "total" }) } : {}),
    schedule: schedule(alloc.tokens, flops, r.batchTokens),
    memory: memory(alloc.params, r.gpus ?? 1),
  };
}

/** The model that reaches the plan's loss at the least training + inference cost (FLOPs, or dollars with prices). */
function inferencePart(r: PlanRequest, lossLaw: LawWithValues, alloc: BudgetAllocation, mfu: number, peak: number | undefined): NonNullable<PlanBody["inferenceAware"]> {
  const inferenceTokens = r.inferenceTokens!;
  const trainPrice = r.pricePerGpuHour, infPrice = r.inferencePricePerGpuHour ?? r.pricePerGpuHour;
  const infMfu = r.inferenceMfu ?? mfu;
  const priced = trainPrice !== undefined && infPrice !== undefined && peak !== undefined;
  // dollars per FLOP = price / (peak · MFU · 3600); the weight is the inference/training ratio (same accelerator)
  const weight = priced ? (infPrice / infMfu) / (trainPrice / mfu) : mfu / infMfu;
  const plan = inferenceAwarePlan(lossLaw, alloc.loss!, inferenceTokens, weight);
  const computeOptimalTotalFlops = 6 * alloc.params * alloc.tokens + 2 * alloc.params * inferenceTokens;
  const perFlop = (price: number, m: number) => price / (peak! * m * 3600);
  const dollars = priced ? {
    training: plan.trainingFlops * perFlop(trainPrice, mfu),
    inference: plan.inferenceFlops * perFlop(infPrice, infMfu),
    total: plan.trainingFlops * perFlop(trainPrice, mfu) + plan.inferenceFlops * perFlop(infPrice, infMfu),
    computeOptimalTotal: 6 * alloc.params * alloc.tokens * perFlop(trainPrice, mfu) + 2 * alloc.params * inferenceTokens * perFlop(infPrice, infMfu),
  } : undefined;
  return {
    ...plan, computeOptimalTotalFlops, saving: 1 - plan.totalFlops / computeOptimalTotalFlops, inferenceCostWeight: weight,
    trainingMfu: mfu, inferenceMfu: infMfu, reference: alloc.method === "fixed-size" ? "fixed-size plan" : "compute-optimal model",
    ...(dollars ? { dollars } : {}),
  };
}

/** The plan for a fixed model size or token count, with or without a budget. */
function sizedPlan(source: LawWithValues, r: PlanRequest, budget: number): BudgetAllocation {
  const which = r.params !== undefined ? "params" : "tokens";
  const size = r.params ?? r.tokens!;
  if (Number.isNaN(budget)) return allocateForSize(source, which, size);
  const params = which === "params" ? size : budget / (6 * size);
  const tokens = which === "tokens" ? size : budget / (6 * size);
  if (!(params >= 1 && tokens >= 1)) {
    throw new RangeError(`a budget of ${budget.toExponential(3)} FLOPs with ${which} fixed at ${size.toExponential(3)} leaves ${which === "params" ? `D = ${tokens.toPrecision(3)} tokens` : `N = ${params.toPrecision(3)} parameters`} (C = 6ND): less than one; raise the budget or lower --${which}`);
  }
  const loss = predictLoss(source.law, source.values, [{ params, tokens, flops: budget }])[0];
  return { flops: budget, params, tokens, tokensPerParam: tokens / params, loss, method: "fixed-size", notes: [`${which} fixed at ${size.toExponential(3)}; the other follows from C = 6ND`] };
}
