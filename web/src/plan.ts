/**
 * The plan card: the budget controls turned into the same plan document
 * `scalecast plan` prints, by core's assemblePlan, with the user's fit (its
 * bootstrap refits for intervals, its largest compute for the extrapolation
 * factor) or the CLI's default catalog law when there is none. Pure and fast
 * (closed forms and ≈ 40-evaluation 1-D searches), so it runs on every input
 * event.
 */
import { PUBLISHED_LAWS } from "../../src/core/catalog/publishedLaws.js";
import type { Law } from "../../src/core/laws/types.js";
import { allocatePublished, allocateWithLaw, type BudgetAllocation } from "../../src/core/plan/allocate.js";
import type { PlanFit, PlanRequest, PlanRuleFit } from "../../src/core/plan/assemblePlan.js";
import { IsoflopError, isoflopFit, type IsoflopResult } from "../../src/core/fit/isoflop.js";
import { BUDGET_TOLERANCE } from "../../src/core/viz/budgets.js";
import { isoflopMissing } from "../../src/core/viz/isoflopFigure.js";
import { vizRuns } from "../../src/core/viz/model.js";
import type { Run } from "../../src/core/runs/types.js";
import type { BudgetState } from "./state.js";

/** The plan request of the page's controls, named as `scalecast plan`'s options. */
export function planRequest(b: BudgetState, extra: { inferenceTokens?: number; uniqueTokens?: number }): PlanRequest {
  const hardware = { gpus: b.gpus, gpu: b.gpu, mfu: b.mfu, ...(b.pricePerGpuHour !== undefined ? { pricePerGpuHour: b.pricePerGpuHour } : {}) };
  return {
    ...(b.mode === "hardware" ? { days: b.days } : { budgetFlops: b.flops }),
    ...hardware,
    ...(extra.inferenceTokens !== undefined ? { inferenceTokens: extra.inferenceTokens } : {}),
    ...(extra.uniqueTokens !== undefined ? { uniqueTokens: extra.uniqueTokens } : {}),
  };
}

/** The user's fit as a law to plan with: values, bootstrap refits, and the largest fitted compute. */
export function fitSource(law: Law, values: Record<string, number>, paramConvention: PlanFit["saved"]["paramConvention"], runs: readonly Run[], resamples?: ReadonlyArray<Record<string, number>>): PlanFit {
  const flops = runs.map((r) => r.flops).filter((c): c is number => c !== undefined);
  return {
    name: "fit:workbench", title: `your fit (${law.id})`,
    saved: {
      law, values, paramConvention,
      ...(resamples && resamples.length >= 2 ? { resamples: [...resamples] } : {}),
      ...(flops.length === runs.length && flops.length > 0 ? { maxFittedFlops: Math.max(...flops) } : {}),
    },
  };
}

export interface CatalogRow {
  id: string;
  label: string;
  params?: number;
  tokens?: number;
  loss?: number;
  paramConvention: string;
  error?: string;
}

/** The user's fit and every catalog law at one budget, side by side. */
export function catalogRows(flops: number, fit?: { law: Law; values: Record<string, number> }): CatalogRow[] {
  const rows: CatalogRow[] = [];
  const row = (id: string, label: string, paramConvention: string, alloc: () => BudgetAllocation) => {
    try {
      const a = alloc();
      rows.push({ id, label, paramConvention, params: a.params, tokens: a.tokens, ...(a.loss !== undefined ? { loss: a.loss } : {}) });
    } catch (e) {
      rows.push({ id, label, paramConvention, error: (e as Error).message });
    }
  };
  if (fit) row("fit", `your fit (${fit.law.id})`, "as your table", () => allocateWithLaw(fit, flops));
  for (const entry of PUBLISHED_LAWS) {
    if (!entry.law && !entry.rule) continue;
    row(entry.id, entry.title, entry.paramConvention, () => allocatePublished(entry, flops));
  }
  return rows;
}

/**
 * The runs' IsoFLOP optima as power laws N*(C), D*(C) (Approach 2, as
 * `scalecast isoflop` fits them: by tokens, 5% budget tolerance), or why the
 * runs cannot give them (not an IsoFLOP sweep, or no interior minimum in
 * enough budgets).
 */
export function isoflopSource(runs: readonly Run[], paramConvention: PlanRuleFit["paramConvention"], compare6ND: boolean): { source: PlanRuleFit; warnings: string[] } | { why: string } {
  const sweep = isoflopMissing({ runs: vizRuns(runs.filter((r) => r.params !== undefined && r.tokens !== undefined && r.flops !== undefined)), paramConvention });
  if (sweep) return { why: `IsoFLOP (Approach 2) needs ${sweep}` };
  let result: IsoflopResult;
  try {
    result = isoflopFit(runs, { by: "tokens", budgetTolerance: BUDGET_TOLERANCE, compare6ND });
  } catch (e) {
    if (e instanceof IsoflopError || e instanceof RangeError) return { why: `IsoFLOP (Approach 2): ${e.message}` };
    throw e;
  }
  const flops = result.budgets.map((b) => b.flops); // the largest fitted budget, as `scalecast isoflop` measures extrapolation
  const pl = (f: { coefficient: number; exponent: number }) => ({ coefficient: f.coefficient, exponent: f.exponent });
  return {
    source: {
      kind: "power-laws", name: "isoflop:workbench",
      title: `IsoFLOP power laws of your runs (Approach 2, ${result.budgets.length} budgets): N* = ${result.params.coefficient.toPrecision(3)}·C^${result.params.exponent.toFixed(3)}, D* = ${result.tokens.coefficient.toPrecision(3)}·C^${result.tokens.exponent.toFixed(3)}`,
      rule: { params: pl(result.params), tokens: pl(result.tokens), flopsUnit: "FLOPs", flopsPerParamToken: 6 },
      paramConvention,
      ...(flops.length ? { maxFittedFlops: Math.max(...flops) } : {}),
    },
    warnings: [...result.warnings, ...result.refused.map((r) => ({ message: `budget ${r.flops.toExponential(2)} left out: ${r.reason}`, code: r.code }))].map((w) => `${w.message} [${w.code}]`),
  };
}
