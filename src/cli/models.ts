/**
 * `scalecast models` (the catalog of notable models) and `scalecast compare NAME…` (each read against a
 * published law: tokens per parameter, over-training factor, the compute-optimal model at the same compute,
 * the law's loss, inference FLOPs and cost per million tokens, and the N–D plane figure). Issue 16, item 4.
 */
import { Command, Option } from "commander";
import { compareModels, type ModelComparison } from "../core/catalog/compare.js";
import { NOTABLE_MODELS, notableModel, type NotableModel } from "../core/catalog/models.js";
import { DEFAULT_PLAN_LAW, PUBLISHED_LAWS, publishedLaw } from "../core/catalog/publishedLaws.js";
import { documentHeader, type DocumentHeader } from "../core/documentHeader.js";
import type { Diagnostic } from "../core/diagnostics.js";
import { BadOptionError } from "../core/errors.js";
import { DEFAULT_MFU, GPU_PRESETS, gpuPreset } from "../core/plan/hardware.js";
import { toJson } from "../core/toJson.js";
import { modelsPlaneFigure } from "../core/viz/modelsFigure.js";
import { commandArgv, out } from "../node/io.js";
import { userInput } from "./errors.js";
import { formatCount, renderDiagnostics, table } from "./format.js";
import { emit, mergeAlias, withOut } from "./output.js";
import { positiveReal } from "./options.js";

export interface ModelsDocument extends DocumentHeader { command: "models"; conventions: typeof CONVENTIONS; models: NotableModel[] }

export interface CompareDocument extends DocumentHeader {
  command: "compare";
  law: { id: string; title: string; paramConvention: string; setup: string; allocation: "rule" | "law" };
  conventions: typeof CONVENTIONS;
  inferencePrice?: { gpu?: string; peakFlops: number; mfu: number; pricePerGpuHour?: number };
  models: Array<Omit<ModelComparison, "model" | "warnings"> & { id: string; name: string; params: NotableModel["params"]; reportedCompute: NotableModel["compute"]; source: string; confidence: string }>;
  warnings: Diagnostic[];
}

const CONVENTIONS = {
  params: "total and active parameters (equal for a dense model); a law reads the active ones",
  tokens: "training tokens (not words)",
  flops: "compute as reported by the developers where they printed it, else 6·N_active·D; compare uses C = 6·N_active·D throughout",
  loss: "nats per token, in the law's own setup",
  overTrainingFactor: "(D/N)/(D*/N*) at the same C = 6ND: 1 compute-optimal, > 1 over-trained, < 1 under-trained",
  inference: "2·N_active FLOPs per token",
} as const;

export interface ModelsShowDocument extends DocumentHeader { command: "models show"; conventions: typeof CONVENTIONS; model: NotableModel }

export function modelsCommand(): Command {
  const cmd = new Command("models").description("list the notable models scalecast knows: parameters (total, active), training tokens and compute, each with its source")
    .option("--json", "print one JSON document on stdout")
    .action((opts: { json?: boolean }) => {
      if (opts.json) { out(toJson({ ...documentHeader("models", commandArgv()), conventions: CONVENTIONS, models: [...NOTABLE_MODELS] } satisfies ModelsDocument) + "\n"); return; }
      const rows = [["id", "params (total)", "active", "tokens", "compute (FLOPs)", "basis"], ...NOTABLE_MODELS.map((m) => [
        m.id, formatCount(m.params.total), m.params.active === m.params.total ? "=" : formatCount(m.params.active),
        m.tokens === null ? "not published" : formatCount(m.tokens), m.compute ? m.compute.flops.toExponential(2) : "—", m.compute?.basis ?? "—"])];
      out([table(rows, ""), "", "sources and confidence: scalecast models show ID (or --json); compare them under a law: scalecast compare chinchilla gopher"].join("\n") + "\n");
    });
  cmd.command("show").argument("<id>", "model id from `scalecast models`").option("--json", "print one JSON document on stdout")
    .description("one notable model: parameters, tokens, compute, source and confidence")
    .action((id: string, opts: { json?: boolean }, show: Command) => {
      const m = userInput(() => notableModel(id));
      const json = opts.json === true || show.parent?.opts().json === true; // `models show ID --json`: the flag may land on the parent
      if (json) { out(toJson({ ...documentHeader("models show", commandArgv()), conventions: CONVENTIONS, model: m } satisfies ModelsShowDocument) + "\n"); return; }
      out([`${m.id}: ${m.name} (${m.organization}, ${m.year})`,
        `  parameters  ${formatCount(m.params.total)} total${m.params.active === m.params.total ? " (dense: all active)" : `, ${formatCount(m.params.active)} active per token`}`,
        `  tokens      ${m.tokens === null ? "not published" : `${formatCount(m.tokens)} training tokens`}`,
        `  compute     ${m.compute ? `${m.compute.flops.toExponential(3)} FLOPs (${m.compute.basis === "6ND" ? "6·N_active·D" : "as reported"})` : "—"}`,
        `  source      ${m.source}`,
        `  confidence  ${m.confidence}`].join("\n") + "\n");
    });
  return cmd;
}

