/** `scalecast envelope`: Approach 1 (training-curve envelope) on a table of loss curves, one row per checkpoint. */
import { Command } from "commander";
import { envelopeFit, EnvelopeError, DEFAULT_GRID_POINTS, type EnvelopeResult } from "../core/fit/envelope.js";
import { parseLossCurves, type LossCurveRole, type LossCurveTable } from "../core/runs/lossCurves.js";
import type { RowIssue } from "../core/runs/types.js";
import { TOOL } from "../core/version.js";
import { readText } from "../node/readText.js";
import { UserInputError } from "./errors.js";
import { formatCount, table } from "./format.js";
import { atLeastTwo, positiveNumber } from "./options.js";

interface EnvelopeCliOptions {
  runCol?: string; paramsCol?: string; tokensCol?: string; lossCol?: string; stepCol?: string;
  tokensPerStep?: number; gridPoints: number; keepEdges?: boolean; at?: number; json?: boolean;
}

export function envelopeCommand(): Command {
  return new Command("envelope")
    .description("Training-curve envelope (Hoffmann et al. 2022 Approach 1, §3.1): the lowest loss at each FLOP count over all runs, and the power laws N*(C), D*(C)")
    .argument("<file>", "loss curves, one row per checkpoint: run id, params, tokens seen (or step with --tokens-per-step), loss; - reads stdin")
    .option("--run-col <name>", "column holding the run id")
    .option("--params-col <name>", "column holding N (parameters)")
    .option("--tokens-col <name>", "column holding D (tokens seen at the checkpoint)")
    .option("--loss-col <name>", "column holding the loss (nats)")
    .option("--step-col <name>", "column holding the step (with --tokens-per-step)")
    .option("--tokens-per-step <n>", "tokens per optimizer step: D = step × n (a tokens column is then ignored)", positiveNumber)
    .option("--grid-points <n>", "log-spaced FLOP values between the smallest and largest checkpoint FLOPs", atLeastTwo, DEFAULT_GRID_POINTS)
    .option("--keep-edges", "fit the power laws to every envelope point, including the truncated steps held by the smallest and largest models at the edges (as Hoffmann et al.; biased)")
    .option("--at <C>", "extrapolate N*, D* to this budget (FLOPs)", positiveNumber)
    .option("--json", "print one JSON document on stdout")
    .action((file: string, opts: EnvelopeCliOptions) => {
      const source = file === "-" ? "<stdin>" : file;
      const named: Record<LossCurveRole, string | undefined> = { run: opts.runCol, params: opts.paramsCol, tokens: opts.tokensCol, step: opts.stepCol, loss: opts.lossCol };
      const columns = Object.fromEntries(Object.entries(named).filter(([, v]) => v !== undefined));
      const curves = parseLossCurves(readText(file), { source, columns, tokensPerStep: opts.tokensPerStep });
      let result: EnvelopeResult;
      try {
        result = envelopeFit(curves.checkpoints, { gridPoints: opts.gridPoints, keepEdges: opts.keepEdges === true });
      } catch (err) {
        if (err instanceof EnvelopeError || err instanceof RangeError) {
          const left = curves.excluded.length ? `\n${curves.excluded.length} row${curves.excluded.length === 1 ? "" : "s"} of ${source} left out while reading:\n${listIssues(curves.excluded)}` : "";
          throw new UserInputError(`${source}: ${err.message}${left}`);
        }
        throw err;
      }
      const doc = envelopeDocument(curves, result, opts.at);
      if (opts.json) { process.stdout.write(JSON.stringify(doc, null, 2) + "\n"); return; }
      process.stdout.write(render(doc) + "\n");
    });
}

/** The `--json` document: everything needed to reproduce the fit. */
export type EnvelopeDocument = ReturnType<typeof envelopeDocument>;

