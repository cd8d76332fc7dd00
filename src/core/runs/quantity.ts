// Quantities as people write them in scaling-law tables: "70B", "1.4T", "5.76e23".

/** Powers of ten of the accepted magnitude suffixes (case-insensitive; G is a synonym of B). */
const SUFFIX_POWER: Readonly<Record<string, number>> = { k: 3, m: 6, b: 9, g: 9, t: 12, p: 15 };

// sign, mantissa, optional exponent, at most one space, optional suffix.
const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))? ?([kmbgtp])?$/i;
const NOT_A_NUMBER = /^[+-]?nan$/i;
const INFINITE = /^[+-]?(?:inf|infinity)$/i;

/** Why a cell did not yield a finite number. */
export type QuantityProblem = "empty cell" | "not a number" | "NaN" | "non-finite";

/** The outcome of {@link readQuantity}: a finite number, or the reason there is none. */
export type QuantityReading = { ok: true; value: number } | { ok: false; reason: QuantityProblem };

/**
 * Reads a quantity from a table cell: a string such as "70B", "1.4T", "5.76e23" or
 * " 2.5 K ", or a number as it comes out of JSON. Suffixes K = 1e3, M = 1e6,
 * B = G = 1e9, T = 1e12, P = 1e15 (case-insensitive, one optional space before).
 * The sign is kept, not judged. The suffix is applied in decimal, so "1.4T" is
 * exactly the double nearest 1.4e12.
 *
 * Cost: O(length of the text).
 *
 * @example
 * readQuantity("70B");  // { ok: true, value: 70000000000 }
 * readQuantity("nan");  // { ok: false, reason: "NaN" }
 * readQuantity("1e400"); // { ok: false, reason: "non-finite" }
 * readQuantity("abc");  // { ok: false, reason: "not a number" }
 * readQuantity(null);   // { ok: false, reason: "empty cell" }
 */
export function readQuantity(v: unknown): QuantityReading {
  if (v === undefined || v === null) return { ok: false, reason: "empty cell" };
  if (typeof v === "number") return numberReading(v);
  if (typeof v === "bigint") return numberReading(Number(v));
  if (typeof v !== "string") return { ok: false, reason: "not a number" };
  const text = v.trim();
  if (text === "") return { ok: false, reason: "empty cell" };
  const m = QUANTITY.exec(text);
  if (m === null) {
    if (NOT_A_NUMBER.test(text)) return { ok: false, reason: "NaN" };
    if (INFINITE.test(text)) return { ok: false, reason: "non-finite" };
    return { ok: false, reason: "not a number" };
  }
  const [, sign, mantissa, exponent, suffix] = m;
  if (suffix === undefined) return numberReading(Number(text));
  // Clamped so String() stays an integer literal; beyond ±1e15 the result is 0 or ∞ anyway.
  const power = Math.max(-1e15, Math.min(1e15, Number(exponent ?? "0") + SUFFIX_POWER[suffix.toLowerCase()]));
  return numberReading(Number(`${sign}${mantissa}e${power}`));
}

function numberReading(x: number): QuantityReading {
  if (Number.isNaN(x)) return { ok: false, reason: "NaN" };
  if (!Number.isFinite(x)) return { ok: false, reason: "non-finite" };
  return { ok: true, value: x };
}

/**
 * Parses a quantity written as text: "70B", "1.4T", "5.76e23", "175M", "6.7b",
 * "1e9", " 2.5 K ", "+3" or a plain number. Returns null for anything else,
 * including "NaN", "Infinity" and numbers that overflow (e.g. "1e400"). Does not
 * judge the sign: "-3" is -3.
 *
 * Cost: O(length of the text).
 *
 * @example
 * parseQuantity("70B");    // 70000000000
 * parseQuantity("1.4T");   // 1400000000000
 * parseQuantity(" 2.5 K "); // 2500
 * parseQuantity("1.2.3");  // null
 */
export function parseQuantity(text: string): number | null {
  if (typeof text !== "string") return null;
  const r = readQuantity(text);
  return r.ok ? r.value : null;
}

/**
 * A quantity from a value of unknown type, as found in parsed JSON: finite numbers
 * are taken as they are, strings go through {@link parseQuantity}, everything else
 * (null, booleans, objects, NaN, ±Infinity) gives null.
 *
 * Cost: O(length of the text) for strings, O(1) otherwise.
 *
 * @example
 * quantityFromUnknown(7e10);     // 70000000000
 * quantityFromUnknown("70B");    // 70000000000
 * quantityFromUnknown(Infinity); // null
 * quantityFromUnknown(true);     // null
 */
export function quantityFromUnknown(v: unknown): number | null {
  if (typeof v !== "number" && typeof v !== "string") return null;
  const r = readQuantity(v);
  return r.ok ? r.value : null;
}

/**
 * The common case of {@link readQuantity} without allocating: a finite number,
 * or a string of digits, ".", "e", "E", "+", "-" that Number() reads as a
 * finite number (which the quantity grammar also accepts, with the same value).
 * Anything else (suffixes, spaces, problems) gives undefined: call readQuantity.
 * O(length).
 */
export function plainNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v !== "string" || v.length === 0) return undefined;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    // 0-9 . e E + -
    if (!((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45)) return undefined;
  }
  const x = Number(v);
  return Number.isFinite(x) ? x : undefined;
}
