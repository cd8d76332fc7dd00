/**
 * The input of `scalecast emergence`: one row per model of one task, with
 *
 * - a scale: training compute in FLOPs, or parameters (headers as the run
 *   table's `flops` and `params` roles: C, flops, compute, …; N, params, …),
 *   values such as 5.76e23 or 70B; the unit is said by the header or --scale-unit;
 * - a discontinuous metric in [0, 1]: exact match, accuracy, pass@1;
 * - optionally a continuous metric of a known kind (continuousKinds.ts);
 * - optionally the per-token probability p of the right token, or the per-token
 *   loss L (nats) with p = exp(−L), for the metric transforms;
 * - optionally a model name.
 *
 * Columns are found by name (normalizeHeader: case, spaces, "_", "-", "/", "."
 * and a unit in parentheses ignored) or named explicitly. Bad input is refused
 * with a RangeError naming file, line, column and value.
 */
import { normalizeHeader } from "../runs/columns.js";
import { readQuantity } from "../runs/quantity.js";
import { ROLES } from "../runs/roles.js";
import { CONTINUOUS_KINDS, continuousKind, type ContinuousKind } from "./continuousKinds.js";
import { readWholeTable } from "../runs/readRawTable.js";

export type ScaleUnit = "flops" | "params";
export const SCALE_UNITS: readonly ScaleUnit[] = ["flops", "params"];
export const SCALE_LABEL: Record<ScaleUnit, string> = { flops: "training compute C (FLOPs)", params: "parameters N" };

const METRIC_ALIASES = ["exact_match", "em", "accuracy", "acc", "pass@1", "pass_at_1", "pass1", "metric", "score"];
const P_ALIASES = ["p", "token_prob", "per_token_prob", "p_token", "token_probability"];
const MODEL_ALIASES = ["model", "model_name", "name"];

/** Columns named explicitly (`--scale-col` and friends); each must exist. */
export interface EmergenceColumns {
  scale?: string;
  metric?: string;
  continuous?: string;
  p?: string;
  loss?: string;
  model?: string;
}

export interface EmergenceReadOptions {
  columns?: EmergenceColumns;
  scaleUnit?: ScaleUnit;
  /** The continuous column's kind id; default from its header. */
  continuousKind?: string;
}

export interface EmergencePoint {
  line: number;
  model?: string;
  scale: number;
  metric: number;
  continuous?: number;
  /** Per-token probability of the right token, from the p column, the loss column or a token-level continuous column. */
  p?: number;
}

export interface EmergenceTable {
  source: string;
  format: string;
  columns: Record<string, string>;
  scaleUnit: ScaleUnit;
  continuousKind?: ContinuousKind;
  /** Where p comes from, when it does. */
  pFrom?: string;
  points: EmergencePoint[];
}

function findHeader(headers: string[], names: readonly string[], claimed: ReadonlySet<number>): number {
  const h = headers.map(normalizeHeader);
  for (const name of names) { const i = h.indexOf(normalizeHeader(name)); if (i >= 0 && !claimed.has(i)) return i; }
  return -1;
}

