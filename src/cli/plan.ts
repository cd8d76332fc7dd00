/** `scalecast plan`: turn a compute budget (or a cluster and a number of days) into N*, D*, loss, time and cost. */
import { emit, mergeAlias, withOut } from "./output.js";
import { commandArgv, out } from "../node/io.js";
import { Command, Option } from "commander";
import { DEFAULT_PLAN_LAW, PUBLISHED_LAWS, publishedLaw } from "../core/catalog/publishedLaws.js";

/** Where the decay constants of repeated data come from, and the default law with --unique-tokens. */
const DATA_CONSTRAINED_LAW = "muennighoff-2023";
import { getLaw } from "../core/laws/registry.js";
import { predictLoss } from "../core/laws/transform.js";
import { allocateForSize, allocateForTargetLoss, allocatePublished, allocateWithLaw, allocationIntervals, lossCurve, type AllocationIntervals, type BudgetAllocation, type LawWithValues } from "../core/plan/allocate.js";
import { inferenceAwarePlan, type InferenceAwarePlan } from "../core/plan/inferenceAware.js";
import { dataConstrainedPlan, type DataConstrainedPlan } from "../core/plan/dataConstrained.js";
import { memory, schedule, type Memory, type Schedule } from "../core/plan/schedule.js";
import { shapeSearch, type Layout, type Shape } from "../core/plan/shapeSearch.js";
import { budgetFlops, DEFAULT_MFU, GPU_PRESETS, gpuPreset, hardwareCost, type HardwareCost } from "../core/plan/hardware.js";
import { extrapolation } from "../core/fit/extrapolation.js";
import { documentHeader, type DocumentHeader } from "../core/documentHeader.js";
import { readText } from "../node/readText.js";
import { formatCount, formatNumber } from "./format.js";
import { UserInputError, userInput } from "./errors.js";
import { positiveNumber, positiveReal, positiveWholeNumber } from "./options.js";

interface PlanOptions {
  out?: string;
  compute?: number;
  gpus?: number;
  gpu?: string;
  days?: number;
  mfu: number;
  peakFlops?: number;
  law?: string;
  fit?: string;
  pricePerGpuHour?: number;
  targetLoss?: number;
  inferenceTokens?: number;
  uniqueTokens?: number;
  batchTokens?: number;
  params?: number;
  tokens?: number;
  shapes?: boolean;
  inferenceMfu?: number;
  inferencePricePerGpuHour?: number;
  vocab: number;
  seqLen: number;
  layout: Layout;
  json?: boolean;
}

export interface PlanDocument extends DocumentHeader {
  command: "plan";
  /** N*, D*, C, loss: the plan itself (with --fit, also the extrapolation factor: C ÷ the largest fitted compute). */
  allocation: Omit<BudgetAllocation, "notes"> & { extrapolationFactor?: number };
  /** What the plan assumed and where it is weak (extrapolation, a parameter held at a bound, …). */
  notes: string[];
  law: { id: string; title: string; source: "catalog" | "fit"; paramConvention: string; default: boolean };
  budget: { from: "compute" | "hardware" | "target-loss" | "size"; targetLossNats?: number; gpus?: number; gpu?: string; peakFlops?: number; mfu?: number; days?: number };
  gpuHours?: number;
  days?: number;
  cost?: number;
  conventions: { flops: "C = 6ND"; loss: "nats" };
  /** With --inference-tokens: the model reaching the same loss at the least 6ND + 2N·T_inference. */
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
  /** With --unique-tokens: the loss-optimal split when only U unique tokens exist. */
  dataConstrained?: DataConstrainedPlan & { decayConstantsFrom: string };
  schedule: Schedule;
  memory: Memory;
  /** With a bootstrapped --fit: 95% percentile intervals of N*, D* and loss at this budget. */
  intervals?: AllocationIntervals & { seed?: number; dropped: number };
  /** With --params: loss at several token counts for that model size. */
  lossCurve?: ReturnType<typeof lossCurve>;
  /** With a fixed size and a budget: the compute-optimal plan at the same budget, for comparison. */
  computeOptimal?: BudgetAllocation;
  /** With --shapes: buildable architectures near N*, with exact counts. */
  shapes?: Shape[];
}

