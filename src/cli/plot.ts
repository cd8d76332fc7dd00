/** `scalecast plot`: fit a run table and draw one figure as SVG or PNG. */
import { extname } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { PUBLISHED_LAWS, publishedLaw } from "../core/catalog/publishedLaws.js";
import { backtest, type BacktestResult } from "../core/fit/backtest.js";
import { fitDataFor } from "../core/fit/data.js";
import { exampleSweepCsv, HOFFMANN_ROUNDED } from "../core/fit/exampleSweep.js";
import { objectives, type ObjectiveId } from "../core/fit/objectives.js";
import { selectRuns } from "../core/fit/selectRuns.js";
import { getLaw, lawRegistry } from "../core/laws/registry.js";
import { allocateWithLaw } from "../core/plan/allocate.js";
import { inferenceAwarePlan } from "../core/plan/inferenceAware.js";
import { parseRunTable } from "../core/runs/parseRunTable.js";
import type { ParamConvention, TableFormat } from "../core/runs/types.js";
import { conventionName, figure, FIGURE_NAMES, formatFlops, vizFit, vizRuns, type FigureName, type VizModel } from "../core/viz/index.js";
import { bootstrapParallel, fitLawParallel } from "../node/parallel.js";
import { readText } from "../node/readText.js";
import { userInput } from "./errors.js";
import { DEFAULT_BUDGET_FLOPS, lawOptionsOf } from "./fit.js";
import { atLeastTwo, positiveNumber, positiveReal, positiveWholeNumber, seed32, wholeNumber } from "./options.js";

interface PlotCliOptions {
  example?: boolean;
  figure: FigureName;
  out: string;
  law: string;
  x?: "params" | "tokens" | "flops";
  breaks?: "1" | "2";
  base?: "fixed" | "joint";
  objective: ObjectiveId;
  delta: number;
  excludeHighestLoss: number;
  bootstrap?: number;
  seed: number;
  budgetFlops: number;
  inferenceTokens?: number;
  compare?: string[];
  holdoutTopCompute: number;
  scale: number;
  threads?: number;
  format?: TableFormat;
  paramsCol?: string;
  tokensCol?: string;
  flopsCol?: string;
  lossCol?: string;
  paramConvention?: ParamConvention;
}

/** Figures drawn from bootstrap refits (bands, intervals, the scatter); they refit DEFAULT_RESAMPLES times unless told. */
const NEEDS_BOOTSTRAP: ReadonlySet<FigureName> = new Set(["loss-compute", "optimal-allocation", "bootstrap", "plan", "backtest"]);
const DEFAULT_RESAMPLES = 200;

const list = (value: string) => value.split(",").map((s) => s.trim()).filter(Boolean);

function fraction(value: string): number {
  const v = value.trim().endsWith("%") ? Number(value.trim().slice(0, -1)) / 100 : Number(value);
  if (!(v > 0 && v < 1)) throw new InvalidArgumentError(`expected a fraction in (0, 1) such as 0.2 or 20%, got "${value}"`);
  return v;
}

