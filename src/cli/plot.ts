/** `scalecast plot`: fit a run table and draw one figure as SVG or PNG. */
import { emit, withOut } from "./output.js";
import { err, out, setExitCode } from "../node/io.js";
import { extname } from "node:path";
import { Command, Option } from "commander";
import { PUBLISHED_LAWS } from "../core/catalog/publishedLaws.js";
import { backtest, type BacktestResult } from "../core/fit/backtest.js";
import { HOFFMANN_ROUNDED } from "../core/fit/exampleSweep.js";
import { objectives } from "../core/fit/objectives.js";
import { conventionName, figure, FIGURE_NAMES, type FigureName } from "../core/viz/index.js";
import { userInput } from "./errors.js";
import { checkFitOptions, runFitJob, withFitOptions, type FitCliOptions } from "./fit.js";
import { compareLaws, figureModelOf } from "./figureModel.js";
import { commaList, fraction, positiveNumber, positiveReal } from "./options.js";

interface PlotCliOptions extends FitCliOptions {
  figure: FigureName;
  out?: string;
  imageFormat?: "svg" | "png";
  inferenceTokens?: number;
  compare?: string[];
  holdoutTopCompute: number;
  scale: number;
}

/** Figures drawn from bootstrap refits (bands, intervals, the scatter); they refit DEFAULT_RESAMPLES times unless told. */
const NEEDS_BOOTSTRAP: ReadonlySet<FigureName> = new Set(["loss-compute", "optimal-allocation", "bootstrap", "plan", "backtest"]);
const DEFAULT_RESAMPLES = 200;

export function plotCommand(): Command {
  return withOut(withFitOptions(new Command("plot")
    .description("fit a run table and draw one figure as SVG or PNG (headless, no network)")
    .argument("[file]", "run table (CSV, TSV, JSON or JSONL; - reads stdin); omit with --example")
    .option("--example", "use the built-in sweep simulated from Hoffmann et al. 2022's law with 1% noise"))
    .addOption(new Option("--figure <name>", "figure to draw").choices(FIGURE_NAMES).makeOptionMandatory()), "figure file: .svg or .png (required; with -, --image-format says which)")
    .addOption(new Option("--image-format <fmt>", "figure format when -o is - (default svg)").choices(["svg", "png"]))
    .option("--inference-tokens <T>", "plan figure: also mark the inference-aware model for T lifetime inference tokens (Sardana & Frankle 2023)", positiveNumber)
    .option("--compare <ids>", `published laws to overlay, comma-separated (${PUBLISHED_LAWS.filter((l) => l.law).map((l) => l.id).join(", ")})`, commaList)
    .option("--holdout-top-compute <f>", "backtest figure: hold out this fraction of runs with the most compute", fraction, 0.2)
    .option("--scale <s>", "PNG: pixels per SVG pixel", positiveReal, 2)
    .action(async (file: string | undefined, opts: PlotCliOptions, cmd: Command) => {
      checkFitOptions(file, opts, cmd);
      if (opts.out === undefined) cmd.error("error: required option '-o, --out <file>' not specified", { exitCode: 2 });
      const ext = opts.out === "-" ? `.${opts.imageFormat ?? "svg"}` : extname(opts.out).toLowerCase();
      if (ext !== ".svg" && ext !== ".png") cmd.error(`error: the output format comes from the -o extension: .svg or .png, got "${opts.out}"`, { exitCode: 2 });
      if (opts.imageFormat !== undefined && opts.out !== "-" && ext !== `.${opts.imageFormat}`) cmd.error(`error: --image-format ${opts.imageFormat} disagrees with the -o extension of "${opts.out}"`, { exitCode: 2 });
      const compare = compareLaws(opts.compare, cmd);

      // the backtest figure refits its own training runs; the others draw bands from refits of the full fit
      const resamples = opts.bootstrap ?? (NEEDS_BOOTSTRAP.has(opts.figure) ? DEFAULT_RESAMPLES : undefined);
      const job = await runFitJob(file, { ...opts, bootstrap: opts.figure === "backtest" ? undefined : opts.bootstrap, defaultBootstrap: opts.figure === "backtest" ? undefined : resamples });
      const notes: string[] = [];
      if (job.simulated) {
        const t = HOFFMANN_ROUNDED;
        notes.push(`data: SIMULATED from Hoffmann et al. 2022's law (E=${t.E}, A=${t.A}, B=${t.B}, alpha=${t.alpha}, beta=${t.beta}) with 1% noise, seed ${opts.seed}`);
      } else {
        const d = job.doc.data;
        notes.push(`data: ${d.source}: ${d.n} runs used of ${d.rowsRead} rows read (${d.excluded.length} excluded); N counts ${conventionName(job.paramConvention)} parameters`);
      }
      notes.push(`law: ${job.law.id} fitted (${objectives[opts.objective].title})`);
      if (job.refits.length) notes.push(`bootstrap: ${job.refits.length} case resamples, seed ${opts.seed}`);
      let bt: BacktestResult | undefined;
      if (opts.figure === "backtest") {
        bt = userInput(() => backtest(job.runs, { kind: "top-compute", fraction: opts.holdoutTopCompute }, [{ law: job.law, method: opts.method }],
          { objective: opts.objective, delta: opts.delta, resamples: Math.max(2, resamples ?? DEFAULT_RESAMPLES), seed: opts.seed }));
        notes.push(`backtest: held out ${bt.holdout}; ${bt.resamples} bootstrap refits, seed ${bt.seed}`);
      }
      const { model, notes: planNotes } = figureModelOf(job, { budgetFlops: opts.budgetFlops, compare, ...(opts.inferenceTokens !== undefined ? { inferenceTokens: opts.inferenceTokens } : {}), ...(bt ? { backtest: bt } : {}) });
      if (opts.figure === "plan") notes.push(...planNotes);
      notes.push(...job.doc.warnings.map((w) => `! ${w.message} [${w.code}]`));

      const fig = userInput(() => figure(model, opts.figure));
      // loaded here, not at start-up: Vega, Vega-Lite and resvg cost every other command ≈ 0.2 s to import
      const { renderPng, renderSvg, writeFigure } = await import("../node/render.js");
      const svg = await renderSvg(fig.spec);
      writeFigure(opts.out!, ext === ".png" ? renderPng(svg, opts.scale) : svg);
      const lines = [`scalecast plot: wrote ${opts.out === "-" ? "the figure to standard output" : opts.out} (${fig.name}: ${fig.title})`, ...notes.map((n) => `  ${n}`)];
      // with -o - the figure is standard output: the summary goes to standard error
      (opts.out === "-" ? err : out)(lines.join("\n") + "\n");
      if (!job.doc.optimizer.converged) setExitCode(3); // as `fit`: the figure is written, and the exit code says the fit is not to be trusted
    });
}
