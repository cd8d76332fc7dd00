/**
 * The progressive loop (`sweep next`): from the runs of a sweep that are done,
 * propose the next runs, each with its reason.
 *
 * 1. Fit the prior's law to the done runs (as `fit` fits: summed Huber in ln
 *    loss). Without enough runs for the fit, only steps 3 and 4 that need no
 *    fit are taken.
 * 2. Outliers: a run whose ln residual exceeds 3.5 robust standard deviations
 *    (1.4826 × the median absolute deviation) is proposed again (`<id>-repeat`).
 * 3. Edges (IsoFLOP): a budget whose lowest loss is at its smallest or largest
 *    size gets two sizes beyond that edge, at the design's spacing in ln N.
 * 4. Upward: the IsoFLOP grid gets its next budget (the largest × the ratio of
 *    the two largest, or × 3), its sizes centred on the fitted N*(C); a ladder
 *    gets its next rung (the largest size × the ratio of the two largest, or
 *    × 2) at the same token multiples.
 *
 * Step 4 is skipped when `stop` says the precision target is met (the caller
 * simulates it); the proposal then says so.
 */
import { fitDataFor } from "../fit/data.js";
import { fitLaw } from "../fit/fitLaw.js";
import { predictLoss } from "../laws/transform.js";
import type { Law } from "../laws/types.js";
import { allocateWithLaw } from "../plan/allocate.js";
import { quantileSorted } from "../stats/quantile.js";
import type { PointTarget, SweepDesign, SweepRun } from "./design.js";

export interface DoneRun { run: SweepRun; loss: number }

export interface NextInput {
  spec: SweepDesign;
  done: readonly DoneRun[];
  law: Law;
  /** Huber δ of the fit (fit --delta). */
  delta?: number;
  /** The precision target is met: propose no upward extension (why, in words). */
  stop?: string;
}

export interface NextProposal {
  points: PointTarget[];
  /** The fit of the done runs, when there were enough of them. */
  fitted?: { values: Record<string, number>; n: number; converged: boolean };
  notes: string[];
}

const OUTLIER_MADS = 3.5;
const idNumber = (v: number) => Number(v.toPrecision(3)).toExponential().replace("e+", "e");

/** ln observed − ln fitted, per done run. */
export function lnResiduals(law: Law, values: Record<string, number>, done: readonly DoneRun[]): number[] {
  const pred = predictLoss(law, values, done.map((d) => ({ params: d.run.params, tokens: d.run.tokens, flops: d.run.flops })));
  return done.map((d, i) => Math.log(d.loss) - Math.log(pred[i]));
}

/**
 * A robust scale of the ln residuals: 1.4826 × the median absolute deviation,
 * leaving out the p residuals nearest the median. A fit of summed Huber with a
 * small δ is close to least absolute deviations, which passes through about p
 * points exactly; counting those zeros would shrink the scale and call every
 * ordinary run an outlier.
 */
export function residualScale(law: Law, values: Record<string, number>, done: readonly DoneRun[]): number {
  const r = lnResiduals(law, values, done);
  const med = quantileSorted(Float64Array.from(r).sort(), 0.5);
  const dev = Float64Array.from(r.map((v) => Math.abs(v - med))).sort().subarray(Math.min(law.parameters.length, Math.max(0, r.length - 2)));
  return 1.4826 * quantileSorted(dev, 0.5);
}

