/**
 * `scalecast curve fit` and `scalecast curve predict` (issue 15, item 3): whole loss curves under learning-rate
 * schedules. `fit` reads one row per (run, step) with the loss, takes each run's schedule (a spec per run, or the
 * table's lr column when it logs every step), and fits the multi-power or the momentum law through the engine.
 * `predict` gives a saved fit's curve and final loss for a schedule it has not seen.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { curvesOf, type Curve } from "../core/curves/curveTable.js";
import { momentumLaw, momentumPredict, momentumStarts, type MomentumParams } from "../core/curves/momentumLaw.js";
import { curveMetrics, multiPowerPredict, prepareSchedule, type MultiPowerParams } from "../core/curves/multipower.js";
import { curvePosition, curveSet, multiPowerLaw, multiPowerStarts } from "../core/curves/multipowerLaw.js";
import { parseScheduleSpec, scheduleSteps } from "../core/curves/schedule.js";
import { optimizeSchedule, type OptimizedSchedule } from "../core/curves/optimizeSchedule.js";
import { documentHeader, type DocumentHeader } from "../core/documentHeader.js";
import type { Diagnostic } from "../core/diagnostics.js";
import { BadOptionError } from "../core/errors.js";
import { fitDataFor } from "../core/fit/data.js";
import { fitLaw } from "../core/fit/fitLaw.js";
import { toJson } from "../core/toJson.js";
import { commandArgv } from "../node/io.js";
import { readText } from "../node/readText.js";
import { userInput } from "./errors.js";
import { table } from "./format.js";
import { atLeastTwo, positiveReal, positiveWholeNumber, seed32, wholeNumber } from "./options.js";
import { DEFAULT_SEED } from "../core/defaults.js";
import { runResamples } from "../core/fit/bootstrap.js";
import { quantileSorted } from "../core/stats/quantile.js";
import { withBarAsync } from "../node/progress.js";
import { emit, withOut } from "./output.js";
import { readRuns, withRunOptions, type RunCliOptions } from "./runOptions.js";

const LAWS = { multipower: { make: multiPowerLaw, starts: multiPowerStarts }, momentum: { make: momentumLaw, starts: momentumStarts } } as const;
type CurveLawId = keyof typeof LAWS;

export interface CurveFitDocument extends DocumentHeader {
  command: "curve fit";
  law: { id: CurveLawId; title: string; formula: string; citation: string };
  data: { source: string; points: number; notes: string[] };
  params: Record<string, number>;
  derived: Record<string, number>;
  curves: Array<{ run: string; schedule: string; points: number; firstStep: number; lastStep: number; r2: number; rmse: number; worstE: number }>;
  optimizer: { converged: boolean; status: string; starts: number; evaluations: number };
  warnings: Diagnostic[];
  /** With --bootstrap: the refitted parameters of each resample of whole runs, in the law's parameter order. */
  bootstrap?: { unit: "run"; runs: number; resamples: number; seed: number; notConverged: number; params: number[][] };
}

export interface CurveOptimizeDocument extends DocumentHeader, OptimizedSchedule {
  command: "curve optimize";
  fit: { file: string; law: CurveLawId };
  /** With a bootstrapped fit: the optimum under each refit, as percentile 95% intervals. */
  interval?: { refits: number; value?: [number, number]; gainOverCosine: [number, number]; method: string };
}

export interface CurvePredictDocument extends DocumentHeader {
  command: "curve predict";
  fit: { file: string; law: CurveLawId };
  schedule: string;
  points: Array<{ step: number; loss: number; ci95?: [number, number] }>;
  final: { step: number; loss: number; ci95?: [number, number] };
  /** How the intervals were made, when the fit has a bootstrap. */
  intervals?: string;
}

/** "run=SPEC" (or a bare SPEC for a table of one run) → [run, spec]. */
function scheduleOption(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const m = /^([^=:]+)=(.+)$/.exec(value);
  const [run, spec] = m && !/^[a-z]+:/.test(value) ? [m[1].trim(), m[2].trim()] : ["", value.trim()];
  if (previous && Object.hasOwn(previous, run)) throw new InvalidArgumentError(`two schedules for ${run === "" ? "the run" : `run "${run}"`}`);
  return { ...previous, [run]: spec };
}

