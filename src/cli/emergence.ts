/**
 * `scalecast emergence FILE` (issue 16, item 1): is a task's apparent jump with
 * scale real or a choice of metric? After Schaeffer, Miranda & Koyejo 2023
 * (arXiv:2304.15004): fits the discontinuous metric with a sigmoid in log scale
 * and smooth power laws, locates the jump and decides sharp or smooth by a
 * stated criterion, checks the continuous metric is smooth across it, compares
 * the two metrics' bootstrap intervals at the next scale, and derives exact
 * match p^ℓ and edit distance ℓ(1 − p) from a per-token probability.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { diagnostic } from "../core/diagnostics.js";
import { BadOptionError } from "../core/errors.js";
import { assembleEmergenceDocument, type EmergenceDocument } from "../core/emergence/analyze.js";
import { intervalClipped, pointClipped } from "../core/emergence/bootstrapNext.js";
import { CONTINUOUS_KIND_IDS } from "../core/emergence/continuousKinds.js";
import { MAX_RISE_DECADES, MIN_BIC_GAIN } from "../core/emergence/criterion.js";
import { exampleEmergenceCsv, exampleEmergenceNote, EXAMPLE_FAMILY } from "../core/emergence/exampleEmergence.js";
import { readEmergence, SCALE_UNITS, type EmergenceColumns, type ScaleUnit } from "../core/emergence/readEmergence.js";
import { toJson } from "../core/toJson.js";
import { transformsFigure } from "../core/viz/emergenceFigure.js";
import { commandArgv } from "../node/io.js";
import { withBarAsync } from "../node/progress.js";
import { readText } from "../node/readText.js";
import { userInput } from "./errors.js";
import { table } from "./format.js";
import { positiveNumber, positiveReal, positiveWholeNumber, resampleCount, seed32 } from "./options.js";
import { emit, withOut } from "./output.js";


/** A sigmoid bound: "fit", or a fixed fraction in [0, 1]. */
function bound(value: string): number | "fit" {
  if (value.trim() === "fit") return "fit";
  const v = Number(value);
  if (value.trim() === "" || !(v >= 0 && v <= 1)) throw new InvalidArgumentError(`expected "fit" or a fraction in [0, 1], got "${value}"`);
  return v;
}

interface EmergenceOpts {
  example?: boolean; scaleCol?: string; scaleUnit?: ScaleUnit; metricCol?: string; continuousCol?: string; continuousKind?: string;
  pCol?: string; lossCol?: string; modelCol?: string; length?: number; next?: number; bootstrap: number; seed: number;
  floor: number | "fit"; ceiling: number | "fit"; maxRiseDecades: number; minBicGain: number; figure?: string; json?: boolean; out?: string;
}

