/**
 * Sweep design (`scalecast sweep design`): the pilot runs of a scaling study,
 * each a buildable model with its tokens, steps, batch, learning rate, FLOPs
 * and GPU-hours, from one of two families:
 *
 * - IsoFLOP grid (Hoffmann et al. 2022, Approach 2): for each budget C, k
 *   sizes spread evenly in ln N over `spanDecades` centred on the prior law's
 *   compute-optimal N*(C); each run's tokens are C / (6N) for its exact N.
 * - Ladder (as labs' model ladders): sizes × token multiples (tokens per
 *   parameter), D = m·N.
 *
 * Each target N is made buildable by the shape search (exact parameter count
 * of a LLaMA- or GPT-style transformer; N counts what the prior law counts).
 * Steps are whole: D = steps × batch, batch a whole number of sequences near
 * DeepSeek LLM's B_opt(C) (a labelled heuristic), so a run's compute is 6·N·D
 * for the N and D it will really train, within one batch of the budget.
 * Learning rate: DeepSeek LLM's η_opt(C) = 0.3118·C^−0.125 (labelled).
 *
 * Constraints never drop a run silently: a run outside the parameter or token
 * range, or whose training state does not fit the GPU memory, is listed in
 * `excluded` with its reason; a design over its run, compute or cost cap is
 * refused as a whole (RangeError naming the cap and the total).
 */
import type { Law } from "../laws/types.js";
import type { LawOptions } from "../laws/registry.js";
import { predictLoss } from "../laws/transform.js";
import { allocateWithLaw } from "../plan/allocate.js";
import { parameterCount } from "../plan/architecture.js";
import { ADAM_MIXED_PRECISION_BYTES_PER_PARAM, deepseekBatchTokens, deepseekLearningRate } from "../plan/schedule.js";
import { shapeSearch, type Layout } from "../plan/shapeSearch.js";
import { ruleValue } from "./lrRule.js";

export const SWEEP_FORMAT = 1;

export interface PriorLaw {
  /** Catalog id (e.g. besiroglu-2024) or "fit:FILE". */
  name: string;
  law: Law;
  values: Record<string, number>;
  /** What the law's N counts; the shapes are matched on the same count. */
  paramConvention: "total" | "nonEmbedding" | "active";
  /** The options the law was built with (getLaw(law.id, lawOptions)), so worker threads can build it again; absent: simulate on one thread. */
  lawOptions?: LawOptions;
}

export interface DesignHardware {
  gpu: string;
  peakFlops: number;
  mfu: number;
  /** GPUs each run trains on (its training state is sharded over them). */
  gpusPerRun: number;
  pricePerGpuHour?: number;
  /** Memory of one GPU, bytes: a run whose training state per GPU exceeds it is excluded. */
  memoryBytes?: number;
}

export interface DesignConstraints {
  minParams?: number;
  maxParams?: number;
  minTokens?: number;
  maxTokens?: number;
  maxRuns?: number;
  /** Cap on the sweep's total training FLOPs. */
  maxFlops?: number;
  /** Cap on the sweep's total cost (needs a price per GPU-hour). */
  maxCost?: number;
}

/** One proposed run of a "points" family: a target size at a budget (IsoFLOP) or a token multiple (ladder), and why. */
export interface PointTarget { id: string; params: number; budget?: number; multiple?: number; reason: string }

export type DesignFamily =
  | { kind: "isoflop"; budgets: number[]; pointsPerBudget: number; spanDecades: number }
  | { kind: "ladder"; sizes: number[]; tokenMultiples: number[] }
  /** Runs chosen one by one (`sweep next`), each with its reason; `parent` is the spec they follow. */
  | { kind: "points"; parent: string; points: PointTarget[] };

/** A learning-rate (and batch) rule fitted by `sweep lr-rule`, used instead of DeepSeek's. */
export interface HyperRule {
  source: string;
  lr: { c: number; a: number; b: number; r2: number };
  batch?: { c: number; a: number; b: number; r2: number; unit: string };
  /** What the grid's N counted: the rule is evaluated at the same count. */
  paramConvention: "total" | "nonEmbedding" | "active";
  /** The grid's extent: runs beyond it are counted in the rule's label. */
  range?: { params: [number, number]; tokens: [number, number] };
}

export interface DesignRequest {
  family: DesignFamily;
  /** Learning rate and batch from a fitted rule (default: DeepSeek LLM's, labelled). */
  hyper?: HyperRule;
  prior: PriorLaw;
  hardware: DesignHardware;
  constraints: DesignConstraints;
  vocab: number;
  seqLen: number;
  layout: Layout;
}

