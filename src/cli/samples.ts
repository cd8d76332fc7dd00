/**
 * `scalecast samples FILE`: test-time compute from per-problem samples (issue
 * 14, first slice): each model's pass@k (Chen et al.'s unbiased estimator,
 * averaged over problems) at the k asked, the beta-binomial law of per-problem
 * success and the aggregate power law −ln pass@k = a·k^(−b), each forecasting
 * pass@k at the larger k asked.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_PLAN_LAW, publishedLaw } from "../core/catalog/publishedLaws.js";
import { getLaw } from "../core/laws/registry.js";
import { allocateForSize } from "../core/plan/allocate.js";
import { DEFAULT_MFU, GPU_PRESETS, gpuPreset } from "../core/plan/hardware.js";
import { trainVsInference, type Trade } from "../core/samples/trade.js";
import { documentHeader, type DocumentHeader } from "../core/documentHeader.js";
import { analyzeWithSeries, backtestSamples, type SamplesModel } from "../core/samples/analyze.js";
import { betaPassAtK } from "../core/samples/betaBinomial.js";
import { passAtK } from "../core/samples/passAtK.js";
import { readSamples, SAMPLE_COLUMNS, type SampleColumn } from "../core/samples/readSamples.js";
import { exampleSamplesCsv, exampleSamplesNote } from "../core/samples/exampleSamples.js";
import { diagnostic, type Diagnostic } from "../core/diagnostics.js";
import { withBarAsync } from "../node/progress.js";
import { parseQuantity } from "../core/runs/quantity.js";
import { cheapestFor, costPoints, frontier, INFERENCE_FLOPS_CONVENTION, type CostPoint } from "../core/samples/computeMatched.js";
import { BadOptionError } from "../core/errors.js";
import { coverageFigure, inferenceFrontierFigure, type CoverageSeries } from "../core/viz/samplesFigures.js";
import { positiveNumber, positiveReal, resampleCount, seed32, wholeNumber } from "./options.js";
import { toJson } from "../core/toJson.js";
import { commandArgv } from "../node/io.js";
import { readText } from "../node/readText.js";
import { userInput } from "./errors.js";
import { table } from "./format.js";
import { emit, withOut } from "./output.js";

/** "7b=7e9,70b=7e10" → { "7b": 7e9, "70b": 7e10 } (sizes such as 70B read). */
function perModel(value: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of value.split(",")) {
    const m = /^\s*([^=]+?)\s*=\s*(\S+)\s*$/.exec(part);
    const v = m ? parseQuantity(m[2]) : null;
    if (!m || v === null || !(v > 0)) throw new InvalidArgumentError(`expected MODEL=NUMBER pairs separated by commas (e.g. 7b=7e9,70b=7e10), got "${part}"`);
    out[m[1]] = v;
  }
  return out;
}

/** A fraction in (0, 1). */
function fractionOpen(value: string): number {
  const v = Number(value);
  if (!(v > 0 && v < 1)) throw new InvalidArgumentError(`expected an accuracy in (0, 1), got "${value}"`);
  return v;
}

/** "1,10,100" → whole numbers ≥ 1, ascending, each once. */
function kList(value: string): number[] {
  const ks = value.split(",").map((s) => Number(s.trim()));
  const bad = ks.findIndex((k) => !Number.isInteger(k) || k < 1);
  if (bad >= 0) throw new InvalidArgumentError(`expected whole numbers ≥ 1 separated by commas (e.g. 1,10,100), got "${value.split(",")[bad]}"`);
  return [...new Set(ks)].sort((a, b) => a - b);
}

export interface SamplesDocument extends DocumentHeader {
  command: "samples";
  data: { source: string; shape: string; columns: Record<string, string> };
  conventions: { estimator: string; beta: string; kumaraswamy: string; aggregate: string };
  models: SamplesModel[];
  /** With --params and --tokens-per-sample: the accuracy–inference-FLOPs frontier, and the cheapest (model, k) for --target-accuracy. */
  compute?: { convention: string; frontier: Array<CostPoint & { from: string }>; target?: number; cheapest?: (CostPoint & { from: string }) | null };
  /** With --queries: train a larger model or sample a smaller one more, over the deployment's queries. */
  trade?: Trade & { hardware?: { gpu: string; peakFlops: number; trainingMfu: number; inferenceMfu: number; pricePerGpuHour?: number } };
  warnings: Diagnostic[];
}