export function emergenceCommand(): Command {
  return withOut(new Command("emergence")
    .description("emergence or mirage: locate a task's apparent jump with scale (sigmoid in log scale against smooth power laws), check the continuous metric across it, compare next-scale intervals, and transform p into exact match p^ℓ and edit distance ℓ(1 − p)")
    .argument("[file]", "one row per model of one task: scale, a discontinuous metric in [0, 1], optionally a continuous metric and p (CSV, TSV, JSON, JSONL); omit with --example")
    .option("--example", `a built-in simulated family: ${EXAMPLE_FAMILY.maxLog10N - EXAMPLE_FAMILY.minLog10N + 1} decades of N, per-token loss ${EXAMPLE_FAMILY.E} + ${EXAMPLE_FAMILY.A}/N^${EXAMPLE_FAMILY.alpha}, ℓ = ${EXAMPLE_FAMILY.length} (seed: --seed)`)
    .option("--scale-col <name>", "the scale column (default: a FLOPs header such as C, flops, compute; else a parameter header such as N, params)")
    .addOption(new Option("--scale-unit <unit>", "what the scale counts: training FLOPs or parameters (default: from the header)").choices(SCALE_UNITS))
    .option("--metric-col <name>", "the discontinuous metric, a fraction in [0, 1] (default: exact_match, em, accuracy, acc, pass@1, metric, score)")
    .option("--continuous-col <name>", "a continuous metric of the same models (default: a header naming a known kind)")
    .addOption(new Option("--continuous-kind <kind>", "what the continuous column measures, which sets its unit and whether lower or higher is better (default: from the header)").choices(CONTINUOUS_KIND_IDS))
    .option("--p-col <name>", "per-token probability of the right token, in [0, 1] (default: p, token_prob)")
    .option("--loss-col <name>", "per-token loss of the answer in nats, for p = exp(−L)")
    .option("--model-col <name>", "model names (default: model, name)")
    .option("--length <l>", "answer length ℓ in tokens: derive exact match p^ℓ and edit distance ℓ(1 − p) from p", positiveWholeNumber)
    .option("--next <scale>", "the next scale to forecast both metrics at (default: 10× the largest), in the scale's unit", positiveNumber)
    .option("--bootstrap <B>", "resample the models B times for 95% intervals of each metric at --next (0: none)", resampleCount, 1000)
    .option("--seed <s>", "seed of the bootstrap (and of --example)", seed32, 42)
    .option("--floor <v>", "the sigmoid's floor: a fixed fraction (0 for free-form exact match, chance for multiple choice) or fit", bound, 0)
    .option("--ceiling <v>", "the sigmoid's ceiling: fit, or a fixed fraction", bound, "fit")
    .option("--max-rise-decades <W>", "a jump's 10–90% rise spans at most W decades of scale", positiveReal, MAX_RISE_DECADES)
    .option("--min-bic-gain <G>", "a jump's sigmoid beats the better smooth power law by at least G in BIC", positiveReal, MIN_BIC_GAIN)
    .option("--figure <file>", "with --length and p: draw exact match p^ℓ and edit distance ℓ(1 − p) against scale (.svg or .png)")
    .option("--json", "print one JSON document on stdout"), "also write the JSON document to FILE")
    .action(async (file: string | undefined, opts: EmergenceOpts) => {
      if (opts.figure !== undefined && !/\.(svg|png)$/i.test(opts.figure)) throw new BadOptionError(`a figure's format comes from its extension: .svg or .png, got "${opts.figure}"`);
      if (opts.figure !== undefined && opts.length === undefined) throw new BadOptionError("--figure draws the transforms: give --length ℓ (and p: --p-col, --loss-col or a token-level continuous column)");
      if (opts.pCol !== undefined && opts.lossCol !== undefined) throw new BadOptionError("--p-col and --loss-col both give p: name one");
      if ((file === undefined) === (opts.example !== true)) throw new BadOptionError(file === undefined ? "give a FILE of per-model scores, or --example for the built-in simulated family" : "give a FILE or --example, not both");
      const columns: EmergenceColumns = {
        ...(opts.scaleCol !== undefined ? { scale: opts.scaleCol } : {}), ...(opts.metricCol !== undefined ? { metric: opts.metricCol } : {}),
        ...(opts.continuousCol !== undefined ? { continuous: opts.continuousCol } : {}), ...(opts.pCol !== undefined ? { p: opts.pCol } : {}),
        ...(opts.lossCol !== undefined ? { loss: opts.lossCol } : {}), ...(opts.modelCol !== undefined ? { model: opts.modelCol } : {}),
      };
      const read = { columns, ...(opts.scaleUnit ? { scaleUnit: opts.scaleUnit } : {}), ...(opts.continuousKind ? { continuousKind: opts.continuousKind } : {}) };
      const data = opts.example
        ? userInput(() => readEmergence(exampleEmergenceCsv(opts.seed), "built-in example", read))
        : userInput(() => readEmergence(readText(file!), file!, read));
      const doc: EmergenceDocument = await withBarAsync("bootstrap", opts.bootstrap, async (onProgress) => userInput(() => assembleEmergenceDocument(data, {
        floor: opts.floor, ceiling: opts.ceiling, bootstrap: opts.bootstrap, seed: opts.seed, maxRiseDecades: opts.maxRiseDecades, minBicGain: opts.minBicGain,
        ...(opts.next !== undefined ? { next: opts.next } : {}), ...(opts.length !== undefined ? { length: opts.length } : {}),
        argv: commandArgv(), diagnostics: opts.example ? [diagnostic("simulated-data", exampleEmergenceNote(opts.seed))] : [], onProgress,
      })));
      if (opts.figure) {
        const { renderPng, renderSvg, writeFigure } = await import("../node/render.js");
        const svg = await renderSvg(transformsFigure(doc.transforms!, doc.data.scale.label, doc.data.metric.name).spec);
        writeFigure(opts.figure, /\.png$/i.test(opts.figure) ? renderPng(svg) : svg);
      }
      emit(opts, () => toJson(doc), () => renderEmergence(doc));
    });
}

const sci = (x: number) => x.toExponential(3);
const num = (x: number) => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toPrecision(4));
const params = (p: Record<string, number>) => Object.entries(p).map(([k, v]) => `${k} ${num(v)}`).join(", ");

