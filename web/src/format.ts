/** How the workbench writes numbers, and reads the ones people type. */
import { readQuantity } from "../../src/core/runs/quantity.js";

/** A parameter value to 6 significant digits (1.81722, 0.347310), exponent notation outside [1e-4, 1e6). */
export function sig6(v: number): string {
  if (!Number.isFinite(v)) return "not finite";
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-4)) return v.toExponential(5);
  return v.toPrecision(6);
}

/** A count of parameters or tokens: 73.2 B, 1.31 T; from 10^15 on, 1.46e15 (no "Q"). */
export function count(v: number): string {
  if (!Number.isFinite(v)) return "not finite";
  if (Math.abs(v) >= 1e15) return v.toExponential(2).replace("e+", "e");
  for (const [s, suffix] of [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]] as const) if (Math.abs(v) >= s) return `${(v / s).toPrecision(3)} ${suffix}`;
  return v.toPrecision(3);
}

/** A plain quantity (days, GPU-hours, steps, money) to 3 significant digits with thousands separators: 2,170, 32.9, 0.25; 1.46e15 from 10^15 on. */
export function quantity(v: number): string {
  if (!Number.isFinite(v)) return "not finite";
  if (Math.abs(v) >= 1e15) return v.toExponential(2).replace("e+", "e");
  return Number(v.toPrecision(3)).toLocaleString("en-US", { maximumFractionDigits: 20 });
}

/** Bytes in decimal units: 13.7 GB. */
export function bytes(v: number): string {
  if (!Number.isFinite(v)) return "not finite";
  for (const [s, suffix] of [[1e15, "PB"], [1e12, "TB"], [1e9, "GB"], [1e6, "MB"], [1e3, "kB"]] as const) if (Math.abs(v) >= s) return `${(v / s).toPrecision(3)} ${suffix}`;
  return `${v.toPrecision(3)} B`;
}

/** FLOPs: 5.76e23. */
export function flops(v: number): string {
  return Number.isFinite(v) ? v.toExponential(2).replace("e+", "e") : "not finite";
}

export function loss(v: number | undefined): string {
  return v === undefined ? "—" : Number.isFinite(v) ? `${v.toFixed(4)} nats` : "not finite";
}

/**
 * A number typed by a person, read as the CLI reads a quantity (core's readQuantity: "5.76e23", "1E23", "70B",
 * "1.4T", "1P"), thousands separators allowed ("1,000", "1_000"); NaN when unreadable. A sign is kept: callers judge.
 */
export function readNumber(text: string): number {
  const r = readQuantity(text.replace(/[,_]/g, ""));
  return r.ok ? r.value : NaN;
}
