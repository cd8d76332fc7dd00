/**
 * The range of every numeric option, in one place. Commander's parsers check
 * the kind of number (whole, positive, a size like 70B); this table checks that
 * it is one the tool can honour, so an absurd value is refused (exit 2) with
 * its range instead of spinning, exhausting memory or printing NaN. A root
 * preAction hook (run.ts) applies it to whichever command runs; docs/conventions.md
 * lists the same table (a test keeps them in step).
 */
import type { Command } from "commander";
import { availableParallelism } from "node:os";

import { OPTION_RANGES as SHARED_RANGES, describeRange, rangeNumberText as show, type OptionRange } from "../core/optionRanges.js";

export { describeRange, type OptionRange };

/** By the option's long flag: the shared table, and --threads, bounded by this machine's cores. */
export const OPTION_RANGES: Readonly<Record<string, OptionRange>> = {
  ...SHARED_RANGES,
  "--threads": { max: 4 * availableParallelism(), why: "4 × the cores of this machine" },
};

/** preAction hook: refuses (exit 2) a numeric option outside its range, naming option, value and range. */
export function checkRanges(_root: Command, action: Command): void {
  for (const option of action.options) {
    const range = option.long ? OPTION_RANGES[option.long] : undefined;
    if (!range || action.getOptionValueSource(option.attributeName()) !== "cli") continue;
    const value = action.getOptionValue(option.attributeName()) as unknown;
    if (typeof value !== "number") continue;
    if (value > range.max || (range.min !== undefined && value < range.min)) {
      action.error(`error: option '${option.flags}' must be ${describeRange(range)} (${range.why}), got ${show(value)}`, { exitCode: 2 });
    }
  }
}
