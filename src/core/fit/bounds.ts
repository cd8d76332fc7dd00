// Declared bounds are enforced, not only reported: a parameter whose unconstrained
// optimum lies beyond its bound is held at the bound and the rest refitted (an
// active-set step; Nocedal & Wright 2006, §16.5), until every value is inside.

import { FitError } from "./fitLaw.js";
import { diagnostic, numberText, type Diagnostic } from "../diagnostics.js";
import { constrainLaw, type Constraints } from "../laws/constrain.js";
import type { Law } from "../laws/types.js";

/**
 * The parameters of `law` whose values lie strictly beyond a declared bound
 * (relative slack 1e-6), with the bound they are to be held at. Tie followers
 * are left to their leader; already fixed parameters are skipped. O(p).
 *
 * @example
 * boundViolations(chinchilla, { E: 1e-13, … }, {}); // { E: 0.001 }
 */
export function boundViolations(law: Law, values: Readonly<Record<string, number>>, constraints: Constraints): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of law.parameters) {
    if (constraints.fix && Object.hasOwn(constraints.fix, p.name)) continue;
    if (constraints.tie && Object.hasOwn(constraints.tie, p.name)) continue;
    const v = values[p.name], [lo, hi] = p.bounds;
    if (v < lo - 1e-6 * Math.abs(lo)) out[p.name] = lo;
    else if (v > hi + 1e-6 * Math.abs(hi)) out[p.name] = hi;
  }
  return out;
}

/** What a bounded refit held, for the document. */
export interface HeldAtBound {
  name: string;
  bound: number;
  /** The unconstrained optimum's value, beyond the bound. */
  unconstrained: number;
}

/**
 * Refits with out-of-bound parameters held at their bounds, repeating while
 * the refit pushes others beyond theirs (at most p rounds). `refit(law)` fits a
 * law; the returned law carries the user's constraints plus the held bounds.
 */
export async function fitWithinBounds<F extends { params: Record<string, number> }>(
  base: Law, constraints: Constraints, first: { law: Law; fit: F }, refit: (law: Law) => Promise<F>,
): Promise<{ law: Law; fit: F; held: HeldAtBound[]; warnings: Diagnostic[] }> {
  let { law, fit } = first;
  const held: HeldAtBound[] = [];
  const fix: Record<string, number> = { ...(constraints.fix ?? {}) };
  for (let round = 0; round < base.parameters.length; round++) {
    const beyond = boundViolations(base, fit.params, { fix, tie: constraints.tie });
    const names = Object.keys(beyond);
    if (names.length === 0) break;
    for (const n of names) { held.push({ name: n, bound: beyond[n], unconstrained: fit.params[n] }); fix[n] = beyond[n]; }
    const tied = new Set(Object.keys(constraints.tie ?? {}));
    if (base.parameters.every((p) => p.name in fix || tied.has(p.name))) {
      throw new FitError(`every parameter of law ${base.id} is fixed, tied or beyond a declared bound (${held.map((h) => `${h.name} ${numberText(h.unconstrained)} → ${h.bound}`).join(", ")}): nothing is left to fit; these runs do not follow the law`);
    }
    law = constrainLaw(base, { fix, ...(constraints.tie ? { tie: constraints.tie } : {}) });
    fit = await refit(law);
  }
  const warnings = held.map((h) => diagnostic("on-bound",
    `${h.name} is held at its ${h.unconstrained < h.bound ? "lower" : "upper"} bound ${h.bound} (the unconstrained optimum, ${numberText(h.unconstrained)}, lies beyond it; the other parameters were refitted): the data do not pin it down, or the law does not describe them`,
    { value: h.name }));
  return { law, fit, held, warnings };
}

/** Law-declared plausibility checks on fitted values (e.g. an accuracy ceiling above 1), as warnings. */
export function implausible(law: Law, values: Readonly<Record<string, number>>): Diagnostic[] {
  return (law.implausible?.(values) ?? []).map((message) => diagnostic("unphysical-value", message));
}