/** The prediction of a curve law at steps of a prepared schedule (the exact multi-power sum, not the fast one). */
function predictCurve(law: CurveLawId, params: Record<string, number>, schedule: ReturnType<typeof prepareSchedule>, steps: number[]): Float64Array {
  if (law === "multipower") return multiPowerPredict(params as unknown as MultiPowerParams, schedule, steps);
  const out = new Float64Array(steps.length);
  momentumPredict(params as unknown as MomentumParams, schedule, steps, out);
  return out;
}

export function curveCommand(): Command {
  const cmd = new Command("curve").description("whole loss curves under learning-rate schedules: fit the multi-power or momentum law, predict unseen schedules, choose one");
  cmd.addCommand(withOut(withRunOptions(new Command("fit")
    .description("fit a curve law to loss curves (one row per run and step) with their schedules")
    .argument("<curves>", "run table with step, loss, optionally lr and run columns")
    .addOption(new Option("--law <id>", "curve law").choices(Object.keys(LAWS)).default("multipower"))
    .option("--schedule <[run=]spec>", "a run's schedule, e.g. cosine:steps=24000,peak=3e-4,final=3e-5,warmup=2160 (repeat per run; docs/methods.md)", scheduleOption)
    .option("--bootstrap <B>", "refit B resamples of whole runs (drawn with replacement; a curve's points are not independent), for curve predict's intervals", atLeastTwo)
    .option("--seed <s>", "seed of the bootstrap", seed32, DEFAULT_SEED)
    .option("--figure <file>", "also draw each run's observed and predicted curve: .svg or .png")
    .option("--residuals-figure <file>", "also draw the residuals against step: .svg or .png")
    .option("--json", "print one JSON document on stdout")), "also write the fit document (for curve predict) to FILE")
    .action(async (file: string, opts: RunCliOptions & { law: CurveLawId; schedule?: Record<string, string>; bootstrap?: number; seed: number; figure?: string; residualsFigure?: string; json?: boolean; out?: string }) => {
      for (const f of [opts.figure, opts.residualsFigure]) if (f !== undefined && !/\.(svg|png)$/i.test(f)) throw new BadOptionError(`a figure's format comes from its extension: .svg or .png, got "${f}"`);
      const runTable = await readRuns(file, opts, ["step", "loss"]);
      const entry = LAWS[opts.law];
      const probe = entry.make(curveSet([]));
      const curves: Curve[] = userInput(() => curvesOf(runTable, opts.schedule ?? {}, 2 * probe.parameters.length));
      const set = curveSet(curves.map((c) => ({ name: c.run, schedule: c.schedule })));
      const law = entry.make(set);
      const points = curves.flatMap((c, i) => c.steps.map((s, j) => ({ step: curvePosition(set, i, s), lossNats: c.loss[j] })));
      const fit = userInput(() => fitLaw(law, fitDataFor(law, points), { objective: "huber", delta: 1e-3, strategy: "exhaustive", polish: "newton", starts: entry.starts(points.map((p) => p.lossNats)) }));
      let bootstrap: CurveFitDocument["bootstrap"];
      if (opts.bootstrap) {
        if (curves.length < 2) throw new BadOptionError("--bootstrap resamples whole runs: it needs at least 2 curves");
        const clusters = curves.flatMap((c, i) => c.steps.map(() => i));
        const results = await withBarAsync("bootstrap", opts.bootstrap, async (onProgress) => {
          let done = 0;
          return runResamples({ law, objective: "huber", delta: 1e-3, theta: fit.theta, seed: opts.seed, budgetFlops: 1, clusters }, fitDataFor(law, points), 0, opts.bootstrap!, () => onProgress(++done));
        });
        const names = law.parameters.map((p) => p.name);
        bootstrap = { unit: "run", runs: curves.length, resamples: opts.bootstrap, seed: opts.seed, notConverged: results.filter((r) => !r.converged).length, params: results.map((r) => names.map((n) => r.values[n])) };
      }
      const doc: CurveFitDocument = {
        ...documentHeader("curve fit", commandArgv()),
        law: { id: opts.law, title: law.title, formula: law.formula, citation: law.reference.citation },
        data: { source: runTable.source, points: points.length, notes: runTable.notes },
        params: fit.params, derived: law.derived?.(fit.params) ?? {},
        curves: curves.map((c) => {
          const m = curveMetrics(c.loss, predictCurve(opts.law, fit.params, c.schedule, c.steps));
          return { run: c.run, schedule: c.scheduleFrom, points: c.steps.length, firstStep: c.steps[0], lastStep: c.steps[c.steps.length - 1], r2: m.r2, rmse: m.rmse, worstE: m.worstE };
        }),
        optimizer: { converged: fit.optimizer.converged, status: fit.optimizer.status, starts: fit.optimizer.starts, evaluations: fit.optimizer.evaluations },
        warnings: fit.warnings,
        ...(bootstrap ? { bootstrap } : {}),
      };
      if (opts.figure || opts.residualsFigure) {
        const { curvesFigure, curveResidualsFigure } = await import("../core/viz/curveFigures.js");
        const per = curveSeries(opts.law, fit.params, curves);
        if (opts.figure) await writeCurveFigure(opts.figure, curvesFigure(per, opts.law).spec);
        if (opts.residualsFigure) await writeCurveFigure(opts.residualsFigure, curveResidualsFigure(per).spec);
      }
      emit(opts, () => toJson(doc), () => renderFit(doc));
    }));
  cmd.addCommand(withOut(new Command("predict")
    .description("a saved curve fit's loss curve and final loss under a schedule")
    .argument("<fit>", "a curve fit document (curve fit --out)")
    .requiredOption("--schedule <spec>", "the schedule, e.g. wsd:steps=24000,peak=3e-4,final=3e-5,warmup=2160,decay-start=20000")
    .option("--every <k>", "predict every k steps (default: 1% of the schedule)", positiveWholeNumber)
    .option("--json", "print one JSON document on stdout"), "also write the prediction document to FILE")
    .action((file: string, opts: { schedule: string; every?: number; json?: boolean; out?: string }) => {
      const saved = readFit(file);
      const eta = userInput(() => scheduleSteps(parseScheduleSpec(opts.schedule)));
      const schedule = prepareSchedule(eta);
      const every = opts.every ?? Math.max(1, Math.round(eta.length / 100));
      const first = schedule.prefix.findIndex((v) => v > 0);
      if (first < 0) throw new BadOptionError(`--schedule ${opts.schedule}: the learning rate is 0 at every step`);
      const steps: number[] = [];
      for (let s = Math.ceil(Math.max(first, 1) / every) * every; s < eta.length; s += every) steps.push(s);
      if (steps[steps.length - 1] !== eta.length - 1) steps.push(eta.length - 1);
      const pred = predictCurve(saved.law.id, saved.params, schedule, steps);
      // with the fit's bootstrap: each refit's curve, and percentile 95% intervals at every step
      const names = Object.keys(saved.params).filter((n) => !(n in (saved.derived ?? {})));
      const refits = (saved.bootstrap?.params ?? []).map((v) => predictCurve(saved.law.id, Object.fromEntries(names.map((n, j) => [n, v[j]])), schedule, steps));
      const ci = (i: number): [number, number] | undefined => {
        const xs = Float64Array.from(refits.map((r) => r[i]).filter(Number.isFinite)).sort();
        return xs.length >= 2 ? [quantileSorted(xs, 0.025), quantileSorted(xs, 0.975)] : undefined;
      };
      const last = steps.length - 1;
      const doc: CurvePredictDocument = {
        ...documentHeader("curve predict", commandArgv()), fit: { file, law: saved.law.id }, schedule: opts.schedule,
        points: steps.map((s, i) => ({ step: s, loss: pred[i], ...(refits.length ? { ci95: ci(i) } : {}) })),
        final: { step: steps[last], loss: pred[last], ...(refits.length ? { ci95: ci(last) } : {}) },
        ...(saved.bootstrap ? { intervals: `percentile 95% over ${saved.bootstrap.resamples} refits of whole runs resampled (${saved.bootstrap.runs} runs; seed ${saved.bootstrap.seed})` } : {}),
      };
      emit(opts, () => toJson(doc), () => [`scalecast curve predict: ${saved.law.title} (${file}) under ${opts.schedule}`,
        `final loss ${doc.final.loss.toFixed(4)} nats at step ${doc.final.step}${doc.final.ci95 ? `, 95% interval [${doc.final.ci95.map((v) => v.toFixed(4)).join(", ")}]` : ""}`,
        `curve: ${doc.points.length} points every ${every} steps (--json for all of them)`,
        doc.intervals ?? "no interval: fit with --bootstrap B (resamples whole runs) for one"].join("\n"));
    }));
  cmd.addCommand(withOut(new Command("optimize")
    .description("the schedule of a family (wsd, cosine, or a free monotone step schedule) that a saved curve fit predicts to end lowest")
    .argument("<fit>", "a curve fit document (curve fit --out)")
    .requiredOption("--steps <S>", "training steps", positiveWholeNumber)
    .requiredOption("--peak <lr>", "peak learning rate", positiveReal)
    .requiredOption("--final <lr>", "final learning rate (wsd and free end at or above it; the cosine baseline ends at it)", positiveReal)
    .option("--warmup <W>", "warmup steps (linear from 0)", wholeNumber, 0)
    .addOption(new Option("--family <f>", "schedule family").choices(["wsd", "cosine", "free"]).default("wsd"))
    .addOption(new Option("--shape <s>", "wsd decay shape").choices(["linear", "geometric", "cosine"]).default("linear"))
    .option("--segments <K>", "free: equal segments after the warmup", positiveWholeNumber, 20)
    .option("--json", "print one JSON document on stdout"), "also write the result document to FILE")
    .action(async (file: string, opts: { steps: number; peak: number; final: number; warmup: number; family: "wsd" | "cosine" | "free"; shape: "linear" | "geometric" | "cosine"; segments: number; json?: boolean; out?: string }) => {
      const saved = readFit(file);
      if (!(opts.final < opts.peak)) throw new BadOptionError(`--final ${opts.final} must be below --peak ${opts.peak}`);
      const lossAt = (eta: Float64Array) => predictCurve(saved.law.id, saved.params, prepareSchedule(eta), [eta.length - 1])[0];
      const base = { steps: opts.steps, peak: opts.peak, final: opts.final, warmup: opts.warmup };
      const r = userInput(() => optimizeSchedule(lossAt, base, opts.family, { shape: opts.shape, segments: opts.segments }));
      // with the fit's bootstrap: the optimum again under each refit, for percentile 95% intervals of the choice and its gain
      let interval: CurveOptimizeDocument["interval"];
      if (saved.bootstrap) {
        const names = Object.keys(saved.params).filter((n) => !(n in (saved.derived ?? {})));
        const each = await withBarAsync("bootstrap optima", saved.bootstrap.params.length, async (onProgress) => saved.bootstrap!.params.map((v, b) => {
          const params = Object.fromEntries(names.map((n, j) => [n, v[j]]));
          const got = optimizeSchedule((eta) => predictCurve(saved.law.id, params, prepareSchedule(eta), [eta.length - 1])[0], base, opts.family, { shape: opts.shape, segments: opts.segments });
          onProgress(b + 1);
          return got;
        }));
        const pct = (xs: number[]): [number, number] => { const a = Float64Array.from(xs.filter(Number.isFinite)).sort(); return [quantileSorted(a, 0.025), quantileSorted(a, 0.975)]; };
        interval = {
          refits: each.length,
          ...(r.value !== undefined ? { value: pct(each.map((e) => e.value!)) } : {}),
          gainOverCosine: pct(each.map((e) => e.gainOverCosine)),
          method: `percentile 95% over the ${each.length} refits of whole runs saved with the fit: the optimum found again under each`,
        };
      }
      const doc: CurveOptimizeDocument = { ...documentHeader("curve optimize", commandArgv()), fit: { file, law: saved.law.id }, ...r, ...(interval ? { interval } : {}) };
      emit(opts, () => toJson(doc), () => [`scalecast curve optimize: ${opts.family} schedules under ${saved.law.title} (${file})`,
        `best: ${r.spec}`, ...(r.value !== undefined ? [`  ${opts.family === "wsd" ? "decay fraction" : "final rate"} ${r.value.toPrecision(4)}`] : []),
        `predicted final loss ${r.finalLoss.toFixed(4)} nats; cosine (${r.cosine.spec}) ${r.cosine.finalLoss.toFixed(4)}: ${r.gainOverCosine >= 0 ? "better" : "worse"} by ${Math.abs(r.gainOverCosine).toFixed(4)} nats`,
        ...(doc.interval ? [`95% interval over ${doc.interval.refits} refits of whole runs: ${doc.interval.value ? `${opts.family === "wsd" ? "decay fraction" : "final rate"} [${doc.interval.value.map((v) => v.toPrecision(4)).join(", ")}], ` : ""}gain over cosine [${doc.interval.gainOverCosine.map((v) => v.toFixed(4)).join(", ")}] nats`] : ["no interval: fit with --bootstrap B (resamples whole runs) for one"]),
        `search: ${r.tolerance}`, "note: a prediction of the fitted law; the interval says how much the choice depends on which runs were fitted, not how wrong the law is"].join("\n"));
    }));
  return cmd;
}