export function planCommand(): Command {
  return withOut(new Command("plan")
    .description("compute-optimal model size, tokens and loss for a budget (FLOPs, or GPUs × days)")
    .option("--budget-flops <C>", "training budget in FLOPs (e.g. 5.76e23)", positiveNumber)
    .addOption(new Option("--compute <C>", "alias of --budget-flops").argParser(positiveNumber).hideHelp())
    .option("--gpus <k>", "number of accelerators", positiveWholeNumber)
    .addOption(new Option("--gpu <name>", `accelerator preset (dense BF16 peak): ${GPU_PRESETS.map((g) => g.id).join(", ")}`))
    .option("--days <t>", "wall-clock days of training", positiveReal)
    .option("--mfu <m>", "model FLOPs utilisation in (0, 1]", positiveReal, DEFAULT_MFU)
    .option("--peak-flops <F>", "peak FLOP/s per accelerator (overrides the preset)", positiveNumber)
    .addOption(new Option("--published <id>", `published law from the catalog, \`scalecast laws\` (default ${DEFAULT_PLAN_LAW})`).choices(PUBLISHED_LAWS.map((l) => l.id)))
    .addOption(new Option("--law <id>", "alias of --published").choices(PUBLISHED_LAWS.map((l) => l.id)).hideHelp())
    .option("--fit <file>", "a fit saved by `scalecast fit --out`")
    .option("--price-per-gpu-hour <p>", "price of one accelerator-hour, for the cost", positiveReal)
    .option("--target-loss <L>", "plan the least compute that reaches this loss (nats) instead of spending a budget", positiveReal)
    .option("--params <N>", "fix the model size: alone, the budget that makes it compute-optimal and its loss-vs-tokens curve; with a budget, D = C/(6N)", positiveNumber)
    .option("--tokens <D>", "fix the training tokens: alone, the model size that is compute-optimal for them; with a budget, N = C/(6D)", positiveNumber)
    .option("--shapes", "also list buildable transformer shapes whose exact count is near N*")
    .option("--vocab <V>", "vocabulary for --shapes", positiveWholeNumber, 32000)
    .option("--seq-len <S>", "context length for --shapes", positiveWholeNumber, 4096)
    .addOption(new Option("--layout <kind>", "layout for --shapes: llama (SwiGLU, RoPE, no biases, untied) or gpt (GELU, learned positions, biases, tied)").choices(["llama", "gpt"]).default("llama"))
    .option("--batch-tokens <B>", "tokens per optimizer step (default: DeepSeek LLM's fitted B_opt, labelled a heuristic)", positiveNumber)
    .option("--inference-mfu <m>", "utilisation during inference, for --inference-tokens costs (default: --mfu)", positiveReal)
    .option("--inference-price-per-gpu-hour <p>", "price of an inference GPU-hour (default: --price-per-gpu-hour); with a price, --inference-tokens minimises dollars", positiveReal)
    .option("--unique-tokens <U>", "unique training tokens available: also plan for repeated data (Muennighoff et al. 2023; default law muennighoff-2023)", positiveNumber)
    .option("--inference-tokens <T>", "lifetime inference tokens: also plan the model that reaches the same loss at the least training + inference FLOPs (Sardana & Frankle 2023)", positiveNumber)
    .option("--json", "print one JSON document on stdout"), "also write the JSON document to FILE")
    .hook("preAction", mergeAlias("budgetFlops", "compute"))
    .hook("preAction", mergeAlias("published", "law"))
    .action(async (opts: PlanOptions, cmd: Command) => {
      // zod, behind the saved-fit reader: loaded only when --fit is given
      const readSavedFit = opts.fit === undefined ? undefined : (await import("../core/plan/savedFit.js")).readSavedFit;
      const usage = (msg: string) => cmd.error(`error: ${msg}`, { exitCode: 2 });
      if (opts.law && opts.fit) usage("give --published or --fit, not both");
      const target = opts.targetLoss !== undefined;
      const sized = opts.params !== undefined || opts.tokens !== undefined;
      if (opts.params !== undefined && opts.tokens !== undefined) usage("give --params or --tokens, not both (with both, C = 6ND: use --budget-flops)");
      if (sized && target) usage("--target-loss with --params or --tokens is not supported yet: use --inference-tokens 0 … or drop one");
      const budgetGiven = opts.compute !== undefined || opts.days !== undefined;
      const sizeOnly = sized && !budgetGiven;
      const hardware = opts.compute === undefined && !target && !sizeOnly;
      if (target && (opts.compute !== undefined || opts.days !== undefined)) usage("--target-loss sets the budget: drop --budget-flops and --days");
      if (opts.compute !== undefined && opts.days !== undefined) usage("--budget-flops and --days contradict each other: give the budget one way");
      if (!target && !sizeOnly && opts.compute === undefined && !(opts.gpus && opts.days && (opts.gpu || opts.peakFlops))) {
        usage("give --budget-flops C, or --gpus K --gpu NAME --days T [--mfu M], or --target-loss L");
      }
      if (opts.pricePerGpuHour !== undefined && !(opts.gpu || opts.peakFlops)) usage("--price-per-gpu-hour needs --gpu (or --peak-flops) to turn FLOPs into GPU-hours");
      if (opts.inferencePricePerGpuHour !== undefined && opts.pricePerGpuHour === undefined) usage("--inference-price-per-gpu-hour needs --price-per-gpu-hour (the training price) too");
      if ((opts.inferenceMfu !== undefined || opts.inferencePricePerGpuHour !== undefined) && opts.inferenceTokens === undefined) usage("--inference-mfu and --inference-price-per-gpu-hour apply to --inference-tokens");
      const peak = opts.peakFlops ?? (opts.gpu ? userInput(() => gpuPreset(opts.gpu!)).peakFlops : undefined);
      const budget = target || sizeOnly ? NaN : opts.compute ?? userInput(() => budgetFlops({ gpus: opts.gpus!, days: opts.days!, peakFlops: peak!, mfu: opts.mfu }));

      let decayFromFit: { RD: number; RN: number } | undefined;
      let extrapolationFactor: number | undefined;
      let alloc: BudgetAllocation, lawInfo: PlanDocument["law"], lossLaw: LawWithValues | undefined;
      let intervals: PlanDocument["intervals"];
      if (opts.fit) {
        let fit = userInput(() => readSavedFit!(readText(opts.fit!), opts.fit!));
        if (fit.law.target === "metric") usage(`${opts.fit} is a downstream fit (loss → ${fit.law.id}'s metric), not a loss law: plan needs a loss fit; forecast the metric with fit --law ${fit.law.id} --loss-fit LOSS.json`);
        if (fit.law.inputs.includes("uniqueTokens")) { // a data-constrained fit: its base law plans, its decay constants discount repeats
          if (opts.uniqueTokens === undefined) usage(`${opts.fit} is a data-constrained fit: give --unique-tokens U (the unique tokens available)`);
          const full = fit.law.expand ? fit.law.expand(fit.values) : { ...fit.values };
          decayFromFit = { RD: full.RD, RN: full.RN };
          fit = { law: getLaw("chinchilla"), values: { E: full.E, A: full.A, B: full.B, alpha: full.alpha, beta: full.beta }, paramConvention: fit.paramConvention };
        }
        lossLaw = fit;
        alloc = userInput(() => (target ? allocateForTargetLoss(fit, opts.targetLoss!) : sized ? sizedPlan(fit, opts, budget) : allocateWithLaw(fit, budget)));
        if (fit.heldAtBound?.length) {
          alloc = { ...alloc, notes: [...alloc.notes, `the fit held ${fit.heldAtBound.map((h) => `${h.name} at its bound ${h.bound}`).join(", ")} (the data did not pin ${fit.heldAtBound.length === 1 ? "it" : "them"} down): this plan and its intervals are conditional on ${fit.heldAtBound.length === 1 ? "that value" : "those values"}`] };
        }
        if (fit.maxFittedFlops !== undefined && Number.isFinite(alloc.flops)) {
          const ex = extrapolation(alloc.flops, fit.maxFittedFlops, "the plan's compute");
          extrapolationFactor = ex.factor;
          alloc = { ...alloc, notes: [...alloc.notes, ex.warning ? `${ex.warning.message} [extrapolation]` : `the plan's compute is ${ex.factor.toPrecision(3)}× the largest fitted compute (${fit.maxFittedFlops.toExponential(2)} FLOPs)`] };
        }
        lawInfo = { id: `fit:${opts.fit}`, title: `${fit.law.title}, fitted (${opts.fit})`, source: "fit", paramConvention: fit.paramConvention, default: false };
        if (fit.resamples && fit.resamples.length >= 2 && alloc.method !== "fixed-size") {
          const iv = userInput(() => allocationIntervals(fit.law, fit.resamples!, alloc.flops));
          intervals = { ...iv, seed: fit.bootstrapSeed, dropped: (fit.resamplesDropped ?? 0) + iv.dropped };
        }
      } else {
        const entry = publishedLaw(opts.law ?? (opts.uniqueTokens !== undefined ? DATA_CONSTRAINED_LAW : DEFAULT_PLAN_LAW));
        if (target && !entry.law) usage(`--target-loss needs a law that predicts loss; ${entry.id} publishes an allocation rule only`);
        if (opts.inferenceTokens !== undefined && !entry.law) usage(`--inference-tokens needs a law that predicts loss; ${entry.id} publishes an allocation rule only`);
        if (sized && !entry.law) usage(`--params and --tokens need a law that predicts loss; ${entry.id} publishes an allocation rule only`);
        if (entry.law) lossLaw = { law: getLaw(entry.law.lawId, entry.law.options), values: entry.law.values };
        alloc = userInput(() => (target
          ? allocateForTargetLoss(lossLaw!, opts.targetLoss!)
          : sized ? sizedPlan(lossLaw!, opts, budget) : allocatePublished(entry, budget)));
        lawInfo = { id: entry.id, title: entry.title, source: "catalog", paramConvention: entry.paramConvention, default: !opts.law && opts.uniqueTokens === undefined };
      }
      const flops = alloc.flops;
      const curve = opts.params !== undefined && lossLaw
        ? lossCurve(lossLaw, opts.params, [5, 10, 20, 50, 100, 200, 500, 1000].map((k) => k * opts.params!))
        : undefined;
      const computeOptimal = sized && budgetGiven && lossLaw ? userInput(() => allocateWithLaw(lossLaw!, flops)) : undefined;
      const extraNotes: string[] = [];
      if (opts.gpus !== undefined && peak === undefined) extraNotes.push("--gpus without --gpu or --peak-flops only shards the memory estimate: give --gpu for GPU-hours, days and cost");
      if (!opts.fit && (target || sized)) {
        const entry = publishedLaw(lawInfo.id);
        if (entry.rule) extraNotes.push(`${entry.id} publishes an allocation rule; this mode uses the loss-minimising split of its law instead, which differs from the rule`);
      }
      if (extraNotes.length) alloc = { ...alloc, notes: [...alloc.notes, ...extraNotes] };
      let dataConstrained: PlanDocument["dataConstrained"];
      if (opts.uniqueTokens !== undefined) {
        const names = ["E", "A", "B", "alpha", "beta"];
        if (!lossLaw || !names.every((n) => lossLaw!.law.parameters.some((p) => p.name === n))) {
          usage(`--unique-tokens needs a law of the form E + A/N^alpha + B/D^beta (${PUBLISHED_LAWS.filter((l) => l.law?.lawId === "chinchilla").map((l) => l.id).join(", ")}, or such a fit)`);
        }
        const published = publishedLaw(DATA_CONSTRAINED_LAW).constants!;
        const decay = decayFromFit ?? { RD: published.RDStar, RN: published.RNStar };
        const v = { E: lossLaw!.values.E, A: lossLaw!.values.A, B: lossLaw!.values.B, alpha: lossLaw!.values.alpha, beta: lossLaw!.values.beta, ...decay };
        dataConstrained = { ...userInput(() => dataConstrainedPlan(v, flops, opts.uniqueTokens!)), decayConstantsFrom: decayFromFit ? `fit:${opts.fit}` : DATA_CONSTRAINED_LAW };
      }
      let inferenceAware: PlanDocument["inferenceAware"];
      if (opts.inferenceTokens !== undefined && lossLaw && alloc.loss !== undefined) {
        const trainPrice = opts.pricePerGpuHour, infPrice = opts.inferencePricePerGpuHour ?? opts.pricePerGpuHour;
        const infMfu = opts.inferenceMfu ?? opts.mfu;
        const priced = trainPrice !== undefined && infPrice !== undefined && peak !== undefined;
        // dollars per FLOP = price / (peak · MFU · 3600); the weight is the inference/training ratio (same accelerator)
        const weight = priced ? (infPrice! / infMfu) / (trainPrice! / opts.mfu) : opts.mfu / infMfu;
        const plan = userInput(() => inferenceAwarePlan(lossLaw!, alloc.loss!, opts.inferenceTokens!, weight));
        const computeOptimalTotalFlops = 6 * alloc.params * alloc.tokens + 2 * alloc.params * opts.inferenceTokens;
        const dollarsPerFlop = (price: number, mfu: number) => price / (peak! * mfu * 3600);
        const dollars = priced ? {
          training: plan.trainingFlops * dollarsPerFlop(trainPrice!, opts.mfu),
          inference: plan.inferenceFlops * dollarsPerFlop(infPrice!, infMfu),
          total: plan.trainingFlops * dollarsPerFlop(trainPrice!, opts.mfu) + plan.inferenceFlops * dollarsPerFlop(infPrice!, infMfu),
          computeOptimalTotal: 6 * alloc.params * alloc.tokens * dollarsPerFlop(trainPrice!, opts.mfu) + 2 * alloc.params * opts.inferenceTokens * dollarsPerFlop(infPrice!, infMfu),
        } : undefined;
        inferenceAware = {
          ...plan, computeOptimalTotalFlops, saving: 1 - plan.totalFlops / computeOptimalTotalFlops, inferenceCostWeight: weight,
          trainingMfu: opts.mfu, inferenceMfu: infMfu, reference: alloc.method === "fixed-size" ? "fixed-size plan" : "compute-optimal model",
          ...(dollars ? { dollars } : {}),
        };
      }
      let time: HardwareCost | undefined;
      if (peak !== undefined) time = hardwareCost(flops, opts.gpus ?? 1, peak, opts.mfu, opts.pricePerGpuHour);
      const doc: PlanDocument = {
        ...documentHeader("plan", commandArgv()),
        law: lawInfo,
        allocation: { ...withoutNotes(alloc), ...(extrapolationFactor !== undefined ? { extrapolationFactor } : {}) },
        notes: alloc.notes,
        budget: sizeOnly ? { from: "size", ...(peak !== undefined ? { gpus: opts.gpus ?? 1, gpu: opts.gpu, peakFlops: peak, mfu: opts.mfu } : {}) }
          : target ? { from: "target-loss", targetLossNats: opts.targetLoss, ...(peak !== undefined ? { gpus: opts.gpus ?? 1, gpu: opts.gpu, peakFlops: peak, mfu: opts.mfu } : {}) }
          : hardware
          ? { from: "hardware", gpus: opts.gpus, gpu: opts.gpu, peakFlops: peak, mfu: opts.mfu, days: opts.days }
          : { from: "compute", ...(peak !== undefined ? { gpus: opts.gpus ?? 1, gpu: opts.gpu, peakFlops: peak, mfu: opts.mfu } : {}) },
        ...(time ? { gpuHours: time.gpuHours, days: time.days, ...(time.cost !== undefined ? { cost: time.cost } : {}) } : {}),
        conventions: { flops: "C = 6ND", loss: "nats" },
        ...(inferenceAware ? { inferenceAware } : {}),
        ...(dataConstrained ? { dataConstrained } : {}),
        ...(intervals ? { intervals } : {}),
        ...(curve ? { lossCurve: curve } : {}),
        ...(computeOptimal ? { computeOptimal } : {}),
        ...(opts.shapes ? { shapes: userInput(() => shapeSearch(alloc.params, { vocab: opts.vocab, seqLen: opts.seqLen, layout: opts.layout, match: lawInfo.paramConvention === "nonEmbedding" ? "nonEmbedding" : "total" })) } : {}),
        schedule: userInput(() => schedule(alloc.tokens, flops, opts.batchTokens)),
        memory: memory(alloc.params, opts.gpus ?? 1),
      };
      emit(opts, () => JSON.stringify(doc, null, 2), () => renderPlan(doc));
    });
}

