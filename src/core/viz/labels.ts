/**
 * Axis labels and titles, in one place (issue 5 item 4). Each label format is
 * written twice, as a TypeScript function and as the Vega expression an axis
 * evaluates (`labelExpr`), and a test renders the expression and compares it
 * with the function. Counts use K, M, B (billion) and T (trillion) — never the
 * SI "G" — and FLOPs use plain exponents: 2.5e8 → "250M", 7e10 → "70B",
 * 1.4e12 → "1.4T"; 1e21 → "1e21".
 */

/** Suffixes of counts, largest first; beyond 1e15 counts switch to exponent notation. */
const COUNT_UNITS: ReadonlyArray<readonly [number, string]> = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]];
const COUNT_EXPONENT_FROM = 1e15;

/** Three significant digits, trailing zeros trimmed (d3-format ".3~r" for these magnitudes). */
const sig3 = (v: number) => String(Number(v.toPrecision(3)));

/**
 * A parameter or token count as an axis label: 3 significant digits with K, M, B or T.
 *
 * @example formatCount(7e10) // → "70B"
 * @example formatCount(1.4e12) // → "1.4T"
 */
export function formatCount(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= COUNT_EXPONENT_FROM) return formatFlops(v);
  for (const [scale, suffix] of COUNT_UNITS) if (Math.abs(v) >= scale) return sig3(v / scale) + suffix;
  return sig3(v);
}

/**
 * FLOPs as an axis label: mantissa of up to 3 significant digits and a plain exponent.
 *
 * @example formatFlops(1e21) // → "1e21"
 * @example formatFlops(5.76e23) // → "5.76e23"
 */
export function formatFlops(v: number): string {
  if (!Number.isFinite(v) || v === 0) return String(v);
  const [mantissa, exponent] = v.toExponential(2).split("e");
  return `${Number(mantissa)}e${Number(exponent)}`;
}

/**
 * A loss (nats) or another plain value: 3 significant digits.
 *
 * @example formatValue(2.5) // → "2.5"
 */
export function formatValue(v: number): string {
  return Number.isFinite(v) ? sig3(v) : String(v);
}

/** Vega expression of `formatCount` applied to `value` (default the axis datum). */
export function countLabelExpr(value = "datum.value"): string {
  const v = value;
  const branches = COUNT_UNITS.map(([scale, suffix]) => `abs(${v}) >= ${scale} ? format(${v} / ${scale}, '.3~r') + '${suffix}'`);
  return `abs(${v}) >= ${COUNT_EXPONENT_FROM} ? ${flopsLabelExpr(v)} : ${branches.join(" : ")} : format(${v}, '.3~r')`;
}

/** Vega expression of `formatFlops`: d3's "1e+21" with the "+" removed. */
export function flopsLabelExpr(value = "datum.value"): string {
  return `replace(format(${value}, '.2~e'), 'e+', 'e')`;
}

/** Vega expression of `formatValue`. */
export function valueLabelExpr(value = "datum.value"): string {
  return `format(${value}, '.3~r')`;
}

/** What N counts, as written in titles. */
export function conventionName(convention: "total" | "nonEmbedding" | "active"): string {
  return convention === "nonEmbedding" ? "non-embedding" : convention;
}

/** Axis and legend titles, units and the parameter convention included. */
export const TITLES = {
  flops: "training compute C = 6ND (FLOPs)",
  tokens: "training tokens D",
  loss: "loss (nats)",
  params: (convention: "total" | "nonEmbedding" | "active") => `parameters N (${conventionName(convention)})`,
} as const;

/** Vega-Lite transforms adding `<field>Text`: a count written as the axes write it (70B, 1.4T), for tooltips (d3's ".3s" would say 70G). */
export function countTextTransforms(fields: readonly string[]): Array<{ calculate: string; as: string }> {
  return fields.map((f) => ({ calculate: `isValid(datum.${f}) ? ${countLabelExpr(`datum.${f}`)} : '—'`, as: `${f}Text` }));
}
