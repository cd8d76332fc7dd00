// The run table: one row per trained model (or checkpoint). See DESIGN.md, "The run table".

/**
 * What the parameter count N counts. Kaplan et al. (2020) use non-embedding
 * parameters, Hoffmann et al. (2022) total parameters, mixture-of-experts papers
 * active parameters per token. Fitted constants depend on the choice, so it is
 * recorded with every table and shown with every result.
 */
export type ParamConvention = "total" | "nonEmbedding" | "active";

import type { RoleId } from "./roles.js";

/** Text formats a run table can be read from. */
export type TableFormat = "csv" | "tsv" | "json" | "jsonl";

/** The roles a column can play in a run table (the registry is ROLES in roles.ts). */
export type ColumnRole = RoleId;

/**
 * One usable row of a run table. N, D and C are present when the table has
 * them or they could be derived (C = k·N·D from the other two); a law that
 * reads one of them makes the table require it.
 */
export interface Run {
  /** N, parameters (convention recorded on the table). */
  params?: number;
  /** D, training tokens. */
  tokens?: number;
  /** C, training FLOPs. */
  flops?: number;
  /** The compute budget the run was planned at (FLOPs), when the table states one; may differ from C. */
  budget?: number;
  /** Loss in nats (the target of loss laws, the input of downstream laws). */
  lossNats: number;
  /** U, unique tokens, if a column was found and the cell was not empty. */
  uniqueTokens?: number;
  /** A benchmark metric (error or accuracy, a fraction) for downstream laws, if a column was found and the cell was not empty. */
  metric?: number;
  /** Optimizer step of this checkpoint. */
  step?: number;
  /** Peak learning rate. */
  lr?: number;
  /** Batch size (in the table's unit: sequences or tokens). */
  batch?: number;
  /** Samples per problem k (test-time compute). */
  samples?: number;
  /** Test-time tokens. */
  testTimeTokens?: number;
  /** Run id: checkpoints with the same id belong to one training run. */
  runId?: string;
  /** Group or family label, if a column was found and the cell was not empty. */
  group?: string;
  /**
   * 1-based line in the source text where the row starts (CSV/TSV/JSONL: the
   * physical line; JSON array: the line where the record starts).
   */
  line: number;
}

/** A row that was not used, and why. */
export interface RowIssue {
  /** 1-based line where the row starts. */
  line: number;
  /** Header of the offending column, when one column is to blame. */
  column?: string;
  /** The raw cell value (truncated to 100 characters), when one cell is to blame. */
  value?: string;
  /** e.g. "empty cell", "not a number", "NaN", "must be > 0", "non-finite", "duplicate of line 12". */
  reason: string;
  /** Why a usable row was left out by a selection rule (absent for rows that could not be read). */
  code?: SelectionCode;
}

/** The selection rule that left out a usable row. */
export type SelectionCode = "where" | "not-best-of-config" | "not-last-checkpoint" | "no-run-id" | "highest-loss";

/** The result of {@link parseRunTable}. */
export interface RunTable {
  /** File name or "<stdin>" etc, as given. */
  source: string;
  /** The input format: csv, tsv, json, jsonl, or a registry reader's (parquet, tensorboard, wandb-…, folder). */
  format: string;
  /** Usable rows, in source order. */
  runs: Run[];
  /** Every data row not used, in source order, with line, column, value and reason. */
  excluded: RowIssue[];
  /** Human-readable notes: derived columns, column choices, conventions, consistency warnings. */
  notes: string[];
  /** Header actually used per role. */
  columns: Partial<Record<ColumnRole, string>>;
  /** How many usable rows had D resp. C derived (C = k·N·D, k = flopsPerParamToken). */
  derived: { tokens: number; flops: number };
  paramConvention: ParamConvention;
  /** Data rows seen (excluding header and blank lines); always runs.length + excluded.length. */
  rowsRead: number;
  /** Every header of the table, in order. */
  headers: string[];
  /** For a folder of run files: which lines came from which file. */
  parts?: RunTablePart[];
}

/** Lines firstLine…lastLine of a merged table came from this file (its line L is firstLine − 1 + L). */
export interface RunTablePart {
  file: string;
  firstLine: number;
  lastLine: number;
}

/** Options of {@link parseRunTable}. */
export interface ParseOptions {
  /** Name shown in notes and errors; default "<input>". */
  source?: string;
  /**
   * Default: detect. First non-space character "[" → json; "{" → jsonl when the
   * first non-blank line is a complete JSON object, else json; a tab in the header
   * line and no comma → tsv; else csv.
   */
  format?: TableFormat;
  /** Explicit column names per role (CLI --params-col etc.); matched exactly, then case- and punctuation-insensitively. */
  columns?: Partial<Record<ColumnRole, string>>;
  /**
   * Default: "nonEmbedding" if the params header matches /non.?embed/i, "active"
   * if it matches /active/i, else "total". A note records which and why.
   */
  paramConvention?: ParamConvention;
  /** k in C = k·N·D; default 6 (Kaplan et al. 2020, §2.1). */
  flopsPerParamToken?: number;
  /**
   * The roles the law to be fitted reads (its inputs and its target). Given,
   * the table must provide exactly these (N, D or C derived from the other two
   * when a law reads one that has no column); other roles are read when
   * present and never make a row unusable. Absent: a loss column and two of
   * N, D, C are required, as for the compute-optimal laws.
   */
  needs?: readonly RoleId[];
  /** Row filters (`--where`), ANDed: "dataset=rpj", "params<1.25e9"; a column is a role id or a header. */
  where?: readonly string[];
}

/** Where a fatal problem was found, for the CLI to print. */
export interface RunTableErrorLocation {
  source: string;
  line?: number;
  column?: string;
  value?: string;
}

/**
 * A fatal problem with a run table as a whole (empty input, no header, invalid
 * JSON, a required column missing, bad options). Problems with single rows are
 * never fatal: they are reported in {@link RunTable.excluded}.
 * {@link parseRunTable} throws nothing but this.
 */
export class RunTableError extends Error {
  constructor(
    message: string,
    readonly where: RunTableErrorLocation,
    options?: { cause?: unknown; code?: "unreadable-input" | "missing-column" },
  ) {
    super(message, options);
    this.name = "RunTableError";
    this.code = options?.code ?? "unreadable-input";
  }
  /** The refusal's code: missing-column when a column the law reads is absent, else unreadable-input. */
  readonly code: "unreadable-input" | "missing-column";
}