/** The next runs after `done`. Pure; O(n log n) plus one fit. */
export function proposeNext(input: NextInput): NextProposal {
  const { spec, done, law } = input;
  const notes: string[] = [];
  const points: PointTarget[] = [];
  const taken = new Set(spec.runs.map((r) => r.id));
  const add = (p: PointTarget) => { if (!taken.has(p.id)) { taken.add(p.id); points.push(p); } };
  let fitted: NextProposal["fitted"];
  if (done.length > law.parameters.length) {
    const data = fitDataFor(law, done.map((d) => ({ params: d.run.params, tokens: d.run.tokens, flops: d.run.flops, lossNats: d.loss })));
    const fit = fitLaw(law, data, { objective: "huber", delta: input.delta ?? 1e-3, strategy: "screened" });
    const values = Object.fromEntries(law.parameters.map((p) => [p.name, fit.params[p.name]]));
    fitted = { values, n: done.length, converged: fit.optimizer.converged };
    if (!fit.optimizer.converged) notes.push("the fit of the done runs did not converge: its N*(C) and residuals are rough guides");
    // 2. outliers by robust residual
    const r = lnResiduals(law, values, done);
    const med = quantileSorted(Float64Array.from(r).sort(), 0.5);
    const mad = residualScale(law, values, done);
    if (mad > 0) {
      done.forEach((d, i) => {
        const z = (r[i] - med) / mad;
        if (Math.abs(z) > OUTLIER_MADS) {
          add({ id: `${d.run.id}-repeat`, params: d.run.params, ...(d.run.budgetFlops !== undefined ? { budget: d.run.budgetFlops } : { multiple: d.run.tokens / d.run.params }),
            reason: `run ${d.run.id}'s ln residual ${r[i] >= 0 ? "+" : ""}${r[i].toFixed(4)} is ${Math.abs(z).toFixed(1)} robust standard deviations from the fit (> ${OUTLIER_MADS}): repeat it` });
        }
      });
    }
  } else {
    notes.push(`${done.length} run${done.length === 1 ? "" : "s"} done, too few to fit ${law.id} (${law.parameters.length} parameters): no outlier check, and new budgets are centred on the prior`);
  }
  const values = fitted?.values ?? (spec.prior.values as Record<string, number>);
  const f = spec.family;
  if (f.kind === "isoflop") {
    // 3. an optimum at the edge of its budget's sizes
    const step = 10 ** (f.spanDecades / Math.max(1, f.pointsPerBudget - 1));
    for (const c of f.budgets) {
      const here = done.filter((d) => d.run.budgetFlops === c).sort((x, y) => x.run.params - y.run.params);
      if (here.length < 3) continue;
      const best = here.reduce((b, d) => (d.loss < b.loss ? d : b));
      const side = best === here[0] ? -1 : best === here[here.length - 1] ? 1 : 0;
      if (side === 0) continue;
      for (const k of [1, 2]) {
        const n = best.run.params * step ** (side * k);
        add({ id: `iso-c${idNumber(c)}-${side < 0 ? "below" : "above"}${k}`, params: n, budget: c,
          reason: `budget ${c.toExponential(2)}: its lowest loss is at its ${side < 0 ? "smallest" : "largest"} size (${best.run.id}); the optimum may lie beyond, so one more size ${side < 0 ? "below" : "above"} at the design's spacing (×${step.toFixed(2)} in N)` });
      }
    }
    // 4. the next budget up
    if (input.stop) notes.push(`no larger budget: ${input.stop}`);
    else {
      const sorted = [...f.budgets].sort((x, y) => x - y);
      const top = sorted[sorted.length - 1];
      const ratio = sorted.length >= 2 ? top / sorted[sorted.length - 2] : 3;
      const next = top * ratio;
      const centre = allocateWithLaw({ law, values }, next).params;
      for (let i = 0; i < f.pointsPerBudget; i++) {
        add({ id: `iso-c${idNumber(next)}-${i + 1}`, params: centre * 10 ** (f.spanDecades * (i / Math.max(1, f.pointsPerBudget - 1) - 0.5)), budget: next,
          reason: `the next budget up (${next.toExponential(2)} FLOPs, ×${Number(ratio.toPrecision(3))} the largest), its sizes centred on ${fitted ? "the fitted" : "the prior's"} N* = ${centre.toExponential(3)}` });
      }
    }
  } else if (f.kind === "ladder") {
    if (input.stop) notes.push(`no larger rung: ${input.stop}`);
    else {
      const sizes = [...f.sizes].sort((x, y) => x - y);
      const top = sizes[sizes.length - 1];
      const ratio = sizes.length >= 2 ? top / sizes[sizes.length - 2] : 2;
      const n = top * ratio;
      for (const m of f.tokenMultiples) add({ id: `ladder-n${idNumber(n)}-x${Number(m.toPrecision(3))}`, params: n, multiple: m, reason: `the ladder's next rung (N ${n.toExponential(3)}, ×${Number(ratio.toPrecision(3))} the largest) at token multiple ${m}` });
    }
  } else {
    notes.push("a proposal's own spec (points) has no grid to extend: run it, then ask for the next runs of the original spec with its results");
  }
  return { points, ...(fitted ? { fitted } : {}), notes };
}
