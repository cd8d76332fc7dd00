// The contract every input-format reader meets. DESIGN.md, "Readers are a registry":
// one reader file per format; the registry (readers/index.ts) sniffs and dispatches.

import type { RawTable } from "../rawTable.js";

/** Input formats scalecast reads. Text formats come first; the rest are binary or need a transform. */
export type InputFormat =
  | "csv" | "tsv" | "json" | "jsonl"
  | "wandb-runs" | "wandb-chart" | "wandb-history"
  | "parquet" | "tensorboard";

/**
 * A reader of one input format. `read` returns a {@link RawTable} (headers, rows
 * with their position, and the rows it could not read, each with a reason), so
 * column roles and selection treat every format alike.
 *
 * Positions: `RawRow.line` is the 1-based line for text formats, the 1-based
 * row for Parquet, and the 1-based record for TensorBoard event files;
 * `RawTable.position` says which.
 *
 * A reader throws only `RunTableError` (from ../types.js), and only when the
 * input as a whole cannot be read (not this format, truncated header, no
 * columns). A damaged record or row becomes an entry in `issues`, never an
 * uncaught exception.
 */
export interface TableReader {
  readonly format: InputFormat;
  /** One line for help texts and docs, e.g. "W&B chart (panel) CSV export". */
  readonly title: string;
  /** Whether the input looks like this format: bytes (binary formats) or the decoded text's first line (text formats). Cheap; never throws. */
  sniff(input: { bytes: Uint8Array; firstLine: string; name: string }): boolean;
  /** Reads the whole input. `source` names it in messages (a file name or "<stdin>"). */
  read(bytes: Uint8Array, source: string): RawTable | Promise<RawTable>;
}
