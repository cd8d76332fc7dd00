/**
 * Rounds every number in SVG text to `digits` significant digits, so snapshots
 * survive last-bit differences in floating point (as Observable Plot's
 * snapshot tests do). Hex colours (#4c78a8) are left alone; numbers already
 * short enough (labels such as 1e21 or 250M) are left as written.
 */
export function roundNumbers(svg: string, digits = 4): string {
  return svg.replace(/#[0-9a-fA-F]{3,8}\b|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/g, (token) => {
    if (token.startsWith("#")) return token;
    const mantissa = token.replace(/^-/, "").replace(/e.*$/i, "").replace(".", "").replace(/^0+/, "");
    if (mantissa.replace(/0+$/, "").length <= digits) return token;
    return String(Number(Number(token).toPrecision(digits)));
  });
}
