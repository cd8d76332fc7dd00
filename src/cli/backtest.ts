/** `scalecast backtest`: fit on the smaller runs, predict the held-out ones, and score laws and methods side by side. */
import { DEFAULT_DELTA, DEFAULT_SEED } from "../core/defaults.js";
import { emit, withOut } from "./output.js";
import { commandArgv, out, setExitCode } from "../node/io.js";
import { withBar } from "../node/progress.js";
import { maxOf } from "../core/stats/extent.js";
import { Command, Option } from "commander";
import { backtest, type BacktestCandidate, type BacktestResult, type Holdout } from "../core/fit/backtest.js";
import { objectives, type ObjectiveId } from "../core/fit/objectives.js";
import { getLaw, lawRegistry } from "../core/laws/registry.js";
import { documentHeader } from "../core/documentHeader.js";
import { writeText } from "../node/readText.js";
import { UserInputError, userInput } from "./errors.js";
import { lawOptionsOf } from "./fit.js";
import { lawRoles } from "../core/fit/data.js";
import { readRuns, selectWith, withRunOptions, type RunCliOptions } from "./runOptions.js";
import type { RoleId } from "../core/runs/roles.js";
import { formatCount, table } from "./format.js";
import { atLeastTwo, commaList, fraction, positiveReal, seed32 } from "./options.js";
import { toJson } from "../core/toJson.js";

interface BacktestCliOptions extends RunCliOptions {
  holdoutTopCompute?: number;
  holdoutGroup?: string;
  law: string[];
  method: Array<"grid" | "varpro">;
  objective: ObjectiveId;
  delta: number;
  bootstrap: number;
  seed: number;
  x?: "params" | "tokens" | "flops";
  breaks?: "1" | "2";
  base?: "fixed" | "joint";
  json?: boolean;
  out?: string;
}

export function backtestCommand(): Command {
  return withOut(withRunOptions(new Command("backtest")
    .description("fit on the smaller runs, predict the held-out ones: errors, extrapolation factor and prediction-interval coverage, for several laws and methods")
    .argument("<file>", "run table (CSV, TSV, JSON or JSONL; - reads stdin)")
    .option("--holdout-top-compute <f>", "hold out this fraction of runs with the most compute (default 0.2)", fraction)
    .option("--holdout-group <g>", "hold out the runs whose group column equals g")
    .option("--law <ids>", `laws to compare, comma-separated (${Object.keys(lawRegistry).join(", ")})`, commaList, ["chinchilla"])
    .option("--method <ms>", "methods to compare, comma-separated: grid, varpro (varpro only for laws with linear coefficients)", commaList, ["grid"])
    .addOption(new Option("--objective <id>", "fitting objective").choices(Object.keys(objectives)).default("huber"))
    .option("--delta <d>", "Huber threshold on ln residuals", positiveReal, DEFAULT_DELTA)
    .option("--bootstrap <n>", "bootstrap refits per candidate for the intervals", atLeastTwo, 400)
    .option("--seed <s>", "seed of the bootstrap", seed32, DEFAULT_SEED)
    .addOption(new Option("--x <input>", "input variable of one-variable laws (power, bnsl)").choices(["params", "tokens", "flops"]))
    .addOption(new Option("--breaks <n>", "breaks of the broken power law").choices(["1", "2"]))
    .addOption(new Option("--base <b>", "data-constrained: base law fixed or joint").choices(["fixed", "joint"]))
    .option("--json", "print one JSON document on stdout")), "also write the JSON document to FILE")
    .action(async (file: string, opts: BacktestCliOptions, cmd: Command) => {
      if (opts.holdoutTopCompute !== undefined && opts.holdoutGroup !== undefined) cmd.error("error: give --holdout-top-compute or --holdout-group, not both", { exitCode: 2 });
      for (const id of opts.law) {
        if (!Object.hasOwn(lawRegistry, id)) cmd.error(`error: unknown law "${id}" in --law; known laws: ${Object.keys(lawRegistry).join(", ")}`, { exitCode: 2 });
      }
      for (const m of opts.method) if (m !== "grid" && m !== "varpro") cmd.error(`error: unknown method "${m}" in --method; use grid or varpro`, { exitCode: 2 });
      const lawOptions = lawOptionsOf(opts);
      const laws = opts.law.map((id) => getLaw(id, lawOptions));
      const needs = [...new Set<RoleId>(laws.flatMap(lawRoles))];
      const table_ = await readRuns(file, opts, needs);
      // a group holdout fits the other groups together, by design
      const selection = selectWith(table_, { ...opts, poolGroups: opts.poolGroups || opts.holdoutGroup !== undefined }, [...new Set<RoleId>(laws.flatMap((l) => l.inputs))]);
      const candidates: BacktestCandidate[] = [];
      const skipped: string[] = [];
      for (const id of opts.law) {
        const law = getLaw(id, lawOptions);
        for (const method of opts.method) {
          if (method === "varpro" && !law.linearForm) { skipped.push(`${id} × varpro skipped: the law declares no linear coefficients`); continue; }
          candidates.push({ law, method });
        }
      }
      if (candidates.length === 0) throw new UserInputError(`no law × method combination to run: ${skipped.join("; ")}`);
      const holdout: Holdout = opts.holdoutGroup !== undefined ? { kind: "group", group: opts.holdoutGroup } : { kind: "top-compute", fraction: opts.holdoutTopCompute ?? 0.2 };
      const result = withBar("backtest fits", (onProgress) =>
        userInput(() => backtest(selection.runs, holdout, candidates, { objective: opts.objective, delta: opts.delta, resamples: opts.bootstrap, seed: opts.seed, onProgress })));
      result.notes.push(...skipped, ...selection.diagnostics.map((d) => `${d.message} [${d.code}]`));
      const doc = {
        ...documentHeader("backtest", commandArgv()),
        data: { source: table_.source, rowsRead: table_.rowsRead, n: selection.runs.length, excluded: selection.excluded, diagnostics: selection.diagnostics, notes: table_.notes, paramConvention: table_.paramConvention, units: { loss: "nats", flops: "FLOPs (C = 6ND unless a column gives C)" } },
        intervals: "prediction intervals: bootstrap refits plus the full fit's ln residuals inflated by √(n/(n−p)); confidence intervals: bootstrap refits only",
        ...result,
      };
      emit(opts, () => toJson(doc), () => renderBacktest(result, table_.source));
      // a fit that failed, did not converge, or predicts a non-finite loss at a held-out run: exit 3 (non-finite is never an exit-0 answer)
      if (result.candidates.some((c) => c.error !== undefined || c.converged === false || (c.mare !== undefined && !Number.isFinite(c.mare)))) setExitCode(3);
    });
}