export function compareCommand(): Command {
  return withOut(new Command("compare")
    .description("notable models under a published law: tokens per parameter, over-training factor, the compute-optimal model at the same compute, predicted loss, inference cost")
    .argument("<models...>", "model ids from `scalecast models` (e.g. chinchilla gopher gpt-3)")
    .addOption(new Option("--published <id>", `published law from the catalog, \`scalecast laws\` (default ${DEFAULT_PLAN_LAW})`).choices(PUBLISHED_LAWS.map((l) => l.id)))
    .addOption(new Option("--law <id>", "alias of --published").choices(PUBLISHED_LAWS.map((l) => l.id)).hideHelp())
    .addOption(new Option("--gpu <name>", `accelerator preset for the inference cost: ${GPU_PRESETS.map((g) => g.id).join(", ")}`))
    .option("--peak-flops <f>", "peak FLOP/s of the accelerator, instead of --gpu", positiveReal)
    .option("--inference-mfu <m>", `utilisation while serving, in (0, 1] (default ${DEFAULT_MFU})`, positiveReal)
    .option("--price-per-gpu-hour <p>", "dollars per accelerator-hour, for the cost per million tokens", positiveReal)
    .option("--figure <file>", "also draw the models on the N–D plane with the compute-optimal and iso-compute lines: .svg or .png")
    .option("--json", "print one JSON document on stdout"), "also write the JSON document to FILE")
    .hook("preAction", mergeAlias("law", "published"))
    .action(async (ids: string[], opts: { published?: string; gpu?: string; peakFlops?: number; inferenceMfu?: number; pricePerGpuHour?: number; figure?: string; json?: boolean; out?: string }) => {
      if (opts.figure !== undefined && !/\.(svg|png)$/i.test(opts.figure)) throw new BadOptionError(`a figure's format comes from its extension: .svg or .png, got "${opts.figure}"`);
      if (opts.gpu !== undefined && opts.peakFlops !== undefined) throw new BadOptionError("give --gpu or --peak-flops, not both");
      if (opts.inferenceMfu !== undefined && !(opts.inferenceMfu <= 1)) throw new BadOptionError(`--inference-mfu must be in (0, 1], got ${opts.inferenceMfu}`);
      const peak = opts.peakFlops ?? (opts.gpu !== undefined ? gpuPreset(opts.gpu).peakFlops : undefined);
      if (opts.pricePerGpuHour !== undefined && peak === undefined) throw new BadOptionError("--price-per-gpu-hour needs --gpu (or --peak-flops) to turn FLOPs into GPU-hours");
      if (opts.inferenceMfu !== undefined && peak === undefined) throw new BadOptionError("--inference-mfu needs --gpu (or --peak-flops): without an accelerator compare gives FLOPs only, which no utilisation changes");
      const entry = publishedLaw(opts.published ?? DEFAULT_PLAN_LAW);
      const twice = ids.find((id, i) => ids.findIndex((x) => x.toLowerCase() === id.toLowerCase()) !== i);
      if (twice !== undefined) throw new BadOptionError(`model "${twice}" is named twice`);
      const models = ids.map((id) => notableModel(id));
      const price = peak === undefined ? undefined : { peakFlops: peak, mfu: opts.inferenceMfu ?? DEFAULT_MFU, ...(opts.pricePerGpuHour !== undefined ? { pricePerGpuHour: opts.pricePerGpuHour } : {}) };
      const { rows, warnings } = userInput(() => compareModels(models, entry, price));
      const doc: CompareDocument = {
        ...documentHeader("compare", commandArgv()),
        law: { id: entry.id, title: entry.title, paramConvention: entry.paramConvention, setup: entry.setup, allocation: entry.rule ? "rule" : "law" },
        conventions: CONVENTIONS,
        ...(price ? { inferencePrice: { ...(opts.gpu ? { gpu: opts.gpu } : {}), ...price } } : {}),
        models: rows.map(({ model, warnings: _w, ...r }) => ({ id: model.id, name: model.name, params: model.params, reportedCompute: model.compute, ...r, source: model.source, confidence: model.confidence })),
        warnings,
      };
      if (opts.figure) {
        const { renderPng, renderSvg, writeFigure } = await import("../node/render.js");
        const svg = await renderSvg(modelsPlaneFigure(rows, entry).spec);
        writeFigure(opts.figure, /\.png$/i.test(opts.figure) ? renderPng(svg) : svg);
      }
      emit(opts, () => toJson(doc), () => renderCompare(doc));
    });
}