export interface SweepRun {
  /** Stable id: the family, the budget (or size) and the point, e.g. "iso-c1e18-3". */
  id: string;
  /** Why the run was proposed (`sweep next`). */
  reason?: string;
  /** IsoFLOP: the run's nominal budget (its group); ladder: absent. */
  budgetFlops?: number;
  /** Ladder: the token multiple D/N. */
  tokenMultiple?: number;
  /** N as the prior counts it (exact, from the shape), and both counts. */
  params: number;
  paramsTotal: number;
  paramsNonEmbedding: number;
  tokens: number;
  /** C = 6·N·D for this run's N and D. */
  flops: number;
  layers: number;
  dModel: number;
  heads: number;
  batchTokens: number;
  batchSequences: number;
  steps: number;
  learningRate: number;
  gpuHours: number;
  cost?: number;
  /** The prior law's loss at (N, D), nats: what the design expects. */
  priorLoss: number;
}

export interface SweepDesign {
  format: number;
  family: DesignFamily;
  prior: { name: string; lawId: string; lawOptions?: LawOptions; values: Record<string, number>; paramConvention: string };
  conventions: { params: string; flops: "C = 6ND"; loss: "nats" };
  rules: { learningRate: string; batch: string; shapes: string };
  hardware: DesignHardware;
  constraints: DesignConstraints;
  model: { vocab: number; seqLen: number; layout: Layout };
  runs: SweepRun[];
  /** Runs left out, with why; `tokens` when the run was built before a limit excluded it. */
  excluded: Array<{ id: string; params: number; tokens?: number; reason: string }>;
  totals: { runs: number; flops: number; gpuHours: number; cost?: number };
}

const RULES = {
  learningRate: "DeepSeek LLM 2024 §3.1: η_opt = 0.3118·C^−0.125 (fitted on their setup; a heuristic starting point)",
  batch: "DeepSeek LLM 2024 §3.1: B_opt = 0.2920·C^0.3271 tokens, rounded to whole sequences (a heuristic)",
  shapes: "scalecast shape search: widths in multiples of 128, width/depth 64–160, exact parameter count within 10% of the target",
};

/** "1e18", "3.16e7": a number as a short, file-safe id part. */
const idNumber = (v: number) => Number(v.toPrecision(3)).toExponential().replace("e+", "e");

