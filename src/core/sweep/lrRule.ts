/**
 * A learning-rate rule fitted to a learning-rate grid (`sweep lr-rule`), for
 * `sweep design --lr-rule`: in each (N, D) group of the grid the run with the
 * lowest loss gives η*(N, D) (and its batch B*); then ln η* = ln c + a·ln N +
 * b·ln D by ordinary least squares over the groups, with R² in log space (as
 * StepLaw, Li et al. 2025, fits its η and B). The same for B* when the grid
 * has a batch column. Ties for the lowest loss are counted and the first in
 * file order taken.
 */
import type { Run } from "../runs/types.js";
import { solve3 } from "../stats/linear.js";

export interface PowerFit {
  /** η (or B) = c · N^a · D^b. */
  c: number;
  a: number;
  b: number;
  /** R² of the fit of ln η* (ln B*) over the groups. */
  r2: number;
}

export interface LrRule {
  kind: "fitted";
  source: string;
  /** What the best run was chosen by (the loss column's name). */
  lossColumn: string;
  groups: Array<{ params: number; tokens: number; runs: number; lr: number; batch?: number; loss: number; line: number; ties: number }>;
  lr: PowerFit;
  /** B* in tokens (the grid's batch × its sequence length when it counts sequences), when every best run has a batch. */
  batch?: PowerFit & { unit: "tokens" };
  /** The grid's extent: a design beyond it extrapolates the rule. */
  range: { params: [number, number]; tokens: [number, number] };
}

/** OLS of y on [1, x1, x2]; throws a RangeError when the design is singular (N or D does not vary). */
function ols(x1: readonly number[], x2: readonly number[], y: readonly number[]): { beta: [number, number, number]; r2: number } {
  const n = y.length;
  // normal equations X'X β = X'y
  const xtx = [0, 1, 2].map(() => [0, 0, 0]), xty = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const v = [1, x1[i], x2[i]];
    for (let r = 0; r < 3; r++) { for (let c = 0; c < 3; c++) xtx[r][c] += v[r] * v[c]; xty[r] += v[r] * y[i]; }
  }
  const det = xtx[0][0] * (xtx[1][1] * xtx[2][2] - xtx[1][2] * xtx[2][1]) - xtx[0][1] * (xtx[1][0] * xtx[2][2] - xtx[1][2] * xtx[2][0]) + xtx[0][2] * (xtx[1][0] * xtx[2][1] - xtx[1][1] * xtx[2][0]);
  if (!(Math.abs(det) > 1e-12 * xtx[0][0] * xtx[1][1] * xtx[2][2])) throw new RangeError("the grid's groups do not vary in both N and D: a rule in N and D cannot be fitted");
  const beta = solve3(xtx, xty);
  const mean = y.reduce((s, v) => s + v, 0) / n;
  let ssr = 0, sst = 0;
  for (let i = 0; i < n; i++) { const f = beta[0] + beta[1] * x1[i] + beta[2] * x2[i]; ssr += (y[i] - f) ** 2; sst += (y[i] - mean) ** 2; }
  return { beta, r2: sst > 0 ? 1 - ssr / sst : 1 };
}

/** The rule from a grid's runs (each with N, D, lr and the loss; batch optional). Throws a RangeError with fewer than 4 groups. O(n log n). */
export function fitLrRule(runs: readonly Run[], source: string, lossColumn: string, tokensPerBatchUnit = 1): LrRule {
  const groups = new Map<string, Run[]>();
  for (const r of runs) {
    if (r.lr === undefined || !(r.lr > 0) || r.params === undefined || r.tokens === undefined) continue;
    const key = `${r.params}|${r.tokens}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
  }
  const best = [...groups.values()].map((g) => {
    const min = Math.min(...g.map((r) => r.lossNats));
    const ties = g.filter((r) => r.lossNats === min);
    const b = ties[0];
    return { params: b.params!, tokens: b.tokens!, runs: g.length, lr: b.lr!, ...(b.batch !== undefined ? { batch: b.batch } : {}), loss: min, line: b.line, ties: ties.length };
  }).sort((x, y) => x.params - y.params || x.tokens - y.tokens);
  if (best.length < 4) throw new RangeError(`${source}: ${best.length} (N, D) group${best.length === 1 ? "" : "s"} with a learning rate; a rule ln η = ln c + a ln N + b ln D needs at least 4`);
  const lnN = best.map((g) => Math.log(g.params)), lnD = best.map((g) => Math.log(g.tokens));
  const lr = ols(lnN, lnD, best.map((g) => Math.log(g.lr)));
  const span = (v: number[]) => [Math.min(...v), Math.max(...v)] as [number, number];
  const rule: LrRule = {
    kind: "fitted", source, lossColumn, groups: best, lr: { c: Math.exp(lr.beta[0]), a: lr.beta[1], b: lr.beta[2], r2: lr.r2 },
    range: { params: span(best.map((g) => g.params)), tokens: span(best.map((g) => g.tokens)) },
  };
  if (best.every((g) => g.batch !== undefined && g.batch > 0)) {
    const bs = ols(lnN, lnD, best.map((g) => Math.log(g.batch! * tokensPerBatchUnit)));
    rule.batch = { c: Math.exp(bs.beta[0]), a: bs.beta[1], b: bs.beta[2], r2: bs.r2, unit: "tokens" };
  }
  return rule;
}

/** η = c · N^a · D^b. */
export const ruleValue = (f: PowerFit, params: number, tokens: number) => f.c * params ** f.a * tokens ** f.b;
