/**
 * Scoring a ledger against the runs that landed (`scalecast forecast score`):
 * each target is matched to the actual runs with the same N and D (or the same
 * C, for a target given as C alone) within MATCH_RTOL; each match gets its
 * error, relative error, z-score and whether each interval covered it; the
 * ledger gets the coverage of its 80% and 95% prediction intervals and the mean
 * absolute relative error. A target with no match is said (`no-actual`).
 *
 * z-score: (ln actual − ln predicted) / σ, with σ the half-width of the 95% PI
 * in ln units over 1.96 (a normal reading of the interval, stated as such).
 */
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import type { Run } from "../runs/types.js";
import type { LedgerRecord } from "./ledger.js";

/** Relative tolerance for a run to match a target's N, D or C. */
export const MATCH_RTOL = 1e-3;

export interface ScoredTarget {
  record: string;
  createdAt: string;
  target: Record<string, number>;
  predicted: number;
  /** The matched run(s): line and actual value; more than one match is scored on their mean and said. */
  actual?: { value: number; lines: number[] };
  error?: number;
  relativeError?: number;
  z?: number;
  covered?: { ci: Record<string, boolean>; pi: Record<string, boolean> };
}

export interface LedgerScore {
  targets: ScoredTarget[];
  scored: number;
  /** Fraction of scored targets inside their 80% and 95% prediction intervals (targets with intervals). */
  piCoverage?: Record<string, number>;
  meanAbsoluteRelativeError?: number;
  warnings: Diagnostic[];
}

interface Prediction { inputs: Record<string, number>; predicted: number; ci?: Record<string, [number, number]>; pi?: Record<string, [number, number]> }

const near = (a: number | undefined, b: number) => a !== undefined && Math.abs(a / b - 1) <= MATCH_RTOL;

/** Scores every target of every record against `runs` (the value compared is the loss in nats, or the metric for downstream fits). */
export function scoreLedger(records: readonly LedgerRecord[], runs: readonly Run[]): LedgerScore {
  const out: ScoredTarget[] = [];
  const warnings: Diagnostic[] = [];
  for (const rec of records) {
    const target = (rec.fit as { law?: { target?: string } }).law?.target === "metric" ? "metric" : "loss";
    for (const p of rec.predictions as Prediction[]) {
      const t = p.inputs;
      const matches = runs.filter((r) => (t.params !== undefined && t.tokens !== undefined ? near(r.params, t.params) && near(r.tokens, t.tokens) : t.flops !== undefined ? near(r.flops, t.flops) : false))
        .filter((r) => (target === "metric" ? r.metric : r.lossNats) !== undefined);
      const base: ScoredTarget = { record: rec.id, createdAt: rec.createdAt, target: t, predicted: p.predicted };
      if (matches.length === 0) {
        warnings.push(diagnostic("no-actual", `record ${rec.id}: no run in the results matches ${Object.entries(t).map(([k, v]) => `${k} ${v.toExponential(3)}`).join(", ")} (within ${100 * MATCH_RTOL}%): not scored`));
        out.push(base);
        continue;
      }
      const values = matches.map((r) => (target === "metric" ? r.metric! : r.lossNats!));
      const actual = values.reduce((s, v) => s + v, 0) / values.length;
      const pi95 = p.pi?.["0.95"];
      const sigma = pi95 ? (Math.log(pi95[1]) - Math.log(pi95[0])) / (2 * 1.959963984540054) : undefined;
      const inside = (iv: Record<string, [number, number]> | undefined) => Object.fromEntries(Object.entries(iv ?? {}).map(([level, [lo, hi]]) => [level, actual >= lo && actual <= hi]));
      out.push({
        ...base, actual: { value: actual, lines: matches.map((r) => r.line) },
        error: actual - p.predicted, relativeError: (actual - p.predicted) / p.predicted,
        ...(sigma && sigma > 0 ? { z: (Math.log(actual) - Math.log(p.predicted)) / sigma } : {}),
        ...(p.pi ? { covered: { ci: inside(p.ci), pi: inside(p.pi) } } : {}),
      });
      if (matches.length > 1) warnings.push(diagnostic("several-runs-per-config", `record ${rec.id}: ${matches.length} runs (lines ${matches.map((r) => r.line).join(", ")}) match one target; scored on their mean`));
    }
  }
  const scored = out.filter((t) => t.actual);
  const withPi = scored.filter((t) => t.covered);
  const piCoverage = withPi.length ? Object.fromEntries(["0.8", "0.95"].map((l) => [l, withPi.filter((t) => t.covered!.pi[l]).length / withPi.length])) : undefined;
  return {
    targets: out, scored: scored.length,
    ...(piCoverage ? { piCoverage } : {}),
    ...(scored.length ? { meanAbsoluteRelativeError: scored.reduce((s, t) => s + Math.abs(t.relativeError!), 0) / scored.length } : {}),
    warnings,
  };
}
