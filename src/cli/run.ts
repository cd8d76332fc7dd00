/**
 * The CLI kernel: `run(argv, io)` parses and runs one `scalecast` command and
 * returns its exit code, with output through `io` (see src/node/io.ts). The
 * binary calls it with the process's streams; tests and embedding programs
 * call it in-process with buffers.
 *
 * Exit codes (one mapping, here): 0 success; 1 unusable input, or an output
 * file that cannot be written; 2 bad options or unknown names (a law, GPU or
 * parameter); 3 the fit did not converge or produced a non-finite number (the
 * output says which); 70 an internal error (a bug: the message asks for a report).
 */
import { Command, CommanderError } from "commander";
import { FitError } from "../core/fit/fitLaw.js";
import { DiagnosticError } from "../core/diagnostics.js";
import { BadOptionError, NothingToDrawError, UnknownNameError, UnusableRunsError } from "../core/errors.js";
import { RunTableError } from "../core/runs/types.js";
import { TOOL } from "../core/version.js";
import { checkRanges } from "./ranges.js";
import { OptionError, UserInputError } from "./errors.js";
import { InputError, OutputError } from "../node/readText.js";
import { err, out, processIo, withIo, type Io } from "../node/io.js";

export const EXIT = { ok: 0, input: 1, options: 2, notConverged: 3, internal: 70 } as const;

/**
 * Every command: its usage and summary for the top-level help, and how to
 * build it. A command's module (and what it imports: the fitting engine,
 * readers, figures) is loaded only when that command runs or shows its help,
 * so `scalecast --help` and `scalecast laws` start fast. A test holds each
 * summary and usage to the built command's own.
 */
export const COMMANDS: ReadonlyArray<{ name: string; usage: string; summary: string; load: () => Promise<Command> }> = [
  { name: "fit", usage: "[options] [file]", summary: "fit a scaling law to a table of training runs (CSV, TSV, JSON or JSONL; - reads stdin)", load: async () => (await import("./fit.js")).fitCommand() },
  { name: "plan", usage: "[options]", summary: "compute-optimal model size, tokens and loss for a budget (FLOPs, or GPUs × days)", load: async () => (await import("./plan.js")).planCommand() },
  { name: "laws", usage: "[options]", summary: "list the published scaling laws scalecast knows (plan --published ID)", load: async () => (await import("./laws.js")).lawsCommand() },
  { name: "flops", usage: "[options]", summary: "parameters (total, non-embedding, active) and training FLOPs per token of a decoder-only transformer", load: async () => (await import("./flops.js")).flopsCommand() },
  { name: "isoflop", usage: "[options] <file>", summary: "IsoFLOP profiles (Hoffmann et al. 2022 Approach 2, Llama 3 §3.2.1): per-budget optima and the power laws N*(C), D*(C)", load: async () => (await import("./isoflop.js")).isoflopCommand() },
  { name: "backtest", usage: "[options] <file>", summary: "fit on the smaller runs, predict the held-out ones: errors, extrapolation factor and prediction-interval coverage, for several laws and methods", load: async () => (await import("./backtest.js")).backtestCommand() },
  { name: "report", usage: "[options] [file]", summary: "write one self-contained HTML report (works offline): fit, diagnostics, plan, backtest and figures", load: async () => (await import("./report.js")).reportCommand() },
  { name: "demo", usage: "[options]", summary: "the whole job on a built-in default: simulate a pilot sweep, fit it, plan a budget, backtest, write report.html", load: async () => (await import("./report.js")).demoCommand() },
  { name: "serve", usage: "[options]", summary: "serve the browser workbench on 127.0.0.1 (only this machine can reach it) and print its URL", load: async () => (await import("./serve.js")).serveCommand() },
  { name: "envelope", usage: "[options] <file>", summary: "Training-curve envelope (Hoffmann et al. 2022 Approach 1, §3.1): the lowest loss at each FLOP count over all runs, and the power laws N*(C), D*(C)", load: async () => (await import("./envelope.js")).envelopeCommand() },
  { name: "predict", usage: "[options] <fit>", summary: "a saved fit's prediction at any points (N, D, C, …), with confidence and prediction intervals and the extrapolation factor", load: async () => (await import("./predict.js")).predictCommand() },
  { name: "forecast", usage: "[options]", summary: "keep forecasts as data: register one in a tamper-evident ledger, verify the ledger", load: async () => (await import("./forecast.js")).forecastCommand() },
  { name: "sweep", usage: "[options]", summary: "design pilot sweeps (IsoFLOP grids or ladders of buildable models, with their cost and simulated precision), compare them, run them locally or on Slurm without losing a run, and show their status", load: async () => (await import("./sweep.js")).sweepCommand() },
  { name: "samples", usage: "[options] [file]", summary: "test-time compute from per-problem samples: pass@k per model (unbiased estimator), the beta-binomial and aggregate power laws, and pass@k forecast at larger k", load: async () => (await import("./samples.js")).samplesCommand() },
  { name: "curve", usage: "[options]", summary: "whole loss curves under learning-rate schedules: fit the multi-power or momentum law, predict unseen schedules, choose one", load: async () => (await import("./curve.js")).curveCommand() },
  { name: "models", usage: "[options]", summary: "list the notable models scalecast knows: parameters (total, active), training tokens and compute, each with its source", load: async () => (await import("./models.js")).modelsCommand() },
  { name: "compare", usage: "[options] <models>", summary: "notable models under a published law: tokens per parameter, over-training factor, the compute-optimal model at the same compute, predicted loss, inference cost", load: async () => (await import("./models.js")).compareCommand() },
  { name: "emergence", usage: "[options] [file]", summary: "emergence or mirage: locate a task's apparent jump with scale (sigmoid in log scale against smooth power laws), check the continuous metric across it, compare next-scale intervals, and transform p into exact match p^ℓ and edit distance ℓ(1 − p)", load: async () => (await import("./emergence.js")).emergenceCommand() },
  { name: "observe", usage: "[options] <file>", summary: "observational scaling (Ruan et al. 2024): principal components of a model × benchmark table, a metric as a sigmoid of PC1 or of compute, and a backtest above a compute cut-off", load: async () => (await import("./observe.js")).observeCommand() },
  { name: "plot", usage: "[options] [file]", summary: "fit a run table and draw one figure as SVG or PNG (headless, no network)", load: async () => (await import("./plot.js")).plotCommand() },
];

