/**
 * Design precision by simulation (`sweep design --simulate K`): K synthetic
 * sweeps drawn from the prior law at the design's runs, each loss times
 * exp(σ·z) with z standard normal (σ: `--noise`, log-normal scatter), each
 * fitted as `scalecast fit` fits by default (the prior's law, summed Huber
 * δ = 1e-3 in ln loss, screened multi-start). From each fit: the allocation
 * exponent a (N* ∝ C^a; for Chinchilla's law a = β/(α+β)) and the loss the fit
 * predicts at its compute-optimal split of `targetFlops`. Over the K sweeps:
 * the median and the central 95% of each (the expected 95% interval width).
 *
 * With `bootstrap` B > 0 each sweep is also bootstrapped (B resamples; residual by
 * default, the design held fixed, or case resampling as `fit --bootstrap`) and
 * its percentile 95% interval of a kept, so the design's simulated width can be
 * compared with what one sweep's bootstrap would report, and the bootstrap's
 * coverage of the true a checked.
 *
 * Sweep k is seeded by (seed, k) alone: any split over threads gives the same
 * results. O(K · (fit + B refits)).
 */
import { runResamples, runResidualResamples } from "../fit/bootstrap.js";
import { fitDataFor } from "../fit/data.js";
import { fitLaw } from "../fit/fitLaw.js";
import type { ObjectiveId } from "../fit/objectives.js";
import { predictLoss } from "../laws/transform.js";
import type { Law } from "../laws/types.js";
import { allocateWithLaw } from "../plan/allocate.js";
import { quantileSorted } from "../stats/quantile.js";
import { createRng } from "../stats/rng.js";

export interface SimulationSpec {
  law: Law;
  /** The prior's values: the truth the sweeps are drawn from. */
  truth: Record<string, number>;
  runs: ReadonlyArray<{ params: number; tokens: number; flops: number }>;
  /** σ of the log-normal scatter of each run's loss. */
  noise: number;
  seed: number;
  targetFlops: number;
  objective?: ObjectiveId;
  delta?: number;
  /** Bootstrap resamples per sweep (0: none). */
  bootstrap?: number;
  /** Residual (default: the design held fixed) or case resampling, as `fit --bootstrap` does. */
  bootstrapMethod?: "residual" | "case";
}

export interface SimulatedSweep {
  index: number;
  /** The fitted allocation exponent a, when the fit gives one. */
  a?: number;
  /** The fit's loss at its compute-optimal split of the target compute, nats. */
  targetLoss?: number;
  converged: boolean;
  /** With bootstrap: the sweep's percentile 95% interval of a. */
  aCi95?: [number, number];
  error?: string;
}

/** The seed of sweep k: a mix of (seed, k), so sweeps are independent and any thread split agrees. */
export const sweepSeed = (seed: number, k: number) => (Math.imul((seed ^ 0x5bd1e995) >>> 0, 0x9e3779b1) + Math.imul(k + 1, 0x85ebca6b)) >>> 0;

/** The allocation exponent a of a law at these values (its declared `a`), if it declares one. */
function exponentA(law: Law, values: Record<string, number>): number | undefined {
  const a = law.derived?.(values).a;
  return a !== undefined && Number.isFinite(a) ? a : undefined;
}