const withoutNotes = ({ notes: _notes, ...rest }: BudgetAllocation): Omit<BudgetAllocation, "notes"> => rest;

/** The plan for a fixed model size or token count, with or without a budget. */
function sizedPlan(source: LawWithValues, opts: PlanOptions, budget: number): BudgetAllocation {
  const which = opts.params !== undefined ? "params" : "tokens";
  const size = opts.params ?? opts.tokens!;
  if (Number.isNaN(budget)) return allocateForSize(source, which, size);
  const params = which === "params" ? size : budget / (6 * size);
  const tokens = which === "tokens" ? size : budget / (6 * size);
  if (!(params >= 1 && tokens >= 1)) {
    throw new UserInputError(`a budget of ${budget.toExponential(3)} FLOPs with ${which} fixed at ${size.toExponential(3)} leaves ${which === "params" ? `D = ${tokens.toPrecision(3)} tokens` : `N = ${params.toPrecision(3)} parameters`} (C = 6ND): less than one; raise the budget or lower --${which}`);
  }
  const loss = predictLoss(source.law, source.values, [{ params, tokens, flops: budget }])[0];
  return { flops: budget, params, tokens, tokensPerParam: tokens / params, loss, method: "fixed-size", notes: [`${which} fixed at ${size.toExponential(3)}; the other follows from C = 6ND`] };
}