export function plotCommand(): Command {
  return new Command("plot")
    .description("fit a run table and draw one figure as SVG or PNG (headless, no network)")
    .argument("[file]", "run table (CSV, TSV, JSON or JSONL; - reads stdin); omit with --example")
    .option("--example", "use the built-in sweep simulated from Hoffmann et al. 2022's law with 1% noise")
    .addOption(new Option("--figure <name>", "figure to draw").choices(FIGURE_NAMES).makeOptionMandatory())
    .requiredOption("-o, --out <file>", "output file: .svg or .png")
    .addOption(new Option("--law <id>", "law to fit").choices(Object.keys(lawRegistry)).default("chinchilla"))
    .addOption(new Option("--x <input>", "input variable of the one-variable laws (power, bnsl)").choices(["params", "tokens", "flops"]))
    .addOption(new Option("--breaks <n>", "number of breaks of the broken power law (bnsl)").choices(["1", "2"]))
    .addOption(new Option("--base <b>", "data-constrained: base law fixed or joint").choices(["fixed", "joint"]))
    .addOption(new Option("--objective <id>", "fitting objective").choices(Object.keys(objectives)).default("huber"))
    .option("--delta <d>", "Huber threshold on ln-loss residuals", positiveReal, 1e-3)
    .option("--exclude-highest-loss <k>", "drop the k highest-loss runs before fitting", wholeNumber, 0)
    .option("--bootstrap <n>", `bootstrap refits for bands and intervals (default ${DEFAULT_RESAMPLES} for ${[...NEEDS_BOOTSTRAP].join(", ")})`, atLeastTwo)
    .option("--seed <s>", "seed of every random draw (bootstrap, --example noise)", seed32, 42)
    .option("--budget-flops <C>", "compute budget: the plan's, and the target the frontier is extrapolated to", positiveNumber, DEFAULT_BUDGET_FLOPS)
    .option("--inference-tokens <T>", "plan figure: also mark the inference-aware model for T lifetime inference tokens (Sardana & Frankle 2023)", positiveNumber)
    .option("--compare <ids>", `published laws to overlay, comma-separated (${PUBLISHED_LAWS.filter((l) => l.law).map((l) => l.id).join(", ")})`, list)
    .option("--holdout-top-compute <f>", "backtest figure: hold out this fraction of runs with the most compute", fraction, 0.2)
    .option("--scale <s>", "PNG: pixels per SVG pixel", positiveReal, 2)
    .option("--threads <n>", "threads for the bootstrap (default: all cores; under 200 resamples: 1)", positiveWholeNumber)
    .addOption(new Option("--format <fmt>", "input format (default: detected)").choices(["csv", "tsv", "json", "jsonl"]))
    .option("--params-col <name>", "column holding N (parameters)")
    .option("--tokens-col <name>", "column holding D (training tokens)")
    .option("--flops-col <name>", "column holding C (training FLOPs)")
    .option("--loss-col <name>", "column holding the loss (nats)")
    .addOption(new Option("--param-convention <c>", "what N counts (default: from the column name, else total)").choices(["total", "nonEmbedding", "active"]))
    .action(async (file: string | undefined, opts: PlotCliOptions, cmd: Command) => {
      const usage = (msg: string): never => cmd.error(`error: ${msg}`, { exitCode: 2 });
      if (!file && !opts.example) usage("give a run table FILE, or --example for the built-in simulated sweep");
      if (file && opts.example) usage("give either FILE or --example, not both");
      const ext = extname(opts.out).toLowerCase();
      if (ext !== ".svg" && ext !== ".png") usage(`the output format comes from the -o extension: .svg or .png, got "${opts.out}"`);
      for (const key of ["x", "breaks", "base"] as const) {
        if (opts[key] !== undefined && !lawRegistry[opts.law].options.includes(key)) usage(`--${key} does not apply to --law ${opts.law}`);
      }
      const compare = (opts.compare ?? []).map((id) => {
        if (!PUBLISHED_LAWS.some((l) => l.id === id)) usage(`unknown law "${id}" in --compare; published laws: ${PUBLISHED_LAWS.map((l) => l.id).join(", ")}`);
        const entry = publishedLaw(id);
        if (!entry.law) usage(`${id} publishes an allocation rule only; --compare overlays laws that predict loss (${PUBLISHED_LAWS.filter((l) => l.law).map((l) => l.id).join(", ")})`);
        return entry;
      });

      const { model, notes, converged } = await buildModel(file, opts, compare);
      const fig = userInput(() => figure(model, opts.figure));
      // loaded here, not at start-up: Vega, Vega-Lite and resvg cost every other command ≈ 0.2 s to import
      const { renderPng, renderSvg, writeFigure } = await import("../node/render.js");
      const svg = await renderSvg(fig.spec);
      writeFigure(opts.out, ext === ".png" ? renderPng(svg, opts.scale) : svg);
      const out = [`scalecast plot: wrote ${opts.out} (${fig.name}: ${fig.title})`, ...notes.map((n) => `  ${n}`)];
      process.stdout.write(out.join("\n") + "\n");
      if (!converged) process.exitCode = 3; // as `fit`: the figure is written, and the exit code says the fit is not to be trusted
    });
}

