/**
 * `scalecast sweep`: design the pilot runs of a scaling study (issue 13).
 * `sweep design` writes a spec (JSON, with its CSV view beside it): an IsoFLOP
 * grid or a ladder of buildable models, each with tokens, steps, batch,
 * learning rate, FLOPs, GPU-hours and cost, and the prior law it assumed.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_PLAN_LAW, PUBLISHED_LAWS, publishedLaw } from "../core/catalog/publishedLaws.js";
import { documentHeader, type DocumentHeader } from "../core/documentHeader.js";
import { BadOptionError } from "../core/errors.js";
import { getLaw } from "../core/laws/registry.js";
import { DEFAULT_MFU, GPU_PRESETS, gpuPreset } from "../core/plan/hardware.js";
import type { Layout } from "../core/plan/shapeSearch.js";
import { designSweep, sweepCsv, type DesignFamily, type PriorLaw, type SweepDesign } from "../core/sweep/design.js";
import { splitsCompute } from "../core/viz/fitSupport.js";
import { parseQuantity } from "../core/runs/quantity.js";
import { commandArgv } from "../node/io.js";
import { readText, writeText } from "../node/readText.js";
import { userInput } from "./errors.js";
import { formatCount } from "./format.js";
import { emit, withOut } from "./output.js";
import { positiveNumber, positiveReal, positiveWholeNumber } from "./options.js";
import { table } from "./format.js";

/** "1e17,3e17,1e18" or "70M,160M" → numbers > 0, in the order given. */
function numberList(value: string): number[] {
  const items = value.split(",").map((s) => s.trim());
  const out = items.map((s) => parseQuantity(s));
  const bad = out.findIndex((v) => v === null || !(v > 0) || !Number.isFinite(v));
  if (bad >= 0) throw new InvalidArgumentError(`expected numbers > 0 separated by commas (e.g. 1e17,3e17,1e18), got "${items[bad]}"`);
  return out as number[];
}

interface DesignOptions {
  budgets?: number[];
  pointsPerBudget: number;
  spanDecades: number;
  ladder?: boolean;
  sizes?: number[];
  tokenMultiples: number[];
  prior: string;
  priorFit?: string;
  gpu: string;
  peakFlops?: number;
  mfu: number;
  gpusPerRun: number;
  gpuMemory?: number;
  pricePerGpuHour?: number;
  minParams?: number;
  maxParams?: number;
  minTokens?: number;
  maxTokens?: number;
  maxRuns?: number;
  maxPilotFlops?: number;
  maxCost?: number;
  vocab: number;
  seqLen: number;
  layout: Layout;
  out?: string;
  json?: boolean;
}

export type SweepDesignDocument = DocumentHeader & { command: "sweep design" } & SweepDesign;

/** The prior law: a catalog entry with a loss law of N and D, or a saved fit. */
async function priorOf(opts: DesignOptions): Promise<PriorLaw> {
  if (opts.priorFit !== undefined) {
    const { readSavedFit } = await import("../core/plan/savedFit.js");
    const saved = userInput(() => readSavedFit(readText(opts.priorFit!), opts.priorFit!));
    if (!splitsCompute(saved.law)) throw new BadOptionError(`--prior-fit ${opts.priorFit}: law ${saved.law.id} (${saved.law.inputs.join(", ")}) does not split compute into N and D, so it cannot place a sweep`);
    return { name: `fit:${opts.priorFit}`, law: saved.law, values: { ...saved.values }, paramConvention: saved.paramConvention };
  }
  const entry = userInput(() => publishedLaw(opts.prior));
  if (!entry.law) throw new BadOptionError(`--prior ${opts.prior} publishes an allocation rule, not a loss law: a sweep needs a loss law of N and D (e.g. ${DEFAULT_PLAN_LAW} or hoffmann-2022)`);
  const law = getLaw(entry.law.lawId, entry.law.options);
  if (!splitsCompute(law)) throw new BadOptionError(`--prior ${opts.prior}: law ${law.id} does not split compute into N and D`);
  return { name: entry.id, law, values: { ...entry.law.values }, paramConvention: entry.paramConvention };
}

