/** `scalecast isoflop`: Approach 2 (IsoFLOP profiles) on a table of runs grouped by compute budget. */
import { emit, mergeAlias, withOut } from "./output.js";
import { commandArgv, out } from "../node/io.js";
import { Command, Option } from "commander";
import { isoflopFit, IsoflopError, type IsoflopResult } from "../core/fit/isoflop.js";
import { DiagnosticError } from "../core/diagnostics.js";
import type { RunTable } from "../core/runs/types.js";
import { extrapolation } from "../core/fit/extrapolation.js";
import { readRuns, selectWith, withRunOptions, type RunCliOptions } from "./runOptions.js";
import { documentHeader } from "../core/documentHeader.js";
import { powerLawAllocation } from "../core/plan/allocate.js";
import { UserInputError } from "./errors.js";
import { formatCount, renderDiagnostics } from "./format.js";
import { positiveNumber, positiveReal } from "./options.js";

interface IsoflopCliOptions extends RunCliOptions { by: "tokens" | "params"; budgetTolerance: number; at?: number; json?: boolean }

export function isoflopCommand(): Command {
  return withOut(withRunOptions(new Command("isoflop")
    .description("IsoFLOP profiles (Hoffmann et al. 2022 Approach 2, Llama 3 §3.2.1): per-budget optima and the power laws N*(C), D*(C)")
    .argument("<file>", "runs with a compute budget (a budget column, else C read or 6ND) and tokens or params; - reads stdin; a folder reads one file per run")
    .addOption(new Option("--by <x>", "fit loss against ln tokens or ln params per budget").choices(["tokens", "params"]).default("tokens"))
    .option("--budget-tolerance <t>", "runs within this relative budget (or FLOPs) difference share a budget", positiveReal, 0.05)
    .option("--budget-flops <C>", "extrapolate N*, D* to this budget (FLOPs)", positiveNumber)
    .addOption(new Option("--at <C>", "alias of --budget-flops").argParser(positiveNumber).hideHelp())
    .option("--json", "print one JSON document on stdout")), "also write the JSON document to FILE")
    .hook("preAction", mergeAlias("budgetFlops", "at"))
    .action(async (file: string, opts: IsoflopCliOptions) => {
      if (opts.groupCol !== undefined) {
        // one IsoFLOP analysis per group
        const all = await readRuns(file, opts, [opts.by, "flops", "loss", "budget"]);
        const groups = [...new Set(all.runs.map((r) => r.group).filter((g): g is string => g !== undefined))];
        if (groups.length === 0) throw new UserInputError(`${all.source}: --group-col ${opts.groupCol}: no usable row has a group value`);
        const docs: Array<{ group: string } & Awaited<ReturnType<typeof isoflopDocument>>> = [];
        for (const g of groups) docs.push({ group: g, ...(await isoflopDocument({ ...all, runs: all.runs.filter((r) => r.group === g) }, opts)) });
        emit(opts, () => JSON.stringify({ ...documentHeader("isoflop", commandArgv()), groupBy: opts.groupCol, groups: docs.map((d) => ({ group: d.group, ...d.doc })) }, null, 2),
          () => docs.map((d) => `=== group "${d.group}" (column "${opts.groupCol}")\n${d.text}`).join("\n\n"));
        return;
      }
      const { doc, text } = await isoflopDocument(await readRuns(file, opts, [opts.by, "flops", "loss", "budget"]), opts);
      emit(opts, () => JSON.stringify(doc, null, 2), () => text);
    });
}

/** The isoflop document of a table and its text rendering. */
async function isoflopDocument(table: RunTable, opts: IsoflopCliOptions): Promise<{ doc: Record<string, unknown>; text: string }> {
  {
      const selection = selectWith(table, opts, [table.columns.budget !== undefined ? "budget" : "flops", opts.by]);
      let result: IsoflopResult;
      try {
        result = isoflopFit(selection.runs, { by: opts.by, budgetTolerance: opts.budgetTolerance, compare6ND: table.columns.params !== undefined && table.columns.tokens !== undefined });
      } catch (err) {
        if (err instanceof IsoflopError) throw new DiagnosticError({ ...err.diagnostic, message: `${table.source}: ${err.message}` });
        if (err instanceof RangeError) throw new UserInputError(`${table.source}: ${err.message}`);
        throw err;
      }
      const warnings = [...selection.diagnostics, ...result.warnings];
      let at;
      if (opts.at !== undefined) {
        const ex = extrapolation(opts.at, Math.max(...result.budgets.map((b) => b.flops)), "--budget-flops");
        if (ex.warning) warnings.push(ex.warning);
        at = { ...powerLawAllocation(result, opts.at), extrapolationFactor: ex.factor };
      }
      const { params: paramsLaw, tokens: tokensLaw, ...rest } = result;
      const doc = {
        ...documentHeader("isoflop", commandArgv()),
        method: "IsoFLOP profiles: parabola of loss in ln " + result.by + " per budget, then least squares in log space",
        data: { source: table.source, rowsRead: table.rowsRead, n: selection.runs.length, excluded: selection.excluded, notes: table.notes, columns: table.columns },
        ...rest, powerLaws: { params: paramsLaw, tokens: tokensLaw }, warnings, ...(at ? { allocation: at } : {}),
      };
      const grouped = result.groupedBy === "stated budget"
        ? `grouped by the stated budget in column "${table.columns.budget}"${result.budgetSpread !== null ? ` (6ND differs from it by up to ${(100 * result.budgetSpread).toFixed(1)}%)` : ""}`
        : `grouped by C within ${100 * opts.budgetTolerance}%`;
      const out = [
        `scalecast isoflop: ${table.source}, ${selection.runs.length} runs, ${result.budgets.length} budgets (parabola in ln ${result.by}; ${grouped})`,
        "",
        ...result.budgets.map((b) => `  C = ${b.flops.toExponential(2)}: N* ${formatCount(b.params)}, D* ${formatCount(b.tokens)}, loss ${b.lossAtOptimum.toFixed(4)} (${b.points} points, vertex at ${(50 * (1 + b.offCentre)).toFixed(0)}% of the sampled range)`),
        "",
        `  D*(C) = ${result.tokens.coefficient.toPrecision(4)} · C^${result.tokens.exponent.toFixed(4)}`,
        `  N*(C) = ${result.params.coefficient.toPrecision(4)} · C^${result.params.exponent.toFixed(4)}   (N = C / 6D)`,
        ...(at ? [`  at C = ${at.flops.toExponential(2)}: N* ${formatCount(at.params)}, D* ${formatCount(at.tokens)} (extrapolated ${at.extrapolationFactor.toPrecision(3)}× beyond the largest budget)`] : []),
        ...table.notes.map((n) => `  note: ${n}`),
        ...result.notes.map((n) => `  note: ${n.message} [${n.code}]`),
        ...(selection.excluded.length ? [`  ${selection.excluded.length} rows excluded (listed in --json)`] : []),
        warnings.length ? "warnings:" : "warnings: none",
        ...renderDiagnostics(warnings),
      ];
      return { doc, text: out.join("\n") };
  }
}
