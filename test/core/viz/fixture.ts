// The built-in simulated sweep (src/core/fit/exampleSweep.ts, seed 42) fitted with
// Chinchilla's law, 100 bootstrap refits (seed 42), a backtest on the top 20% of
// compute, a plan at Gopher's budget and the Besiroglu et al. 2024 law to compare:
// every figure drawn from one seeded model, so tests and snapshots are reproducible.
import { publishedLaw } from "../../../src/core/catalog/publishedLaws.js";
import { backtest } from "../../../src/core/fit/backtest.js";
import { runResamples } from "../../../src/core/fit/bootstrap.js";
import { fitDataFor } from "../../../src/core/fit/data.js";
import { exampleSweepCsv } from "../../../src/core/fit/exampleSweep.js";
import { fitLaw } from "../../../src/core/fit/fitLaw.js";
import { chinchilla } from "../../../src/core/laws/chinchilla.js";
import { getLaw } from "../../../src/core/laws/registry.js";
import { allocateWithLaw } from "../../../src/core/plan/allocate.js";
import { inferenceAwarePlan } from "../../../src/core/plan/inferenceAware.js";
import { parseRunTable } from "../../../src/core/runs/parseRunTable.js";
import type { Law } from "../../../src/core/laws/types.js";
import { vizFit, vizRuns, type VizModel } from "../../../src/core/viz/index.js";

export const SEED = 42;
export const RESAMPLES = 100;
/** Gopher's budget (Hoffmann et al. 2022, Table 3): the plan and the extrapolation target. */
export const TARGET_FLOPS = 5.76e23;
export const INFERENCE_TOKENS = 2e13;

/** The example fitted with `law` (default Chinchilla) and its refits; no backtest, plan or comparison. */
export function fittedExample(law: Law = chinchilla) {
  const table = parseRunTable(exampleSweepCsv({ seed: SEED }), { source: "example" });
  const data = fitDataFor(law, table.runs);
  const fit = fitLaw(law, data);
  const refits = runResamples({ law, objective: "huber", delta: 1e-3, theta: fit.theta, seed: SEED, budgetFlops: TARGET_FLOPS, corrections: fit.corrections }, data, 0, RESAMPLES);
  const model: VizModel = { runs: vizRuns(table.runs), paramConvention: table.paramConvention, fit: vizFit(fit, data, refits), targetFlops: TARGET_FLOPS };
  return { table, data, fit, refits, model };
}

let cached: ReturnType<typeof build> | undefined;

function build() {
  const base = fittedExample();
  const { table, fit } = base;
  const bt = backtest(table.runs, { kind: "top-compute", fraction: 0.2 }, [{ law: chinchilla, method: "grid" }], { resamples: RESAMPLES, seed: SEED });
  const source = { law: chinchilla, values: fit.params };
  const plan = allocateWithLaw(source, TARGET_FLOPS);
  const ia = inferenceAwarePlan(source, plan.loss!, INFERENCE_TOKENS);
  const besiroglu = publishedLaw("besiroglu-2024").law!;
  const model: VizModel = {
    ...base.model,
    compare: [{ label: "besiroglu-2024", law: getLaw(besiroglu.lawId), values: { ...besiroglu.values } }],
    plan: { flops: plan.flops, params: plan.params, tokens: plan.tokens, loss: plan.loss!, inferenceAware: { params: ia.params, tokens: ia.tokens, loss: ia.targetLossNats } },
    backtest: bt,
  };
  return { ...base, backtest: bt, model };
}

/** The full example model (computed once per test file, ≈ 1 s). */
export function exampleModel() {
  cached ??= build();
  return cached;
}

/** The layers of a spec (a single view) or of its panels (hconcat), in order. */
export function layersOf(spec: Record<string, unknown>): Array<Record<string, unknown>> {
  const views = (spec.hconcat as Array<Record<string, unknown>> | undefined) ?? [spec];
  return views.flatMap((v) => (v.layer as Array<Record<string, unknown>>) ?? [v]);
}

/** A row of inline data: numbers and strings by field, as the figure wrote them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Row = Record<string, any>;

/** Inline data rows of a layer. */
export function rowsOf(layer: Record<string, unknown>): Row[] {
  return (layer.data as { values: Row[] }).values;
}

/** The first layer with this mark type (and, if given, drawing this field on y). */
export function layerWith(spec: Record<string, unknown>, mark: string, yField?: string): Record<string, unknown> {
  const found = layersOf(spec).find((l) => {
    const m = l.mark as string | { type: string };
    const type = typeof m === "string" ? m : m.type;
    const y = (l.encoding as { y?: { field?: string } } | undefined)?.y?.field;
    return type === mark && (yField === undefined || y === yField);
  });
  if (!found) throw new Error(`no ${mark} layer${yField ? ` with y = ${yField}` : ""}`);
  return found;
}
