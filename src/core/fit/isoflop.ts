/**
 * Approach 2 of Hoffmann et al. 2022 (§3.2, IsoFLOP profiles), as Llama 3
 * (§3.2.1) uses it: group runs by compute budget, fit a parabola of loss
 * against ln D (or ln N) per budget, take its vertex as that budget's optimum,
 * then fit D*(C) = A·C^α (and N*(C) = C/(6·D*)) by least squares in log space.
 * Runs are grouped by their stated budget when every run has one (a `budget`
 * column), else by C (read, or 6ND) within a tolerance. Refusals and warnings
 * carry codes (docs/diagnostics.md) and name the budget: fewer than 3 points,
 * no interior minimum, fewer than 2 usable budgets; optima near the edge of
 * the sampled range or weak curvature bias the exponent.
 */
import { solve3 } from "../stats/linear.js";
import { maxOf, minOf } from "../stats/extent.js";
import { diagnostic, DiagnosticError, type Diagnostic, type DiagnosticCode } from "../diagnostics.js";
import type { Run } from "../runs/types.js";

export interface IsoflopOptions {
  /** Fit loss against ln tokens (Llama 3) or ln params (Hoffmann et al.). Default tokens. */
  by?: "tokens" | "params";
  /** Runs whose FLOPs differ by at most this relative amount share a budget (default 0.05). */
  budgetTolerance?: number;
  /** Whether N and D were both read from columns, so 6ND can be compared with a stated budget (default true). */
  compare6ND?: boolean;
}

export interface BudgetOptimum {
  flops: number;
  points: number;
  params: number;
  tokens: number;
  lossAtOptimum: number;
  /** Coefficient of (ln x)² of the parabola (> 0 for a minimum). */
  curvature: number;
  /** Sampled range of the fitted variable, natural units. */
  range: [number, number];
  /** Position of the vertex in the sampled range of ln x: 0 = centre, ±1 = an edge. */
  offCentre: number;
  warnings: Diagnostic[];
}

export interface PowerFit {
  coefficient: number;
  exponent: number;
}

export interface IsoflopResult {
  by: "tokens" | "params";
  /** How runs were grouped: by the stated budget column, or by C within the tolerance. */
  groupedBy: "stated budget" | "flops";
  /** With stated budgets: the largest |6ND / budget − 1| over runs with N and D (null without them). */
  budgetSpread: number | null;
  budgets: BudgetOptimum[];
  refused: Array<{ flops: number; points: number; code: DiagnosticCode; reason: string }>;
  /** N*(C) = coefficient · C^exponent. */
  params: PowerFit;
  /** D*(C) = coefficient · C^exponent. */
  tokens: PowerFit;
  /** How the runs were grouped, when it matters (code `budget-from-6nd`). */
  notes: Diagnostic[];
  warnings: Diagnostic[];
}

/** Thrown when too few budgets are usable to fit the power laws (code `too-few-budgets`). */
export class IsoflopError extends DiagnosticError {
  override name = "IsoflopError";
}

/** A stated budget and 6ND further apart than this (relative) draw `budget-mismatch`. */
export const BUDGET_MISMATCH_TOLERANCE = 0.1;
/** Budgets with fewer points than this draw `few-points-per-budget`. */
export const MIN_POINTS_PER_BUDGET = 5;

/** |vertex − centre| / half-range beyond which the sampling is called off-centre. */
export const OFF_CENTRE_WARNING = 0.5;

