/** Human formatting for terminal tables. */

const SCALE: Array<[number, string]> = [[1e15, "P"], [1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]];

/** 7.23e10 → "72.3 B"; used for parameter and token counts. */
export function formatCount(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  for (const [s, suffix] of SCALE) if (Math.abs(v) >= s) return `${(v / s).toPrecision(3)} ${suffix}`;
  return v.toPrecision(3);
}

/** A number with `digits` significant digits, exponential when very large or small. */
export function formatNumber(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) >= 1e7 || Math.abs(v) < 1e-4)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

/** Left-aligned columns padded to the widest cell. */
export function table(rows: string[][], indent = "  "): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, j) => { widths[j] = Math.max(widths[j] ?? 0, c.length); });
  return rows.map((r) => indent + r.map((c, j) => (j === r.length - 1 ? c : c.padEnd(widths[j]))).join("  ")).join("\n");
}

/**
 * Warnings as text lines, "  ! message [code]", at most `perCode` of each code
 * (then one line counting the rest: all are in --json). O(n).
 */
export function renderDiagnostics(list: ReadonlyArray<{ code: string; message: string }>, perCode = 5): string[] {
  const out: string[] = [];
  const seen = new Map<string, number>();
  for (const d of list) {
    const k = (seen.get(d.code) ?? 0) + 1;
    seen.set(d.code, k);
    if (k <= perCode) out.push(`  ! ${d.message} [${d.code}]`);
  }
  for (const [code, k] of seen) if (k > perCode) out.push(`  ! … and ${k - perCode} more [${code}] (all listed in --json)`);
  return out;
}