/** The design: runs, exclusions and totals. Throws a RangeError for an impossible request or a design over a cap. O(runs × shape search). */
export function designSweep(req: DesignRequest): SweepDesign {
  const { family, prior, hardware: hw, constraints: cap } = req;
  const match = prior.paramConvention === "nonEmbedding" ? "nonEmbedding" : "total";
  const targets: Array<{ id: string; params: number; budget?: number; multiple?: number; reason?: string }> = [];
  if (family.kind === "points") {
    if (family.points.length === 0) throw new RangeError("no run to design");
    for (const p of family.points) {
      if ((p.budget === undefined) === (p.multiple === undefined)) throw new RangeError(`run ${p.id}: give a budget or a token multiple, one of the two`);
      targets.push(p);
    }
  } else if (family.kind === "isoflop") {
    if (family.budgets.length === 0) throw new RangeError("an IsoFLOP design needs at least one budget");
    if (!(family.pointsPerBudget >= 2)) throw new RangeError(`an IsoFLOP design needs at least 2 points per budget to find a minimum (3 or more to fit a parabola), got ${family.pointsPerBudget}`);
    for (const c of family.budgets) {
      const optimum = allocateWithLaw(prior, c).params;
      for (let i = 0; i < family.pointsPerBudget; i++) {
        const n = optimum * 10 ** (family.spanDecades * (i / (family.pointsPerBudget - 1) - 0.5));
        targets.push({ id: `iso-c${idNumber(c)}-${i + 1}`, params: n, budget: c });
      }
    }
  } else {
    if (family.sizes.length === 0 || family.tokenMultiples.length === 0) throw new RangeError("a ladder needs sizes and token multiples");
    for (const n of family.sizes) for (const m of family.tokenMultiples) targets.push({ id: `ladder-n${idNumber(n)}-x${Number(m.toPrecision(3))}`, params: n, multiple: m });
  }
  const runs: SweepRun[] = [];
  const excluded: SweepDesign["excluded"] = [];
  for (const t of targets) {
    if (t.params < 1e6) { excluded.push({ id: t.id, params: t.params, reason: "below 1e6 parameters, the smallest shape the search builds" }); continue; }
    const [shape] = shapeSearch(t.params, { vocab: req.vocab, seqLen: req.seqLen, layout: req.layout, match, count: 1 });
    if (!shape) {
      excluded.push({ id: t.id, params: t.params, reason: t.params < smallestShape(req, match)
        ? `no buildable shape within 10% of ${t.params.toExponential(3)} parameters (the smallest, 2 layers of width 256 with a ${req.vocab}-token vocabulary, has ${smallestShape(req, match).toExponential(3)}): a smaller --vocab or a larger budget`
        : `no buildable shape within 10% of ${t.params.toExponential(3)} parameters (widths go up to 65,536): a smaller budget or size` });
      continue;
    }
    const n = shape.params[match];
    const wantTokens = t.budget !== undefined ? t.budget / (6 * n) : t.multiple! * n;
    const nominalFlops = 6 * n * wantTokens;
    const hyper = req.hyper;
    const ruleN = hyper?.paramConvention === "nonEmbedding" ? shape.params.nonEmbedding : shape.params.total;
    const ruleBatch = hyper?.batch ? ruleValue(hyper.batch, ruleN, wantTokens) : undefined;
    const batchSequences = Math.max(1, Math.round(ruleBatch !== undefined ? (hyper!.batch!.unit === "tokens" ? ruleBatch / req.seqLen : ruleBatch) : deepseekBatchTokens(nominalFlops) / req.seqLen));
    const batchTokens = batchSequences * req.seqLen;
    const steps = Math.max(1, Math.round(wantTokens / batchTokens));
    const tokens = steps * batchTokens;
    const flops = 6 * n * tokens;
    const reason = limitReason(n, tokens, cap, hw, shape.params.total);
    if (reason) { excluded.push({ id: t.id, params: n, tokens, reason }); continue; }
    const gpuHours = flops / (hw.peakFlops * hw.mfu) / 3600;
    runs.push({
      id: t.id, ...(t.reason !== undefined ? { reason: t.reason } : {}), ...(t.budget !== undefined ? { budgetFlops: t.budget } : {}), ...(t.multiple !== undefined ? { tokenMultiple: t.multiple } : {}),
      params: n, paramsTotal: shape.params.total, paramsNonEmbedding: shape.params.nonEmbedding, tokens, flops,
      layers: shape.architecture.layers, dModel: shape.architecture.dModel, heads: shape.architecture.heads,
      batchTokens, batchSequences, steps, learningRate: hyper ? ruleValue(hyper.lr, ruleN, tokens) : deepseekLearningRate(flops), gpuHours,
      ...(hw.pricePerGpuHour !== undefined ? { cost: gpuHours * hw.pricePerGpuHour } : {}),
      priorLoss: predictLoss(prior.law, prior.values, [{ params: n, tokens, flops }])[0],
    });
  }
  const ids = new Set<string>();
  for (const r of runs) {
    if (ids.has(r.id)) throw new RangeError(`two runs share the id ${r.id}: give distinct budgets or sizes`);
    ids.add(r.id);
  }
  if (runs.length === 0) throw new RangeError(`every run was excluded: ${excluded.map((e) => `${e.id}: ${e.reason}`).join("; ")}`);
  const totals = {
    runs: runs.length, flops: runs.reduce((s, r) => s + r.flops, 0), gpuHours: runs.reduce((s, r) => s + r.gpuHours, 0),
    ...(hw.pricePerGpuHour !== undefined ? { cost: runs.reduce((s, r) => s + r.cost!, 0) } : {}),
  };
  if (cap.maxRuns !== undefined && totals.runs > cap.maxRuns) throw new RangeError(`the design has ${totals.runs} runs, more than --max-runs ${cap.maxRuns}: fewer budgets, sizes or points`);
  if (cap.maxFlops !== undefined && totals.flops > cap.maxFlops) throw new RangeError(`the design needs ${totals.flops.toExponential(3)} FLOPs in all, more than --max-pilot-flops ${cap.maxFlops.toExponential(3)}`);
  if (cap.maxCost !== undefined) {
    if (totals.cost === undefined) throw new RangeError("--max-cost needs --price-per-gpu-hour");
    if (totals.cost > cap.maxCost) throw new RangeError(`the design costs ${totals.cost.toFixed(0)} in all, more than --max-cost ${cap.maxCost}`);
  }
  return {
    format: SWEEP_FORMAT, family,
    prior: { name: prior.name, lawId: prior.law.id, ...(prior.lawOptions ? { lawOptions: prior.lawOptions } : {}), values: { ...prior.values }, paramConvention: prior.paramConvention },
    conventions: { params: `${prior.paramConvention} parameters (as the prior law counts them)`, flops: "C = 6ND", loss: "nats" },
    rules: req.hyper ? {
      ...RULES,
      learningRate: `fitted to ${req.hyper.source} by sweep lr-rule: η = ${req.hyper.lr.c.toPrecision(4)}·N^${req.hyper.lr.a.toFixed(4)}·D^${req.hyper.lr.b.toFixed(4)} (N ${req.hyper.paramConvention}; R² ${req.hyper.lr.r2.toFixed(3)} in ln η)${beyondGrid(req.hyper, runs)}`,
      ...(req.hyper.batch ? { batch: `fitted to ${req.hyper.source} by sweep lr-rule: B = ${req.hyper.batch.c.toPrecision(4)}·N^${req.hyper.batch.a.toFixed(4)}·D^${req.hyper.batch.b.toFixed(4)} ${req.hyper.batch.unit}, rounded to whole sequences (R² ${req.hyper.batch.r2.toFixed(3)})` } : {}),
    } : RULES,
    hardware: hw, constraints: cap, model: { vocab: req.vocab, seqLen: req.seqLen, layout: req.layout },
    runs, excluded, totals,
  };
}