export function isoflopFit(runs: readonly Run[], options: IsoflopOptions = {}): IsoflopResult {
  const by = options.by ?? "tokens";
  const tol = options.budgetTolerance ?? 0.05;
  if (!(tol >= 0 && tol < 1)) throw new RangeError(`budget tolerance must be in [0, 1), got ${tol}`);
  const stated = runs.length > 0 && runs.every((r) => r.budget !== undefined);
  for (const r of runs) {
    if ((stated ? r.budget : r.flops) === undefined) throw new RangeError(`isoflop needs a compute budget or FLOPs C for every run; line ${r.line} has neither (--budget-col, --flops-col, or N and D for C = 6ND)`);
    if (r[by] === undefined) throw new RangeError(`isoflop --by ${by} needs ${by} for every run; line ${r.line} has none`);
  }
  const budgetOf = (r: Run) => (stated ? r.budget! : r.flops!);
  const warnings: Diagnostic[] = [], notes: Diagnostic[] = [];
  let budgetSpread: number | null = null;
  if (stated) {
    if (options.compare6ND === false) { /* N or D derived from the budget: 6ND equals it by construction */ } else {
    const gaps = runs.filter((r) => r.params !== undefined && r.tokens !== undefined).map((r) => Math.abs((6 * r.params! * r.tokens!) / r.budget! - 1));
    if (gaps.length > 0) {
      budgetSpread = maxOf(gaps);
      const off = gaps.filter((g) => g > BUDGET_MISMATCH_TOLERANCE).length;
      if (off > 0) {
        warnings.push(diagnostic("budget-mismatch", `6ND differs from the stated budget by more than ${100 * BUDGET_MISMATCH_TOLERANCE}% in ${off} of ${gaps.length} runs (up to ${(100 * budgetSpread).toFixed(1)}%); runs are grouped by the stated budget`));
      }
    }
    }
  } else {
    notes.push(diagnostic("budget-from-6nd", `no budget column: runs grouped by C (read, or 6ND) within ${100 * tol}%; a real sweep's runs can differ from their planned budget by tens of percent (name the budget column with --budget-col)`));
  }
  const sorted = [...runs].sort((a, b) => budgetOf(a) - budgetOf(b));
  const groups: Run[][] = [];
  for (const r of sorted) {
    const g = groups[groups.length - 1];
    if (g && budgetOf(r) <= budgetOf(g[0]) * (1 + tol)) g.push(r); else groups.push([r]);
  }
  const budgets: BudgetOptimum[] = [], refused: IsoflopResult["refused"] = [];
  for (const g of groups) {
    const flops = Math.exp(g.reduce((s, r) => s + Math.log(budgetOf(r)), 0) / g.length); // geometric mean of the bucket
    const refuse = (code: DiagnosticCode, reason: string) => refused.push({ flops, points: g.length, code, reason });
    if (g.length < 3) { refuse("too-few-points", `only ${g.length} point${g.length === 1 ? "" : "s"}: a parabola needs at least 3`); continue; }
    const xs = g.map((r) => Math.log(r[by]!)), ys = g.map((r) => r.lossNats);
    const lo = minOf(xs), hi = maxOf(xs);
    if (!(hi - lo > 1e-9)) { refuse("too-few-points", `every run has the same ${by}`); continue; }
    const fit = quadraticFit(xs, ys);
    if (!(fit.c2 > 0)) { refuse("no-interior-minimum", "the loss curve is not convex (no minimum)"); continue; }
    const xv = -fit.c1 / (2 * fit.c2);
    if (xv < lo || xv > hi) {
      refuse("no-interior-minimum", `no interior minimum: the vertex (${by} ${Math.exp(xv).toExponential(3)}) is outside the sampled range [${Math.exp(lo).toExponential(3)}, ${Math.exp(hi).toExponential(3)}]`);
      continue;
    }
    const mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo), offCentre = (xv - mid) / half;
    const label = `budget ${flops.toExponential(2)}`;
    const bw: Diagnostic[] = [];
    if (g.length === 3) bw.push(diagnostic("exactly-determined", `${label}: 3 points, so the parabola passes through all of them and nothing checks its vertex`));
    else if (g.length < MIN_POINTS_PER_BUDGET) bw.push(diagnostic("few-points-per-budget", `${label}: only ${g.length} points (fewer than ${MIN_POINTS_PER_BUDGET}): the vertex is barely determined`));
    if (Math.abs(offCentre) > OFF_CENTRE_WARNING) {
      bw.push(diagnostic("off-centre-vertex", `${label}: the optimum lies in the outer ${Math.round(50 * (1 - Math.abs(offCentre)))}% of the sampled range (off-centre sampling biases the fitted exponent); sample further ${offCentre > 0 ? "above" : "below"}`));
    }
    const rise = fit.c2 * half * half;
    if (rise < 3 * fit.rmse) {
      bw.push(diagnostic("weak-curvature", `${label}: weak curvature (the parabola rises ${rise.toExponential(2)} nats over the half-range, under 3× the residual ${fit.rmse.toExponential(2)}): its vertex is poorly located`));
    }
    const x = Math.exp(xv);
    const tokens = by === "tokens" ? x : flops / (6 * x), params = by === "params" ? x : flops / (6 * x);
    budgets.push({ flops, points: g.length, params, tokens, lossAtOptimum: fit.c0 + fit.c1 * xv + fit.c2 * xv * xv, curvature: fit.c2, range: [Math.exp(lo), Math.exp(hi)], offCentre, warnings: bw });
  }
  if (budgets.length < 2) {
    const why = refused.map((r) => `  budget ${r.flops.toExponential(2)} (${r.points} points): ${r.reason} [${r.code}]`).join("\n");
    throw new IsoflopError(diagnostic("too-few-budgets", `IsoFLOP fit needs at least 2 usable budgets, got ${budgets.length}${why ? `:\n${why}` : ""}`));
  }
  const lnC = budgets.map((b) => Math.log(b.flops));
  const tokensFit = lineFit(lnC, budgets.map((b) => Math.log(b.tokens)));
  const paramsFit = lineFit(lnC, budgets.map((b) => Math.log(b.params)));
  return {
    by, groupedBy: stated ? "stated budget" : "flops", budgetSpread, budgets, refused, notes,
    params: { coefficient: Math.exp(paramsFit.intercept), exponent: paramsFit.slope },
    tokens: { coefficient: Math.exp(tokensFit.intercept), exponent: tokensFit.slope },
    warnings: [
      ...warnings,
      ...budgets.flatMap((b) => b.warnings),
      ...refused.map((r) => diagnostic(r.code, `budget ${r.flops.toExponential(2)} (${r.points} points) left out: ${r.reason}`)),
      ...(budgets.length === 2 ? [diagnostic("two-budgets", "only 2 usable budgets: the power law goes exactly through them and has no error estimate")] : []),
    ],
  };
}