export function renderEmergence(d: EmergenceDocument): string {
  const s = d.data.scale, j = d.jump, f = d.fits, c = d.data.continuous;
  const lines = [
    `scalecast emergence: ${d.data.source}: ${d.data.rows} models, ${s.label} ${sci(s.min)}–${sci(s.max)}`,
    `  discontinuous metric: ${d.data.metric.name}${c ? `; continuous: ${c.name} (${c.label}, ${c.unit}; ${c.better} is better)` : "; no continuous metric"}`,
    "",
    table([["fit of " + d.data.metric.name, "formula", "parameters", "R²", "BIC"],
      [`sigmoid in log scale (floor ${f.sigmoid.floor.fitted ? "fitted" : "fixed"}, ceiling ${f.sigmoid.ceiling.fitted ? "fitted" : "fixed"})`, f.sigmoid.formula, params({ x0: f.sigmoid.params.x0, k: f.sigmoid.params.k, floor: f.sigmoid.params.floor, ceiling: f.sigmoid.params.ceiling }), f.sigmoid.r2.toFixed(4), f.sigmoid.bic.toFixed(1)],
      ...f.smooth.map((m) => [`smooth: ${m.id}${m.id === f.bestSmooth ? " (better)" : ""}`, m.formula, params(m.params), m.r2.toFixed(4), m.bic.toFixed(1)]),
      ...(f.continuous ? [[`continuous: ${c!.name}`, f.continuous.formula, params(f.continuous.params), f.continuous.r2.toFixed(4), "—"]] : [])]),
    "",
    `${j.sharp ? "JUMP" : "no jump"}: midpoint x0 = ${sci(j.midpoint)}, 10–90% rise ${sci(j.rise.from)}–${sci(j.rise.to)} (${j.widthDecades.toFixed(2)} decades)`,
    ...j.reasons.map((r) => `  - ${r}`),
    `  criterion: ${d.criterion.text} (W = ${d.criterion.maxRiseDecades}, G = ${d.criterion.minBicGain}, r = ${d.criterion.resolution})`,
  ];
  const a = d.continuousAcrossJump;
  if (a) lines.push(`${c!.name} across the jump: RMS residual ${num(a.rmsResidual)} ${c!.unit} = ${(100 * a.relativeRms).toFixed(2)}% of its range over ${a.points} models in ${sci(a.window.from)}–${sci(a.window.to)} (${(100 * a.relativeRmsAll).toFixed(2)}% over all): ${a.smooth ? "smooth" : "NOT smooth"}`);
  else if (a === null) lines.push(`${c!.name} across the jump: cannot judge: ${d.continuousAcrossJumpReason ?? "not measured"}`);
  const fc = d.forecast;
  lines.push("", `at the next scale ${sci(fc.next)} (${fc.nextFrom})${fc.bootstrap ? `: 95% intervals from ${fc.bootstrap.used} resamples of the models (seed ${fc.bootstrap.seed})` : ""}`);
  lines.push(table([["metric", "curve", "forecast", "95% interval", "width ÷ observed range", "width ÷ forecast"],
    ...fc.metrics.map((m) => [m.name, m.model, `${num(m.point)}${pointClipped(m) ? " (clipped)" : ""}`, m.ci95 ? `[${num(m.ci95[0])}, ${num(m.ci95[1])}]${intervalClipped(m) ? " (clipped)" : ""}` : "—", m.rangeWidth === undefined ? "—" : `${(100 * m.rangeWidth).toFixed(1)}%`, m.relativeWidth === undefined ? "—" : `${(100 * m.relativeWidth).toFixed(1)}%`])]));
  lines.push(`  ${fc.comparison}`);
  const t = d.transforms;
  if (t) {
    lines.push("", `transforms, ℓ = ${t.length} tokens, p from ${t.pFrom}: exact match ${t.formulas.exactMatch}, edit distance ${t.formulas.editDistance}`);
    lines.push(table([["scale", "p", `p^${t.length}`, `${t.length}(1 − p)`, `measured ${d.data.metric.name}`], ...t.points.map((p) => [sci(p.scale), p.p.toFixed(4), p.exactMatch.toFixed(4), p.editDistance.toFixed(4), p.observedMetric.toFixed(4)])]));
    lines.push(`  RMS of measured ${d.data.metric.name} − p^${t.length}: ${t.rmsObservedVsExactMatch.toFixed(4)}${t.tokenLossFit ? `; per-token loss −ln p fitted as ${t.tokenLossFit.formula} (${params(t.tokenLossFit.params)}, R² ${t.tokenLossFit.r2.toFixed(4)})` : ""}`);
  } else lines.push("", "no transforms: give --length ℓ with a per-token probability (--p-col, --loss-col, or a token-level continuous column)");
  for (const w of d.warnings) lines.push(`  ! ${w.message} [${w.code}]`);
  return lines.join("\n");
}
