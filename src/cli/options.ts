import { InvalidArgumentError } from "commander";
import { parseQuantity } from "../core/runs/quantity.js";

/** Commander argument parsers whose errors name the option's bad value. */
export function positiveNumber(value: string): number {
  const v = parseQuantity(value);
  if (v === null || !(v > 0)) throw new InvalidArgumentError(`expected a number > 0 (e.g. 1e-3, 5.76e23, 70B), got "${value}"`);
  return v;
}

export function wholeNumber(value: string): number {
  const v = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(v)) throw new InvalidArgumentError(`expected a whole number ≥ 0, got "${value}"`);
  return v;
}

export function positiveWholeNumber(value: string): number {
  const v = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(v) || v < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}"`);
  return v;
}

/** A plain positive number (no K/M/B/T suffix): thresholds and tolerances. */
export function positiveReal(value: string): number {
  const v = Number(value);
  if (value.trim() === "" || !Number.isFinite(v) || !(v > 0)) throw new InvalidArgumentError(`expected a number > 0 (e.g. 1e-3), got "${value}"`);
  return v;
}

/** A seed for the 32-bit generator: larger values would alias smaller ones, so they are refused. */
export function seed32(value: string): number {
  const v = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !(v <= 0xffffffff)) throw new InvalidArgumentError(`expected a whole number from 0 to 4294967295, got "${value}"`);
  return v;
}

export function atLeastTwo(value: string): number {
  const v = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(v) || v < 2) throw new InvalidArgumentError(`expected a whole number ≥ 2, got "${value}"`);
  return v;
}

/** Resamples for percentile intervals: 0 (none) or at least 2 (one resample has no 2.5% and 97.5% points to give). */
export function resampleCount(value: string): number {
  const v = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(v) || v === 1) throw new InvalidArgumentError(`expected 0 (no intervals) or a whole number ≥ 2, got "${value}"`);
  return v;
}

/** "E=1.69,alpha=0.34" → { E: 1.69, alpha: 0.34 }. */
export function fixList(value: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of value.split(",")) {
    const m = /^\s*([A-Za-z_][\w]*)\s*=\s*(\S+)\s*$/.exec(item);
    const v = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(v)) throw new InvalidArgumentError(`expected NAME=NUMBER[,NAME=NUMBER…], got "${item}"`);
    out[m[1]] = v;
  }
  return out;
}

/** "alpha=beta" → { alpha: "beta" } (alpha takes beta's value). */
export function tieList(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of value.split(",")) {
    const m = /^\s*([A-Za-z_][\w]*)\s*=\s*([A-Za-z_][\w]*)\s*$/.exec(item);
    if (!m) throw new InvalidArgumentError(`expected NAME=NAME[,NAME=NAME…], got "${item}"`);
    out[m[1]] = m[2];
  }
  return out;
}

/** "RD=6.67:13.3:20,RN=5" → { RD: [6.67, 13.3, 20], RN: [5] }. */
export function initList(value: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const item of value.split(",")) {
    const m = /^\s*([A-Za-z_][\w]*)\s*=\s*(\S+)\s*$/.exec(item);
    const values = m ? m[2].split(":").map(Number) : [];
    if (!m || values.length === 0 || values.some((v) => !Number.isFinite(v))) throw new InvalidArgumentError(`expected NAME=V1:V2:…[,NAME=…] with numbers, got "${item}"`);
    out[m[1]] = values;
  }
  return out;
}

/** "a, b,c" → ["a", "b", "c"] (empty items dropped). */
export function commaList(value: string): string[] {
  return value.split(",").map((s) => s.trim()).filter(Boolean);
}

/** A fraction in (0, 1), written 0.2 or 20%. */
export function fraction(value: string): number {
  const v = value.trim().endsWith("%") ? Number(value.trim().slice(0, -1)) / 100 : Number(value);
  if (!(v > 0 && v < 1)) throw new InvalidArgumentError(`expected a fraction in (0, 1) such as 0.2 or 20%, got "${value}"`);
  return v;
}