function envelopeDocument(curves: LossCurveTable, result: EnvelopeResult, atFlops: number | undefined) {
  const at = atFlops === undefined ? undefined : {
    flops: atFlops,
    params: result.params.coefficient * atFlops ** result.params.exponent,
    tokens: result.tokens.coefficient * atFlops ** result.tokens.exponent,
    extrapolated: atFlops < result.fit.from || atFlops > result.fit.to,
  };
  return {
    tool: { ...TOOL }, command: "envelope" as const,
    method: "training-curve envelope (Hoffmann et al. 2022 §3.1): loss interpolated linearly in ln C per run, lowest loss per FLOP value, then least squares in log space over the envelope points; no standard errors (envelope points are highly autocorrelated)",
    flopsFormula: result.flopsFormula,
    data: {
      source: curves.source, format: curves.format, rowsRead: curves.rowsRead, checkpoints: curves.checkpoints.length, runs: result.runs.length,
      columns: curves.columns, excluded: [...curves.excluded, ...result.excluded].sort((x, y) => x.line - y.line), notes: curves.notes,
    },
    params: result.params, tokens: result.tokens, fit: result.fit,
    gridPoints: result.gridPoints, distinctSizes: result.distinctSizes, sizeChanges: result.sizeChanges,
    ...(at ? { at } : {}),
    runs: result.runs, points: result.points, warnings: result.warnings,
  };
}

/** The readable report. */
function render(doc: EnvelopeDocument): string {
  const { data: d, fit: f, at } = doc, e = (x: number) => x.toExponential(2);
  const rows = [["run", "N", "checkpoints", "FLOPs", "on the envelope"], ...doc.runs.map((x) => [
    x.run, formatCount(x.params), String(x.checkpoints), `${e(x.flopsRange[0])} – ${e(x.flopsRange[1])}`,
    x.onEnvelope.length ? x.onEnvelope.map((s) => `${e(s.from)} – ${e(s.to)}`).join(", ") : "never",
  ])];
  return [
    `scalecast envelope: ${d.source} (${d.format}), ${d.rowsRead} rows read, ${doc.runs.length} runs; ${doc.flopsFormula}; ${doc.gridPoints} log-spaced FLOP values from ${e(doc.runs.reduce((m, x) => Math.min(m, x.flopsRange[0]), Infinity))} to ${e(doc.runs.reduce((m, x) => Math.max(m, x.flopsRange[1]), 0))}`,
    `  ${doc.distinctSizes} model sizes on the envelope, ${doc.sizeChanges} changes of size; power laws fitted to ${f.points} of ${doc.points.length} envelope points, C from ${e(f.from)} to ${e(f.to)}${f.edges === "trimmed" ? " (truncated edge steps left out; --keep-edges keeps them)" : ""}`,
    "",
    table(rows),
    "",
    `  N*(C) = ${doc.params.coefficient.toPrecision(4)} · C^${doc.params.exponent.toFixed(4)}`,
    `  D*(C) = ${doc.tokens.coefficient.toPrecision(4)} · C^${doc.tokens.exponent.toFixed(4)}   (D = C / 6N)`,
    "  point estimates only: envelope points are highly autocorrelated, so a regression standard error would overstate the precision",
    ...(at ? [`  at C = ${e(at.flops)}: N* ${formatCount(at.params)}, D* ${formatCount(at.tokens)}${at.extrapolated ? " (extrapolated beyond the fitted FLOP range)" : ""}`] : []),
    ...d.notes.map((n) => `  note: ${n}`),
    ...(d.excluded.length ? ["", "excluded rows:", listIssues(d.excluded)] : []),
    "",
    doc.warnings.length ? "warnings:" : "warnings: none",
    ...doc.warnings.map((w) => `  ! ${w}`),
  ].join("\n");
}

/** Every issue on its own line: line, column, value and reason. */
function listIssues(issues: readonly RowIssue[]): string {
  return issues.map((i) => `  line ${i.line}${i.column ? `, column ${i.column}` : ""}${i.value !== undefined ? `, value ${JSON.stringify(i.value)}` : ""}: ${i.reason}`).join("\n");
}
