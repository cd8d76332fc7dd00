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
import { UnknownNameError } from "../core/errors.js";
import { RunTableError } from "../core/runs/types.js";
import { TOOL } from "../core/version.js";
import { OptionError, UserInputError } from "./errors.js";
import { InputError, OutputError } from "../node/readText.js";
import { err, out, processIo, withIo, type Io } from "../node/io.js";
import { envelopeCommand } from "./envelope.js";
import { backtestCommand } from "./backtest.js";
import { fitCommand } from "./fit.js";
import { flopsCommand } from "./flops.js";
import { isoflopCommand } from "./isoflop.js";
import { lawsCommand } from "./laws.js";
import { planCommand } from "./plan.js";
import { plotCommand } from "./plot.js";
import { demoCommand, reportCommand } from "./report.js";
import { serveCommand } from "./serve.js";

export const EXIT = { ok: 0, input: 1, options: 2, notConverged: 3, internal: 70 } as const;

/** The program, built afresh per run (commander keeps parsed values on its commands); exported for the vocabulary test. */
export function program(): Command {
  const output = { writeOut: (s: string) => out(s), writeErr: (s: string) => err(s) };
  const root = new Command("scalecast")
    .description("Neural scaling laws: fit, allocate, forecast and validate, with honest uncertainty.")
    .version(TOOL.version)
    .showHelpAfterError()
    .configureOutput(output)
    .addHelpText("after", "\nExit codes: 0 success; 1 unusable input, or an output file that cannot be written;\n2 bad options or unknown names; 3 the fit did not converge or produced a non-finite number\n(the output says which); 70 internal error (please report it).")
    .exitOverride();
  for (const command of [fitCommand(), planCommand(), lawsCommand(), flopsCommand(), isoflopCommand(), backtestCommand(),
    reportCommand(), demoCommand(), serveCommand(), envelopeCommand(), plotCommand()]) {
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
      await program().parseAsync([...argv], { from: "user" });
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
  if (e instanceof OptionError || e instanceof UnknownNameError) {
    err(`scalecast: ${e.message} [${e.code}]\n`);
    if (json) jsonError(e.code, e.message);
    return EXIT.options;
  }
  if (e instanceof InputError || e instanceof OutputError || e instanceof FitError || e instanceof UserInputError) {
    const code = e instanceof FitError || e instanceof UserInputError ? e.code : e instanceof InputError ? "unreadable-input" : "unwritable-output";
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
