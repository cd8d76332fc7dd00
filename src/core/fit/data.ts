import type { Law, LawInputs, RunInput } from "../laws/types.js";
import { COLUMN_ALIASES } from "../runs/columns.js";
import type { RoleId } from "../runs/roles.js";
import type { Run, RunTable } from "../runs/types.js";

/** A fitting data set: law inputs and observed losses as natural logs, optional case weights. */
export interface FitData {
  readonly n: number;
  readonly inputs: LawInputs;
  /** ln of the target: the loss in nats, or for downstream laws (target "metric") the metric. */
  readonly logLoss: Float64Array;
  /** Case weights (a bootstrap resample is integer weights); absent means all 1. */
  readonly weights?: Float64Array;
}

/** A point as the fitter needs it: natural-unit inputs, loss in nats and, for downstream laws, the metric. */
export type FitPoint = Partial<Record<Exclude<RunInput, "loss">, number>> & { lossNats: number; metric?: number };

/**
 * Builds fit data for a law from points. Throws a RangeError naming the point
 * and field when an input the law reads is missing, non-finite or ≤ 0 (the run
 * table has already excluded such rows; this guards library callers). O(n·k).
 */
export function fitDataFor(law: Law, points: ReadonlyArray<FitPoint>): FitData {
  const log: Partial<Record<RunInput, Float64Array>> = {};
  const positiveLog = (v: number | undefined, what: string, i: number) => {
    if (typeof v !== "number" || !Number.isFinite(v) || !(v > 0)) {
      throw new RangeError(`point ${i}: ${what} must be a finite number > 0 for law ${law.id}, got ${v}`);
    }
    return Math.log(v);
  };
  for (const input of law.inputs) log[input] = Float64Array.from(points, (pt, i) => positiveLog(input === "loss" ? pt.lossNats : pt[input], input, i));
  const logLoss = law.target === "metric"
    ? Float64Array.from(points, (pt, i) => positiveLog(pt.metric, "metric", i))
    : Float64Array.from(points, (pt, i) => positiveLog(pt.lossNats, "lossNats", i));
  return { n: points.length, inputs: { n: points.length, log }, logLoss };
}

/**
 * The same data with case weights, compacted to the points of non-zero weight
 * (a bootstrap resample touches ≈ 63% of the points, so this saves a third of
 * every evaluation). O(n·k).
 */
export function weightedSubset(data: FitData, counts: ArrayLike<number>): FitData {
  let m = 0;
  for (let i = 0; i < data.n; i++) if (counts[i] > 0) m++;
  const keep = new Int32Array(m);
  for (let i = 0, k = 0; i < data.n; i++) if (counts[i] > 0) keep[k++] = i;
  const pick = (col: Float64Array) => {
    const out = new Float64Array(m);
    for (let k = 0; k < m; k++) out[k] = col[keep[k]];
    return out;
  };
  const log: Partial<Record<RunInput, Float64Array>> = {};
  for (const input of Object.keys(data.inputs.log) as RunInput[]) log[input] = pick(data.inputs.log[input]!);
  const weights = new Float64Array(m);
  for (let k = 0; k < m; k++) weights[k] = counts[keep[k]] * (data.weights ? data.weights[keep[k]] : 1);
  return { n: m, inputs: { n: m, log }, logLoss: pick(data.logLoss), weights };
}

/**
 * The column roles a law reads: its inputs and its target (the loss, or the
 * metric of a downstream law). The run table requires exactly these.
 *
 * @example
 * lawRoles(powerLaw("flops")); // ["flops", "loss"]
 * lawRoles(downstreamExp);     // ["loss", "metric"]
 */
export function lawRoles(law: Law): RoleId[] {
  const roles = new Set<RoleId>(law.inputs);
  roles.add(law.target === "metric" ? "metric" : "loss");
  return [...roles];
}

/** What the columns a law may need beyond N, D, C and loss hold, for messages. */
const OPTIONAL_COLUMNS = {
  uniqueTokens: "U, the unique tokens available",
  metric: "the benchmark metric (error or accuracy, a fraction)",
} as const;

/**
 * Why a law cannot be fitted to these runs for want of a column, or null: a law
 * reading U needs a unique-tokens column, a downstream law a metric column, each
 * filled on every run. `remedy(role)` says how to name the column (a CLI option,
 * a control of the workbench). O(n).
 */
export function missingColumns(law: Law, table: RunTable, runs: readonly Run[], remedy: (role: "uniqueTokens" | "metric") => string): string | null {
  const needed: Array<"uniqueTokens" | "metric"> = [];
  if (law.inputs.includes("uniqueTokens")) needed.push("uniqueTokens");
  if (law.target === "metric") needed.push("metric");
  for (const role of needed) {
    const what = OPTIONAL_COLUMNS[role];
    if (!table.columns[role]) return `law ${law.id} reads ${what}, but no column was found (looked for ${COLUMN_ALIASES[role].join(", ")}); ${remedy(role)}`;
    const empty = runs.filter((r) => r[role] === undefined);
    if (empty.length > 0) {
      return `column "${table.columns[role]}" (${what}) is empty on line${empty.length === 1 ? "" : "s"} ${empty.slice(0, 10).map((r) => r.line).join(", ")}${empty.length > 10 ? ` and ${empty.length - 10} more` : ""}: law ${law.id} needs it for every run`;
    }
  }
  return null;
}
