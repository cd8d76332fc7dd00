/** What `report` and `plot` draw from a fit job: the figures' model and the compared laws. */
import type { Command } from "commander";
import { PUBLISHED_LAWS, publishedLaw, type PublishedLaw } from "../core/catalog/publishedLaws.js";
import type { BacktestResult } from "../core/fit/backtest.js";
import { getLaw } from "../core/laws/registry.js";
import { allocateWithLaw } from "../core/plan/allocate.js";
import { inferenceAwarePlan } from "../core/plan/inferenceAware.js";
import { conventionName, formatFlops, vizFit, vizRuns, type VizModel } from "../core/viz/index.js";
import { userInput } from "./errors.js";
import type { FitJob } from "./fit.js";

/** The published laws named by --compare; exits 2 on an unknown id or a rule-only law. */
export function compareLaws(ids: readonly string[] | undefined, cmd: Command): PublishedLaw[] {
  const lossLaws = PUBLISHED_LAWS.filter((l) => l.law).map((l) => l.id).join(", ");
  return (ids ?? []).map((id) => {
    if (!PUBLISHED_LAWS.some((l) => l.id === id)) cmd.error(`error: unknown law "${id}" in --compare; published laws: ${PUBLISHED_LAWS.map((l) => l.id).join(", ")}`, { exitCode: 2 });
    const entry = publishedLaw(id);
    if (!entry.law) cmd.error(`error: ${id} publishes an allocation rule only; --compare overlays laws that predict loss (${lossLaws})`, { exitCode: 2 });
    return entry;
  });
}

export interface FigureModelOptions {
  budgetFlops: number;
  compare: readonly PublishedLaw[];
  inferenceTokens?: number;
  backtest?: BacktestResult;
}

/**
 * The figures' model: the fitted runs, the fit with its refits, the compared
 * laws (labelled with their parameter convention when it differs from the
 * runs'), the compute-optimal plan at the budget (and the inference-aware one),
 * and a backtest. `notes` says what the plan is, or why there is none.
 */
export function figureModelOf(job: FitJob, options: FigureModelOptions): { model: VizModel; notes: string[] } {
  const notes: string[] = [];
  const lossLaw = { law: job.law, values: job.fit.params };
  let plan: VizModel["plan"];
  try {
    const a = allocateWithLaw(lossLaw, options.budgetFlops);
    plan = { flops: a.flops, params: a.params, tokens: a.tokens, loss: a.loss! };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    notes.push(`plan: none (${e.message})`); // a law that cannot split compute: no plan figure
  }
  if (plan) {
    if (options.inferenceTokens !== undefined) {
      const ia = userInput(() => inferenceAwarePlan(lossLaw, plan!.loss, options.inferenceTokens!));
      plan.inferenceAware = { params: ia.params, tokens: ia.tokens, loss: ia.targetLossNats };
    }
    notes.push(`plan: C = ${formatFlops(options.budgetFlops)} FLOPs${options.inferenceTokens !== undefined ? `, inference-aware for ${options.inferenceTokens.toExponential(2)} inference tokens` : ""}`);
  }
  const model: VizModel = {
    runs: vizRuns(job.runs),
    paramConvention: job.paramConvention,
    fit: vizFit(job.fit, job.data, job.refits.length ? job.refits : undefined),
    targetFlops: options.budgetFlops,
    ...(options.compare.length ? {
      compare: options.compare.map((entry) => ({
        label: entry.paramConvention === job.paramConvention ? entry.id : `${entry.id} (N ${conventionName(entry.paramConvention)})`,
        law: getLaw(entry.law!.lawId, entry.law!.options),
        values: { ...entry.law!.values },
      })),
    } : {}),
    ...(plan ? { plan } : {}),
    ...(options.backtest ? { backtest: options.backtest } : {}),
  };
  return { model, notes };
}