/**
 * The program for one run: the command named in ARGV built in full, every
 * other one a stub with its usage and summary (enough for the top-level help
 * and for commander's "did you mean" on a misspelt name). With `every`, all
 * are built (the vocabulary test walks them).
 */
export async function program(argv: readonly string[] = [], every = false): Promise<Command> {
  const output = { writeOut: (s: string) => out(s), writeErr: (s: string) => err(s) };
  const wanted = argv[0] === "help" ? argv[1] : argv[0];
  const root = new Command("scalecast")
    .description("Neural scaling laws: fit, allocate, forecast and validate, with honest uncertainty.")
    .version(TOOL.version)
    .showHelpAfterError()
    .configureOutput(output)
    .configureHelp({ subcommandTerm: (cmd) => `${cmd.name()} ${COMMANDS.find((c) => c.name === cmd.name())?.usage ?? cmd.usage()}`.trim() })
    .addHelpText("after", "\nExit codes: 0 success; 1 unusable input, or an output file that cannot be written;\n2 bad options or unknown names; 3 the fit did not converge or produced a non-finite number\n(the output says which); 70 internal error (please report it).")
    .exitOverride()
    .hook("preAction", checkRanges);
  for (const c of COMMANDS) {
    const command = every || c.name === wanted ? await c.load() : new Command(c.name).description(c.summary);
    configure(command, output);
    root.addCommand(command);
  }
  return root;
}

function configure(command: Command, output: { writeOut: (s: string) => void; writeErr: (s: string) => void }): void {
  command.configureOutput(output).exitOverride();
  for (const sub of command.commands) configure(sub, output);
}

/** Runs `scalecast ARGV…` (argv without the node and script names) and returns the exit code. */
export function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  return withIo(io, argv, async (context) => {
    try {
      await (await program(argv)).parseAsync([...argv], { from: "user" });
      return context.exitCode;
    } catch (e) {
      return report(e, argv);
    }
  });
}

/**
 * Prints a clear error to stderr and returns the exit code. A refusal with a
 * code (DiagnosticError) prints "[code]" after the message, and with --json also
 * `{"error": {code, message, where}}` on stdout, so programs need not parse text.
 */
function report(e: unknown, argv: readonly string[]): number {
  const json = argv.includes("--json");
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.options; // commander already printed its message
  if (e instanceof DiagnosticError) {
    err(`scalecast: ${e.message} [${e.diagnostic.code}]\n`);
    if (json) jsonError(e.diagnostic.code, e.diagnostic.message, e.diagnostic.where);
    return EXIT.input;
  }
  if (e instanceof RunTableError) { // its message names the source; add the location if it does not
    const w = e.where;
    const at = [w.line !== undefined && !e.message.includes(`line ${w.line}`) ? `line ${w.line}` : "",
      w.column && !e.message.includes(w.column) ? `column ${w.column}` : ""].filter(Boolean).join(", ");
    err(`scalecast: error: ${e.message}${at ? ` (${at})` : ""} [${e.code}]\n`);
    if (json) jsonError(e.code, e.message, e.where);
    return EXIT.input;
  }
  if (e instanceof NothingToDrawError) {
    err(`scalecast: ${e.message} [${e.code}]\n`);
    if (json) jsonError(e.code, e.message);
    return EXIT.notConverged;
  }
  if (e instanceof OptionError || e instanceof UnknownNameError || e instanceof BadOptionError) {
    err(`scalecast: ${e.message} [${e.code}]\n`);
    if (json) jsonError(e.code, e.message);
    return EXIT.options;
  }
  if (e instanceof InputError || e instanceof OutputError || e instanceof FitError || e instanceof UserInputError || e instanceof UnusableRunsError) {
    const code = e instanceof FitError || e instanceof UserInputError || e instanceof UnusableRunsError ? e.code : e instanceof InputError ? "unreadable-input" : "unwritable-output";
    err(`scalecast: ${e.message} [${code}]\n`);
    if (json) jsonError(code, e.message);
    return EXIT.input;
  }
  err(`scalecast: internal error (please report it with the command that caused it): ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  return EXIT.internal;
}

/** With --json, a refusal is also a JSON document on stdout: {"error": {code, message, where}}. */
function jsonError(code: string, message: string, where?: object): void {
  out(JSON.stringify({ error: { code, message, ...(where ? { where } : {}) } }, null, 2) + "\n");
}
