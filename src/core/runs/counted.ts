import { UnusableRunsError } from "../errors.js";
import type { Run } from "./types.js";

/** A run with all of N, D and C known (read or derived). */
export type CountedRun = Run & { params: number; tokens: number; flops: number };

/**
 * The runs when every one has N, D and C, for methods that need all three
 * (IsoFLOP profiles, figures in N–D–C space, top-compute holdouts). Throws a
 * RangeError naming `purpose`, the first run without one and what it lacks;
 * the CLI shows it as a refusal with exit 1. O(n).
 *
 * @example
 * countedRuns([{ params: 1e9, tokens: 2e10, flops: 1.2e20, lossNats: 3, line: 2 }], "isoflop"); // the same run
 * countedRuns([{ flops: 1e20, lossNats: 3, line: 2 }], "isoflop");
 * // RangeError: isoflop needs N, D and C for every run; line 2 has no params (N), tokens (D) …
 */
export function countedRuns(runs: readonly Run[], purpose: string, need: ReadonlyArray<"params" | "tokens" | "flops"> = ["params", "tokens", "flops"]): CountedRun[] {
  for (const r of runs) {
    const lacking = need.filter((k) => r[k] === undefined);
    if (lacking.length > 0) {
      const sym = { params: "N", tokens: "D", flops: "C" } as const;
      throw new UnusableRunsError(`${purpose} needs ${need.map((k) => sym[k]).join(", ")} for every run; line ${r.line} has no ${lacking.map((k) => `${k} (${sym[k]})`).join(" or ")} (not given, or C = 6ND is not a finite number): give the columns (--params-col, --tokens-col, --flops-col), two of which determine the third by C = 6ND`);
    }
  }
  return runs as CountedRun[];
}
