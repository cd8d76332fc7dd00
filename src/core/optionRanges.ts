/**
 * The range of every numeric option, in one place, for every front end: the
 * CLI checks its options against it (src/cli/ranges.ts, with --threads, which
 * depends on the machine) and the workbench its fields, so an absurd value is
 * refused with its range instead of spinning, exhausting memory or printing
 * NaN. docs/conventions.md lists the same table (a test keeps them in step).
 */
export interface OptionRange {
  readonly min?: number;
  readonly max: number;
  /** Why the bound is where it is, shown in the refusal. */
  readonly why: string;
}

const BUDGET: OptionRange = { min: 1e9, max: 1e40, why: "FLOPs; 1e40 is ~10^14 times the largest training run to date, 1e9 smaller than any language model's" };
const TOKENS: OptionRange = { min: 1, max: 1e20, why: "tokens" };

/** By the option's long flag (the CLI adds --threads, which depends on the machine). */
export const OPTION_RANGES: Readonly<Record<string, OptionRange>> = {
  "--budget-flops": BUDGET,
  "--compute": BUDGET,
  "--at": BUDGET,
  "--bootstrap": { max: 1e6, why: "resamples; 10^4 already gives percentiles to 3 digits" },
  "--scale": { min: 0.1, max: 16, why: "pixels per SVG pixel" },
  "--grid-points": { min: 2, max: 1e5, why: "FLOP values on the envelope grid" },
  "--params": { min: 1, max: 1e16, why: "parameters" },
  "--tokens": TOKENS,
  "--unique-tokens": TOKENS,
  "--inference-tokens": { max: 1e20, why: "lifetime inference tokens" },
  "--batch-tokens": { min: 1, max: 1e12, why: "tokens per optimizer step" },
  "--tokens-per-step": { max: 1e12, why: "tokens per optimizer step" },
  "--gpus": { max: 1e8, why: "accelerators" },
  "--days": { max: 1e5, why: "days (about 270 years)" },
  "--peak-flops": { max: 1e18, why: "FLOP/s per accelerator" },
  "--mfu": { max: 1, why: "a fraction of peak" },
  "--inference-mfu": { max: 1, why: "a fraction of peak" },
  "--price-per-gpu-hour": { max: 1e6, why: "currency per accelerator-hour" },
  "--inference-price-per-gpu-hour": { max: 1e6, why: "currency per accelerator-hour" },
  "--target-loss": { max: 100, why: "nats" },
  "--delta": { max: 10, why: "Huber threshold on ln residuals" },
  "--budget-tolerance": { max: 1, why: "relative difference" },
  "--exclude-highest-loss": { max: 1e7, why: "runs" },
  "--layers": { max: 1e4, why: "transformer blocks" },
  "--d-model": { max: 1e6, why: "residual width" },
  "--heads": { max: 1e5, why: "attention heads" },
  "--kv-heads": { max: 1e5, why: "key/value heads" },
  "--d-ff": { max: 1e7, why: "MLP width" },
  "--vocab": { max: 1e8, why: "tokens in the vocabulary" },
  "--seq-len": { max: 1e8, why: "tokens of context" },
  "--experts": { max: 1e5, why: "experts per layer" },
  "--top-k": { max: 1e5, why: "experts per token" },
};

/** A bound or a value as the refusals write it: 1e40, 0.5. */
export const rangeNumberText = (x: number): string => (Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential().replace("e+", "e") : String(x));

/** The range as text: "1e9 … 1e40". */
export function describeRange(r: OptionRange): string {
  return r.min === undefined ? `≤ ${rangeNumberText(r.max)}` : `${rangeNumberText(r.min)} … ${rangeNumberText(r.max)}`;
}


/** Whether `value` is a finite number > 0 within the option's range (every ranged option is a positive quantity). */
export function withinRange(flag: string, value: number): boolean {
  const r = OPTION_RANGES[flag];
  if (!r) throw new RangeError(`no range is declared for option ${flag}`);
  return Number.isFinite(value) && value > 0 && value <= r.max && (r.min === undefined || value >= r.min);
}