export function sweepCommand(): Command {
  const cmd = new Command("sweep").description("design pilot sweeps (IsoFLOP grids or ladders of buildable models, with their cost)");
  cmd.addCommand(withOut(new Command("design")
    .description("design the pilot runs: an IsoFLOP grid (--budgets) or a ladder (--ladder --sizes), each run a buildable model with tokens, steps, batch, learning rate, FLOPs, GPU-hours and cost")
    .option("--budgets <C,…>", "IsoFLOP grid: the budgets in FLOPs, e.g. 1e17,3e17,1e18", numberList)
    .option("--points-per-budget <k>", "IsoFLOP grid: sizes per budget, spread evenly in log N around the prior's optimum", positiveWholeNumber, 5)
    .option("--span-decades <s>", "IsoFLOP grid: decades of N each budget spans (centred on the prior's N*)", positiveReal, 1.2)
    .option("--ladder", "a ladder: every size in --sizes × every multiple in --token-multiples")
    .option("--sizes <N,…>", "ladder: model sizes in parameters, e.g. 70M,160M,410M,1B", numberList)
    .option("--token-multiples <m,…>", "ladder: tokens per parameter, e.g. 5,10,20,40", numberList, [5, 10, 20, 40])
    .addOption(new Option("--prior <id>", "the law the design assumes (where the optimum is, what loss to expect): a catalog entry with a loss law").choices(PUBLISHED_LAWS.filter((l) => l.law).map((l) => l.id)).default(DEFAULT_PLAN_LAW))
    .option("--prior-fit <file>", "the prior from a saved fit (fit --out FILE) instead of the catalog")
    .addOption(new Option("--gpu <name>", `accelerator for GPU-hours and cost: ${GPU_PRESETS.map((g) => g.id).join(", ")}`).default("h100"))
    .option("--peak-flops <F>", "peak FLOP/s per accelerator (overrides the preset)", positiveNumber)
    .option("--mfu <m>", "model FLOPs utilisation in (0, 1]", positiveReal, DEFAULT_MFU)
    .option("--gpus-per-run <k>", "GPUs each run trains on (its training state is sharded over them)", positiveWholeNumber, 1)
    .option("--gpu-memory <GB>", "memory per GPU in GB: a run whose training state (16 B/parameter) does not fit is excluded, with its reason", positiveReal)
    .option("--price-per-gpu-hour <p>", "price of one GPU-hour, for the cost of each run", positiveReal)
    .option("--min-params <N>", "exclude runs below this many parameters", positiveNumber)
    .option("--max-params <N>", "exclude runs above this many parameters", positiveNumber)
    .option("--min-tokens <D>", "exclude runs below this many tokens", positiveNumber)
    .option("--max-tokens <D>", "exclude runs above this many tokens", positiveNumber)
    .option("--max-runs <n>", "refuse a design of more runs", positiveWholeNumber)
    .option("--max-pilot-flops <C>", "refuse a design whose runs need more FLOPs in all", positiveNumber)
    .option("--max-cost <c>", "refuse a design that costs more in all (needs --price-per-gpu-hour)", positiveReal)
    .option("--vocab <V>", "vocabulary of the models", positiveWholeNumber, 32000)
    .option("--seq-len <T>", "sequence length (the batch is whole sequences)", positiveWholeNumber, 2048)
    .addOption(new Option("--layout <l>", "transformer layout of the shapes").choices(["llama", "gpt"]).default("llama"))
    .option("--json", "print one JSON document on stdout"), "write the spec (JSON) to FILE, and its CSV view (one row per run) beside it as FILE.csv")
    .action(async (opts: DesignOptions, command: Command) => {
      if ((opts.budgets === undefined) === (opts.ladder !== true)) command.error("error: give --budgets C,… (an IsoFLOP grid) or --ladder --sizes N,… (a ladder), one of the two", { exitCode: 2 });
      if (opts.ladder && opts.sizes === undefined) command.error("error: --ladder needs --sizes N,…", { exitCode: 2 });
      if (opts.maxCost !== undefined && opts.pricePerGpuHour === undefined) command.error("error: --max-cost needs --price-per-gpu-hour", { exitCode: 2 });
      const prior = await priorOf(opts);
      const gpu = userInput(() => gpuPreset(opts.gpu));
      const family: DesignFamily = opts.ladder
        ? { kind: "ladder", sizes: opts.sizes!, tokenMultiples: opts.tokenMultiples }
        : { kind: "isoflop", budgets: opts.budgets!, pointsPerBudget: opts.pointsPerBudget, spanDecades: opts.spanDecades };
      const design = userInput(() => designSweep({
        family, prior, vocab: opts.vocab, seqLen: opts.seqLen, layout: opts.layout,
        hardware: {
          gpu: gpu.id, peakFlops: opts.peakFlops ?? gpu.peakFlops, mfu: opts.mfu, gpusPerRun: opts.gpusPerRun,
          ...(opts.pricePerGpuHour !== undefined ? { pricePerGpuHour: opts.pricePerGpuHour } : {}),
          ...(opts.gpuMemory !== undefined ? { memoryBytes: opts.gpuMemory * 1e9 } : {}),
        },
        constraints: {
          ...(opts.minParams !== undefined ? { minParams: opts.minParams } : {}), ...(opts.maxParams !== undefined ? { maxParams: opts.maxParams } : {}),
          ...(opts.minTokens !== undefined ? { minTokens: opts.minTokens } : {}), ...(opts.maxTokens !== undefined ? { maxTokens: opts.maxTokens } : {}),
          ...(opts.maxRuns !== undefined ? { maxRuns: opts.maxRuns } : {}), ...(opts.maxPilotFlops !== undefined ? { maxFlops: opts.maxPilotFlops } : {}),
          ...(opts.maxCost !== undefined ? { maxCost: opts.maxCost } : {}),
        },
      }));
      const doc: SweepDesignDocument = { ...documentHeader("sweep design", commandArgv()), ...design };
      emit(opts, () => JSON.stringify(doc, null, 2), () => renderDesign(doc, opts.out));
      if (opts.out !== undefined && opts.out !== "-") writeText(`${opts.out.replace(/\.json$/i, "")}.csv`, sweepCsv(design));
    }));
  return cmd;
}

