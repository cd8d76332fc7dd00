/** `scalecast plan`: turn a compute budget (or a cluster and a number of days) into N*, D*, loss, time and cost. */
import { emit, mergeAlias, withOut } from "./output.js";
import { commandArgv } from "../node/io.js";
import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_PLAN_LAW, PUBLISHED_LAWS } from "../core/catalog/publishedLaws.js";
import { assemblePlan, checkPlanRequest, type PlanBody, type PlanFit, type PlanRequest } from "../core/plan/assemblePlan.js";
import type { Layout } from "../core/plan/shapeSearch.js";
import { DEFAULT_MFU, GPU_PRESETS } from "../core/plan/hardware.js";
import { documentHeader, type DocumentHeader } from "../core/documentHeader.js";
import { readText } from "../node/readText.js";
import { formatCount, formatNumber } from "./format.js";
import { userInput } from "./errors.js";
import { positiveNumber, positiveReal, positiveWholeNumber } from "./options.js";

interface PlanOptions extends Omit<PlanRequest, "shapes" | "mfu"> {
  out?: string;
  compute?: number;
  law?: string;
  fit?: string;
  metricFit?: string;
  mfu: number;
  shapes?: boolean;
  vocab: number;
  seqLen: number;
  layout: Layout;
  json?: boolean;
}

/** `scalecast plan --json`: the header and the plan body assembled in core. */
export type PlanDocument = DocumentHeader & { command: "plan" } & PlanBody;

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
    .option("--target-metric <NAME=VALUE>", "right-size for a task: the least compute whose chained forecast (the loss law, then --metric-fit's map) reaches this metric value, e.g. hellaswag=0.6", targetMetricOption)
    .option("--metric-fit <file>", "with --target-metric: a downstream fit saved by `scalecast fit --law downstream-sigmoid|downstream-exp --metric-col NAME --out FILE`")
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
    .hook("preAction", mergeAlias("compute", "budgetFlops"))
    .hook("preAction", mergeAlias("law", "published"))
    .action(async (opts: PlanOptions) => {
      // zod, behind the saved-fit reader: loaded only when --fit is given
      const { out: _out, compute: _compute, law: _law, fit: file, metricFit: metricFile, json: _json, shapes, vocab, seqLen, layout, ...rest } = opts;
      const request: PlanRequest = { ...rest, ...(shapes ? { shapes: { vocab, seqLen, layout } } : {}) };
      checkPlanRequest(request, file === undefined ? undefined : "given");
      const fit = file === undefined ? undefined : await readFit(file);
      const metricFit = metricFile === undefined ? undefined : await readFit(metricFile);
      const body = userInput(() => assemblePlan(request, fit, metricFit));
      const doc: PlanDocument = { ...documentHeader("plan", commandArgv()), ...body };
      emit(opts, () => JSON.stringify(doc, null, 2), () => renderPlan(doc));
    });
}

/** `--target-metric NAME=VALUE`: a metric name and a finite number. */
function targetMetricOption(value: string): { name: string; value: number } {
  const m = /^([^=]+)=(.+)$/.exec(value.trim());
  const v = m ? Number(m[2]) : NaN;
  if (!m || !Number.isFinite(v)) throw new InvalidArgumentError(`expected NAME=VALUE with VALUE a number (e.g. hellaswag=0.6), got "${value}"`);
  return { name: m[1].trim(), value: v };
}

async function readFit(file: string): Promise<PlanFit> {
  const { readSavedFit } = await import("../core/plan/savedFit.js");
  return { name: `fit:${file}`, saved: userInput(() => readSavedFit(readText(file), file)) };
}

const formatBytes = (b: number) => (b >= 1e12 ? `${(b / 1e12).toPrecision(3)} TB` : b >= 1e9 ? `${(b / 1e9).toPrecision(3)} GB` : `${(b / 1e6).toPrecision(3)} MB`);

export function renderPlan(d: PlanDocument): string {
  const a = d.allocation;
  const out = [`scalecast plan: ${d.law.id}${d.law.default ? " (the default law)" : ""} — ${d.law.title}`];
  const b = d.budget;
  out.push(b.from === "hardware"
    ? `budget: ${b.gpus} × ${b.gpu ?? "GPU"} (${formatNumber(b.peakFlops!, 4)} FLOP/s dense BF16) × ${b.days} days × MFU ${b.mfu} = ${a.flops.toExponential(3)} FLOPs`
    : b.from === "target-metric"
      ? `target: ${d.targetMetric!.name} = ${d.targetMetric!.value} → loss ${d.targetMetric!.loss.toFixed(4)} nats under ${d.targetMetric!.metricLaw} (${d.targetMetric!.metricFit}) → least compute ${a.flops.toExponential(3)} FLOPs`
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
  const tm = d.targetMetric;
  if (tm) {
    out.push(`  ${tm.name.padEnd(15)} ${tm.metricAtPlan.toFixed(6)} at this plan (target ${tm.value}; the map's ceiling ${tm.ceiling.toPrecision(4)}, ${tm.direction.replace(/-/g, " ")})`);
    const iv = tm.intervals;
    if (iv?.params) out.push(`  95% intervals   smallest model N* [${formatCount(iv.params[0])}, ${formatCount(iv.params[1])}], C [${iv.flops![0].toExponential(2)}, ${iv.flops![1].toExponential(2)}] FLOPs (${iv.resamples} paired resamples of ${iv.varied.join(" and ")}${iv.dropped ? `; ${iv.dropped} left out: target beyond that pair's reach` : ""})`);
    else if (iv?.note) out.push(`  intervals       ${iv.note}`);
  }
  if (d.gpuHours !== undefined) {
    out.push(`  GPU-hours       ${formatNumber(d.gpuHours, 4)}` + (b.from === "hardware" ? `, ${d.days!.toFixed(1)} days on ${b.gpus} GPUs` : ""));
    if (b.from !== "hardware") out.push(`  wall-clock      ${d.days!.toFixed(1)} days on ${b.gpus} GPU${b.gpus === 1 ? "" : "s"} at MFU ${b.mfu}`);
  }
  if (d.cost !== undefined) out.push(`  cost            ${formatNumber(d.cost, 4)} (GPU-hours × price)`);
  if (d.computeOptimal) {
    const o = d.computeOptimal;
    const gap = a.loss! - o.loss!;
    const label = o.method === "rule" ? "the published rule's split of this budget" : "compute-optimal at this budget";
    out.push(`  ${label}: N* ${formatCount(o.params)}, D* ${formatCount(o.tokens)}, loss ${o.loss!.toFixed(4)} nats (${Math.abs(gap).toFixed(4)} nats ${gap >= 0 ? "lower" : "higher"} than this plan${gap < 0 ? ": the rule is not the minimum of the law's loss" : ""})`);
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
