// Finding the columns of a run table by name. Aliases cover the headers of the
// Chinchilla (Hoffmann et al. 2022, via Besiroglu et al. 2024), Kaplan et al. (2020)
// and Muennighoff et al. (2023) tables and of common W&B exports.

import { describeHeaders, quoteHeader } from "./describe.js";
import { parseQuantity } from "./quantity.js";
import { ROLE_IDS, ROLES } from "./roles.js";
import { RunTableError, type ColumnRole } from "./types.js";

/** Every column role, in the order columns are resolved (see ROLES in roles.ts). */
export const COLUMN_ROLES: readonly ColumnRole[] = ROLE_IDS;

/**
 * Accepted header names per role, most preferred first (from ROLES in roles.ts).
 * Matching ignores case, spaces, underscores, hyphens, "/", "." and a trailing
 * parenthesised unit, see {@link normalizeHeader}.
 */
export const COLUMN_ALIASES: Readonly<Record<ColumnRole, readonly string[]>> = Object.fromEntries(
  ROLES.map((r) => [r.id, r.aliases]),
) as Record<ColumnRole, readonly string[]>;

// A trailing "(unit)" or "[unit]", with the spaces before it.
const UNIT_SUFFIX = /\s*(?:\(([^()]*)\)|\[([^[\]]*)\])\s*$/;

/**
 * The comparable form of a header: lower case, without a trailing parenthesised
 * (or bracketed) unit, without spaces, underscores, hyphens, "/" and "." (so
 * W&B names such as "eval/c4_en-validation/CrossEntropyLoss" match however they
 * are written).
 *
 * Cost: O(length of the header).
 *
 * @example
 * normalizeHeader("Training FLOP (FLOP)"); // "trainingflop"
 * normalizeHeader("val-loss");             // "valloss"
 * normalizeHeader("throughput/total_tokens"); // "throughputtotaltokens"
 */
export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(UNIT_SUFFIX, "").replace(/[\s_\-/.]+/g, "");
}

// Per role: normalised alias → its position in the list (the earliest wins).
const ALIAS_RANK: ReadonlyMap<ColumnRole, ReadonlyMap<string, number>> = new Map(
  COLUMN_ROLES.map((role) => {
    const rank = new Map<string, number>();
    COLUMN_ALIASES[role].forEach((alias, i) => {
      const key = normalizeHeader(alias);
      if (!rank.has(key)) rank.set(key, i);
    });
    return [role, rank];
  }),
);

/** The column chosen for a role by {@link findColumn}. */
export interface ColumnMatch {
  /** Position of the column among the headers. */
  index: number;
  /** The header as written. */
  header: string;
  /** Whether the caller named the column or it was recognised by alias. */
  by: "explicit" | "alias";
  /** Other headers that also matched an alias of the role and were not used. */
  ignored: string[];
  /** Set when headers were ignored: which column was chosen and which were not. */
  note?: string;
}

/** Options of {@link findColumn}. */
export interface FindColumnOptions {
  /** Name used in the error for a missing explicit column; default "<input>". */
  source?: string;
  /** Column positions already claimed by another role; alias matching skips them. */
  skip?: ReadonlySet<number>;
}

/**
 * Finds the column that plays `role` among `headers`. With `explicit`, the header
 * equal to it (after trimming), else the first whose {@link normalizeHeader} form
 * equals its form; if there is none, throws a {@link RunTableError} naming the
 * column and listing the headers. Without `explicit`, the header matching the
 * earliest alias in {@link COLUMN_ALIASES} (ties: the leftmost header); other
 * matching headers are reported in `ignored` and `note`. Returns null when no
 * header matches.
 *
 * Cost: O(total length of the headers).
 *
 * @example
 * findColumn(["x", "Model Size", "Training FLOP", "loss"], "params");
 * // { index: 1, header: "Model Size", by: "alias", ignored: [] }
 * findColumn(["train_loss", "val_loss"], "loss");
 * // { index: 1, header: "val_loss", by: "alias", ignored: ["train_loss"],
 * //   note: 'loss column "val_loss" chosen; also matching, ignored: "train_loss"' }
 * findColumn(["N", "D"], "loss", "Loss ");
 * // throws RunTableError('<input>: column "Loss " given for loss was not found; headers are: "N", "D"')
 */
