/**
 * Output, the same in every command: `-o, --out FILE` ("-" is standard output)
 * and `--json`. A command's document is built once and goes to standard
 * output as JSON with --json or `-o -`, to FILE (atomically) with -o FILE,
 * and as text otherwise.
 */
import { Command, Option } from "commander";
import { out } from "../node/io.js";
import { writeText } from "../node/readText.js";

/**
 * `-o, --out FILE` ("-" writes to standard output), the one name of an output
 * file in every command; `--output` is accepted as a hidden alias. Files are
 * written atomically (writeOutput).
 */
export function withOut(cmd: Command, description: string, fallback?: string): Command {
  return cmd
    .option("-o, --out <file>", `${description} (- writes to standard output)`, fallback)
    .addOption(new Option("--output <file>", "alias of --out").hideHelp())
    .hook("preAction", mergeAlias("output", "out"));
}

/**
 * A preAction hook that copies option `from` (an alias) into option `to` (the
 * name the command's code reads), refusing (exit 2) when both are given with
 * different values.
 */
export function mergeAlias(from: string, to: string): (root: Command, action: Command) => void {
  const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return (_root, action) => {
    const opts = action.opts<Record<string, unknown>>();
    if (opts[from] === undefined) return;
    if (action.getOptionValueSource(to) === "cli" && opts[to] !== opts[from]) {
      action.error(`error: ${flag(from)} ${String(opts[from])} and ${flag(to)} ${String(opts[to])} disagree; they name the same thing: give one`, { exitCode: 2 });
    }
    action.setOptionValue(to, opts[from]);
  };
}

/** Prints a command's document: JSON on stdout with --json or `-o -`, else text; and writes -o FILE. */
export function emit(opts: { json?: boolean; out?: string }, json: () => string, text: () => string): void {
  const toStdout = opts.json === true || opts.out === "-";
  const document = toStdout || opts.out !== undefined ? json() : ""; // a 10^6-row selection lists 10^6 exclusions: built only when asked
  out(toStdout ? document + "\n" : text() + "\n");
  if (opts.out !== undefined && opts.out !== "-") writeText(opts.out, document + "\n"); // "" is refused there, not skipped
}
