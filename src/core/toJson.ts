/**
 * JSON.stringify with 2-space indentation, except that arrays of plain numbers
 * stay on one line: a 4,000-resample bootstrap is 4,000 short lines, not 24,000.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\[\s*(-?[\d.eE+-]+|null)(\s*,\s*(-?[\d.eE+-]+|null))*\s*\]/g, (m) => m.replace(/\s+/g, "").replace(/,/g, ", "));
}
