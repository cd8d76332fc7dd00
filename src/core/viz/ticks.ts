import { NothingToDrawError } from "../errors.js";
import { numberText } from "../diagnostics.js";

/**
 * Domains and tick values for the figures' axes. Log axes get ticks at powers
 * of ten, or at 1-2-5 multiples when the domain spans under two decades
 * (so an axis always has at least a few labels); linear axes at 1-2-5 steps
 * (the tick-step rule of d3-array's `ticks`).
 */

/** `count` points evenly spaced in ln between lo and hi (inclusive). */
export function logGrid(lo: number, hi: number, count: number): number[] {
  if (!(lo > 0 && hi >= lo) || count < 2) throw new RangeError(`log grid needs 0 < lo ≤ hi and count ≥ 2, got [${lo}, ${hi}], ${count}`);
  const a = Math.log(lo), b = Math.log(hi);
  return Array.from({ length: count }, (_, i) => (i === 0 ? lo : i === count - 1 ? hi : Math.exp(a + ((b - a) * i) / (count - 1))));
}

/** The 1-2-5 values (…, 0.5, 1, 2, 5, 10, …) nearest below lo and above hi. */
export function niceLogDomain(lo: number, hi: number): [number, number] {
  // values near the largest double, widened for the margins, overflow: a figure with no finite axis has nothing to draw
  if (lo > 0 && hi >= lo && !(hi * 10 < Infinity)) throw new NothingToDrawError(`an axis would reach ${numberText(hi)}, beyond the largest finite number once widened: the values are too large to draw`);
  if (!(lo > 0 && hi >= lo && Number.isFinite(hi))) throw new RangeError(`a log domain needs 0 < lo ≤ hi < ∞, got [${lo}, ${hi}]`);
  const steps = [1, 2, 5, 10];
  const down = (v: number) => {
    const p = 10 ** Math.floor(Math.log10(v));
    let best = p;
    for (const s of steps) if (s * p <= v * (1 + 1e-12)) best = s * p;
    return best;
  };
  const up = (v: number) => {
    const p = 10 ** Math.floor(Math.log10(v));
    for (const s of steps) if (s * p >= v * (1 - 1e-12)) return s * p;
    return 10 * p;
  };
  const a = down(lo), b = up(hi);
  return b > a ? [a, b] : [a / 2, b * 2];
}

/** Ticks of a log axis over [lo, hi]: decades, else 1-2-5 multiples, else 1…9 multiples, whichever first gives ≥ 3. */
export function logTicks(lo: number, hi: number): number[] {
  const inside = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  // a domain that is not finite positive (an overflowed value) has no ticks; a finite one spans at most ~650 decades
  if (!(lo > 0 && hi >= lo && Number.isFinite(hi))) return [];
  const from = Math.floor(Math.log10(lo)), to = Math.ceil(Math.log10(hi));
  const multiples = (ms: number[]) => {
    const out: number[] = [];
    for (let k = from; k <= to; k++) for (const m of ms) { const v = Number((m * 10 ** k).toPrecision(12)); if (inside(v)) out.push(v); }
    return out;
  };
  for (const ms of [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const t = multiples(ms);
    if (t.length >= 3) return t;
  }
  return multiples([1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

/** Step of about `count` ticks over [lo, hi]: 1, 2 or 5 times a power of ten. */
export function tickStep(lo: number, hi: number, count: number): number {
  const raw = (hi - lo) / Math.max(1, count);
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw)), e = raw / p;
  return (e >= 7.07 ? 10 : e >= 3.16 ? 5 : e >= 1.41 ? 2 : 1) * p;
}

/** Multiples of a 1-2-5 step within [lo, hi]. */
export function linearTicks(lo: number, hi: number, count = 5): number[] {
  const step = tickStep(lo, hi, count);
  const out: number[] = [];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && step > 0 && Number.isFinite(step))) return out;
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/** [lo, hi] widened to multiples of a 1-2-5 step (about `count` ticks): a linear axis domain. */
export function niceLinearDomain(lo: number, hi: number, count = 5): [number, number] {
  if (!(hi > lo)) { const pad = Math.abs(lo) * 0.05 || 1; lo -= pad; hi += pad; }
  const step = tickStep(lo, hi, count);
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

/** Smallest and largest finite value. */
export function extent(values: Iterable<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (!(hi >= lo)) throw new NothingToDrawError("the figure has no finite value to draw (the fitted law overflows over the whole range)");
  return [lo, hi];
}
