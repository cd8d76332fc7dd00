/**
 * `scalecast forecast register` and `forecast verify` (issue 12, item 2): a
 * forecast kept as data. register fits the runs, predicts the targets and
 * appends one sealed record to a JSON Lines ledger (the whole file rewritten
 * atomically: a kill leaves the old ledger or the new one, never half a line);
 * verify checks every record's hash and the chain between them.
 */
import { existsSync } from "node:fs";
import { extname } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { BadOptionError } from "../core/errors.js";
import { documentHeader } from "../core/documentHeader.js";
import { appendIfUnchanged } from "../node/appendLedger.js";
import { canonicalRows, checkLedger, findHead, HEAD_PREFIX_MIN, sha256, type LedgerRecord } from "../core/forecast/ledger.js";
import { forecastRecord, predictTargets } from "../core/forecast/record.js";
import type { PredictionPoint } from "../core/plan/predictFit.js";
import { savedFitFrom } from "../core/plan/fitSource.js";
import { TOOL } from "../core/version.js";
import { toJson } from "../core/toJson.js";
import { commandArgv, out } from "../node/io.js";
import { readText } from "../node/readText.js";
import { UserInputError, userInput } from "./errors.js";
import { checkFitOptions, runFitJob, withFitOptions, type FitCliOptions } from "./fit.js";
import { pointOption, renderPredict, type PredictDocument } from "./predict.js";
import { readRuns, selectWith, withRunOptions, type RunCliOptions } from "./runOptions.js";
import { getLaw, type LawOptions } from "../core/laws/registry.js";
import { lawRoles } from "../core/fit/data.js";
import { MATCH_RTOL, scoreLedger } from "../core/forecast/score.js";
import { table as table_ } from "./format.js";
import { calibrationFigure, calibrationRows } from "../core/viz/calibrationFigure.js";

interface RegisterOptions extends FitCliOptions {
  at: PredictionPoint[];
  vary?: { name: string; values: number[] };
  ledger: string;
  note?: string;
  commit?: string;
}