const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : "not finite");

/** An interval end: "unbounded" where the refits' predictions overflowed, never "Infinity" or "NaN". */
const end = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : x > 0 ? "unbounded" : x < 0 ? "−unbounded" : "not computable");

export function renderBacktest(r: BacktestResult, source: string): string {
  const out: string[] = [];
  out.push(`scalecast backtest: ${source}`);
  out.push(`  fitted on ${r.train} runs, held out ${r.holdout}`);
  out.push(`  extrapolation factor ${r.extrapolationFactor.toPrecision(3)}× (largest held-out compute / largest fitted compute); ${r.resamples} bootstrap refits, seed ${r.seed}`);
  out.push("");
  const rows = [["law", "method", "MARE", "max |rel err|", "80% PI coverage", "95% PI coverage", "status"]];
  for (const c of r.candidates) {
    const label = c.lawId + (Object.keys(c.lawOptions).length ? `(${Object.entries(c.lawOptions).map(([k, v]) => `${k}=${v}`).join(",")})` : "");
    if (c.error) { rows.push([label, c.method, "—", "—", "—", "—", `failed: ${c.error}`]); continue; }
    const maxErr = maxOf(c.points!.map((p) => Math.abs(p.relativeError)));
    rows.push([label, c.method, pct(c.mare!), pct(maxErr), pct(c.coverage!["0.8"]), pct(c.coverage!["0.95"]), c.converged ? "converged" : "NOT converged"]);
  }
  out.push(table(rows));
  for (const c of r.candidates) {
    if (!c.points) continue;
    out.push("", `${c.lawId} (${c.method}): held-out runs`);
    const pr = [["line", "N", "D", "C", "actual", "predicted", "rel err", "95% PI", "inside"]];
    for (const p of c.points) {
      const [lo, hi] = p.pi["0.95"];
      pr.push([String(p.line), p.params === undefined ? "—" : formatCount(p.params), p.tokens === undefined ? "—" : formatCount(p.tokens), p.flops === undefined ? "—" : p.flops.toExponential(2), p.actual.toFixed(4), end(p.predicted), Number.isFinite(p.relativeError) ? `${p.relativeError >= 0 ? "+" : ""}${(100 * p.relativeError).toFixed(2)}%` : "not finite", `[${end(lo)}, ${end(hi)}]`, p.inside["0.95"] ? "yes" : "NO"]);
    }
    out.push(table(pr));
    for (const w of c.warnings ?? []) out.push(`  ! ${w.message} [${w.code}]`);
  }
  out.push("", r.notes.length ? "notes:" : "notes: none");
  for (const n of r.notes) out.push(`  ${n}`);
  return out.join("\n");
}
