// The column roles of a run table: one registry from which column detection, the
// `--…-col` options of every command and the workbench's column pickers derive.
// DESIGN.md, "Roles, not fixed columns". Adding a role is one entry here.

/** Every role a column can play. */
export type RoleId =
  | "params" | "tokens" | "flops" | "budget" | "uniqueTokens"
  | "loss" | "metric"
  | "step" | "lr" | "batch" | "samples" | "testTimeTokens"
  | "run" | "group";

/**
 * How a role's cells are read:
 * - "count": a positive quantity (70B, 1.4T, 5.76e23), scaled by a header unit such as "(B)";
 * - "target": a positive measured value (loss in nats, a metric fraction);
 * - "number": a positive setting (learning rate, batch size, step ≥ 0);
 * - "label": text (run id, group).
 */
export type RoleKind = "count" | "target" | "number" | "label";

export interface RoleSpec {
  readonly id: RoleId;
  /** Short label for help texts and pickers, with the unit. */
  readonly label: string;
  readonly kind: RoleKind;
  /** The command-line option that names the column, e.g. "--params-col". */
  readonly flag: string;
  /** Accepted header names, most preferred first; matched by {@link normalizeHeader}. */
  readonly aliases: readonly string[];
  /** Whether a cell of 0 is valid (a step may be 0; a parameter count may not). */
  readonly zeroAllowed?: boolean;
}

/** Every role, in the order columns are resolved (earlier roles claim a header first). */
export const ROLES: readonly RoleSpec[] = [
  {
    id: "params", label: "N, parameters", kind: "count", flag: "--params-col",
    aliases: ["N", "params", "parameters", "n_params", "num_params", "model_size", "Model Size",
      "non_embedding_params", "nonembedding_params", "active_params", "params_N", "model/n_params"],
  },
  {
    id: "tokens", label: "D, training tokens", kind: "count", flag: "--tokens-col",
    aliases: ["D", "tokens", "training_tokens", "n_tokens", "num_tokens", "tokens_D", "Training Tokens", "data",
      "tokens_seen", "tokens_processed", "consumed_tokens", "num_tokens_seen", "total_tokens", "throughput/total_tokens"],
  },
  {
    id: "flops", label: "C, training FLOPs", kind: "count", flag: "--flops-col",
    aliases: ["C", "flops", "compute", "Training FLOP", "training_flops", "FLOPs", "total_flops",
      "throughput/total_training_Gflops", "total_training_Gflops"],
  },
  {
    id: "budget", label: "stated compute budget (FLOPs)", kind: "count", flag: "--budget-col",
    aliases: ["budget", "compute_budget", "flops_budget", "budget_flops", "target_flops", "isoflop", "isoflop_budget"],
  },
  {
    id: "uniqueTokens", label: "U, unique tokens", kind: "count", flag: "--unique-tokens-col",
    aliases: ["U", "unique_tokens", "unique_tokens_U", "uniqueTokens"],
  },
  {
    id: "loss", label: "loss (nats)", kind: "target", flag: "--loss-col",
    aliases: ["loss", "val_loss", "validation_loss", "eval_loss", "loss_nats", "val_loss_nats", "final_loss", "L", "train_loss"],
  },
  {
    id: "metric", label: "metric (error or accuracy, a fraction)", kind: "target", flag: "--metric-col",
    aliases: ["metric", "accuracy", "acc", "error", "err", "top1_error", "score", "benchmark", "pass_rate", "coverage", "exact_match"],
  },
  {
    id: "step", label: "optimizer step", kind: "number", flag: "--step-col", zeroAllowed: true,
    aliases: ["step", "steps", "global_step", "train_step", "iteration", "iter", "_step", "trainer/global_step"],
  },
  {
    id: "lr", label: "learning rate", kind: "number", flag: "--lr-col",
    aliases: ["lr", "learning_rate", "peak_lr", "learning_rate_peak", "max_lr"],
  },
  {
    id: "batch", label: "batch size", kind: "number", flag: "--batch-col",
    aliases: ["bs", "batch", "batch_size", "global_batch_size", "batch_size_in_tokens"],
  },
  {
    id: "samples", label: "k, samples per problem", kind: "number", flag: "--samples-col",
    aliases: ["k", "samples", "num_samples", "n_samples"],
  },
  {
    id: "testTimeTokens", label: "test-time tokens", kind: "count", flag: "--test-time-tokens-col",
    aliases: ["test_time_tokens", "inference_tokens", "tokens_per_sample", "thinking_tokens", "reasoning_tokens", "thinking_budget", "generation_budget"],
  },
  {
    id: "run", label: "run id", kind: "label", flag: "--run-col",
    aliases: ["run", "run_id", "run_name", "name", "id", "exp_name", "experiment", "model", "model_name"],
  },
  {
    id: "group", label: "group or family", kind: "label", flag: "--group-col",
    aliases: ["group", "family", "dataset", "data_mix", "variant"],
  },
];

/** The spec of each role by id. */
export const ROLE: Readonly<Record<RoleId, RoleSpec>> = Object.fromEntries(ROLES.map((r) => [r.id, r])) as Record<RoleId, RoleSpec>;

/** Every role id, in resolution order. */
export const ROLE_IDS: readonly RoleId[] = ROLES.map((r) => r.id);

/** The counts N, D and C, which C = k·N·D ties together. */
export const COUNT_ROLES = ["params", "tokens", "flops"] as const;
export type CountRole = (typeof COUNT_ROLES)[number];

/** The camel-case option key commander makes of a role's flag: "--unique-tokens-col" → "uniqueTokensCol". */
export function roleOptionKey(role: RoleId): string {
  return ROLE[role].flag.replace(/^--/, "").replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