export function renderDesign(d: SweepDesignDocument, out?: string): string {
  const f = d.family;
  const lines = [
    `scalecast sweep design: ${f.kind === "isoflop" ? `IsoFLOP grid, ${f.budgets.length} budget${f.budgets.length === 1 ? "" : "s"} × ${f.pointsPerBudget} sizes over ${f.spanDecades} decades of N` : `ladder, ${f.sizes.length} sizes × ${f.tokenMultiples.length} token multiples`}`,
    `prior: ${d.prior.name} (${d.prior.lawId}: ${Object.entries(d.prior.values).map(([k, v]) => `${k}=${v}`).join(", ")}); N counts ${d.prior.paramConvention} parameters; C = 6ND; loss in nats`,
    `hardware: ${d.hardware.gpu} (${d.hardware.peakFlops.toExponential(3)} FLOP/s dense BF16) at MFU ${d.hardware.mfu}, ${d.hardware.gpusPerRun} GPU${d.hardware.gpusPerRun === 1 ? "" : "s"} per run`,
    "",
    table([["id", "N", "layers×d_model", "D", "C (FLOPs)", "steps × batch", "lr", "GPU-h", ...(d.totals.cost !== undefined ? ["cost"] : []), "prior loss"],
      ...d.runs.map((r) => [r.id, formatCount(r.params), `${r.layers}×${r.dModel}`, formatCount(r.tokens), r.flops.toExponential(2), `${r.steps} × ${formatCount(r.batchTokens)}`, r.learningRate.toPrecision(3),
        r.gpuHours.toPrecision(3), ...(d.totals.cost !== undefined ? [r.cost!.toPrecision(3)] : []), r.priorLoss.toFixed(4)])]),
    "",
    `${d.totals.runs} runs, ${d.totals.flops.toExponential(3)} FLOPs, ${d.totals.gpuHours.toPrecision(4)} GPU-hours${d.totals.cost !== undefined ? `, cost ${d.totals.cost.toPrecision(4)}` : ""}`,
    `learning rate: ${d.rules.learningRate}`,
    `batch: ${d.rules.batch}`,
  ];
  for (const e of d.excluded) lines.push(`  ! excluded ${e.id}: ${e.reason}`);
  if (out !== undefined && out !== "-") lines.push(`wrote ${out} and ${out.replace(/\.json$/i, "")}.csv`);
  return lines.join("\n");
}
