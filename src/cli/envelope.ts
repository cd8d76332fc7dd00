/** `scalecast envelope`: Approach 1 (training-curve envelope) on a table of loss curves, one row per checkpoint. */
import { emit, mergeAlias, withOut } from "./output.js";
import { commandArgv, out } from "../node/io.js";
import { Command, Option } from "commander";
import type { Diagnostic } from "../core/diagnostics.js";
import { envelopeFit, EnvelopeError, DEFAULT_GRID_POINTS, type EnvelopeResult } from "../core/fit/envelope.js";
import { extrapolation } from "../core/fit/extrapolation.js";
import type { LossCheckpoint } from "../core/runs/lossCurves.js";
import { ROLE } from "../core/runs/roles.js";
import type { RowIssue, RunTable } from "../core/runs/types.js";
import { documentHeader } from "../core/documentHeader.js";
import { powerLawAllocation } from "../core/plan/allocate.js";
import { UserInputError } from "./errors.js";
import { formatCount, renderDiagnostics, table } from "./format.js";
import { atLeastTwo, positiveNumber } from "./options.js";
import { readRuns, selectWith, withRunOptions, type RunCliOptions } from "./runOptions.js";

interface EnvelopeCliOptions extends RunCliOptions {
  tokensPerStep?: number; gridPoints: number; keepEdges?: boolean; at?: number; json?: boolean;
}

export function envelopeCommand(): Command {
  return withOut(withRunOptions(new Command("envelope")
    .description("Training-curve envelope (Hoffmann et al. 2022 Approach 1, §3.1): the lowest loss at each FLOP count over all runs, and the power laws N*(C), D*(C)")
    .argument("<file>", "loss curves, one row per checkpoint: run id, params, tokens seen (or step with --tokens-per-step), loss; - reads stdin; a folder reads one file per run")
    .option("--tokens-per-step <n>", "tokens per optimizer step: D = step × n (a tokens column is then ignored)", positiveNumber)
    .option("--grid-points <n>", "log-spaced FLOP values between the smallest and largest checkpoint FLOPs", atLeastTwo, DEFAULT_GRID_POINTS)
    .option("--keep-edges", "fit the power laws to every envelope point, including the truncated steps held by the smallest and largest models at the edges (as Hoffmann et al.; biased)")
    .option("--budget-flops <C>", "extrapolate N*, D* to this budget (FLOPs)", positiveNumber)
    .addOption(new Option("--at <C>", "alias of --budget-flops").argParser(positiveNumber).hideHelp())
    .option("--json", "print one JSON document on stdout")), "also write the JSON document to FILE")
    .hook("preAction", mergeAlias("budgetFlops", "at"))
    .action(async (file: string, opts: EnvelopeCliOptions) => {
      const tps = opts.tokensPerStep;
      const table = await readRuns(file, opts, tps === undefined ? ["params", "tokens", "loss"] : ["params", "step", "loss"]);
      if (table.columns.run === undefined) {
        throw new UserInputError(`${table.source}: the envelope needs a run id column, so that checkpoints form loss curves (aliases: ${ROLE.run.aliases.join(", ")}; or --run-col; a folder of per-run files names runs by file)`);
      }
      const selection = selectWith(table, opts, [], "loss", "expected");
      const skipped: RowIssue[] = [];
      const checkpoints: LossCheckpoint[] = [];
      for (const r of selection.runs) {
        const tokens = tps === undefined ? r.tokens : r.step! * tps;
        if (r.runId === undefined) { skipped.push({ line: r.line, column: table.columns.run, value: "", reason: "empty cell (no run id)" }); continue; }
        if (!(tokens !== undefined && tokens > 0)) { skipped.push({ line: r.line, ...(tps !== undefined ? { column: table.columns.step, value: String(r.step) } : {}), reason: tps !== undefined ? `must be > 0 (tokens D = step × ${tps})` : "no tokens" }); continue; }
        checkpoints.push({ run: r.runId, params: r.params!, tokens, lossNats: r.lossNats, line: r.line });
      }
      let result: EnvelopeResult;
      try {
        result = envelopeFit(checkpoints, { gridPoints: opts.gridPoints, keepEdges: opts.keepEdges === true });
      } catch (err) {
        if (err instanceof EnvelopeError || err instanceof RangeError) {
          const left = [...selection.excluded, ...skipped];
          const listed = left.length ? `\n${left.length} row${left.length === 1 ? "" : "s"} of ${table.source} left out while reading:\n${listIssues(left.slice(0, 20))}${left.length > 20 ? `\n  … and ${left.length - 20} more` : ""}` : "";
          throw new UserInputError(`${table.source}: ${err.message}${listed}`);
        }
        throw err;
      }
      const doc = envelopeDocument(table, [...selection.excluded, ...skipped], checkpoints.length, result, [...selection.diagnostics, ...result.warnings], opts.at);
      emit(opts, () => JSON.stringify(doc, null, 2), () => render(doc));
    });
}