/** Least squares y = c0 + c1·x + c2·x² (x centred for conditioning), with the residual RMS. */
function quadraticFit(xs: number[], ys: number[]): { c0: number; c1: number; c2: number; rmse: number } {
  const n = xs.length, m = xs.reduce((s, x) => s + x, 0) / n;
  // normal equations in u = x − m: [n Σu Σu²; Σu Σu² Σu³; Σu² Σu³ Σu⁴] [b0 b1 b2] = [Σy Σuy Σu²y]
  let s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
  for (let i = 0; i < n; i++) {
    const u = xs[i] - m, u2 = u * u;
    s1 += u; s2 += u2; s3 += u2 * u; s4 += u2 * u2;
    t0 += ys[i]; t1 += u * ys[i]; t2 += u2 * ys[i];
  }
  const [b0, b1, b2] = solve3([[n, s1, s2], [s1, s2, s3], [s2, s3, s4]], [t0, t1, t2]);
  let ss = 0;
  for (let i = 0; i < n; i++) { const u = xs[i] - m; ss += (ys[i] - (b0 + b1 * u + b2 * u * u)) ** 2; }
  // back to x: b0 + b1(x − m) + b2(x − m)²
  return { c0: b0 - b1 * m + b2 * m * m, c1: b1 - 2 * b2 * m, c2: b2, rmse: Math.sqrt(ss / n) };
}

/** Ordinary least squares y = intercept + slope·x. */
function lineFit(xs: number[], ys: number[]): { slope: number; intercept: number } {
  const n = xs.length, mx = xs.reduce((s, x) => s + x, 0) / n, my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) ** 2; }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

