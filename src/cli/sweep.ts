/**
 * `scalecast sweep`: design the pilot runs of a scaling study (issue 13).
 * `sweep design` writes a spec (JSON, with its CSV view beside it): an IsoFLOP
 * grid or a ladder of buildable models, each with tokens, steps, batch,
 * learning rate, FLOPs, GPU-hours and cost, and the prior law it assumed.
 */
import { availableParallelism } from "node:os";
import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_PLAN_LAW, PUBLISHED_LAWS, publishedLaw } from "../core/catalog/publishedLaws.js";
import { documentHeader, type DocumentHeader } from "../core/documentHeader.js";
import { BadOptionError } from "../core/errors.js";
import { DEFAULT_MFU, GPU_PRESETS, gpuPreset } from "../core/plan/hardware.js";
import type { Layout } from "../core/plan/shapeSearch.js";
import type { DesignFamily, HyperRule, PriorLaw, SweepDesign, SweepRun } from "../core/sweep/design.js";
import type { DoneRun } from "../core/sweep/next.js";
import type { SimulationSpec, SimulationSummary } from "../core/sweep/simulate.js";
import { parseQuantity } from "../core/runs/quantity.js";
import { commandArgv, setExitCode } from "../node/io.js";
import { readText, writeText } from "../node/readText.js";
import { UserInputError, userInput } from "./errors.js";
import { formatCount } from "./format.js";
import { emit, withOut } from "./output.js";
import { positiveNumber, positiveReal, positiveWholeNumber, wholeNumber } from "./options.js";
import { checkTemplate, type ResultFormat } from "../core/sweep/template.js";
import { sweepStatus, type RunPhase, type RunState } from "../core/sweep/journal.js";
import { table } from "./format.js";
import { withRunOptions, type RunCliOptions } from "./runOptions.js";

/** The options every simulation takes (sweep design --simulate, sweep compare --simulate); `target` says what --target-flops is for. */
function withSimulationOptions(cmd: Command, target: string): Command {
  return cmd
    .option("--noise <sigma>", "with --simulate: log-normal scatter of each run's loss (σ of ln loss)", positiveReal, 0.01)
    .option("--target-flops <C>", target, positiveNumber)
    .option("--sim-seed <s>", "with --simulate: seed of the synthetic sweeps", wholeNumber, 42)
    .option("--sim-delta <d>", "with --simulate: Huber δ of the simulated fits, as fit --delta (default 1e-3, fit's default; 1 is least squares in ln loss)", positiveReal, 1e-3);
}

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
  lrRule?: string;
  simulate?: number;
  noise: number;
  targetFlops?: number;
  simSeed: number;
  simDelta: number;
  simBootstrap?: number;
  precision?: number;
  out?: string;
  json?: boolean;
}

export type SweepDesignDocument = DocumentHeader & { command: "sweep design" } & SweepDesign & { simulation?: SimulationSummary; search?: PrecisionSearch };

/** --precision: the designs tried, cheapest first, and the one chosen with its re-simulation. */
export interface PrecisionSearch {
  precision: number;
  targetFlops: number;
  tried: Array<{ budgets: number[]; pointsPerBudget: number; runs: number; flops: number; gpuHours: number; cost?: number; targetLossWidth95?: number; meets: boolean; error?: string }>;
  chosen: { budgets: number[]; pointsPerBudget: number; reSimulatedWidth95: number; reSimulationSeed: number };
}