/** Sweeps [from, to) of the simulation. */
export function simulateSweeps(spec: SimulationSpec, from: number, to: number): SimulatedSweep[] {
  const truthLoss = predictLoss(spec.law, spec.truth, spec.runs);
  const out: SimulatedSweep[] = [];
  for (let k = from; k < to; k++) {
    const rng = createRng(sweepSeed(spec.seed, k));
    const points = spec.runs.map((r, i) => ({ params: r.params, tokens: r.tokens, flops: r.flops, lossNats: truthLoss[i] * Math.exp(spec.noise * rng.normal()) }));
    try {
      const data = fitDataFor(spec.law, points);
      const options = { objective: spec.objective ?? "huber", delta: spec.delta ?? 1e-3 } as const;
      const fit = fitLaw(spec.law, data, { ...options, strategy: "screened" });
      const values = Object.fromEntries(spec.law.parameters.map((p) => [p.name, fit.params[p.name]]));
      const a = exponentA(spec.law, values);
      let targetLoss: number | undefined;
      try { targetLoss = allocateWithLaw({ law: spec.law, values }, spec.targetFlops).loss; } catch { targetLoss = undefined; }
      const result: SimulatedSweep = { index: k, converged: fit.optimizer.converged, ...(a !== undefined ? { a } : {}), ...(targetLoss !== undefined && Number.isFinite(targetLoss) ? { targetLoss } : {}) };
      if (spec.bootstrap && spec.bootstrap > 1) {
        const refits = (spec.bootstrapMethod === "case" ? runResamples : runResidualResamples)({ law: spec.law, objective: options.objective, delta: options.delta, theta: fit.theta, seed: sweepSeed(spec.seed, k), budgetFlops: spec.targetFlops, corrections: fit.corrections }, data, 0, spec.bootstrap);
        const as = Float64Array.from(refits.map((r) => exponentA(spec.law, r.values)).filter((v): v is number => v !== undefined)).sort();
        if (as.length >= 2) result.aCi95 = [quantileSorted(as, 0.025), quantileSorted(as, 0.975)];
      }
      out.push(result);
    } catch (e) {
      out.push({ index: k, converged: false, error: (e as Error).message });
    }
  }
  return out;
}

export interface Spread {
  truth: number;
  median: number;
  /** Central 95% of the K fitted values. */
  low: number;
  high: number;
  /** high − low: the width of the 95% interval a sweep of this design can expect. */
  width95: number;
  n: number;
}

export interface SimulationSummary {
  sweeps: number;
  noise: number;
  /** Huber δ of the fits (1e-3: fit's default; large: least squares). */
  delta: number;
  seed: number;
  targetFlops: number;
  a?: Spread;
  targetLoss?: Spread;
  /** Sweeps whose fit failed or did not converge (kept out of the spreads, and said). */
  failed: number;
  notConverged: number;
  /** With bootstrap: the median width of the sweeps' bootstrap 95% intervals of a, and how often they covered the true a. */
  bootstrap?: { resamples: number; medianWidthA: number; coverageA: number; n: number };
}

function spread(values: number[], truth: number): Spread | undefined {
  if (values.length < 2) return undefined;
  const sorted = Float64Array.from(values).sort();
  const low = quantileSorted(sorted, 0.025), high = quantileSorted(sorted, 0.975);
  return { truth, median: quantileSorted(sorted, 0.5), low, high, width95: high - low, n: values.length };
}

/** The spreads over the simulated sweeps. O(K log K). */
export function summarizeSimulation(spec: SimulationSpec, sweeps: readonly SimulatedSweep[]): SimulationSummary {
  const ok = sweeps.filter((s) => !s.error && s.converged);
  const trueA = exponentA(spec.law, spec.truth);
  let trueLoss: number | undefined;
  try { trueLoss = allocateWithLaw({ law: spec.law, values: spec.truth }, spec.targetFlops).loss; } catch { trueLoss = undefined; }
  const a = trueA === undefined ? undefined : spread(ok.flatMap((s) => (s.a === undefined ? [] : [s.a])), trueA);
  const targetLoss = trueLoss === undefined ? undefined : spread(ok.flatMap((s) => (s.targetLoss === undefined ? [] : [s.targetLoss])), trueLoss);
  const withCi = ok.filter((s) => s.aCi95);
  const widths = Float64Array.from(withCi.map((s) => s.aCi95![1] - s.aCi95![0])).sort();
  return {
    sweeps: sweeps.length, noise: spec.noise, delta: spec.delta ?? 1e-3, seed: spec.seed, targetFlops: spec.targetFlops,
    ...(a ? { a } : {}), ...(targetLoss ? { targetLoss } : {}),
    failed: sweeps.filter((s) => s.error).length, notConverged: sweeps.filter((s) => !s.error && !s.converged).length,
    ...(withCi.length && trueA !== undefined ? {
      bootstrap: { resamples: spec.bootstrap!, medianWidthA: quantileSorted(widths, 0.5), coverageA: withCi.filter((s) => s.aCi95![0] <= trueA && trueA <= s.aCi95![1]).length / withCi.length, n: withCi.length },
    } : {}),
  };
}
