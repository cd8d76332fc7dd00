/**
 * A notable model read against a published law (issue 16, item 4): its tokens
 * per parameter and over-training factor against the compute-optimal split of
 * the same compute, the compute-optimal model at that compute, the law's loss
 * for both, and inference FLOPs (and cost) per million tokens.
 *
 * Conventions: compute is C = 6·N·D with N the active parameters (the law's
 * own convention, whatever FLOP count the developers reported, which is shown
 * beside it); the over-training factor is (D/N) / (D* / N*) at that C, so 1 is
 * compute-optimal, above 1 over-trained (more tokens per parameter), below 1
 * under-trained; at fixed C it equals (D/D*)². Inference costs 2·N_active
 * FLOPs per token (forward pass, Kaplan et al. 2020 §2.1).
 */
import { diagnostic, DiagnosticError, type Diagnostic } from "../diagnostics.js";
import { getLaw } from "../laws/registry.js";
import { predictLoss } from "../laws/transform.js";
import { allocatePublished } from "../plan/allocate.js";
import type { PublishedLaw } from "./publishedLaws.js";
import type { NotableModel } from "./models.js";

export interface InferencePrice {
  /** Peak FLOP/s of the accelerator. */
  peakFlops: number;
  /** Model FLOPs utilisation while serving, in (0, 1]. */
  mfu: number;
  /** Dollars per GPU-hour, if known. */
  pricePerGpuHour?: number;
}

export interface ModelComparison {
  model: NotableModel;
  /** The N the law reads: active parameters (total for a dense model). */
  paramsForLaw: number;
  tokens: number;
  tokensPerParam: number;
  /** C = 6·N_active·D, FLOPs (the law's convention). */
  flops6ND: number;
  /** The compute-optimal split of flops6ND under the law (its rule if it publishes one). */
  computeOptimal: { params: number; tokens: number; tokensPerParam: number; loss?: number };
  /** (D/N) / (D* / N*): 1 compute-optimal, > 1 over-trained, < 1 under-trained. */
  overTrainingFactor: number;
  /** D/D* at the same compute (the square root of the over-training factor). */
  tokensRatio: number;
  /** The law's loss (nats) at the model's N and D, when the law predicts loss. */
  loss?: number;
  inference: { flopsPerToken: number; flopsPerMillionTokens: number; gpuSecondsPerMillionTokens?: number; costPerMillionTokens?: number };
  warnings: Diagnostic[];
}

/** One model against one law; refuses (tokens-not-published) a model whose tokens are unknown. */
export function compareModel(model: NotableModel, entry: PublishedLaw, price?: InferencePrice): ModelComparison {
  if (model.tokens === null) {
    throw new DiagnosticError(diagnostic("tokens-not-published", `${model.name}'s training tokens were not published (${model.confidence}): it cannot be compared under a law`, { value: model.id }));
  }
  const N = model.params.active, D = model.tokens, C = 6 * N * D;
  const warnings: Diagnostic[] = [diagnostic("constants-belong-to-setup", `${entry.id}'s constants belong to its setup (${entry.setup}): the loss it gives a model is that setup's loss for a model of the same N and D, not the model's own; compare positions (tokens per parameter, over-training), not absolute losses`)];
  if (entry.paramConvention !== "total" && entry.paramConvention !== "active") {
    warnings.push(diagnostic("param-convention-mismatch", `${entry.id} counts ${entry.paramConvention} parameters; ${model.name}'s ${fmtCount(N)} are ${model.params.active === model.params.total ? "total" : "active (total counts, embeddings included)"} parameters, read as if they were ${entry.paramConvention}`));
  }
  if (model.params.active !== model.params.total) {
    warnings.push(diagnostic("mixture-of-experts", `${model.name} is a mixture of experts (${fmtCount(model.params.total)} total, ${fmtCount(N)} active per token): compute, the law and inference use the active parameters; the published laws were fitted on dense models`));
  }
  const opt = allocatePublished(entry, C);
  const law = entry.law ? { law: getLaw(entry.law.lawId, entry.law.options), values: entry.law.values } : undefined;
  const loss = law ? predictLoss(law.law, law.values, [{ params: N, tokens: D, flops: C }])[0] : undefined;
  const optLoss = opt.loss; // allocatePublished gives the law's loss at its split whenever the entry has a law
  const perToken = 2 * N, perMillion = 2e6 * N;
  const inference: ModelComparison["inference"] = { flopsPerToken: perToken, flopsPerMillionTokens: perMillion };
  if (price) {
    const seconds = perMillion / (price.peakFlops * price.mfu);
    inference.gpuSecondsPerMillionTokens = seconds;
    if (price.pricePerGpuHour !== undefined) inference.costPerMillionTokens = (seconds / 3600) * price.pricePerGpuHour;
  }
  return {
    model, paramsForLaw: N, tokens: D, tokensPerParam: D / N, flops6ND: C,
    computeOptimal: { params: opt.params, tokens: opt.tokens, tokensPerParam: opt.tokens / opt.params, ...(optLoss !== undefined ? { loss: optLoss } : {}) },
    overTrainingFactor: (D / N) / (opt.tokens / opt.params),
    tokensRatio: D / opt.tokens,
    ...(loss !== undefined ? { loss } : {}),
    inference,
    warnings,
  };
}

/**
 * Several models against one law, as `scalecast compare` and the workbench's card read them: one row each, and
 * their warnings merged (one entry per code and message; the standing caveat, constants-belong-to-setup, once).
 */
export function compareModels(models: readonly NotableModel[], entry: PublishedLaw, price?: InferencePrice): { rows: ModelComparison[]; warnings: Diagnostic[] } {
  const rows = models.map((m) => compareModel(m, entry, price));
  const seen = new Set<string>();
  const warnings = rows.flatMap((r) => r.warnings).filter((d) => {
    const key = `${d.code}\u0000${d.code === "constants-belong-to-setup" ? "" : d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { rows, warnings };
}

function fmtCount(n: number): string {
  return n >= 1e12 ? `${+(n / 1e12).toPrecision(3)}T` : n >= 1e9 ? `${+(n / 1e9).toPrecision(3)}B` : `${+(n / 1e6).toPrecision(3)}M`;
}