/** --vary NAME=v1,v2,…: a held parameter's values, at least two, each a finite number. */
function varyOption(value: string): { name: string; values: number[] } {
  const m = /^\s*([A-Za-z_][\w]*)\s*=\s*(.+)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected NAME=v1,v2,… (e.g. E=1.4,1.5,1.6), got "${value}"`);
  const values = m[2].split(",").map((v) => Number(v.trim()));
  if (values.length < 2 || values.some((v) => !Number.isFinite(v))) throw new InvalidArgumentError(`expected two or more finite values after ${m[1]}=, got "${m[2]}"`);
  return { name: m[1], values };
}

/** The selection options that shape which runs were fitted, as given. */
const SELECTION_KEYS = ["where", "bestOf", "lastCheckpoint", "poolGroups", "excludeHighestLoss", "paramConvention", "format", "runMeta"] as const;


/** `--head`: hex, at least HEAD_PREFIX_MIN digits and at most a whole SHA-256 (64). */
function headOption(given: string): string {
  const value = given.replace(/(…|\.\.\.)$/, ""); // as register prints it: "78efbfb25125…"
  if (!new RegExp(`^[0-9a-fA-F]{${HEAD_PREFIX_MIN},64}$`).test(value)) throw new InvalidArgumentError(`a record hash is ${HEAD_PREFIX_MIN} to 64 hex digits (forecast register prints the first 12), got "${given}"`);
  return value;
}

export function forecastCommand(): Command {
  const cmd = new Command("forecast").description("keep forecasts as data: register one in a tamper-evident ledger, verify the ledger");
  cmd.addCommand(withFitOptions(new Command("register")
    .description("fit the runs, predict the targets and append one sealed record (hash-chained) to a JSON Lines ledger")
    .argument("[file]", "run table; omit with --example")
    .option("--example", "the built-in sweep simulated from Hoffmann et al. 2022's law"))
    .requiredOption("--at <point>", "a target as NAME=VALUE pairs, e.g. params=7e10,tokens=1.4e12; repeat for more targets", pointOption)
    .requiredOption("--ledger <file>", "the ledger (JSON Lines), created if absent")
    .option("--vary <name=values>", "register under each value of a held parameter, e.g. E=1.4,1.5,1.6 (one fit each, one record with every prediction and their spread)", varyOption)
    .option("--note <text>", "a note kept with the record")
    .option("--commit <sha>", "the training code's commit, kept with the record")
    .option("--json", "print one JSON document on stdout")
    .action(async (file: string | undefined, opts: RegisterOptions, command: Command) => {
      checkFitOptions(file, opts, command);
      // the ledger is read and checked first: a broken ledger is never appended to, and nothing is fitted for it
      const before = existsSync(opts.ledger) ? readText(opts.ledger) : "";
      const check = await checkLedger(before);
      if (check.problem) throw new UserInputError(`${opts.ledger} line ${check.problem.line}${check.problem.id ? ` (record ${check.problem.id})` : ""}: ${check.problem.message}; nothing was appended`);
      if (opts.vary && opts.fix && Object.hasOwn(opts.fix, opts.vary.name)) throw new BadOptionError(`--vary ${opts.vary.name}=… and --fix ${opts.vary.name}=… name the same parameter: give one`);
      // one fit per held value (the first is the record's fit); without --vary, one fit
      const settings = opts.vary ? opts.vary.values.map((v) => ({ ...opts.fix, [opts.vary!.name]: v })) : [opts.fix];
      const fits = [];
      for (const fix of settings) {
        const job = await runFitJob(file, { ...opts, ...(fix ? { fix } : {}), bootstrap: opts.bootstrap ?? 200 });
        // the fit as a saved fit, read as `predict` reads a fit file: the base law with every parameter's value
        const saved = savedFitFrom(job.doc, job.baseLaw, Object.fromEntries(job.baseLaw.parameters.map((p) => [p.name, job.doc.params[p.name]])));
        // a target where the law gives no finite value is outside its domain: refused, the ledger untouched
        const predictions = userInput(() => {
          try { return predictTargets(saved, opts.at); } catch (e) { throw e instanceof RangeError ? new RangeError(`${e.message}; nothing was appended`) : e; }
        });
        fits.push({ fix, job, saved, predictions });
      }
      const { job, saved, predictions } = fits[0];
      const variants = opts.vary ? fits.map((f, k) => ({ [opts.vary!.name]: opts.vary!.values[k], params: f.job.doc.params, predictions: f.predictions.points })) : undefined;
      const spread = variants ? opts.at.map((_, i) => {
        const values = variants.map((v) => v.predictions[i].predicted);
        return { min: Math.min(...values), max: Math.max(...values) };
      }) : undefined;
      const last = check.records[check.records.length - 1];
      // every reading and selection option given (columns too), so `forecast verify --data` can select the same rows again
      const selection = Object.fromEntries(Object.keys(opts).filter((k) => (SELECTION_KEYS as readonly string[]).includes(k) || k.endsWith("Col")).filter((k) => (opts as unknown as Record<string, unknown>)[k] !== undefined).map((k) => [k, (opts as unknown as Record<string, unknown>)[k]]));
      const record = await forecastRecord({
        fit: job.doc, runs: job.runs,
        assumptions: {
          law: { id: job.doc.law.id, options: job.lawOptions }, objective: { id: opts.objective, delta: opts.delta }, method: opts.method,
          ...(opts.fix ? { fix: opts.fix } : {}), ...(opts.tie ? { tie: opts.tie } : {}),
          selection, seed: opts.seed, bootstrap: job.refits.length,
        },
        targets: opts.at, predictions: predictions.points,
        ...(variants ? { vary: { name: opts.vary!.name, values: opts.vary!.values, variants, spread: spread! } } : {}),
        note: opts.note, commit: opts.commit,
      }, last, TOOL);
      // only if the ledger still holds what was read and checked (another register may have appended meanwhile)
      appendIfUnchanged(opts.ledger, before, JSON.stringify(record) + "\n");
      if (opts.json) { out(toJson({ ...documentHeader("forecast register", commandArgv()), ledger: opts.ledger, record }) + "\n"); return; }
      const view: PredictDocument = {
        ...documentHeader("predict", commandArgv()),
        fit: { file: job.doc.data.source, lawId: job.doc.law.id, target: saved.law.target ?? "loss", paramConvention: saved.paramConvention, bootstrapRefits: job.refits.length },
        points: predictions.points, warnings: predictions.warnings,
      };
      const varyText = spread ? `\nunder ${opts.vary!.name} = ${opts.vary!.values.join(", ")} (one fit each; the intervals above are for ${opts.vary!.name} = ${opts.vary!.values[0]}):\n` +
        spread.map((sp, i) => `  target ${i + 1}: predicted ${variants!.map((v) => v.predictions[i].predicted.toFixed(4)).join(", ")} — spread ${(sp.max - sp.min).toFixed(4)} (${sp.min.toFixed(4)} … ${sp.max.toFixed(4)})`).join("\n") : "";
      out(`registered forecast ${record.id} in ${opts.ledger} (record ${check.records.length + 1}; data ${record.data.rows} rows, sha256 ${record.data.sha256.slice(0, 12)}…; record hash ${record.hash.slice(0, 12)}…)\n${renderPredict(view)}${varyText}\n`);
    }));
  cmd.addCommand(new Command("verify")
    .description("check every record's hash and the chain between records (and, with --data, each record's data hash); exit 1 naming the first bad record")
    .requiredOption("--ledger <file>", "the ledger (JSON Lines)")
    .option("--data <file>", "the run table the forecasts were fitted to: its rows, selected as each record selected them, must hash to the record's data hash")
    .option("--head <hash>", `a record hash published earlier (whole, or its first ${HEAD_PREFIX_MIN}+ hex digits as register prints): that record must still be in the ledger, so records cut from its end are caught`, headOption)
    .option("--json", "print one JSON document on stdout")
    .action(async (opts: { ledger: string; data?: string; head?: string; json?: boolean }) => {
      const check = await checkLedger(readText(opts.ledger));
      if (check.problem) throw new UserInputError(`${opts.ledger} line ${check.problem.line}${check.problem.id ? ` (record ${check.problem.id})` : ""}: ${check.problem.message} (${check.records.length} records before it are intact)`);
      const head = opts.head === undefined ? undefined : findHead(check.records, opts.head);
      if (head && "problem" in head) {
        if (head.problem === "ambiguous") throw new BadOptionError(`--head ${opts.head}: ${head.message}`);
        throw new UserInputError(`${opts.ledger}: ${head.message}`);
      }
      if (opts.data) {
        for (const [i, rec] of check.records.entries()) {
          const a = rec.assumptions as { law: { id: string; options: LawOptions }; selection: RunCliOptions & { excludeLines?: number[] } };
          const law = userInput(() => getLaw(a.law.id, a.law.options));
          const { excludeLines, ...selection } = a.selection;
          const runOpts: RunCliOptions = { ...selection, excludeHighestLoss: selection.excludeHighestLoss ?? 0 };
          const table = await readRuns(opts.data, runOpts, lawRoles(law));
          // a record made in the workbench lists the lines excluded there by hand (after the selection, as the workbench applies them)
          const hand = new Set(excludeLines ?? []);
          const rows = selectWith(table, runOpts, law.inputs, law.target ?? "loss").runs.filter((r) => !hand.has(r.line));
          const hash = await sha256(canonicalRows(rows));
          if (hash !== rec.data.sha256) {
            throw new UserInputError(`${opts.ledger} line ${i + 1} (record ${rec.id}): the rows of ${opts.data}, selected as the record selected them (${rows.length} rows), do not hash to its data hash (${rec.data.rows} rows): the data changed, or it is another file`);
          }
        }
      }
      const summary = { records: check.records.length, intact: true, ...(opts.data ? { data: opts.data, dataMatches: check.records.length } : {}), ...(head ? { head } : {}) };
      if (opts.json) out(toJson({ ...documentHeader("forecast verify", commandArgv()), ledger: opts.ledger, ...summary }) + "\n");
      else {
        const anchored = head ? `; --head ${opts.head} is record ${head.record} (${head.id})${head.record < check.records.length ? `, with ${check.records.length - head.record} registered after it` : ", the last"}` : "";
        out(`${opts.ledger}: ${check.records.length} record${check.records.length === 1 ? "" : "s"}, every hash and link intact${opts.data ? `; ${opts.data} gives every record's data hash` : ""}${anchored}\n`);
      }
    }));
  cmd.addCommand(withRunOptions(new Command("score")
    .description("match the runs that landed to the ledger's targets: error, z-score and interval coverage per target, calibration over the ledger")
    .requiredOption("--ledger <file>", "the ledger (JSON Lines), checked first")
    .requiredOption("--actual <file>", "the finished runs (any run table scalecast reads)")
    .option("--figure <file>", "also draw the calibration figure (observed against claimed coverage): .svg or .png")
    .option("--json", "print one JSON document on stdout"))
    .action(async (opts: RunCliOptions & { ledger: string; actual: string; figure?: string; json?: boolean }, command: Command) => {
      const ext = opts.figure === undefined ? undefined : extname(opts.figure).toLowerCase();
      if (ext !== undefined && ext !== ".svg" && ext !== ".png") command.error(`error: the --figure format comes from its extension: .svg or .png, got "${opts.figure}"`, { exitCode: 2 });
      const check = await checkLedger(readText(opts.ledger));
      if (check.problem) throw new UserInputError(`${opts.ledger} line ${check.problem.line}${check.problem.id ? ` (record ${check.problem.id})` : ""}: ${check.problem.message}; not scored`);
      const table = await readRuns(opts.actual, opts);
      const score = scoreLedger(check.records, table.runs);
      if (opts.figure !== undefined) {
        const drawn = calibrationFigure(score);
        if ("missing" in drawn) throw new UserInputError(`the calibration figure needs ${drawn.missing}: ${score.scored} of ${score.targets.length} targets were scored; no figure written`);
        // loaded here, not at start-up: Vega, Vega-Lite and resvg cost every other command ≈ 0.2 s to import
        const { renderPng, renderSvg, writeFigure } = await import("../node/render.js");
        const svg = await renderSvg(drawn.figure.spec);
        writeFigure(opts.figure, ext === ".png" ? renderPng(svg) : svg);
      }
      if (opts.json) { out(toJson({ ...documentHeader("forecast score", commandArgv()), ledger: opts.ledger, actual: table.source, matchTolerance: MATCH_RTOL, ...score, calibration: calibrationRows(score), ...(opts.figure !== undefined ? { figure: opts.figure } : {}) }) + "\n"); return; }
      const num = (v: number | undefined, d = 4) => (v === undefined ? "—" : Number.isFinite(v) ? v.toFixed(d) : "not finite");
      const rows = [["record", "target", "predicted", "actual", "rel err", "z", "80% PI", "95% PI"], ...score.targets.map((t) => [
        t.record.slice(0, 8), Object.entries(t.target).map(([k, v]) => `${k}=${v.toExponential(2)}`).join(","), num(t.predicted), t.actual ? num(t.actual.value) : "no actual",
        t.relativeError === undefined ? "—" : `${(100 * t.relativeError).toFixed(2)}%`, num(t.z, 2),
        t.covered ? (t.covered.pi["0.8"] ? "covered" : "missed") : "—", t.covered ? (t.covered.pi["0.95"] ? "covered" : "missed") : "—",
      ])];
      const lines = [`scalecast forecast score: ${opts.ledger} (${check.records.length} records, ${score.targets.length} targets) against ${table.source}`, "", table_(rows)];
      lines.push("", `scored ${score.scored} of ${score.targets.length} targets` + (score.meanAbsoluteRelativeError !== undefined ? `; mean |relative error| ${(100 * score.meanAbsoluteRelativeError).toFixed(2)}%` : "") +
        (score.piCoverage ? `; PI coverage 80%: ${(100 * score.piCoverage["0.8"]).toFixed(0)}%, 95%: ${(100 * score.piCoverage["0.95"]).toFixed(0)}%` : ""));
      // how much a coverage over few forecasts says: its Wilson 95% interval
      for (const c of calibrationRows(score).filter((r) => r.interval === "prediction interval")) {
        lines.push(`  ${(100 * c.nominal).toFixed(0)}% PI covered ${c.covered} of ${c.n} (${(100 * c.observed).toFixed(0)}%; Wilson 95% interval ${(100 * c.low).toFixed(0)}–${(100 * c.high).toFixed(0)}%)`);
      }
      for (const w of score.warnings) lines.push(`  ! ${w.message} [${w.code}]`);
      if (opts.figure !== undefined) lines.push(`wrote the calibration figure to ${opts.figure}`);
      out(lines.join("\n") + "\n");
    }));
  return cmd;
}

export type { LedgerRecord };
