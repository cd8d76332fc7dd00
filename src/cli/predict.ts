/** `scalecast predict FIT.json --at params=7e10,tokens=1.4e12`: a saved fit's value at any point, with its intervals. */
import { Command, InvalidArgumentError } from "commander";
import { documentHeader, type DocumentHeader } from "../core/documentHeader.js";
import type { Diagnostic } from "../core/diagnostics.js";
import { PREDICTION_METHOD } from "../core/fit/predict.js";
import type { RunInput } from "../core/laws/types.js";
import { parsePoint, POINT_KEYS, predictChained, predictFit, type ChainedPrediction, type PointPrediction, type PredictionPoint } from "../core/plan/predictFit.js";
import { BadOptionError } from "../core/errors.js";
import { parseQuantity } from "../core/runs/quantity.js";
import { readDelimited } from "../core/runs/readDelimited.js";
import { commandArgv, setExitCode } from "../node/io.js";
import { readText } from "../node/readText.js";
import { UserInputError, userInput } from "./errors.js";
import { formatCount } from "./format.js";
import { emit, withOut } from "./output.js";
import { toJson } from "../core/toJson.js";

export interface PredictDocument extends DocumentHeader {
  command: "predict";
  fit: { file: string; lawId: string; target: "loss" | "metric"; paramConvention: string; maxFittedFlops?: number; bootstrapRefits: number };
  /** With --loss-fit: the loss fit whose prediction the downstream fit maps to the metric. */
  lossFit?: { file: string; lawId: string; bootstrapRefits: number };
  intervals?: string;
  points: Array<PointPrediction | ChainedPrediction>;
  warnings: Diagnostic[];
}

