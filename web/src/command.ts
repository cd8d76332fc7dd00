/** The `scalecast` command a workbench state corresponds to, for the report's provenance. */
import { ROLE } from "../../src/core/runs/roles.js";
import type { ColumnRole } from "../../src/core/runs/types.js";
import type { WorkbenchState } from "./state.js";

const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);

/** A command line a POSIX shell reads back as these arguments: each quoted where it needs it ("results (1).csv"). */
export function shellCommand(args: readonly string[]): string {
  return args.map(quote).join(" ");
}

/** A file name as a command's argument: one that starts with "-" would read as an option, so it gets "./". */
export function fileArgument(name: string): string {
  return name.startsWith("-") ? `./${name}` : name;
}

/**
 * `scalecast report …` with the state's settings; runs excluded by hand have no
 * flag and are listed after it.
 *
 * @example equivalentCommand(state, { source: "runs.csv" }) // "scalecast report runs.csv --law chinchilla --budget-flops 5.76e+23"
 */
export function equivalentCommand(state: WorkbenchState, input: { source?: string; exampleSeed?: number; resamples?: number; budgetFlops: number; handExcluded?: readonly number[] }): string {
  const args = ["scalecast", "report"];
  if (input.exampleSeed !== undefined) args.push("--example", "--seed", String(input.exampleSeed));
  else args.push(input.source ?? "<your table>");
  args.push("--law", state.law);
  if (state.lawOptions.x) args.push("--x", state.lawOptions.x);
  if (state.lawOptions.breaks) args.push("--breaks", String(state.lawOptions.breaks));
  if (state.lawOptions.base) args.push("--base", state.lawOptions.base);
  if (state.method !== "grid") args.push("--method", state.method);
  if (state.objective !== "huber") args.push("--objective", state.objective);
  for (const w of state.where) args.push("--where", w);
  if (state.bestOf.length > 0) args.push("--best-of", state.bestOf.join(","));
  if (state.lastCheckpoint) args.push("--last-checkpoint");
  if (state.poolGroups) args.push("--pool-groups");
  if (state.excludeHighest > 0) args.push("--exclude-highest-loss", String(state.excludeHighest));
  // the CLI's --group-col asks for one fit per group; the workbench reads a group column only to select or pool
  for (const [role, name] of Object.entries(state.columns) as Array<[ColumnRole, string | undefined]>) if (name && role !== "group") args.push(ROLE[role].flag, name);
  if (state.paramConvention) args.push("--param-convention", state.paramConvention);
  if (input.resamples !== undefined) args.push("--bootstrap", String(input.resamples));
  args.push("--budget-flops", input.budgetFlops.toExponential());
  const hand = input.handExcluded ?? [];
  const command = args.map(quote).join(" ");
  return hand.length === 0 ? command : `${command}  (and ${hand.length} run${hand.length === 1 ? "" : "s"} excluded by hand in the workbench: line${hand.length === 1 ? "" : "s"} ${hand.join(", ")})`;
}