/** A rule written by `sweep lr-rule -o FILE`; refused naming the field that is missing or not a number. */
function readHyperRule(file: string): HyperRule {
  let raw: { command?: unknown; source?: unknown; lr?: Record<string, unknown>; batch?: Record<string, unknown>; paramConvention?: unknown };
  try { raw = JSON.parse(readText(file)); } catch (e) { throw new UserInputError(`${file}: not a JSON rule (${(e as Error).message}); write one with sweep lr-rule -o FILE`); }
  if (raw?.command !== "sweep lr-rule") throw new UserInputError(`${file}: not a learning-rate rule (its command is ${JSON.stringify(raw?.command)}, not "sweep lr-rule")`);
  const fit = (what: string, o: Record<string, unknown> | undefined) => {
    for (const k of ["c", "a", "b", "r2"]) if (typeof o?.[k] !== "number" || !Number.isFinite(o[k] as number)) throw new UserInputError(`${file}: ${what}.${k} is not a finite number`);
    return { c: o!.c as number, a: o!.a as number, b: o!.b as number, r2: o!.r2 as number };
  };
  const range = (raw as { range?: { params?: unknown; tokens?: unknown } }).range;
  const pair = (v: unknown) => (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number" && x > 0) ? (v as [number, number]) : undefined);
  return {
    source: String(raw.source), lr: fit("lr", raw.lr), ...(raw.batch ? { batch: { ...fit("batch", raw.batch), unit: raw.batch.unit === "tokens" ? "tokens" : "sequences" } } : {}),
    paramConvention: raw.paramConvention === "nonEmbedding" || raw.paramConvention === "active" ? raw.paramConvention : "total",
    ...(pair(range?.params) && pair(range?.tokens) ? { range: { params: pair(range!.params)!, tokens: pair(range!.tokens)! } } : {}),
  };
}

/** K simulated sweeps of a design from its prior (worker threads, with a progress bar). */
async function simulateDesign(design: SweepDesign, prior: PriorLaw, opts: DesignOptions, targetFlops: number, seed: number): Promise<SimulationSummary> {
  const { simulateParallel } = await import("../node/parallel.js");
  const { summarizeSimulation } = await import("../core/sweep/simulate.js");
  const { withBarAsync } = await import("../node/progress.js");
  const spec: SimulationSpec = { law: prior.law, truth: prior.values, runs: design.runs, noise: opts.noise, seed, targetFlops, delta: opts.simDelta, ...(opts.simBootstrap ? { bootstrap: opts.simBootstrap } : {}) };
  const K = opts.simulate ?? 100;
  const sweeps = await withBarAsync("simulated sweeps", K, (onProgress) => simulateParallel(spec, prior.lawOptions ?? {}, K, { onProgress, ...(prior.lawOptions ? {} : { threads: 1 }) }));
  return summarizeSimulation(spec, sweeps);
}

/**
 * --precision P: IsoFLOP designs from the given budgets (the m smallest, m ≥ 2) × points per budget (3, 5, 7, 9), tried
 * cheapest first (total FLOPs), each simulated; the first whose 95% width of the target loss is below P is simulated
 * again with another seed, and chosen when that also meets P. Throws naming the best width reached when none does.
 */
async function searchPrecision(family: Extract<DesignFamily, { kind: "isoflop" }>, make: (f: DesignFamily) => SweepDesign, prior: PriorLaw, opts: DesignOptions, targetFlops: number): Promise<{ design: SweepDesign; simulation: SimulationSummary; search: PrecisionSearch }> {
  const budgets = [...family.budgets].sort((x, y) => x - y);
  const candidates: Array<{ family: DesignFamily; design?: SweepDesign; error?: string }> = [];
  for (let m = Math.min(2, budgets.length); m <= budgets.length; m++) {
    for (const k of [3, 5, 7, 9]) {
      const f: DesignFamily = { kind: "isoflop", budgets: budgets.slice(0, m), pointsPerBudget: k, spanDecades: family.spanDecades };
      try { candidates.push({ family: f, design: make(f) }); } catch (e) { candidates.push({ family: f, error: (e as Error).message }); }
    }
  }
  const buildable = candidates.filter((c) => c.design).sort((x, y) => x.design!.totals.flops - y.design!.totals.flops);
  const tried: PrecisionSearch["tried"] = [];
  let best = Infinity;
  for (const c of buildable) {
    const d = c.design!, f = c.family as Extract<DesignFamily, { kind: "isoflop" }>;
    const sim = await simulateDesign(d, prior, opts, targetFlops, opts.simSeed);
    const width = sim.targetLoss?.width95;
    const meets = width !== undefined && width < opts.precision!;
    tried.push({ budgets: f.budgets, pointsPerBudget: f.pointsPerBudget, runs: d.totals.runs, flops: d.totals.flops, gpuHours: d.totals.gpuHours, ...(d.totals.cost !== undefined ? { cost: d.totals.cost } : {}), ...(width !== undefined ? { targetLossWidth95: width } : {}), meets });
    if (width !== undefined) best = Math.min(best, width);
    if (!meets) continue;
    // the same design simulated with fresh noise must meet the target too: one lucky simulation does not choose a design
    const again = await simulateDesign(d, prior, opts, targetFlops, opts.simSeed + 1);
    if (again.targetLoss && again.targetLoss.width95 < opts.precision!) {
      return { design: d, simulation: again, search: { precision: opts.precision!, targetFlops, tried, chosen: { budgets: f.budgets, pointsPerBudget: f.pointsPerBudget, reSimulatedWidth95: again.targetLoss.width95, reSimulationSeed: opts.simSeed + 1 } } };
    }
    tried[tried.length - 1].meets = false;
  }
  throw new UserInputError(`no design from these budgets reaches a 95% width of ${opts.precision} nats on the loss at ${targetFlops.toExponential(2)} FLOPs: the best was ${Number.isFinite(best) ? best.toFixed(4) : "none"} (${tried.length} designs tried); add larger budgets, or accept a wider interval`);
}

/** The prior law: a catalog entry with a loss law of N and D, or a saved fit. */
async function priorOf(opts: DesignOptions): Promise<PriorLaw> {
  // the laws load only for a design: `sweep status` on a 10,000-run sweep must answer in well under 0.5 s
  const { getLaw } = await import("../core/laws/registry.js");
  const { splitsCompute } = await import("../core/viz/fitSupport.js");
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
  return { name: entry.id, law, values: { ...entry.law.values }, paramConvention: entry.paramConvention, lawOptions: entry.law.options ?? {} };
}

export function sweepCommand(): Command {
  const cmd = new Command("sweep").description("design pilot sweeps (IsoFLOP grids or ladders of buildable models, with their cost and simulated precision), compare them, run them locally or on Slurm without losing a run, and show their status");
  cmd.addCommand(withOut(withSimulationOptions(new Command("design")
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
    .option("--lr-rule <file>", "learning rate (and batch) from a rule fitted by sweep lr-rule -o FILE, instead of DeepSeek LLM's")
    .option("--simulate <K>", "draw K synthetic sweeps from the prior, fit each, and report the spread of the fitted exponent a and of the loss at --target-flops", positiveWholeNumber)
    .option("--sim-bootstrap <B>", "with --simulate: also bootstrap each synthetic sweep (B residual resamples) and report its interval of a and how often it covers the prior's", positiveWholeNumber)
    .option("--precision <P>", "search IsoFLOP designs from --budgets for the cheapest whose simulated 95% interval of the loss at --target-flops is narrower than P nats", positiveReal)
    .option("--json", "print one JSON document on stdout"), "the compute whose loss is forecast, with --simulate or --precision (default: 100× the largest run)"), "write the spec (JSON) to FILE, and its CSV view (one row per run) beside it as FILE.csv")
    .action(async (opts: DesignOptions, command: Command) => {
      if ((opts.budgets === undefined) === (opts.ladder !== true)) command.error("error: give --budgets C,… (an IsoFLOP grid) or --ladder --sizes N,… (a ladder), one of the two", { exitCode: 2 });
      if (opts.ladder && opts.sizes === undefined) command.error("error: --ladder needs --sizes N,…", { exitCode: 2 });
      if (opts.maxCost !== undefined && opts.pricePerGpuHour === undefined) command.error("error: --max-cost needs --price-per-gpu-hour", { exitCode: 2 });
      const prior = await priorOf(opts);
      const gpu = userInput(() => gpuPreset(opts.gpu));
      const family: DesignFamily = opts.ladder
        ? { kind: "ladder", sizes: opts.sizes!, tokenMultiples: opts.tokenMultiples }
        : { kind: "isoflop", budgets: opts.budgets!, pointsPerBudget: opts.pointsPerBudget, spanDecades: opts.spanDecades };
      const { designSweep, sweepCsv } = await import("../core/sweep/design.js");
      const hyper = opts.lrRule === undefined ? undefined : readHyperRule(opts.lrRule);
      const request = (f: DesignFamily) => ({
        family: f, prior, ...(hyper ? { hyper } : {}), vocab: opts.vocab, seqLen: opts.seqLen, layout: opts.layout,
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
      });
      let design = userInput(() => designSweep(request(family)));
      const largest = Math.max(...design.runs.map((r) => r.flops));
      const targetFlops = opts.targetFlops ?? 100 * largest;
      let simulation: SimulationSummary | undefined;
      let search: PrecisionSearch | undefined;
      if (opts.precision !== undefined) {
        if (family.kind !== "isoflop") command.error("error: --precision searches IsoFLOP designs: give --budgets", { exitCode: 2 });
        ({ design, simulation, search } = await searchPrecision(family, (f) => designSweep(request(f)), prior, opts, targetFlops));
      } else if (opts.simulate !== undefined) {
        simulation = await simulateDesign(design, prior, opts, targetFlops, opts.simSeed);
      }
      const doc: SweepDesignDocument = { ...documentHeader("sweep design", commandArgv()), ...design, ...(simulation ? { simulation } : {}), ...(search ? { search } : {}) };
      emit(opts, () => JSON.stringify(doc, null, 2), () => renderDesign(doc, opts.out));
      if (opts.out !== undefined && opts.out !== "-") writeText(`${opts.out.replace(/\.json$/i, "")}.csv`, sweepCsv(design));
    }));
  cmd.addCommand(withOut(withRunOptions(new Command("lr-rule")
    .description("fit a learning-rate rule η* = c·N^a·D^b (and B* for the batch) to a learning-rate grid: the best run of each (N, D) group, then least squares in logs; sweep design --lr-rule uses it")
    .argument("<file>", "the grid: one row per run with N, D, learning rate, loss (and batch)")
    .addOption(new Option("--batch-unit <u>", "what the grid's batch column counts").choices(["sequences", "tokens"]).default("sequences"))
    .option("--seq-len <T>", "the grid's sequence length in tokens, to turn a batch in sequences into tokens (StepLaw's grid: 2048)", positiveWholeNumber)
    .option("--json", "print one JSON document on stdout")), "write the rule (JSON) to FILE, for sweep design --lr-rule FILE")
    .action(async (file: string, opts: RunCliOptions & { batchUnit: "sequences" | "tokens"; seqLen?: number; json?: boolean; out?: string }, command: Command) => {
      const { readRuns } = await import("./runOptions.js");
      const { fitLrRule } = await import("../core/sweep/lrRule.js");
      const grid = await readRuns(file, opts, ["params", "tokens", "loss", "lr"]);
      if (grid.columns.batch !== undefined && opts.batchUnit === "sequences" && opts.seqLen === undefined) {
        command.error(`error: the grid's batch column ("${grid.columns.batch}") counts sequences: give --seq-len T (the grid's sequence length) so the batch rule is in tokens, or --batch-unit tokens`, { exitCode: 2 });
      }
      const rule = userInput(() => fitLrRule(grid.runs, grid.source, grid.columns.loss ?? "loss", opts.batchUnit === "tokens" ? 1 : opts.seqLen ?? 1));
      const doc = { ...documentHeader("sweep lr-rule", commandArgv()), ...rule, paramConvention: grid.paramConvention, data: { source: grid.source, rowsRead: grid.rowsRead, used: grid.runs.length, excluded: grid.excluded.length } };
      emit(opts, () => JSON.stringify(doc, null, 2), () => {
        const lines = [`scalecast sweep lr-rule: ${grid.source}: N counts ${grid.paramConvention} parameters; ${rule.groups.length} (N, D) groups from ${grid.runs.length} runs (${grid.excluded.length} rows left out: see --json); the best run of each by ${rule.lossColumn}`, ""];
        lines.push(table([["N", "D", "runs", "best lr", ...(rule.batch ? [`best batch (${rule.batch.unit})`] : []), rule.lossColumn, "line"], ...rule.groups.map((g) => [formatCount(g.params), formatCount(g.tokens), String(g.runs), String(g.lr), ...(rule.batch ? [String(g.batch)] : []), g.loss.toFixed(4), `${g.line}${g.ties > 1 ? ` (${g.ties} tied)` : ""}`])]));
        lines.push("", `η* = ${rule.lr.c.toPrecision(4)} · N^${rule.lr.a.toFixed(4)} · D^${rule.lr.b.toFixed(4)}   (ln c = ${Math.log(rule.lr.c).toFixed(4)}; R² ${rule.lr.r2.toFixed(3)} in ln η over ${rule.groups.length} groups; least squares)`);
        if (rule.batch) lines.push(`B* = ${rule.batch.c.toPrecision(4)} · N^${rule.batch.a.toFixed(4)} · D^${rule.batch.b.toFixed(4)} tokens   (R² ${rule.batch.r2.toFixed(3)}${opts.batchUnit === "sequences" ? `; the grid's batch in sequences × ${opts.seqLen} tokens` : ""})`);
        else if (grid.columns.batch === undefined) lines.push("no batch rule: the grid has no batch column");
        else lines.push(`no batch rule: the best run of some group has no batch size (see groups in --json)`);
        lines.push(`the grid spans N ${formatCount(rule.range.params[0])} – ${formatCount(rule.range.params[1])}, D ${formatCount(rule.range.tokens[0])} – ${formatCount(rule.range.tokens[1])}: sweep design says when a run lies beyond it`);
        return lines.join("\n");
      });
    }));
  cmd.addCommand(withSimulationOptions(new Command("compare")
    .description("designs side by side: runs, FLOPs, GPU-hours and cost, and (simulated on equal terms) the expected 95% widths of a and of the loss at the target")
    .argument("<specs...>", "specs written by sweep design --out")
    .option("--simulate <K>", "simulate every design afresh: K sweeps each, the same noise, seed, fit and target", positiveWholeNumber)
    .option("--json", "print one JSON document on stdout"), "the compute whose loss is compared (default: 100× the largest run of any design)")
    .action(async (files: string[], opts: CompareOptions) => {
      const specs = await Promise.all(files.map((f) => readSpec(f)));
      const targetFlops = opts.targetFlops ?? 100 * Math.max(...specs.flatMap((d) => d.runs.map((r) => r.flops)));
      const rows: CompareRow[] = [];
      for (const [i, d] of specs.entries()) {
        let sim = (d as SweepDesignDocument).simulation;
        if (opts.simulate !== undefined) {
          const { getLaw } = await import("../core/laws/registry.js");
          const law = userInput(() => getLaw(d.prior.lawId, d.prior.lawOptions ?? {}));
          sim = await simulateDesign(d, { name: d.prior.name, law, values: d.prior.values, paramConvention: d.prior.paramConvention as PriorLaw["paramConvention"], lawOptions: d.prior.lawOptions ?? {} },
            { ...opts, simulate: opts.simulate, simSeed: opts.simSeed } as unknown as DesignOptions, targetFlops, opts.simSeed);
        }
        rows.push({ spec: files[i], family: familyText(d.family), runs: d.totals.runs, flops: d.totals.flops, gpuHours: d.totals.gpuHours, ...(d.totals.cost !== undefined ? { cost: d.totals.cost } : {}), ...(sim ? { simulation: sim } : {}) });
      }
      // stored simulations compare only on equal terms
      const sims = rows.filter((r) => r.simulation).map((r) => r.simulation!);
      const terms = new Set(sims.map((x) => `${x.targetFlops}|${x.noise}|${x.delta}|${x.sweeps}`));
      if (terms.size > 1) throw new BadOptionError(`the specs' stored simulations differ in target compute, noise, δ or sweeps (${[...terms].join("; ")}): give --simulate K to simulate every design on equal terms`);
      const doc = { ...documentHeader("sweep compare", commandArgv()), designs: rows };
      emit(opts, () => JSON.stringify(doc, null, 2), () => {
        const anySim = rows.some((r) => r.simulation);
        const lines = [`scalecast sweep compare: ${rows.length} designs${anySim ? ` (simulated: ${sims[0].sweeps} sweeps each, ${sims[0].noise} noise, δ = ${sims[0].delta}, loss at ${sims[0].targetFlops.toExponential(2)} FLOPs)` : " (no simulation: give --simulate K for the expected widths)"}`, ""];
        lines.push(table([["spec", "design", "runs", "FLOPs", "GPU-h", ...(rows.some((r) => r.cost !== undefined) ? ["cost"] : []), ...(anySim ? ["95% width of a", "95% width of the loss"] : [])],
          ...rows.map((r) => [r.spec, r.family, String(r.runs), r.flops.toExponential(2), r.gpuHours.toPrecision(3), ...(rows.some((x) => x.cost !== undefined) ? [r.cost === undefined ? "—" : r.cost.toPrecision(3)] : []),
            ...(anySim ? [r.simulation?.a ? r.simulation.a.width95.toFixed(4) : "—", r.simulation?.targetLoss ? r.simulation.targetLoss.width95.toFixed(4) : "—"] : [])])]));
        return lines.join("\n");
      });
    }));
  cmd.addCommand(new Command("run")
    .description("run every run of a spec once (resuming from its journal): locally or as Slurm job arrays; results collected into a run table")
    .argument("<spec>", "a spec written by sweep design --out")
    .requiredOption("--command <template>", "the command of one run, with placeholders {id} {params} {tokens} {layers} {d_model} {heads} {lr} {batch} {steps} {flops} {budget} {out}; it must write its result to {out}")
    .addOption(new Option("--executor <e>", "where runs execute").choices(["local", "slurm"]).default("local"))
    .option("--max-parallel <k>", "local: runs at once", positiveWholeNumber, Math.max(1, availableParallelism()))
    .option("--retries <n>", "failed attempts retried per run", wholeNumber, 0)
    .addOption(new Option("--result-format <f>", "what each run writes to {out}: a JSON object or a CSV header and row").choices(["json", "csv"]).default("json"))
    .option("--target <name>", "the field of the result that is the run's target (its loss, in nats)", "loss")
    .option("--partition <p>", "slurm: sbatch --partition")
    .option("--time <t>", "slurm: sbatch --time (e.g. 00:10:00)")
    .option("--gres <g>", "slurm: sbatch --gres (e.g. gpu:1)")
    .option("--sbatch-arg <arg>", "slurm: a further sbatch argument, passed through (repeat)", (v: string, prev: string[] = []) => [...prev, v])
    .option("--json", "print one JSON document on stdout")
    .action(async (specFile: string, opts: RunOptions) => {
      try { checkTemplate(opts.command); } catch (e) { throw new BadOptionError(`--command: ${(e as Error).message}`); }
      const spec = await readSpec(specFile);
      const { runSweep, sweepPaths } = await import("../node/sweepRunner.js");
      const { withBarAsync } = await import("../node/progress.js");
      let states;
      try {
        states = await withBarAsync(`sweep ${opts.executor}`, spec.runs.length, (onProgress) => runSweep({
          specFile, spec, template: opts.command, executor: opts.executor, maxParallel: opts.maxParallel, retries: opts.retries,
          resultFormat: opts.resultFormat, target: opts.target, onProgress,
          slurm: { ...(opts.partition ? { partition: opts.partition } : {}), ...(opts.time ? { time: opts.time } : {}), ...(opts.gres ? { gres: opts.gres } : {}), extra: opts.sbatchArg ?? [] },
        }));
      } catch (e) {
        if (e instanceof RangeError || /not reachable|sbatch failed|squeue failed/.test((e as Error).message)) throw new UserInputError((e as Error).message);
        throw e;
      }
      const paths = sweepPaths(specFile);
      const doc = statusDocument("sweep run", specFile, paths, states);
      emit(opts, () => JSON.stringify(doc, null, 2), () => renderStatus(doc));
      if (doc.counts.failed > 0) setExitCode(3); // the results are written; some runs are missing from them
    }));
  cmd.addCommand(withOut(new Command("next")
    .description("from the runs done so far, propose the next runs, each with its reason (repeat outliers, widen a budget whose optimum is at its edge, the next budget or rung up, or stop at --precision); the proposal is a spec sweep run takes")
    .argument("<spec>", "the sweep's spec (sweep design --out), run at least in part")
    .option("--with <spec>", "a spec already proposed and run (sweep next --out): its done runs count too (repeat)", (v: string, prev: string[] = []) => [...prev, v])
    .option("--target <name>", "the result field that is the loss (nats)", "loss")
    .option("--delta <d>", "Huber δ of the fit of the done runs (fit --delta)", positiveReal, 1e-3)
    .option("--precision <P>", "stop going up once the simulated 95% width of the loss at --target-flops is below P nats (simulated from the fit of the done runs)", positiveReal)
    .option("--target-flops <C>", "with --precision: the compute whose loss is forecast (default: 100× the largest done run)", positiveNumber)
    .option("--simulate <K>", "with --precision: synthetic sweeps", positiveWholeNumber, 100)
    .option("--noise <sigma>", "with --precision: log-normal scatter of each run's loss (default: the fit's robust residual scatter)", positiveReal)
    .option("--sim-seed <s>", "with --precision: seed", wholeNumber, 42)
    .option("--json", "print one JSON document on stdout"), "write the proposal (a spec sweep run takes) to FILE, and its CSV view beside it")
    .action(async (specFile: string, opts: NextOptions) => {
      const { loadJournal, sweepPaths } = await import("../node/sweepRunner.js");
      const { foldJournal } = await import("../core/sweep/journal.js");
      const { getLaw } = await import("../core/laws/registry.js");
      const { proposeNext } = await import("../core/sweep/next.js");
      const { designSweep, sweepCsv } = await import("../core/sweep/design.js");
      const spec = await readSpec(specFile);
      if (spec.family.kind === "points") throw new BadOptionError(`${specFile} is itself a proposal (sweep next): ask for the next runs of the original spec, with this one as --with ${specFile}`);
      const family = spec.family;
      const others = await Promise.all((opts.with ?? []).map((f) => readSpec(f)));
      const done: DoneRun[] = [];
      const runs: SweepRun[] = [];
      for (const [file, d] of [[specFile, spec], ...(opts.with ?? []).map((f, i) => [f, others[i]] as const)] as Array<readonly [string, SweepDesign]>) {
        const { events } = userInput(() => loadJournal(sweepPaths(file).journal));
        const states = foldJournal(d.runs.map((r) => r.id), events);
        for (const r of d.runs) {
          runs.push(r);
          const v = states.get(r.id)?.result?.[opts.target];
          if (states.get(r.id)?.phase === "done" && typeof v === "number" && Number.isFinite(v) && v > 0) done.push({ run: r, loss: v });
        }
      }
      if (done.length === 0) throw new UserInputError(`${specFile}: no run is done yet (sweep status ${specFile}): run some first`);
      // the grid as it stands: the original's budgets (or sizes) and those the proposals added
      const grid: SweepDesign = { ...spec, runs, family: family.kind === "isoflop"
        ? { ...family, budgets: [...new Set([...family.budgets, ...runs.flatMap((r) => (r.budgetFlops === undefined ? [] : [r.budgetFlops]))])].sort((x, y) => x - y) }
        // a ladder's rungs are its target sizes (a run's N is its shape's exact count): the original's, and those proposals added
        : family.kind === "ladder" ? { ...family, sizes: [...new Set([...family.sizes, ...others.flatMap((d) => (d.family.kind === "points" ? d.family.points.filter((p) => p.multiple !== undefined && !p.id.endsWith("-repeat")).map((p) => p.params) : []))])].sort((x, y) => x - y) } : family };
      const law = userInput(() => getLaw(spec.prior.lawId, spec.prior.lawOptions ?? {}));
      let proposal = proposeNext({ spec: grid, done, law, delta: opts.delta });
      let precision: NextDocument["precision"];
      if (opts.precision !== undefined && proposal.fitted) {
        const largest = Math.max(...done.map((d) => d.run.flops));
        const targetFlops = opts.targetFlops ?? 100 * largest;
        const { residualScale } = await import("../core/sweep/next.js");
        const noise = opts.noise ?? Math.max(1e-6, residualScale(law, proposal.fitted.values, done));
        const sim = await simulateDesign({ ...grid, runs: done.map((d) => d.run) }, { name: "fit", law, values: proposal.fitted.values, paramConvention: spec.prior.paramConvention as PriorLaw["paramConvention"], lawOptions: spec.prior.lawOptions ?? {} },
          { simulate: opts.simulate, noise, simDelta: opts.delta } as unknown as DesignOptions, targetFlops, opts.simSeed);
        const width = sim.targetLoss?.width95;
        const met = width !== undefined && width < opts.precision;
        precision = { target: opts.precision, targetFlops, noise, width95: width ?? null, met, simulation: sim };
        if (met) proposal = proposeNext({ spec: grid, done, law, delta: opts.delta, stop: `the simulated 95% width of the loss at ${targetFlops.toExponential(2)} FLOPs is ${width!.toFixed(4)} nats, below --precision ${opts.precision}` });
      }
      const doc: NextDocument = { ...documentHeader("sweep next", commandArgv()), parent: specFile, done: done.length, ...(proposal.fitted ? { fitted: proposal.fitted } : {}), ...(precision ? { precision } : {}), notes: proposal.notes, proposal: null };
      if (proposal.points.length > 0) {
        const design = userInput(() => designSweep({
          family: { kind: "points", parent: specFile, points: proposal.points },
          prior: { name: proposal.fitted ? `fit of ${done.length} done runs of ${specFile}` : spec.prior.name, law, values: proposal.fitted?.values ?? spec.prior.values, paramConvention: spec.prior.paramConvention as PriorLaw["paramConvention"], lawOptions: spec.prior.lawOptions ?? {} },
          hardware: spec.hardware, constraints: spec.constraints, vocab: spec.model.vocab, seqLen: spec.model.seqLen, layout: spec.model.layout,
        }));
        doc.proposal = design;
      }
      // the proposal is the spec: its fields at the top level, so sweep run reads the file as it reads a design
      const out = doc.proposal ? { ...doc, ...doc.proposal, proposal: undefined } : doc;
      // with nothing to propose there is no spec to write: -o FILE is left alone (and the text says so)
      const target = doc.proposal || opts.out === "-" ? opts : { ...opts, out: undefined };
      emit(target, () => JSON.stringify(out, null, 2), () => renderNext(doc, opts.out));
      if (doc.proposal && opts.out !== undefined && opts.out !== "-") writeText(`${opts.out.replace(/\.json$/i, "")}.csv`, sweepCsv(doc.proposal));
    }));
  cmd.addCommand(new Command("status")
    .description("pending, submitted, done and failed runs of a spec, from its journal, with each failure's reason and log")
    .argument("<spec>", "a spec written by sweep design --out")
    .option("--json", "print one JSON document on stdout")
    .action(async (specFile: string, opts: { json?: boolean }) => {
      const spec = await readSpec(specFile, false);
      const { loadJournal, sweepPaths } = await import("../node/sweepRunner.js");
      const paths = sweepPaths(specFile);
      const { events } = userInput(() => loadJournal(paths.journal));
      const status = sweepStatus(spec.runs.map((r) => r.id), events);
      const doc = statusDocument("sweep status", specFile, paths, status.runs);
      emit(opts, () => JSON.stringify(doc, null, 2), () => renderStatus(doc));
    }));
  return cmd;
}

interface NextOptions { with?: string[]; target: string; delta: number; precision?: number; targetFlops?: number; simulate: number; noise?: number; simSeed: number; out?: string; json?: boolean }

interface NextDocument extends DocumentHeader {
  parent: string;
  done: number;
  fitted?: { values: Record<string, number>; n: number; converged: boolean };
  precision?: { target: number; targetFlops: number; noise: number; width95: number | null; met: boolean; simulation: SimulationSummary };
  notes: string[];
  proposal: SweepDesign | null;
}

function renderNext(d: NextDocument, out?: string): string {
  const lines = [`scalecast sweep next: ${d.parent}: ${d.done} runs done${d.fitted ? `; fitted (${d.fitted.converged ? "converged" : "NOT converged"}): ${Object.entries(d.fitted.values).map(([k, v]) => `${k}=${Number(v.toPrecision(5))}`).join(", ")}` : ""}`];
  if (d.precision) lines.push(`precision: simulated 95% width of the loss at ${d.precision.targetFlops.toExponential(2)} FLOPs ${d.precision.width95 === null ? "not available" : `${d.precision.width95.toFixed(4)} nats`} (noise ${d.precision.noise.toPrecision(3)}) against --precision ${d.precision.target}: ${d.precision.met ? "met" : "not met"}`);
  for (const n of d.notes) lines.push(`  note: ${n}`);
  if (!d.proposal) { lines.push("", `nothing to propose${out !== undefined && out !== "-" ? `; ${out} was not written` : ""}`); return lines.join("\n"); }
  lines.push("", `${d.proposal.runs.length} run${d.proposal.runs.length === 1 ? "" : "s"} proposed (${d.proposal.totals.flops.toExponential(3)} FLOPs, ${d.proposal.totals.gpuHours.toPrecision(4)} GPU-hours${d.proposal.totals.cost !== undefined ? `, cost ${d.proposal.totals.cost.toPrecision(4)}` : ""}):`);
  for (const r of d.proposal.runs) lines.push(`  ${r.id}: N ${formatCount(r.params)}, D ${formatCount(r.tokens)}, C ${r.flops.toExponential(2)} — ${r.reason}`);
  for (const e of d.proposal.excluded) lines.push(`  ! excluded ${e.id}: ${e.reason}`);
  if (out !== undefined && out !== "-") lines.push(`wrote ${out} (run it: scalecast sweep run ${out} --command …)`);
  return lines.join("\n");
}

interface CompareOptions { simulate?: number; noise: number; targetFlops?: number; simSeed: number; simDelta: number; json?: boolean; out?: string }

interface CompareRow { spec: string; family: string; runs: number; flops: number; gpuHours: number; cost?: number; simulation?: SimulationSummary }

function familyText(f: DesignFamily): string {
  return f.kind === "isoflop" ? `IsoFLOP ${f.budgets.length} budgets (${f.budgets.map((b) => b.toExponential(0)).join(",")}) × ${f.pointsPerBudget}`
    : f.kind === "ladder" ? `ladder ${f.sizes.length} sizes × ${f.tokenMultiples.length} multiples` : `${f.points.length} runs proposed after ${f.parent}`;
}

interface RunOptions {
  command: string;
  executor: "local" | "slurm";
  maxParallel: number;
  retries: number;
  resultFormat: ResultFormat;
  target: string;
  partition?: string;
  time?: string;
  gres?: string;
  sbatchArg?: string[];
  json?: boolean;
}

/**
 * A spec file read and checked, and its ids unique (a hand edit can make them
 * collide). `full`: against the whole sweep-design schema (sweep run); else the
 * runs' ids alone (sweep status reads nothing else).
 */
async function readSpec(file: string, full = true): Promise<SweepDesign> {
  const text = readText(file);
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (e) { throw new UserInputError(`${file}: not a JSON spec (${(e as Error).message}); write one with sweep design --out`); }
  if (full) {
    const { sweepDesignDocumentSchema, sweepNextDocumentSchema } = await import("../core/schemas.js");
    const command = (raw as { command?: unknown } | null)?.command;
    if (command !== "sweep design" && command !== "sweep next") throw new UserInputError(`${file}: not a sweep spec: command is ${JSON.stringify(command)}, not "sweep design" or "sweep next"; write one with sweep design --out`);
    const parsed = (command === "sweep design" ? sweepDesignDocumentSchema : sweepNextDocumentSchema).safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserInputError(`${file}: not a sweep spec: ${issue.path.join(".") || "(top)"}: ${issue.message}`);
    }
  } else {
    const runs = (raw as { runs?: unknown } | null)?.runs;
    if (!Array.isArray(runs) || runs.length === 0) throw new UserInputError(`${file}: not a sweep spec: runs: expected a list of runs`);
    const bad = runs.findIndex((r) => typeof (r as { id?: unknown } | null)?.id !== "string");
    if (bad >= 0) throw new UserInputError(`${file}: not a sweep spec: runs.${bad}.id: expected a string`);
  }
  const spec = raw as SweepDesign;
  const seen = new Map<string, number>();
  spec.runs.forEach((r, i) => {
    if (seen.has(r.id)) throw new UserInputError(`${file}: runs ${seen.get(r.id)! + 1} and ${i + 1} share the id "${r.id}": ids name results and journal lines, so each must be unique; nothing was run`);
    seen.set(r.id, i);
  });
  return spec;
}

export interface SweepStatusDocument extends DocumentHeader {
  spec: string;
  journal: string;
  results: string;
  counts: Record<RunPhase, number>;
  runs: Array<{ id: string; phase: RunPhase; attempts: number; log?: string; job?: string; result?: Record<string, number | string>; failures: RunState["failures"] }>;
}

function statusDocument(command: string, spec: string, paths: { journal: string; results: string }, states: RunState[]): SweepStatusDocument {
  const counts: Record<RunPhase, number> = { pending: 0, submitted: 0, done: 0, failed: 0 };
  for (const s of states) counts[s.phase]++;
  return {
    ...documentHeader(command, commandArgv()), spec, journal: paths.journal, results: paths.results, counts,
    runs: states.map((s) => ({ id: s.id, phase: s.phase, attempts: s.attempts, ...(s.last ? { log: s.last.log } : {}), ...(s.last?.job ? { job: s.last.job } : {}), ...(s.result ? { result: s.result } : {}), failures: s.failures })),
  };
}

function renderStatus(d: SweepStatusDocument): string {
  const c = d.counts;
  const lines = [`scalecast ${d.command}: ${d.spec}: ${d.runs.length} runs — ${c.done} done, ${c.failed} failed, ${c.submitted} submitted, ${c.pending} pending`, `journal: ${d.journal}`];
  if (c.done > 0) lines.push(`results: ${d.results} (a run table: scalecast fit ${d.results})`);
  for (const r of d.runs.filter((x) => x.phase === "failed")) {
    const f = r.failures[r.failures.length - 1];
    lines.push(`  ! ${r.id} failed after ${r.failures.length} attempt${r.failures.length === 1 ? "" : "s"}: ${f.reason}${f.log ? ` (log: ${f.log})` : ""}`);
  }
  return lines.join("\n");
}

export function renderDesign(d: SweepDesignDocument, out?: string): string {
  const f = d.family;
  const lines = [
    `scalecast ${d.command}: ${f.kind === "isoflop" ? `IsoFLOP grid, ${f.budgets.length} budget${f.budgets.length === 1 ? "" : "s"} × ${f.pointsPerBudget} sizes over ${f.spanDecades} decades of N` : f.kind === "ladder" ? `ladder, ${f.sizes.length} sizes × ${f.tokenMultiples.length} token multiples` : `${f.points.length} run${f.points.length === 1 ? "" : "s"} proposed after ${f.parent}`}`,
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
  if (d.search) {
    lines.push("", `precision search: the cheapest of ${d.search.tried.length} IsoFLOP design${d.search.tried.length === 1 ? "" : "s"} tried whose simulated 95% interval of the loss at ${d.search.targetFlops.toExponential(2)} FLOPs is narrower than ${d.search.precision} nats:`);
    lines.push(table([["budgets", "points/budget", "runs", "FLOPs", "GPU-h", "95% width of the loss", ""], ...d.search.tried.map((t) => [t.budgets.map((b) => b.toExponential(0)).join(","), String(t.pointsPerBudget), String(t.runs), t.flops.toExponential(2), t.gpuHours.toPrecision(3), t.targetLossWidth95 === undefined ? "—" : t.targetLossWidth95.toFixed(4), t.meets ? "chosen" : ""])]));
    lines.push(`re-simulated with seed ${d.search.chosen.reSimulationSeed}: 95% width ${d.search.chosen.reSimulatedWidth95.toFixed(4)} nats; cost: ${d.totals.flops.toExponential(3)} FLOPs, ${d.totals.gpuHours.toPrecision(4)} GPU-hours${d.totals.cost !== undefined ? `, ${d.totals.cost.toPrecision(4)}` : ""}`);
  }
  const sim = d.simulation;
  if (sim) {
    lines.push("", `simulated: ${sim.sweeps} sweeps from the prior with ${sim.noise} log-normal noise (seed ${sim.seed}), each fitted as scalecast fit --delta ${sim.delta} fits (summed Huber in ln loss)${sim.failed + sim.notConverged ? `; ${sim.failed} failed and ${sim.notConverged} did not converge (left out)` : ""}`);
    if (sim.a) lines.push(`  exponent a (N* ∝ C^a): prior ${sim.a.truth.toFixed(4)}, median fit ${sim.a.median.toFixed(4)}, 95% of fits in [${sim.a.low.toFixed(4)}, ${sim.a.high.toFixed(4)}] (width ${sim.a.width95.toFixed(4)})`);
    if (sim.targetLoss) lines.push(`  loss at ${sim.targetFlops.toExponential(2)} FLOPs (${(sim.targetFlops / Math.max(...d.runs.map((r) => r.flops))).toPrecision(3)}× the largest run): prior ${sim.targetLoss.truth.toFixed(4)}, median ${sim.targetLoss.median.toFixed(4)}, 95% in [${sim.targetLoss.low.toFixed(4)}, ${sim.targetLoss.high.toFixed(4)}] (width ${sim.targetLoss.width95.toFixed(4)} nats)`);
    if (sim.bootstrap) lines.push(`  one sweep's bootstrap (${sim.bootstrap.resamples} residual resamples): median 95% width of a ${sim.bootstrap.medianWidthA.toFixed(4)}; it covered the prior's a in ${(100 * sim.bootstrap.coverageA).toFixed(1)}% of ${sim.bootstrap.n} sweeps`);
  }
  if (out !== undefined && out !== "-") lines.push(`wrote ${out} and ${out.replace(/\.json$/i, "")}.csv`);
  return lines.join("\n");
}