export function samplesCommand(): Command {
  return withOut(new Command("samples")
    .description("test-time compute from per-problem samples: pass@k per model (unbiased estimator), the beta-binomial and aggregate power laws, and pass@k forecast at larger k")
    .argument("[file]", "one row per (model, problem) with n and c, or one row per sample with correct (CSV, TSV, JSON, JSONL); omit with --example")
    .option("--example", "a built-in simulated file: two models, 400 problems × 100 samples, pass@1 from known Beta laws (seed: --seed)")
    .option("--k <ks>", "the k of the pass@k table (each ≤ every problem's n)", kList, [1, 10, 100])
    .option("--forecast-k <ks>", "larger k to forecast pass@k at (default: 10× and 100× the largest n)", kList)
    .option("--bootstrap <B>", "resample the problems B times for percentile 95% intervals of pass@k, both laws and their forecasts (0: none; 1,000 keeps the 2.5% and 97.5% points steady)", resampleCount, 1000)
    .option("--seed <s>", "seed of the bootstrap", seed32, 42)
    .option("--params <model=N,…>", "parameters used per token of each model (active, for a mixture of experts), e.g. 7b=7e9,70b=7e10: for inference FLOPs", perModel)
    .option("--tokens-per-sample <model=T,…>", "mean generated tokens per sample of each model, e.g. 7b=400,70b=4000", perModel)
    .option("--figure <file>", "also draw coverage against k (measured, and the beta-binomial forecast with its band): .svg or .png")
    .option("--frontier-figure <file>", "with --params and --tokens-per-sample: also draw accuracy against inference FLOPs: .svg or .png")
    .option("--target-accuracy <a>", "with --params and --tokens-per-sample: the cheapest (model, k) whose pass@k reaches a", fractionOpen)
    .option("--queries <Q>", "with --target-accuracy: the train-vs-inference trade over Q queries (training 6·N·D plus Q inferences at each model's k)", positiveNumber)
    .option("--train-tokens <model=D,…>", "training tokens of each model, e.g. 7b=2T,70b=2T (default: compute-optimal for its N under --train-law)", perModel)
    .option("--train-law <id>", "catalog law whose compute-optimal plan gives each model's training tokens", DEFAULT_PLAN_LAW)
    .addOption(new Option("--gpu <name>", `with --queries: accelerator preset for GPU-hours and cost: ${GPU_PRESETS.map((g) => g.id).join(", ")}`))
    .option("--mfu <m>", "training utilisation, with --gpu", positiveReal, DEFAULT_MFU)
    .option("--inference-mfu <m>", "inference utilisation, with --gpu (default: --mfu)", positiveReal)
    .option("--price-per-gpu-hour <p>", "price of one accelerator-hour, with --gpu", positiveReal)
    .option("--backtest <n0>", "also fit both laws on n0 samples per problem and score their forecasts of pass@k at 2·n0, 4·n0, … the smallest n against all samples", wholeNumber)
    .option("--model-col <name>", "the model column (default: found by name; absent: one model)")
    .option("--problem-col <name>", "the problem column")
    .option("--n-col <name>", "the samples-per-problem column (counts shape)")
    .option("--c-col <name>", "the correct-samples column (counts shape)")
    .option("--correct-col <name>", "the per-sample outcome column, 1/0 or true/false (per-sample shape)")
    .option("--json", "print one JSON document on stdout"), "also write the JSON document to FILE")
    .action(async (file: string | undefined, opts: { example?: boolean; k: number[]; forecastK?: number[]; bootstrap: number; seed: number; backtest?: number; queries?: number; trainTokens?: Record<string, number>; trainLaw: string; gpu?: string; mfu: number; inferenceMfu?: number; pricePerGpuHour?: number; params?: Record<string, number>; tokensPerSample?: Record<string, number>; targetAccuracy?: number; figure?: string; frontierFigure?: string; json?: boolean; out?: string } & Partial<Record<`${SampleColumn}Col`, string>>) => {
      for (const f of [opts.figure, opts.frontierFigure]) if (f !== undefined && !/\.(svg|png)$/i.test(f)) throw new BadOptionError(`a figure's format comes from its extension: .svg or .png, got "${f}"`);
      if (opts.frontierFigure !== undefined && opts.params === undefined) throw new BadOptionError("--frontier-figure needs --params and --tokens-per-sample");
      if ((opts.params === undefined) !== (opts.tokensPerSample === undefined)) throw new BadOptionError("--params and --tokens-per-sample go together: inference FLOPs need both");
      if (opts.targetAccuracy !== undefined && opts.params === undefined) throw new BadOptionError("--target-accuracy needs --params and --tokens-per-sample");
      if (opts.queries !== undefined && opts.targetAccuracy === undefined) throw new BadOptionError("--queries needs --target-accuracy (and --params, --tokens-per-sample): the trade is between ways of reaching it");
      if (opts.queries === undefined && (opts.trainTokens || opts.gpu || opts.pricePerGpuHour !== undefined || opts.inferenceMfu !== undefined)) throw new BadOptionError("--train-tokens, --gpu, --inference-mfu and --price-per-gpu-hour apply to the trade: give --queries");
      if (opts.gpu === undefined && opts.pricePerGpuHour !== undefined) throw new BadOptionError("--price-per-gpu-hour needs --gpu: dollars come from GPU-hours");
      const columns = Object.fromEntries(SAMPLE_COLUMNS.filter((c) => opts[`${c}Col`] !== undefined).map((c) => [c, opts[`${c}Col`]!]));
      if ((file === undefined) === (opts.example !== true)) throw new BadOptionError(file === undefined ? "give a sample FILE, or --example for the built-in simulated one" : "give a sample FILE or --example, not both");
      const data = opts.example
        ? { ...readSamples(exampleSamplesCsv(opts.seed), "built-in example"), diagnostics: [diagnostic("simulated-data", exampleSamplesNote(opts.seed))] }
        : userInput(() => readSamples(readText(file!), file!, columns));
      if (opts.params && opts.tokensPerSample) {
        const missing = data.models.map((m) => m.model).filter((m) => opts.params![m] === undefined || opts.tokensPerSample![m] === undefined);
        if (missing.length) throw new BadOptionError(`--params and --tokens-per-sample must name every model: missing ${missing.join(", ")}`);
      }
      const models: SamplesDocument["models"] = [];
      const series: CoverageSeries[] = [];
      for (const m of data.models) {
        const { analysis, series: line } = await withBarAsync(`bootstrap ${m.model}`, opts.bootstrap, async (onProgress) =>
          userInput(() => analyzeWithSeries(m.model, m.problems, { ks: opts.k, ...(opts.forecastK ? { forecastKs: opts.forecastK } : {}), bootstrap: opts.bootstrap, seed: opts.seed, onProgress })));
        series.push(line);
        const backtest = opts.backtest === undefined ? undefined
          : await withBarAsync(`backtest ${m.model}`, opts.bootstrap, async (onProgress) => userInput(() => backtestSamples(m.model, m.problems, opts.backtest!, opts.bootstrap, opts.seed, onProgress)));
        models.push({ ...analysis, ...(backtest ? { backtest } : {}) });
      }
      let compute: SamplesDocument["compute"];
      let trade: SamplesDocument["trade"];
      if (opts.params && opts.tokensPerSample) {
        // pass@k from the data up to every problem's n, from the fitted beta-binomial law beyond (said per point)
        const kGrid = Array.from({ length: 21 }, (_, i) => 2 ** i);
        const costs = models.map((m) => {
          const src = data.models.find((x) => x.model === m.model)!;
          return { model: m.model, params: opts.params![m.model], tokensPerSample: opts.tokensPerSample![m.model],
            passAt: (k: number) => (k <= m.samples.min ? src.problems.reduce((s, p) => s + passAtK(p.n, p.c, k), 0) / src.problems.length : betaPassAtK(m.beta.alpha, m.beta.beta, k)),
            // pass@k up to every problem's n is measured; beyond, it is the law's
            from: (k: number) => (k <= m.samples.min ? "data" as const : "beta-binomial law" as const) };
        });
        const points = costPoints(costs, kGrid).map((p) => ({ ...p, from: costs.find((c) => c.model === p.model)!.from(p.k) }));
        const pick = opts.targetAccuracy === undefined ? undefined : cheapestFor(points, opts.targetAccuracy) as (CostPoint & { from: string }) | undefined;
        compute = { convention: INFERENCE_FLOPS_CONVENTION, frontier: frontier(points) as Array<CostPoint & { from: string }>,
          ...(opts.targetAccuracy !== undefined ? { target: opts.targetAccuracy, cheapest: pick ?? null } : {}) };
        if (opts.frontierFigure) await writeSamplesFigure(opts.frontierFigure, inferenceFrontierFigure(points, compute.frontier, INFERENCE_FLOPS_CONVENTION).spec);
        if (opts.queries !== undefined) {
          const law = opts.trainTokens ? undefined : publishedLaw(opts.trainLaw);
          if (law && !law.law) throw new BadOptionError(`--train-law ${opts.trainLaw} is an allocation rule without a loss law; give a law with one, or --train-tokens`);
          const source = law ? { law: getLaw(law.law!.lawId, law.law!.options), values: law.law!.values } : undefined;
          const tradeModels = costs.map((c) => {
            const given = opts.trainTokens?.[c.model];
            if (opts.trainTokens && given === undefined) throw new BadOptionError(`--train-tokens must name every model: missing ${c.model}`);
            const trainTokens = given ?? userInput(() => allocateForSize(source!, "params", c.params).tokens);
            return { model: c.model, params: c.params, tokensPerSample: c.tokensPerSample, trainTokens,
              trainTokensFrom: given !== undefined ? "given (--train-tokens)" : `compute-optimal for N under ${opts.trainLaw}`,
              passAt: (k: number) => ({ value: c.passAt(k), from: c.from(k) }) };
          });
          const gpu = opts.gpu ? gpuPreset(opts.gpu) : undefined;
          const hardware = gpu ? { peakFlops: gpu.peakFlops, trainingMfu: opts.mfu, inferenceMfu: opts.inferenceMfu ?? opts.mfu, ...(opts.pricePerGpuHour !== undefined ? { pricePerGpuHour: opts.pricePerGpuHour } : {}) } : undefined;
          trade = userInput(() => trainVsInference(tradeModels, opts.targetAccuracy!, opts.queries!, hardware));
          if (gpu) trade = { ...trade, hardware: { gpu: gpu.id, peakFlops: gpu.peakFlops, trainingMfu: hardware!.trainingMfu, inferenceMfu: hardware!.inferenceMfu, ...(opts.pricePerGpuHour !== undefined ? { pricePerGpuHour: opts.pricePerGpuHour } : {}) } };
        }
      }
      const doc: SamplesDocument = {
        ...documentHeader("samples", commandArgv()), data: { source: data.source, shape: data.shape, columns: data.columns },
        conventions: {
          estimator: "pass@k = 1 − C(n−c, k)/C(n, k) per problem (Chen et al. 2021), averaged over the model's problems",
          beta: "per-problem p ~ Beta(α, β), c ~ beta-binomial(n, α, β), maximum likelihood; pass@k = 1 − B(α, β+k)/B(α, β) (Schaeffer et al. 2025)",
          kumaraswamy: "per-problem p ~ Kumaraswamy(a, b), F(p) = 1 − (1 − p^a)^b, maximum likelihood; pass@k = 1 − E[(1 − p)^k] by quadrature over the quantile",
          aggregate: "−ln pass@k = a·k^(−b) fitted to the empirical coverage at k = 1, 2, 4, … ≤ the smallest n (Brown et al. 2024)",
        },
        models, ...(compute ? { compute } : {}), ...(trade ? { trade } : {}), warnings: data.diagnostics,
      };
      if (opts.figure) await writeSamplesFigure(opts.figure, coverageFigure(series).spec);
      emit(opts, () => toJson(doc), () => renderSamples(doc));
    });
}