const formatBytes = (b: number) => (b >= 1e12 ? `${(b / 1e12).toPrecision(3)} TB` : b >= 1e9 ? `${(b / 1e9).toPrecision(3)} GB` : `${(b / 1e6).toPrecision(3)} MB`);

export function renderPlan(d: PlanDocument): string {
  const a = d.allocation;
  const out = [`scalecast plan: ${d.law.id}${d.law.default ? " (the default law)" : ""} — ${d.law.title}`];
  const b = d.budget;
  out.push(b.from === "hardware"
    ? `budget: ${b.gpus} × ${b.gpu ?? "GPU"} (${formatNumber(b.peakFlops!, 4)} FLOP/s dense BF16) × ${b.days} days × MFU ${b.mfu} = ${a.flops.toExponential(3)} FLOPs`
    : b.from === "target-loss"
      ? `target: loss ${b.targetLossNats} nats → least compute ${a.flops.toExponential(3)} FLOPs`
      : b.from === "size"
        ? `size given → the budget that makes it compute-optimal: ${a.flops.toExponential(3)} FLOPs`
        : `budget: ${a.flops.toExponential(3)} FLOPs`);
  out.push("");
  const star = a.method === "fixed-size" ? " " : "*";
  out.push(`  parameters N${star}   ${formatCount(a.params)}  (${d.law.paramConvention})`);
  out.push(`  tokens D${star}       ${formatCount(a.tokens)}`);
  out.push(`  tokens/param    ${a.tokensPerParam.toFixed(1)}`);
  out.push(`  loss            ${a.loss === undefined ? "— (this law publishes an allocation, not a loss)" : `${a.loss.toFixed(4)} nats`}`);
  out.push(`  method          ${a.method} (C = 6ND)`);
  const ci = d.intervals;
  if (ci) {
    out.push(`  95% intervals   N* [${formatCount(ci.params[0])}, ${formatCount(ci.params[1])}], D* [${formatCount(ci.tokens[0])}, ${formatCount(ci.tokens[1])}], loss [${ci.loss[0].toFixed(4)}, ${ci.loss[1].toFixed(4)}]`);
    out.push(`                  (${ci.resamples} bootstrap resamples of the fit${ci.seed !== undefined ? `, seed ${ci.seed}` : ""}${ci.dropped ? `; ${ci.dropped} left out (non-finite parameters, or no finite allocation at this budget)` : ""})`);
  }
  if (d.gpuHours !== undefined) {
    out.push(`  GPU-hours       ${formatNumber(d.gpuHours, 4)}` + (b.from === "hardware" ? `, ${d.days!.toFixed(1)} days on ${b.gpus} GPUs` : ""));
    if (b.from !== "hardware") out.push(`  wall-clock      ${d.days!.toFixed(1)} days on ${b.gpus} GPU${b.gpus === 1 ? "" : "s"} at MFU ${b.mfu}`);
  }
  if (d.cost !== undefined) out.push(`  cost            ${formatNumber(d.cost, 4)} (GPU-hours × price)`);
  if (d.computeOptimal) {
    const o = d.computeOptimal;
    out.push(`  compute-optimal at this budget: N* ${formatCount(o.params)}, D* ${formatCount(o.tokens)}, loss ${o.loss!.toFixed(4)} nats (${(a.loss! - o.loss!).toFixed(4)} nats lower than this plan)`);
  }
  if (d.lossCurve) {
    out.push("", `loss of this ${formatCount(d.lossCurve[0].tokens / d.lossCurve[0].tokensPerParam)}-parameter model against training tokens:`);
    for (const p of d.lossCurve) out.push(`  ${formatCount(p.tokens).padStart(8)} tokens (${String(p.tokensPerParam).padStart(4)}/param, ${p.flops.toExponential(2)} FLOPs): ${p.loss.toFixed(4)} nats`);
    out.push("");
  }
  if (d.shapes) {
    out.push("", d.shapes.length ? `shapes near N* (exact counts; scalecast flops prints their FLOPs):` : "shapes: none within 10% of N* with width/depth in [64, 160]");
    for (const s of d.shapes) {
      const a = s.architecture;
      out.push(`  ${String(a.layers).padStart(3)} layers × d_model ${String(a.dModel).padStart(5)}, ${a.heads} heads: ${formatCount(s.params.total)} total (${(100 * s.relativeError).toFixed(2)}%), width/depth ${s.widthToDepth.toFixed(0)}`);
    }
    out.push("");
  }
  const sc = d.schedule, mem = d.memory;
  out.push(`  steps           ${formatNumber(sc.steps, 4)} of ${formatCount(sc.batchTokens)} tokens` + (sc.batchSource === "given" ? "" : " (batch from DeepSeek LLM's fit — a heuristic)"));
  out.push(`  learning rate   ${sc.learningRateHeuristic.toPrecision(3)} (DeepSeek LLM's fit η = 0.3118·C^−0.125 — a heuristic)`);
  out.push(`  memory          ${formatBytes(mem.trainingStateBytesPerGpu)} of weights, gradients and Adam state per GPU over ${mem.gpus} GPU${mem.gpus === 1 ? "" : "s"} (16 B/param, sharded; activations extra); inference weights ${formatBytes(mem.inferenceWeightsBytes)} in bf16`);
  for (const n of d.notes) out.push(`  note: ${n}`);
  const dc = d.dataConstrained;
  if (dc) {
    out.push("", `data-constrained (Muennighoff et al. 2023; R_D*, R_N* from ${dc.decayConstantsFrom}): ${formatCount(dc.uniqueTokens)} unique tokens`);
    out.push(`  parameters N    ${formatCount(dc.params)}`);
    out.push(`  tokens D        ${formatCount(dc.tokens)} = ${dc.epochs.toFixed(2)} epochs, worth ${formatCount(dc.effectiveTokens)} fresh tokens`);
    out.push(`  loss            ${dc.loss.toFixed(4)} nats (${dc.lossWithFreshData.toFixed(4)} if every token were fresh)`);
    for (const n of dc.notes) out.push(`  note: ${n}`);
  }
  const ia = d.inferenceAware;
  if (ia) {
    out.push("", `inference-aware (Sardana & Frankle 2023): same loss ${ia.targetLossNats.toFixed(4)} nats, ${formatCount(ia.inferenceTokens)} tokens of inference`);
    out.push(`  parameters N    ${formatCount(ia.params)}   (${ia.reference}: ${formatCount(a.params)})`);
    out.push(`  tokens D        ${formatCount(ia.tokens)}   (+${formatCount(ia.tokens - a.tokens)}), ${ia.tokensPerParam.toFixed(1)} tokens/parameter`);
    out.push(`  FLOPs           training ${ia.trainingFlops.toExponential(3)} + inference ${ia.inferenceFlops.toExponential(3)} = ${ia.totalFlops.toExponential(3)}`);
    out.push(`  saving          ${(100 * ia.saving).toFixed(1)}% of the ${ia.reference}'s ${ia.computeOptimalTotalFlops.toExponential(3)} lifetime FLOPs (2N FLOPs per inference token)`);
    if (ia.dollars) {
      out.push(`  cost            training ${formatNumber(ia.dollars.training, 4)} + inference ${formatNumber(ia.dollars.inference, 4)} = ${formatNumber(ia.dollars.total, 4)} (${ia.reference}: ${formatNumber(ia.dollars.computeOptimalTotal, 4)}); minimised in dollars, inference FLOP weight ${ia.inferenceCostWeight.toPrecision(3)}`);
    } else if (ia.inferenceCostWeight !== 1) {
      out.push(`  weighting       an inference FLOP costs ${ia.inferenceCostWeight.toPrecision(3)}× a training FLOP (MFU ${ia.trainingMfu} in training, ${ia.inferenceMfu} in inference)`);
    }
    out.push(`  training        ${(ia.trainingFlops / a.flops).toFixed(2)}× the training FLOPs of the ${ia.reference}` + (d.days !== undefined ? ` (${((d.days * ia.trainingFlops) / a.flops).toFixed(1)} days on the same GPUs)` : ""));
    for (const n of ia.notes) out.push(`  note: ${n}`);
  }
  return out.join("\n");
}