/** The `--json` document: everything needed to reproduce the fit. */
export type EnvelopeDocument = ReturnType<typeof envelopeDocument>;

function envelopeDocument(table: RunTable, left: RowIssue[], checkpoints: number, result: EnvelopeResult, warnings: Diagnostic[], atFlops: number | undefined) {
  let at;
  if (atFlops !== undefined) {
    const ex = extrapolation(atFlops, result.fit.to, "--budget-flops");
    if (ex.warning) warnings.push(ex.warning);
    at = { ...powerLawAllocation(result, atFlops), extrapolationFactor: ex.factor, extrapolated: atFlops < result.fit.from || atFlops > result.fit.to };
  }
  return {
    ...documentHeader("envelope", commandArgv()),
    method: "training-curve envelope (Hoffmann et al. 2022 §3.1): loss interpolated linearly in ln C per run, lowest loss per FLOP value, then least squares in log space over the envelope points; no standard errors (envelope points are highly autocorrelated)",
    flopsFormula: result.flopsFormula,
    data: {
      source: table.source, format: table.format, rowsRead: table.rowsRead, checkpoints, runs: result.runs.length,
      columns: table.columns, excluded: [...left, ...result.excluded].sort((x, y) => x.line - y.line), notes: table.notes,
    },
    powerLaws: { params: result.params, tokens: result.tokens }, fit: result.fit,
    gridPoints: result.gridPoints, distinctSizes: result.distinctSizes, sizeChanges: result.sizeChanges,
    ...(at ? { allocation: at } : {}),
    runs: result.runs, points: result.points, warnings,
  };
}

/** The readable report. */
function render(doc: EnvelopeDocument): string {
  const { data: d, fit: f, allocation: at, powerLaws: laws } = doc, e = (x: number) => x.toExponential(2);
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
    `  N*(C) = ${laws.params.coefficient.toPrecision(4)} · C^${laws.params.exponent.toFixed(4)}`,
    `  D*(C) = ${laws.tokens.coefficient.toPrecision(4)} · C^${laws.tokens.exponent.toFixed(4)}   (D = C / 6N)`,
    "  point estimates only: envelope points are highly autocorrelated, so a regression standard error would overstate the precision",
    ...(at ? [`  at C = ${e(at.flops)}: N* ${formatCount(at.params)}, D* ${formatCount(at.tokens)}${at.extrapolated ? ` (extrapolated ${at.extrapolationFactor.toPrecision(3)}× beyond the fitted FLOP range)` : ""}`] : []),
    ...d.notes.map((n) => `  note: ${n}`),
    ...(d.excluded.length ? ["", "excluded rows:", listIssues(d.excluded.slice(0, 20)), ...(d.excluded.length > 20 ? [`  … and ${d.excluded.length - 20} more (all listed in --json)`] : [])] : []),
    "",
    doc.warnings.length ? "warnings:" : "warnings: none",
    ...renderDiagnostics(doc.warnings),
  ].join("\n");
}

/** Every issue on its own line: line, column, value and reason. */
function listIssues(issues: readonly RowIssue[]): string {
  return issues.map((i) => `  line ${i.line}${i.column ? `, column ${i.column}` : ""}${i.value !== undefined ? `, value ${JSON.stringify(i.value)}` : ""}: ${i.reason}`).join("\n");
}