export function findColumn(
  headers: readonly string[],
  role: ColumnRole,
  explicit?: string,
  options: FindColumnOptions = {},
): ColumnMatch | null {
  const skip = options.skip ?? new Set<number>();
  if (explicit !== undefined) {
    const wanted = explicit.trim();
    let index = headers.findIndex((h) => h.trim() === wanted);
    const normal = normalizeHeader(wanted);
    if (index < 0 && normal !== "") index = headers.findIndex((h) => normalizeHeader(h) === normal);
    if (index < 0) {
      const source = options.source ?? "<input>";
      throw new RunTableError(
        `${source}: column ${quoteHeader(explicit)} given for ${role} was not found; headers are: ${describeHeaders(headers)}`,
        { source, column: explicit },
        { code: "missing-column" },
      );
    }
    return { index, header: headers[index], by: "explicit", ignored: [] };
  }
  const rank = ALIAS_RANK.get(role) ?? new Map<string, number>();
  let best = -1;
  let bestRank = Infinity;
  const matching: number[] = [];
  headers.forEach((h, i) => {
    if (skip.has(i)) return;
    const r = rank.get(normalizeHeader(h));
    if (r === undefined) return;
    matching.push(i);
    if (r < bestRank) {
      best = i;
      bestRank = r;
    }
  });
  if (best < 0) return null;
  const ignored = matching.filter((i) => i !== best).map((i) => headers[i]);
  const match: ColumnMatch = { index: best, header: headers[best], by: "alias", ignored };
  if (ignored.length > 0) {
    match.note = `${role} column ${quoteHeader(headers[best])} chosen; also matching, ignored: ${describeHeaders(ignored)}`;
  }
  return match;
}

/** A scale read from a header's unit, see {@link headerUnit}. */
export interface HeaderUnit {
  /** The unit as written, without the parentheses. */
  unit: string;
  /** Factor from the written value to the plain count (parameters, tokens or FLOPs). */
  scale: number;
}

const PF_DAY = 1e15 * 86_400; // one petaFLOP/s sustained for a day, as in Kaplan et al. (2020)

const UNIT_SCALE: ReadonlyMap<string, number> = new Map([
  ["thousand", 1e3], ["thousands", 1e3],
  ["mil", 1e6], ["million", 1e6], ["millions", 1e6],
  ["bn", 1e9], ["billion", 1e9], ["billions", 1e9],
  ["trillion", 1e12], ["trillions", 1e12],
  ...["pfday", "pfdays", "pf/sday", "pf/sdays", "pfsday", "pfsdays", "petaflopday", "petaflopdays",
    "petaflopsday", "petaflopsdays", "petaflop/sday", "petaflop/sdays"].map((u): [string, number] => [u, PF_DAY]),
]);

/**
 * The scale stated by a header's trailing unit, for count columns (params, tokens,
 * FLOPs): "(B)" or "(billions)" = 1e9, "(M)" = 1e6, "(1e21)" = 1e21, "(PF-days)" =
 * 8.64e19 (1e15 FLOP/s × 86 400 s). Returns null when the header has no unit or
 * the unit is not a scale (e.g. "(FLOP)", "(nats)").
 *
 * Cost: O(length of the header).
 *
 * @example
 * headerUnit("Model Size (B)");      // { unit: "B", scale: 1000000000 }
 * headerUnit("Compute (PF-days)");   // { unit: "PF-days", scale: 86400000000000000000 }
 * headerUnit("Training FLOP (FLOP)"); // null
 * headerUnit("throughput/total_training_Gflops"); // { unit: "GFLOPs", scale: 1000000000 }
 */
export function headerUnit(header: string): HeaderUnit | null {
  const m = UNIT_SUFFIX.exec(header);
  if (m === null) return prefixedFlops(header);
  const unit = (m[1] ?? m[2] ?? "").trim();
  const key = unit.toLowerCase().replace(/[\s_-]+/g, "");
  const named = UNIT_SCALE.get(key);
  if (named !== undefined) return { unit, scale: named };
  const written = unit.replace(/^[×x*]\s*/i, "");
  const scale = parseQuantity(/^[kmbgtp]$/i.test(written) ? `1${written}` : written);
  return scale !== null && scale > 0 && scale !== 1 ? { unit, scale } : null;
}

// A FLOP count named with an SI prefix, as OLMo logs "throughput/total_training_Gflops".
const PREFIXED_FLOPS = /(^|[^a-z])(giga|tera|peta|exa|[gtpe])flops?$/i;
const FLOPS_PREFIX: Readonly<Record<string, [string, number]>> = {
  g: ["GFLOPs", 1e9], giga: ["GFLOPs", 1e9], t: ["TFLOPs", 1e12], tera: ["TFLOPs", 1e12],
  p: ["PFLOPs", 1e15], peta: ["PFLOPs", 1e15], e: ["EFLOPs", 1e18], exa: ["EFLOPs", 1e18],
};

function prefixedFlops(header: string): HeaderUnit | null {
  const m = PREFIXED_FLOPS.exec(header.trim().replace(/[\s-]+/g, "_"));
  if (m === null) return null;
  const [unit, scale] = FLOPS_PREFIX[m[2].toLowerCase()];
  return { unit, scale };
}