/** Each run's observed points, the law's line (200 steps across the logged range) and residuals, for the figures. */
export function curveSeries(law: CurveLawId, params: Record<string, number>, curves: readonly Curve[]) {
  return curves.map((c) => {
    const pred = predictCurve(law, params, c.schedule, c.steps);
    const span = Array.from({ length: 200 }, (_, i) => Math.round(c.steps[0] + ((c.steps[c.steps.length - 1] - c.steps[0]) * i) / 199));
    const line = predictCurve(law, params, c.schedule, span);
    return { run: c.run || "(one run)", observed: c.steps.map((s, i) => ({ step: s, loss: c.loss[i] })), predicted: span.map((s, i) => ({ step: s, loss: line[i] })), residuals: c.steps.map((s, i) => ({ step: s, residual: c.loss[i] - pred[i] })) };
  });
}

/** The saved fit and its curves read again from the fit's own source, with the schedules it was fitted with. */
export async function curvesOfFit(file: string): Promise<{ fit: CurveFitDocument; curves: Curve[] }> {
  const fit = readFit(file);
  const specs = Object.fromEntries(fit.curves.filter((c) => c.schedule !== "lr column").map((c) => [c.run, c.schedule]));
  const runTable = await readRuns(fit.data.source, { excludeHighestLoss: 0 }, ["step", "loss"]);
  const curves = userInput(() => curvesOf(runTable, specs, 1));
  return { fit, curves };
}