/** Reads an emergence table's text. Throws a RangeError naming file, line, column and value for anything it cannot use. O(rows). */
export function readEmergence(text: string, source: string, options: EmergenceReadOptions = {}): EmergenceTable {
  const { raw, format } = readWholeTable(text, source);
  const explicit = options.columns ?? {};
  const flag: Record<keyof EmergenceColumns, string> = { scale: "--scale-col", metric: "--metric-col", continuous: "--continuous-col", p: "--p-col", loss: "--loss-col", model: "--model-col" };
  const named = (role: keyof EmergenceColumns): number => {
    const name = explicit[role]!;
    const i = raw.headers.map(normalizeHeader).indexOf(normalizeHeader(name));
    if (i < 0) throw new RangeError(`${source}: no column "${name}" (${flag[role]}); headers: ${raw.headers.join(", ")}`);
    return i;
  };
  const claimed = new Set<number>((Object.keys(explicit) as Array<keyof EmergenceColumns>).filter((r) => explicit[r] !== undefined).map(named));
  const claim = (i: number) => { if (i >= 0) claimed.add(i); return i; };
  const aliasesOf = (id: "flops" | "params") => ROLES.find((r) => r.id === id)!.aliases;

  // scale: explicit, else a FLOPs header, else a parameter header
  let scaleUnit = options.scaleUnit;
  let scale: number;
  if (explicit.scale !== undefined) {
    scale = named("scale");
    const h = raw.headers[scale];
    scaleUnit ??= findHeader([h], aliasesOf("flops"), new Set()) === 0 ? "flops" : findHeader([h], aliasesOf("params"), new Set()) === 0 ? "params" : undefined;
    if (scaleUnit === undefined) throw new RangeError(`${source}: the scale column "${h}" does not say what it counts; give --scale-unit flops or --scale-unit params`);
  } else {
    const order: ScaleUnit[] = scaleUnit ? [scaleUnit] : ["flops", "params"];
    scale = -1;
    for (const unit of order) {
      scale = claim(findHeader(raw.headers, aliasesOf(unit), claimed));
      if (scale >= 0) { scaleUnit = unit; break; }
    }
    if (scale < 0) throw new RangeError(`${source}: no scale column (FLOPs: ${aliasesOf("flops").slice(0, 4).join(", ")}, …; parameters: ${aliasesOf("params").slice(0, 4).join(", ")}, …); name it with --scale-col; headers: ${raw.headers.join(", ")}`);
  }
  const metric = explicit.metric !== undefined ? named("metric") : claim(findHeader(raw.headers, METRIC_ALIASES, claimed));
  if (metric < 0) throw new RangeError(`${source}: no discontinuous metric column (${METRIC_ALIASES.join(", ")}); name it with --metric-col; headers: ${raw.headers.join(", ")}`);

  let kind: ContinuousKind | undefined = options.continuousKind !== undefined ? continuousKind(options.continuousKind) : undefined;
  let continuous = -1;
  if (explicit.continuous !== undefined) {
    continuous = named("continuous");
    kind ??= CONTINUOUS_KINDS.find((k) => findHeader([raw.headers[continuous]], k.aliases, new Set()) === 0);
    if (!kind) throw new RangeError(`${source}: the continuous column "${raw.headers[continuous]}" does not say what it measures; give --continuous-kind (${CONTINUOUS_KINDS.map((k) => k.id).join(", ")})`);
  } else {
    for (const k of kind ? [kind] : CONTINUOUS_KINDS) {
      continuous = claim(findHeader(raw.headers, k.aliases, claimed));
      if (continuous >= 0) { kind = k; break; }
    }
    if (continuous < 0) kind = undefined;
  }
  const pCol = explicit.p !== undefined ? named("p") : claim(findHeader(raw.headers, P_ALIASES, claimed));
  const lossCol = explicit.loss !== undefined ? named("loss") : -1;
  if (pCol >= 0 && lossCol >= 0) throw new RangeError(`${source}: both a per-token probability column ("${raw.headers[pCol]}") and a loss column ("${raw.headers[lossCol]}") give p; name one`);
  const model = explicit.model !== undefined ? named("model") : claim(findHeader(raw.headers, MODEL_ALIASES, claimed));

  const at = (row: { line: number }, i: number, s: string) => `${source}: line ${row.line}, column "${raw.headers[i]}": "${s}"`;
  const cellText = (v: unknown) => (v === undefined || v === null ? "" : String(v).trim());
  const number = (row: { line: number; cell: (i: number) => unknown }, i: number, what: string): number => {
    const s = cellText(row.cell(i));
    const r = readQuantity(s);
    if (!r.ok) throw new RangeError(`${at(row, i, s)} is not a number (${r.reason}); expected ${what}`);
    return r.value;
  };
  const points: EmergencePoint[] = raw.rows.map((row) => {
    const x = number(row, scale, `a ${scaleUnit === "flops" ? "FLOP count" : "parameter count"} > 0`);
    if (!(x > 0)) throw new RangeError(`${at(row, scale, cellText(row.cell(scale)))} is not a scale > 0`);
    const y = number(row, metric, "a fraction in [0, 1]");
    if (!(y >= 0 && y <= 1)) throw new RangeError(`${at(row, metric, cellText(row.cell(metric)))} is outside [0, 1]: the discontinuous metric is a fraction (exact match, accuracy, pass@1)`);
    const point: EmergencePoint = { line: row.line, scale: x, metric: y };
    if (model >= 0) point.model = cellText(row.cell(model));
    if (continuous >= 0) {
      const v = number(row, continuous, `${kind!.label} in ${kind!.unit}`);
      if (!(v >= kind!.range[0] && v <= kind!.range[1])) throw new RangeError(`${at(row, continuous, cellText(row.cell(continuous)))} is outside [${kind!.range[0]}, ${kind!.range[1]}], the range of ${kind!.label} (${kind!.unit})`);
      point.continuous = v;
      if (kind!.toP) point.p = kind!.toP(v);
    }
    if (pCol >= 0) {
      const v = number(row, pCol, "a probability in [0, 1]");
      if (!(v >= 0 && v <= 1)) throw new RangeError(`${at(row, pCol, cellText(row.cell(pCol)))} is outside [0, 1]: p is the probability of the right token`);
      point.p = v;
    } else if (lossCol >= 0) {
      const v = number(row, lossCol, "a per-token loss ≥ 0 (nats)");
      if (!(v >= 0)) throw new RangeError(`${at(row, lossCol, cellText(row.cell(lossCol)))} is negative: a per-token loss (nats) is ≥ 0`);
      point.p = Math.exp(-v);
    }
    return point;
  });
  const cols: Record<string, string> = { scale: raw.headers[scale], metric: raw.headers[metric] };
  if (continuous >= 0) cols.continuous = raw.headers[continuous];
  if (pCol >= 0) cols.p = raw.headers[pCol];
  if (lossCol >= 0) cols.loss = raw.headers[lossCol];
  if (model >= 0) cols.model = raw.headers[model];
  const pFrom = pCol >= 0 ? `column "${raw.headers[pCol]}" (per-token probability)` : lossCol >= 0 ? `column "${raw.headers[lossCol]}" (per-token loss L, p = exp(−L))`
    : continuous >= 0 && kind!.toP ? `column "${raw.headers[continuous]}" (${kind!.label}, ${kind!.id === "token-logprob" ? "p = exp(log p)" : "p = exp(−L)"})` : undefined;
  return { source, format, columns: cols, scaleUnit: scaleUnit!, ...(continuous >= 0 ? { continuousKind: kind } : {}), ...(pFrom ? { pFrom } : {}), points };
}
