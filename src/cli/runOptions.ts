/**
 * The options every command that reads runs shares (fit, isoflop, backtest,
 * envelope, report, plot): the input format, one `--…-col` per column role
 * (derived from ROLES), the parameter convention, and selection (--where,
 * --best-of, --last-checkpoint, --pool-groups, --exclude-highest-loss).
 */
import { Command, Option } from "commander";
import { selectRuns, type Selection } from "../core/fit/selectRuns.js";
import { ROLES, roleOptionKey, type RoleId } from "../core/runs/roles.js";
import type { ParamConvention, ParseOptions, RunTable } from "../core/runs/types.js";
import { readRunTable } from "../node/readRuns.js";
import { userInput } from "./errors.js";
import { commaList, wholeNumber } from "./options.js";

/** How to read and select runs; the `<role>Col` keys come from ROLES (paramsCol, budgetCol, lrCol, …). */
export interface RunCliOptions {
  format?: string;
  paramConvention?: ParamConvention;
  where?: string[];
  bestOf?: string[];
  lastCheckpoint?: boolean;
  poolGroups?: boolean;
  excludeHighestLoss: number;
  runMeta?: string;
  [column: `${string}Col`]: string | undefined;
}

/** The selection options' names, for the test that checks every command accepts them. */
export const SELECTION_FLAGS = ["--where", "--best-of", "--last-checkpoint", "--pool-groups", "--exclude-highest-loss", "--run-meta"] as const;

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** Adds the column and selection options to a command. */
export function withRunOptions(cmd: Command): Command {
  cmd.addOption(new Option("--format <fmt>", "input format (default: detected from the name and content)")
    .choices(["csv", "tsv", "json", "jsonl", "wandb-runs", "wandb-chart", "wandb-history", "parquet", "tensorboard", "folder"]));
  for (const role of ROLES) cmd.option(`${role.flag} <name>`, `column holding the ${role.label}`);
  return cmd
    .addOption(new Option("--param-convention <c>", "what N counts (default: from the column name, else total)").choices(["total", "nonEmbedding", "active"]))
    .option("--where <expr>", "keep rows where COLUMN OP VALUE holds (OP: = != < <= > >=; a role such as params, or a header); repeat to AND", collect)
    .option("--best-of <cols>", "rows sharing every input the law reads and differing in these columns (e.g. lr,bs) are one configuration: keep the best target", commaList)
    .option("--last-checkpoint", "keep only each run's last checkpoint (largest step, else tokens; run id from --run-col)")
    .option("--pool-groups", "fit several groups (a group column with more than one value) together, with a warning, instead of refusing")
    .option("--exclude-highest-loss <k>", "drop the k highest-loss runs", wholeNumber, 0)
    .option("--run-meta <file>", "folder input: JSON mapping each file name to its run's columns (e.g. {\"190M-1xC.csv\": {\"params\": 190354176}})");
}

/** parseRunTable's options from the command line; `needs` are the roles the law reads. */
export function parseOptionsOf(opts: RunCliOptions, source: string, needs?: readonly RoleId[]): ParseOptions {
  const columns: Partial<Record<RoleId, string>> = {};
  for (const role of ROLES) {
    const name = opts[roleOptionKey(role.id) as `${string}Col`];
    if (name !== undefined) columns[role.id] = name;
  }
  return {
    source, columns, paramConvention: opts.paramConvention,
    ...(needs ? { needs } : {}), ...(opts.where ? { where: opts.where } : {}),
  };
}

/** Reads the run table FILE (a file, "-" for stdin, or a folder of per-run histories) with the command's options. */
export async function readRuns(file: string, opts: RunCliOptions, needs?: readonly RoleId[]): Promise<RunTable> {
  const source = file === "-" ? "<stdin>" : file;
  return readRunTable(file, { ...parseOptionsOf(opts, source, needs), format: opts.format, runMeta: opts.runMeta });
}

/** Selection with the command's options: `configuration` is the law's inputs, `target` what it predicts. */
export function selectWith(table: RunTable, opts: RunCliOptions, configuration: readonly RoleId[], target: "loss" | "metric" = "loss", checkpoints: "warn" | "expected" = "warn"): Selection {
  return userInput(() => selectRuns(table, { checkpoints,
    excludeHighestLoss: opts.excludeHighestLoss, configuration, target,
    ...(opts.bestOf ? { bestOf: opts.bestOf } : {}), lastCheckpoint: opts.lastCheckpoint === true,
    groups: opts.poolGroups ? "pool" : "refuse",
  }));
}