const loss = (v: number | undefined) => (v === undefined ? "—" : v.toFixed(4));

export function renderCompare(d: CompareDocument): string {
  const lines = [`scalecast compare: under ${d.law.id} — ${d.law.title}`,
    `  C = 6·N_active·D; over-training factor = (D/N)/(D*/N*) at that C (1 = compute-optimal); loss in nats in the law's setup`, ""];
  lines.push(table([["model", "N (active)", "D (tokens)", "D/N", "C = 6ND", "over-training", "N* at C", "D* at C", "loss", "loss at N*, D*"],
    ...d.models.map((m) => [m.id, formatCount(m.paramsForLaw), formatCount(m.tokens), m.tokensPerParam.toPrecision(3), m.flops6ND.toExponential(2),
      `${m.overTrainingFactor.toPrecision(3)}×`, formatCount(m.computeOptimal.params), formatCount(m.computeOptimal.tokens), loss(m.loss), loss(m.computeOptimal.loss)])]));
  lines.push("", table([["model", "reported compute", "inference FLOPs / 1M tokens", ...(d.inferencePrice ? ["GPU-seconds / 1M tokens"] : []), ...(d.inferencePrice?.pricePerGpuHour !== undefined ? ["$ / 1M tokens"] : [])],
    ...d.models.map((m) => [m.id, m.reportedCompute ? `${m.reportedCompute.flops.toExponential(2)} (${m.reportedCompute.basis})` : "—", m.inference.flopsPerMillionTokens.toExponential(2),
      ...(m.inference.gpuSecondsPerMillionTokens !== undefined ? [m.inference.gpuSecondsPerMillionTokens.toPrecision(3)] : []),
      ...(m.inference.costPerMillionTokens !== undefined ? [m.inference.costPerMillionTokens.toPrecision(3)] : [])])]));
  if (d.inferencePrice) lines.push(`  inference at ${d.inferencePrice.gpu ?? `${d.inferencePrice.peakFlops.toExponential(2)} FLOP/s`}, MFU ${d.inferencePrice.mfu}${d.inferencePrice.pricePerGpuHour !== undefined ? `, $${d.inferencePrice.pricePerGpuHour}/GPU-hour` : ""}`);
  lines.push("", ...renderDiagnostics(d.warnings).map((l) => l));
  return lines.join("\n");
}