/** A figure written as SVG or PNG (by the extension); Vega and resvg load only here. */
async function writeCurveFigure(file: string, spec: Record<string, unknown>): Promise<void> {
  const { renderPng, renderSvg, writeFigure } = await import("../node/render.js");
  const svg = await renderSvg(spec);
  writeFigure(file, /\.png$/i.test(file) ? renderPng(svg) : svg);
}

/** A saved curve fit, or a refusal naming the file. */
export function readFit(file: string): CurveFitDocument {
  return userInput(() => {
    const d = JSON.parse(readText(file)) as Partial<CurveFitDocument>;
    if (d.command !== "curve fit" || !d.law || !(d.law.id in LAWS) || !d.params) throw new RangeError(`${file} is not a curve fit document (curve fit --out)`);
    return d as CurveFitDocument;
  });
}

function renderFit(d: CurveFitDocument): string {
  const lines = [`scalecast curve fit: ${d.law.title}`, `  ${d.law.formula}   (loss in nats; η the learning rate at each step)`, "",
    `data: ${d.data.source}: ${d.curves.length} curve${d.curves.length === 1 ? "" : "s"}, ${d.data.points} points`, ""];
  lines.push(table([["parameter", "estimate"], ...Object.entries({ ...d.params, ...d.derived }).map(([k, v]) => [k, v.toPrecision(6)])]));
  lines.push("", table([["run", "schedule", "points", "steps", "R²", "RMSE (nats)", "WorstE"], ...d.curves.map((c) => [c.run || "(one run)", c.schedule, String(c.points), `${c.firstStep}–${c.lastStep}`, c.r2.toFixed(5), c.rmse.toPrecision(3), c.worstE.toPrecision(3)])]));
  lines.push("", `optimizer: ${d.optimizer.status} from ${d.optimizer.starts} starts, ${d.optimizer.evaluations} evaluations`);
  lines.push(d.warnings.length ? `warnings:\n${d.warnings.map((w) => `  ! ${w.message} [${w.code}]`).join("\n")}` : "warnings: none");
  return lines.join("\n");
}
