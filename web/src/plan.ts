/**
 * The plan card: a budget (FLOPs, or GPUs × days × peak × MFU) turned into
 * N*, D* and loss with the user's fit (or the CLI's default catalog law when
 * there is none), as `scalecast plan` does: allocateWithLaw / allocatePublished,
 * hardwareCost, inferenceAwarePlan (Sardana & Frankle 2023) and
 * dataConstrainedPlan (Muennighoff et al. 2023). Pure and fast (closed forms
 * and ≈ 40-evaluation 1-D searches), so it runs on every input event.
 */
import { DEFAULT_PLAN_LAW, PUBLISHED_LAWS, publishedLaw } from "../../src/core/catalog/publishedLaws.js";
import { getLaw } from "../../src/core/laws/registry.js";
import type { Law } from "../../src/core/laws/types.js";
import { allocatePublished, allocateWithLaw, allocationIntervals, type AllocationIntervals, type BudgetAllocation, type LawWithValues } from "../../src/core/plan/allocate.js";
import { dataConstrainedPlan, type DataConstrainedPlan } from "../../src/core/plan/dataConstrained.js";
import { budgetFlops, gpuPreset, hardwareCost, type HardwareCost } from "../../src/core/plan/hardware.js";
import { inferenceAwarePlan, type InferenceAwarePlan } from "../../src/core/plan/inferenceAware.js";
import type { BudgetState } from "./state.js";

/** Where the decay constants of repeated data come from, as in `scalecast plan --unique-tokens`. */
export const DATA_CONSTRAINED_LAW = "muennighoff-2023";

/** The budget in FLOPs; throws a RangeError naming a bad input. */
export function budgetOf(b: BudgetState): number {
  if (b.mode === "hardware") return budgetFlops({ gpus: b.gpus, days: b.days, peakFlops: gpuPreset(b.gpu).peakFlops, mfu: b.mfu });
  if (!(b.flops > 0) || !Number.isFinite(b.flops)) throw new RangeError(`compute budget must be a finite number of FLOPs > 0, got ${b.flops}`);
  return b.flops;
}

/** The law the plan uses: the user's fit, or the default catalog law. */
export interface PlanSource {
  label: string;
  lossLaw?: LawWithValues;
  /** Natural values of bootstrap refits, for 95% intervals of N*, D* and loss. */
  resamples?: ReadonlyArray<Readonly<Record<string, number>>>;
  catalogId?: string;
}

export function fitSource(law: Law, values: Record<string, number>, resamples?: ReadonlyArray<Record<string, number>>): PlanSource {
  return { label: `your fit (${law.id})`, lossLaw: { law, values }, ...(resamples && resamples.length >= 2 ? { resamples } : {}) };
}

export function catalogSource(id = DEFAULT_PLAN_LAW): PlanSource {
  const entry = publishedLaw(id);
  return { label: `${entry.id} (catalog)`, catalogId: id, ...(entry.law ? { lossLaw: { law: getLaw(entry.law.lawId, entry.law.options), values: entry.law.values } } : {}) };
}

export interface PlanInputs {
  budget: BudgetState;
  inferenceTokens?: number;
  uniqueTokens?: number;
}

export interface PlanOutcome {
  flops: number;
  source: string;
  allocation: BudgetAllocation;
  hardware: HardwareCost;
  intervals?: AllocationIntervals;
  inference?: InferenceAwarePlan & { computeOptimalTotalFlops: number; saving: number };
  dataConstrained?: DataConstrainedPlan;
  /** Problems with optional parts (inference, unique tokens), as sentences. */
  notes: string[];
}

/** The plan for these inputs, or a RangeError naming the bad input. */
export function planFor(inputs: PlanInputs, source: PlanSource): PlanOutcome {
  const flops = budgetOf(inputs.budget);
  const b = inputs.budget;
  const allocation = source.catalogId !== undefined ? allocatePublished(publishedLaw(source.catalogId), flops) : allocateWithLaw(source.lossLaw!, flops);
  const hardware = hardwareCost(flops, b.gpus, gpuPreset(b.gpu).peakFlops, b.mfu, b.pricePerGpuHour);
  const notes: string[] = [...allocation.notes];
  const out: PlanOutcome = { flops, source: source.label, allocation, hardware, notes };
  if (source.resamples && source.lossLaw) {
    try { out.intervals = allocationIntervals(source.lossLaw.law, source.resamples, flops); } catch (e) { notes.push(`intervals: ${(e as Error).message}`); }
  }
  if (inputs.inferenceTokens !== undefined) {
    if (!source.lossLaw || allocation.loss === undefined) notes.push("inference-aware plan needs a law that predicts loss");
    else {
      try {
        // weight 1: an inference FLOP costs as much as a training FLOP (same accelerator and utilisation)
        const plan = inferenceAwarePlan(source.lossLaw, allocation.loss, inputs.inferenceTokens, 1);
        const computeOptimalTotalFlops = 6 * allocation.params * allocation.tokens + 2 * allocation.params * inputs.inferenceTokens;
        out.inference = { ...plan, computeOptimalTotalFlops, saving: 1 - plan.totalFlops / computeOptimalTotalFlops };
      } catch (e) { notes.push(`inference-aware plan: ${(e as Error).message}`); }
    }
  }
  if (inputs.uniqueTokens !== undefined) {
    const names = ["E", "A", "B", "alpha", "beta"];
    const v = source.lossLaw?.values;
    if (!v || !names.every((n) => typeof v[n] === "number")) notes.push("the unique-tokens plan needs a law of the form E + A/N^alpha + B/D^beta");
    else {
      const c = publishedLaw(DATA_CONSTRAINED_LAW).constants!;
      try {
        out.dataConstrained = dataConstrainedPlan({ E: v.E, A: v.A, B: v.B, alpha: v.alpha, beta: v.beta, RD: c.RDStar, RN: c.RNStar }, flops, inputs.uniqueTokens);
      } catch (e) { notes.push(`unique-tokens plan: ${(e as Error).message}`); }
    }
  }
  return out;
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
