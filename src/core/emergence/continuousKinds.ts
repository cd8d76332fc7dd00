/**
 * The continuous metrics `scalecast emergence` knows, as data: what each
 * measures, its unit, whether lower or higher is better (which decides the
 * power law it is fitted with), the values it may take and the headers that
 * name it. Adding a kind is one entry here.
 */

export interface ContinuousKind {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  /** "lower": fitted as y = c + a·x^(−b) (falls towards c); "higher": y = c − a·x^(−b) (rises towards c). */
  readonly better: "lower" | "higher";
  /** Values a cell may take, inclusive. */
  readonly range: readonly [number, number];
  /** Headers that name it, matched by normalizeHeader (case, spaces, "_", "-", "/", "." ignored). */
  readonly aliases: readonly string[];
  /** How a per-token probability follows from a value, when it does (token log-probability and token loss). */
  readonly toP?: (value: number) => number;
}

export const CONTINUOUS_KINDS: readonly ContinuousKind[] = [
  { id: "edit-distance", label: "token edit distance to the answer", unit: "tokens", better: "lower", range: [0, Infinity], aliases: ["edit_distance", "token_edit_distance", "levenshtein", "edit_dist"] },
  { id: "token-logprob", label: "per-token log-probability of the answer", unit: "nats per token (≤ 0)", better: "higher", range: [-Infinity, 0], aliases: ["token_logprob", "logprob", "mean_logprob", "log_prob", "avg_logprob"], toP: (v) => Math.exp(v) },
  { id: "token-loss", label: "per-token loss (cross-entropy) of the answer", unit: "nats per token", better: "lower", range: [0, Infinity], aliases: ["token_loss", "answer_loss", "loss", "cross_entropy", "ce"], toP: (v) => Math.exp(-v) },
  { id: "bits-per-byte", label: "bits per byte", unit: "bits per byte", better: "lower", range: [0, Infinity], aliases: ["bits_per_byte", "bpb"] },
  { id: "bleu", label: "BLEU", unit: "BLEU points (0–100)", better: "higher", range: [0, 100], aliases: ["bleu", "sacrebleu"] },
  { id: "brier", label: "Brier score", unit: "Brier score (0–1)", better: "lower", range: [0, 1], aliases: ["brier", "brier_score"] },
];

export const CONTINUOUS_KIND_IDS = CONTINUOUS_KINDS.map((k) => k.id);

/** The kind with this id, or a RangeError listing the known ones. */
export function continuousKind(id: string): ContinuousKind {
  const kind = CONTINUOUS_KINDS.find((k) => k.id === id);
  if (!kind) throw new RangeError(`unknown continuous metric kind "${id}"; known: ${CONTINUOUS_KIND_IDS.join(", ")}`);
  return kind;
}