/** "; extrapolated: k of n runs lie beyond the grid (N …, D …)" when runs lie outside the grid the rule was fitted on. */
function beyondGrid(h: HyperRule, runs: readonly SweepRun[]): string {
  if (!h.range) return "";
  const n = (r: SweepRun) => (h.paramConvention === "nonEmbedding" ? r.paramsNonEmbedding : r.paramsTotal);
  const out = runs.filter((r) => n(r) < h.range!.params[0] || n(r) > h.range!.params[1] || r.tokens < h.range!.tokens[0] || r.tokens > h.range!.tokens[1]);
  if (out.length === 0) return "";
  return `; EXTRAPOLATED for ${out.length} of ${runs.length} runs, which lie beyond the grid it was fitted on (N ${h.range.params[0].toExponential(2)}–${h.range.params[1].toExponential(2)}, D ${h.range.tokens[0].toExponential(2)}–${h.range.tokens[1].toExponential(2)})`;
}

/** Parameters of the smallest shape the search builds (2 layers of width 256), in the matched count. */
function smallestShape(req: DesignRequest, match: "total" | "nonEmbedding"): number {
  const llama = req.layout === "llama";
  const p = parameterCount({ layers: 2, dModel: 256, heads: 4, vocab: req.vocab, seqLen: req.seqLen, swiglu: llama, positional: llama ? "none" : "learned", bias: !llama, tiedEmbeddings: !llama });
  return p[match];
}

/** Why a run breaks a per-run constraint, or undefined. */
function limitReason(n: number, tokens: number, cap: DesignConstraints, hw: DesignHardware, total: number): string | undefined {
  if (cap.minParams !== undefined && n < cap.minParams) return `N ${n.toExponential(3)} is below --min-params ${cap.minParams.toExponential(3)}`;
  if (cap.maxParams !== undefined && n > cap.maxParams) return `N ${n.toExponential(3)} is above --max-params ${cap.maxParams.toExponential(3)}`;
  if (cap.minTokens !== undefined && tokens < cap.minTokens) return `D ${tokens.toExponential(3)} is below --min-tokens ${cap.minTokens.toExponential(3)}`;
  if (cap.maxTokens !== undefined && tokens > cap.maxTokens) return `D ${tokens.toExponential(3)} is above --max-tokens ${cap.maxTokens.toExponential(3)}`;
  if (hw.memoryBytes !== undefined) {
    const state = (ADAM_MIXED_PRECISION_BYTES_PER_PARAM * total) / hw.gpusPerRun;
    if (state > hw.memoryBytes) return `its training state (16 B/parameter, ${(state / 1e9).toFixed(1)} GB per GPU over ${hw.gpusPerRun}) exceeds --gpu-memory ${Number((hw.memoryBytes / 1e9).toPrecision(3))} GB`;
  }
  return undefined;
}

/** The CSV view of a design: one row per run, a header of fixed column names. */
export const SWEEP_CSV_COLUMNS = ["id", "budget_flops", "token_multiple", "params", "params_total", "params_nonembedding", "tokens", "flops", "layers", "d_model", "heads", "batch_tokens", "steps", "lr", "gpu_hours", "cost", "prior_loss"] as const;

export function sweepCsv(design: SweepDesign): string {
  const cell = (v: number | string | undefined) => (v === undefined ? "" : String(v));
  return [SWEEP_CSV_COLUMNS.join(","), ...design.runs.map((r) => [
    r.id, r.budgetFlops, r.tokenMultiple, r.params, r.paramsTotal, r.paramsNonEmbedding, r.tokens, r.flops, r.layers, r.dModel, r.heads,
    r.batchTokens, r.steps, r.learningRate, r.gpuHours, r.cost, r.priorLoss,
  ].map(cell).join(","))].join("\n") + "\n";
}