/** A figure written as SVG or PNG (by the extension); Vega and resvg load only here. */
async function writeSamplesFigure(file: string, spec: Record<string, unknown>): Promise<void> {
  const { renderPng, renderSvg, writeFigure } = await import("../node/render.js");
  const svg = await renderSvg(spec);
  writeFigure(file, /\.png$/i.test(file) ? renderPng(svg) : svg);
}

const ci = (v: readonly [number, number] | undefined) => (v ? ` [${v.map((x) => x.toFixed(3)).join(", ")}]` : "");

function renderSamples(d: SamplesDocument): string {
  const lines = [`scalecast samples: ${d.data.source} (${d.data.shape === "counts" ? "n and c per model and problem" : "one row per sample"}): ${d.models.length} model${d.models.length === 1 ? "" : "s"}`, ""];
  const ks = d.models[0]?.passAtK.map((p) => p.k) ?? [];
  const fks = d.models[0]?.forecast.map((f) => f.k) ?? [];
  lines.push(table([["model", "problems", "n", ...ks.map((k) => `pass@${k}`), "Beta α, β", "aggregate a, b", ...fks.map((k) => `pass@${k} (beta | aggregate)`)],
    ...d.models.map((m) => [m.model, String(m.problems), m.samples.min === m.samples.max ? String(m.samples.min) : `${m.samples.min}–${m.samples.max}`,
      ...m.passAtK.map((p, j) => `${p.value.toFixed(4)}${m.bootstrap ? ` [${m.bootstrap.passAtK[j].ci95.map((v) => v.toFixed(3)).join(", ")}]` : ""}`),
      `${m.beta.alpha.toPrecision(3)}, ${m.beta.beta.toPrecision(3)}${m.beta.converged ? "" : " (not converged)"}`,
      m.aggregate ? `${m.aggregate.a.toPrecision(3)}, ${m.aggregate.b.toPrecision(3)}` : "—",
      ...m.forecast.map((f, j) => `${f.beta.toFixed(4)}${ci(m.bootstrap?.forecast[j].ci95)} | ${f.aggregate === undefined ? "—" : `${f.aggregate.toFixed(4)}${ci(m.bootstrap?.aggregate?.forecast[j].ci95)}`}`)])]));
  for (const m of d.models) {
    const diff = m.kumaraswamy.logLikelihood - m.beta.logLikelihood;
    lines.push(`  ${m.model}: Kumaraswamy a ${m.kumaraswamy.a.toPrecision(3)}, b ${m.kumaraswamy.b.toPrecision(3)}${m.kumaraswamy.converged ? "" : " (not converged)"}; ln L ${diff >= 0 ? "higher" : "lower"} than Beta's by ${Math.abs(diff).toFixed(2)} nats (same number of parameters); forecasts ${m.forecast.map((f) => `pass@${f.k} ${f.kumaraswamy.toFixed(4)}`).join(", ")}`);
  }
  for (const m of d.models) {
    if (!m.voting) continue;
    lines.push("", `choosing one answer from k samples, ${m.model}:`);
    lines.push(table([["k", "pass@k", ...(m.voting[0].bestOfK !== undefined ? ["best-of-k (top score)"] : []), ...(m.voting[0].majority ? ["majority@k"] : [])],
      ...m.voting.map((v, j) => [String(v.k), m.passAtK[j].value.toFixed(4), ...(v.bestOfK !== undefined ? [v.bestOfK.toFixed(4)] : []), ...(v.majority ? [`${v.majority.value.toFixed(4)} ± ${v.majority.monteCarloSE.toFixed(4)}`] : [])])]));
  }
  if (d.models.some((m) => m.voting)) lines.push("best-of-k: exact expectation over every k-subset, ties at random; majority@k: most frequent answer of k, ties at random, over random k-subsets per problem (± Monte Carlo standard error)");
  lines.push("", `pass@k: ${d.conventions.estimator}`, `beta: ${d.conventions.beta}`, `kumaraswamy: ${d.conventions.kumaraswamy}`, `aggregate: ${d.conventions.aggregate}`);
  const b = d.models.find((m) => m.bootstrap)?.bootstrap;
  lines.push(b ? `[ ]: 95% intervals from ${b.resamples} resamples of the problems (seed ${b.seed}), each law refitted on each` : "no intervals (--bootstrap 0)");
  for (const m of d.models) {
    const bs = m.bootstrap;
    if (!bs) continue;
    const agg = bs.aggregate ? `; a 95% [${bs.aggregate.a.map((v) => v.toPrecision(3)).join(", ")}], b 95% [${bs.aggregate.b.map((v) => v.toPrecision(3)).join(", ")}]` : "";
    const failed = bs.notConverged + (bs.aggregate?.notConverged ?? 0);
    lines.push(`  ${m.model}: α 95% [${bs.alpha.map((v) => v.toPrecision(3)).join(", ")}], β 95% [${bs.beta.map((v) => v.toPrecision(3)).join(", ")}]${agg}${failed ? `; ${failed} resample fits did not converge (left out)` : ""}`);
  }
  for (const m of d.models) {
    const t = m.backtest;
    if (!t) continue;
    lines.push("", `backtest ${m.model}: both laws fitted on ${t.subset}; actual pass@k from all samples`);
    lines.push(table([["k", "actual", "beta-binomial", "aggregate"], ...t.rows.map((r) => [String(r.k), r.actual.toFixed(4), `${r.beta.value.toFixed(4)}${ci(r.beta.ci95)}`, r.aggregate ? `${r.aggregate.value.toFixed(4)}${ci(r.aggregate.ci95)}` : "—"])]));
    for (const law of ["beta", "aggregate"] as const) {
      const sc = t.summary[law];
      if (sc) lines.push(`  ${law === "beta" ? "beta-binomial" : "aggregate"}: mean |error| of pass@k ${sc.meanAbsError.toFixed(4)}, ${sc.meanRelFailureError === undefined ? "no failure-rate error (every problem solved at every held-out k)" : `of the failure rate 1 − pass@k ${(100 * sc.meanRelFailureError).toFixed(1)}%${sc.failingK < sc.of ? ` (over the ${sc.failingK} k where some problem was never solved)` : ""}`}${sc.inside === undefined ? "" : `; interval holds the actual at ${sc.inside} of ${sc.of} k`}`);
    }
  }
  const c = d.compute;
  if (c) {
    lines.push("", `compute-matched (${c.convention}): the frontier of accuracy against inference FLOPs per problem`);
    lines.push(table([["model", "k", "FLOPs per problem", "pass@k", "from"], ...c.frontier.map((p) => [p.model, String(p.k), p.flops.toExponential(2), p.accuracy.toFixed(4), p.from])]));
    if (c.target !== undefined) {
      lines.push(c.cheapest ? `cheapest for pass@k ≥ ${c.target}: ${c.cheapest.model} at k = ${c.cheapest.k}, ${c.cheapest.flops.toExponential(2)} FLOPs per problem (pass@k ${c.cheapest.accuracy.toFixed(4)}, ${c.cheapest.from})`
        : `no model reaches pass@k ≥ ${c.target} at k ≤ ${2 ** 20}`);
    }
  }
  const t = d.trade;
  if (t) {
    const money = t.rows.some((r) => r.cost) ? "cost" : t.rows.some((r) => r.gpuHours) ? "hours" : "flops";
    lines.push("", `train vs sample, to reach pass@k ≥ ${t.target} on ${t.queries.toExponential(2)} queries (${t.convention})${t.hardware ? `; ${t.hardware.gpu} at MFU ${t.hardware.trainingMfu} training, ${t.hardware.inferenceMfu} inference${t.hardware.pricePerGpuHour !== undefined ? `, ${t.hardware.pricePerGpuHour} per GPU-hour` : ""}` : ""}`);
    lines.push(table([["model", "N", "D (training tokens)", "k", "pass@k", "training FLOPs", "inference FLOPs", "lifetime FLOPs", ...(money === "cost" ? ["lifetime cost"] : money === "hours" ? ["lifetime GPU-hours"] : [])],
      ...t.rows.map((r) => [r.model, r.params.toExponential(2), `${r.trainTokens.toExponential(2)} (${r.trainTokensFrom})`, r.k === null ? "none ≤ 2^20" : String(r.k), r.accuracy === undefined ? "—" : `${r.accuracy.toFixed(4)} (${r.from})`,
        r.trainingFlops.toExponential(2), r.inferenceFlopsPerQuery === undefined ? "—" : (t.queries * r.inferenceFlopsPerQuery).toExponential(2), r.lifetimeFlops === undefined ? "—" : r.lifetimeFlops.toExponential(2),
        ...(money === "cost" ? [r.cost ? r.cost.lifetime.toExponential(3) : "—"] : money === "hours" ? [r.gpuHours ? r.gpuHours.lifetime.toExponential(3) : "—"] : [])])]));
    lines.push(t.cheapest ? `cheapest over the deployment: ${t.cheapest}` : `no model reaches pass@k ≥ ${t.target} at k ≤ 2^20`);
    for (const b of t.breakEven) lines.push(`  break-even: ${b.cheaperToTrain} (cheaper to train) and ${b.cheaperToServe} (cheaper per query) cost the same at ${b.queries.toExponential(3)} queries${t.hardware ? " (GPU-hours)" : " (FLOPs)"}; fewer favour ${b.cheaperToTrain}`);
  }
  for (const w of d.warnings) lines.push(`  ! ${w.message} [${w.code}]`);
  return lines.join("\n");
}