/** One --at value: "params=7e10,tokens=1.4T" (sizes such as 70B allowed), added to the points given so far. */
export function pointOption(value: string, previous: PredictionPoint[] = []): PredictionPoint[] {
  try {
    return [...previous, parsePoint(value)];
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

/**
 * `--points FILE`: a CSV or TSV whose header names point inputs (params, tokens, flops, uniqueTokens, loss),
 * one point a row; every cell a number > 0 (sizes such as 70B read). An unknown header, a bad cell or a
 * rejected row is refused naming file, line and column.
 */
export function readPoints(file: string): PredictionPoint[] {
  const text = readText(file);
  const raw = readDelimited(text, file.endsWith(".tsv") || (!text.split("\n")[0].includes(",") && text.includes("\t")) ? "\t" : ",", file);
  if (raw.issues.length > 0) throw new UserInputError(`${file}: line ${raw.issues[0].line}: ${raw.issues[0].reason}`);
  const keys = raw.headers.map((h) => h.trim());
  for (const k of keys) if (!POINT_KEYS.includes(k as RunInput)) throw new UserInputError(`${file}: column "${k}" is not a point input; the header names ${POINT_KEYS.join(", ")}`);
  if (raw.rows.length === 0) throw new UserInputError(`${file}: no point (a header and one row per point)`);
  return raw.rows.map((row) => {
    const point: PredictionPoint = {};
    keys.forEach((k, j) => {
      const cell = String(row.cell(j) ?? "").trim();
      if (cell === "") return;
      const v = parseQuantity(cell);
      if (v === null || !(v > 0) || !Number.isFinite(v)) throw new UserInputError(`${file}: line ${row.line}, column "${k}": "${cell}" is not a number > 0`);
      point[k as RunInput] = v;
    });
    return point;
  });
}

export function predictCommand(): Command {
  return withOut(new Command("predict")
    .description("a saved fit's prediction at any points (N, D, C, …), with confidence and prediction intervals and the extrapolation factor")
    .argument("<fit>", "a fit saved by `scalecast fit --out FILE` (with --bootstrap N for intervals)")
    .option("--at <point>", "a point as NAME=VALUE pairs, e.g. params=7e10,tokens=1.4e12 (flops=1e24 for a law of C; loss=2.1 for a downstream law); repeat for more points", pointOption)
    .option("--points <file>", "points from a CSV/TSV whose header names the inputs (params,tokens,flops,uniqueTokens,loss), one point a row")
    .option("--loss-fit <file>", "with a downstream fit (loss → metric): a saved loss fit whose prediction at each point the downstream law maps to the metric")
    .option("--json", "print one JSON document on stdout"), "also write the JSON document to FILE")
    .action(async (file: string, opts: { at?: PredictionPoint[]; points?: string; lossFit?: string; json?: boolean; out?: string }) => {
      if (!opts.at && !opts.points) throw new BadOptionError("give the points: --at NAME=VALUE,… (repeatable) or --points FILE");
      const points = [...(opts.at ?? []), ...(opts.points ? readPoints(opts.points) : [])];
      const { readSavedFit } = await import("../core/plan/savedFit.js"); // zod, loaded only here
      const fit = userInput(() => readSavedFit(readText(file), file));
      const lossFit = opts.lossFit === undefined ? undefined : userInput(() => readSavedFit(readText(opts.lossFit!), opts.lossFit!));
      if (lossFit && fit.law.target !== "metric") throw new BadOptionError(`--loss-fit chains a loss fit with a downstream fit; ${file} is a ${fit.law.id} fit, which predicts the loss itself`);
      const result = userInput(() => (lossFit ? predictChained(lossFit, fit, points) : predictFit(fit, points)));
      const doc: PredictDocument = {
        ...documentHeader("predict", commandArgv()),
        fit: { file, lawId: fit.law.id, target: fit.law.target ?? "loss", paramConvention: fit.paramConvention, ...(fit.maxFittedFlops !== undefined ? { maxFittedFlops: fit.maxFittedFlops } : {}), bootstrapRefits: fit.resamples?.length ?? 0 },
        ...(lossFit ? { lossFit: { file: opts.lossFit!, lawId: lossFit.law.id, bootstrapRefits: lossFit.resamples?.length ?? 0 } } : {}),
        ...(lossFit ? { intervals: "chained: 95% percentile interval of paired bootstrap refits of the two fits (fit uncertainty only)" } : result.points.some((p) => "ci" in p && p.ci) ? { intervals: PREDICTION_METHOD } : {}),
        points: result.points,
        warnings: result.warnings,
      };
      emit(opts, () => toJson(doc), () => renderPredict(doc));
      if (result.points.some((p) => !Number.isFinite(p.predicted))) setExitCode(3);
    });
}

const num = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : "not finite");

export function renderPredict(d: PredictDocument): string {
  const unit = d.fit.target === "loss" ? "nats" : "(metric)";
  const out = [`scalecast predict: ${d.fit.file} (law ${d.fit.lawId}; N counts ${d.fit.paramConvention} parameters; ${d.fit.bootstrapRefits} bootstrap refits)`, ""];
  for (const p of d.points) {
    const where = Object.entries(p.inputs).map(([k, v]) => `${k} ${k === "flops" ? v!.toExponential(3) : k === "loss" ? v : formatCount(v!)}`).join(", ");
    out.push(`  at ${where}${p.extrapolationFactor !== undefined ? ` (${p.extrapolationFactor.toPrecision(3)}× the largest fitted compute)` : ""}`);
    out.push(`    predicted ${num(p.predicted)} ${unit}`);
    if ("chain" in p) {
      out.push(`    via ${d.lossFit!.lawId}: loss ${num(p.chain.loss)} nats${p.chain.ci95 ? ` (95% CI [${num(p.chain.ci95.loss[0])}, ${num(p.chain.ci95.loss[1])}])` : ""}`);
      if (p.chain.ci95) out.push(`    95% CI of the metric [${num(p.chain.ci95.metric[0])}, ${num(p.chain.ci95.metric[1])}] (${p.chain.ci95.resamples} paired refits)`);
      for (const n of p.chain.notes) out.push(`    note: ${n}`);
    } else if (p.ci && p.pi) {
      for (const level of ["0.8", "0.95"]) {
        const c = p.ci[level], q = p.pi[level];
        out.push(`    ${(100 * Number(level)).toFixed(0)}%  CI [${num(c[0])}, ${num(c[1])}]  PI [${num(q[0])}, ${num(q[1])}]`);
      }
    }
  }
  if (d.intervals && !d.lossFit) out.push("", `CI: the law's mean; PI: a new run (${(d.points[0] as PointPrediction).refitsUsed ?? 0} refits plus the fit's inflated ln residuals)`);
  for (const w of d.warnings) out.push(`  ! ${w.message} [${w.code}]`);
  return out.join("\n");
}
