/** The `scalecast` command line. */
import { Command, CommanderError } from "commander";
import { FitError } from "../core/fit/fitLaw.js";
import { DiagnosticError } from "../core/diagnostics.js";
import { RunTableError } from "../core/runs/types.js";
import { TOOL } from "../core/version.js";
import { UserInputError } from "./errors.js";
import { InputError, OutputError } from "../node/readText.js";
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

const program = new Command("scalecast")
  .description("Neural scaling laws: fit, allocate, forecast and validate, with honest uncertainty.")
  .version(TOOL.version)
  .showHelpAfterError()
  .addHelpText("after", "\nExit codes: 0 success; 1 unusable input, or an output file that cannot be written;\n2 bad options; 3 the fit did not converge or produced a non-finite number (the output says which).")
  .exitOverride();
program.addCommand(fitCommand().exitOverride());
program.addCommand(planCommand().exitOverride());
program.addCommand(lawsCommand().exitOverride());
program.addCommand(flopsCommand().exitOverride());
program.addCommand(isoflopCommand().exitOverride());
program.addCommand(backtestCommand().exitOverride());
program.addCommand(reportCommand().exitOverride());
program.addCommand(demoCommand().exitOverride());
program.addCommand(serveCommand().exitOverride());
program.addCommand(envelopeCommand().exitOverride());
program.addCommand(plotCommand().exitOverride());

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = report(err);
}

/**
 * Prints a clear error to stderr and returns the exit code. A refusal with a
 * code (DiagnosticError) prints "[code]" after the message, and with --json also
 * `{"error": {code, message, where}}` on stdout, so programs need not parse text.
 */
function report(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2; // commander already printed its message
  if (err instanceof DiagnosticError) {
    process.stderr.write(`scalecast: ${err.message} [${err.diagnostic.code}]\n`);
    jsonError(err.diagnostic.code, err.diagnostic.message, err.diagnostic.where);
    return 1;
  }
  if (err instanceof RunTableError) { // its message names the source; add the location if it does not
    const w = err.where;
    const at = [w.line !== undefined && !err.message.includes(`line ${w.line}`) ? `line ${w.line}` : "",
      w.column && !err.message.includes(w.column) ? `column ${w.column}` : ""].filter(Boolean).join(", ");
    process.stderr.write(`scalecast: error: ${err.message}${at ? ` (${at})` : ""} [${err.code}]\n`);
    jsonError(err.code, err.message, err.where);
    return 1;
  }
  if (err instanceof InputError || err instanceof OutputError || err instanceof FitError || err instanceof UserInputError) {
    const code = err instanceof FitError || err instanceof UserInputError ? err.code : err instanceof InputError ? "unreadable-input" : "unwritable-output";
    process.stderr.write(`scalecast: ${err.message} [${code}]\n`);
    jsonError(code, err.message);
    return 1;
  }
  process.stderr.write(`scalecast: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  return 70;
}

/** With --json, a refusal is also a JSON document on stdout: {"error": {code, message, where}}. */
function jsonError(code: string, message: string, where?: object): void {
  if (process.argv.includes("--json")) process.stdout.write(JSON.stringify({ error: { code, message, ...(where ? { where } : {}) } }, null, 2) + "\n");
}