async function buildModel(file: string | undefined, opts: PlotCliOptions, compare: ReturnType<typeof publishedLaw>[]): Promise<{ model: VizModel; notes: string[]; converged: boolean }> {
  const simulated = Boolean(opts.example);
  const text = simulated ? exampleSweepCsv({ seed: opts.seed }) : readText(file!);
  const source = simulated ? `built-in example (simulated from Hoffmann et al. 2022, seed ${opts.seed})` : file === "-" ? "<stdin>" : file!;
  const table = parseRunTable(text, {
    source,
    format: opts.format,
    columns: { params: opts.paramsCol, tokens: opts.tokensCol, flops: opts.flopsCol, loss: opts.lossCol },
    paramConvention: opts.paramConvention,
  });
  const lawOptions = lawOptionsOf(opts);
  const law = getLaw(opts.law, lawOptions);
  const selection = userInput(() => selectRuns(table, { excludeHighestLoss: opts.excludeHighestLoss }));
  const data = userInput(() => fitDataFor(law, selection.runs));
  const resolved = await fitLawParallel(law, lawOptions, data, { objective: opts.objective, delta: opts.delta });
  const notes: string[] = [];
  if (simulated) {
    const t = HOFFMANN_ROUNDED;
    notes.push(`data: SIMULATED from Hoffmann et al. 2022's law (E=${t.E}, A=${t.A}, B=${t.B}, alpha=${t.alpha}, beta=${t.beta}) with 1% noise, seed ${opts.seed}`);
  } else {
    notes.push(`data: ${table.source}: ${selection.runs.length} runs used of ${table.rowsRead} rows read (${selection.excluded.length} excluded); N counts ${conventionName(table.paramConvention)} parameters`);
  }
  notes.push(`law: ${law.id} fitted (${objectives[opts.objective].title})`);
  const resamples = opts.bootstrap ?? (NEEDS_BOOTSTRAP.has(opts.figure) ? DEFAULT_RESAMPLES : 0);
  let refits;
  if (resamples >= 2 && opts.figure !== "backtest") {
    refits = (await bootstrapParallel(
      { law, objective: opts.objective, delta: opts.delta, theta: resolved.theta, seed: opts.seed, budgetFlops: opts.budgetFlops, corrections: resolved.corrections },
      lawOptions, data, resamples, { threads: opts.threads },
    )).results;
    notes.push(`bootstrap: ${refits.length} case resamples, seed ${opts.seed}`);
  }
  let bt: BacktestResult | undefined;
  if (opts.figure === "backtest") {
    bt = userInput(() => backtest(selection.runs, { kind: "top-compute", fraction: opts.holdoutTopCompute }, [{ law, method: "grid" }], { objective: opts.objective, delta: opts.delta, resamples: Math.max(2, resamples), seed: opts.seed }));
    notes.push(`backtest: held out ${bt.holdout}; ${bt.resamples} bootstrap refits, seed ${bt.seed}`);
  }
  let plan: VizModel["plan"];
  if (opts.figure === "plan") {
    try {
      const a = allocateWithLaw({ law, values: resolved.params }, opts.budgetFlops);
      plan = { flops: a.flops, params: a.params, tokens: a.tokens, loss: a.loss! };
      if (opts.inferenceTokens !== undefined) {
        const ia = userInput(() => inferenceAwarePlan({ law, values: resolved.params }, a.loss!, opts.inferenceTokens!));
        plan.inferenceAware = { params: ia.params, tokens: ia.tokens, loss: ia.targetLossNats };
      }
      notes.push(`plan: C = ${formatFlops(opts.budgetFlops)} FLOPs${opts.inferenceTokens !== undefined ? `, inference-aware for ${opts.inferenceTokens.toExponential(2)} inference tokens` : ""}`);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      notes.push(`plan: none (${e.message})`);
    }
  }
  notes.push(...resolved.warnings.map((w) => `! ${w}`));
  const model: VizModel = {
    runs: vizRuns(selection.runs),
    paramConvention: table.paramConvention,
    fit: vizFit(resolved, data, refits),
    targetFlops: opts.budgetFlops,
    compare: compare.map((entry) => ({
      label: entry.paramConvention === table.paramConvention ? entry.id : `${entry.id} (N ${conventionName(entry.paramConvention)})`,
      law: getLaw(entry.law!.lawId, entry.law!.options),
      values: { ...entry.law!.values },
    })),
    ...(plan ? { plan } : {}),
    ...(bt ? { backtest: bt } : {}),
  };
  return { model, notes, converged: resolved.optimizer.converged };
}
