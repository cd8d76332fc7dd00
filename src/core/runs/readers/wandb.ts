// The three CSV shapes Weights & Biases exports, and where each shape was confirmed:
// - Runs table (web UI, "Export CSV"): every field quoted, one row per run, columns "Name",
//   ("Agent",) "State", "Notes", "User", "Tags", "Created", "Runtime", "Sweep", then config
//   keys (nested keys joined with ".") and summary keys as logged ("eval/mse_mean"); State in
//   lower case, Notes "-" when empty, Created ISO 8601, Runtime in seconds. From a real export
//   pasted into a public analysis script on GitHub; run states from the W&B Public API
//   reference (docs.wandb.ai/ref/python/public-api/run).
// - Chart panel "Download CSV": "Step", then per run "<run> - <metric>" followed by
//   "<run> - <metric>__MIN" and "__MAX". wandb/wandb#5349 (and #5222 it cites) on the
//   __MIN/__MAX columns, which W&B does not document; public scripts reading such files show
//   them equal to the value for a single run, and "Group: <name> - <metric>" for groups.
//   With another x axis the first column is named after it ("epoch"): refused, not guessed.
// - Run history: run.history() / scan_history() as a pandas DataFrame written by to_csv:
//   "_step", "_runtime", "_timestamp" and the logged keys, empty where a key was not logged
//   at that step, a leading unnamed index column unless index=False (W&B Public API
//   reference; docs.wandb.ai support, "why are steps missing from a csv metric export").

import Papa from "papaparse";
import { describeHeaders, quoteHeader } from "../describe.js";
import type { RawRow, RawTable } from "../rawTable.js";
import { readDelimited } from "../readDelimited.js";
import { RunTableError } from "../types.js";
import { decodeText } from "./text.js";
import type { TableReader } from "./types.js";

/** The fields of a CSV header line, trimmed; [] when it cannot be split. */
function headerFields(firstLine: string): string[] {
  const line = firstLine.charCodeAt(0) === 0xfeff ? firstLine.slice(1) : firstLine;
  const fields = Papa.parse<string[]>(line, { delimiter: ",", quoteChar: '"', header: false, preview: 1 }).data[0];
  return Array.isArray(fields) ? fields.map((f) => String(f).trim()) : [];
}

function sniffFields(firstLine: string, test: (fields: string[]) => boolean): boolean {
  try {
    return test(headerFields(firstLine));
  } catch {
    return false;
  }
}

function requireColumn(table: RawTable, column: string, shape: string, source: string): RawTable {
  if (table.headers.includes(column)) return table;
  throw new RunTableError(
    `${source}: not a ${shape}: no ${quoteHeader(column)} column (columns: ${describeHeaders(table.headers)})`,
    { source, line: table.headerLine },
  );
}

/**
 * Reads the runs-table CSV export of the W&B web UI: one row per run, read as
 * plain CSV (headers and cells unchanged; runs in every State are kept, State is
 * a column). Throws RunTableError without a "Name" column.
 *
 * Cost: O(length of the text).
 *
 * @example
 * const csv = '"Name","State","Created","model/n_params"\n"s-44M","finished","2026-01-05T12:00:00.000Z","44000000"\n';
 * readWandbRuns(new TextEncoder().encode(csv), "runs.csv");
 * // { headers: ["Name", "State", "Created", "model/n_params"], headerLine: 1, rowsRead: 1, issues: [],
 * //   rows: [{ line: 2, cell }] }   (cell(3) === "44000000")
 */
export function readWandbRuns(bytes: Uint8Array, source: string): RawTable {
  return requireColumn(readDelimited(decodeText(bytes, source), ",", source), "Name", "W&B runs table export", source);
}

/**
 * Reads a run-history CSV (run.history() or scan_history() written by pandas):
 * plain CSV, headers kept as they are (pandas' unnamed index column stays "").
 * Throws RunTableError without a "_step" column.
 *
 * Cost: O(length of the text).
 *
 * @example
 * readWandbHistory(new TextEncoder().encode("_step,_runtime,train/loss\n0,1.5,10.4\n"), "history.csv").headers;
 * // ["_step", "_runtime", "train/loss"]
 */
export function readWandbHistory(bytes: Uint8Array, source: string): RawTable {
  return requireColumn(readDelimited(decodeText(bytes, source), ",", source), "_step", "W&B run history export", source);
}

const SEPARATOR = " - ";
const COMPANION = /^(.*)__(MIN|MAX)$/;
const STEP = new Set(["Step", "step"]);

/** Offsets of every " - " in `header`, last first. */
function cuts(header: string): number[] {
  const at: number[] = [];
  for (let i = header.indexOf(SEPARATOR); i >= 0; i = header.indexOf(SEPARATOR, i + 1)) at.unshift(i);
  return at;
}

/**
 * Splits a chart-export series header "<run> - <metric>" when the run name or the
 * metric may itself contain " - ". Rule: among the " - " in `header`, last first,
 * split at the first whose right part is a metric — one that contains "/" (W&B
 * namespaces such as "eval/…") or that another header in `headers` also ends with
 * (after a " - "); when none qualifies, split at the last " - ". So run names keep
 * their " - " ("lr 4e-4 - seed 1 - train/loss" → run "lr 4e-4 - seed 1"), and a
 * metric keeps its " - " when it has a "/" before it ("run - eval/loss - ema" →
 * metric "eval/loss - ema"). Ambiguous by nature: a run "a - b/c" with metric
 * "loss" seen nowhere else is split as run "a", metric "b/c - loss".
 *
 * Cost: O(length of header × occurrences of " - " × headers).
 *
 * @example
 * splitChartHeader("olmo-300M - lr 4e-4 - eval/c4_en-validation/CrossEntropyLoss", []);
 * // { run: "olmo-300M - lr 4e-4", metric: "eval/c4_en-validation/CrossEntropyLoss" }
 */
export function splitChartHeader(header: string, headers: readonly string[]): { run: string; metric: string } {
  const at = cuts(header);
  const metricAt = (i: number) => header.slice(i + SEPARATOR.length);
  const seenElsewhere = (metric: string) => headers.some((h) => h !== header && h.endsWith(SEPARATOR + metric));
  const cut = at.find((i) => metricAt(i).includes("/") || seenElsewhere(metricAt(i))) ?? at[0];
  return { run: header.slice(0, cut), metric: metricAt(cut) };
}

interface Series {
  run: string;
  metric: string;
  index: number;
}

/** The step column and the value series of a chart export; throws RunTableError for a header it cannot place. */
function chartLayout(table: RawTable, source: string): { step: number; series: Series[] } {
  const { headers } = table;
  const refuse = (column: string, problem: string) =>
    new RunTableError(`${source}: ${problem}`, { source, line: table.headerLine, column });
  const step = headers.findIndex((h) => STEP.has(h));
  if (step < 0) {
    throw new RunTableError(
      `${source}: not a W&B chart export: no "Step" column (columns: ${describeHeaders(headers)})`,
      { source, line: table.headerLine },
    );
  }
  const values = headers.map((h, i) => (i !== step && !COMPANION.test(h) ? h : null));
  const valueHeaders = values.filter((h): h is string => h !== null);
  const series: Series[] = [];
  headers.forEach((h, i) => {
    if (i === step) return;
    const companion = COMPANION.exec(h);
    if (companion !== null) {
      if (!values.includes(companion[1])) {
        throw refuse(h, `column ${quoteHeader(h)} is a __${companion[2]} companion without its column ${quoteHeader(companion[1])}`);
      }
      return;
    }
    if (!h.includes(SEPARATOR)) throw refuse(h, `column ${quoteHeader(h)} is neither "Step" nor "<run> - <metric>"`);
    if (values.indexOf(h) !== i) throw refuse(h, `column ${quoteHeader(h)} appears twice`);
    const { run, metric } = splitChartHeader(h, valueHeaders);
    if (metric === "run" || metric === "step") {
      throw refuse(h, `column ${quoteHeader(h)}: metric "${metric}" would clash with the "run" and "step" columns of the long table`);
    }
    series.push({ run, metric, index: i });
  });
  return { step, series };
}

function isFilled(cell: unknown): boolean {
  return typeof cell === "string" && cell.trim() !== "";
}

/**
 * Reads a chart panel's "Download CSV" export and turns it from wide (a "Step"
 * column, one "<run> - <metric>" column per series) into long: headers
 * ["run", "step", …metrics in first-appearance order], one row per (run, step)
 * with at least one non-empty value, ordered by run (first appearance) then by
 * source line; `line` is the source line of that step. Cells are the raw text;
 * a metric the run has no column for is undefined. The "__MIN"/"__MAX" columns
 * are checked (each needs its base column) but never read. Run and metric are
 * split by {@link splitChartHeader}. Throws RunTableError without a "Step"
 * column, for a header that is neither "Step", "<run> - <metric>" nor a
 * companion of one, for a duplicate header, and for a metric named "run" or "step".
 *
 * Cost: O(length of the text + runs × source rows × metrics), plus O(headers²) for the split.
 *
 * @example
 * const csv = '"Step","a - loss","a - loss__MIN","a - loss__MAX","b - loss"\n"10","3.1","3","3.2",""\n';
 * readWandbChart(new TextEncoder().encode(csv), "chart.csv");
 * // { headers: ["run", "step", "loss"], headerLine: 1, rowsRead: 1, issues: [],
 * //   rows: [{ line: 2, cell }] }   (cell(0) === "a", cell(1) === "10", cell(2) === "3.1"; run b has no value)
 */
export function readWandbChart(bytes: Uint8Array, source: string): RawTable {
  const wide = readDelimited(decodeText(bytes, source), ",", source);
  const { step, series } = chartLayout(wide, source);
  const metrics = [...new Set(series.map((s) => s.metric))];
  const byRun = new Map<string, Map<string, number>>();
  for (const s of series) byRun.set(s.run, (byRun.get(s.run) ?? new Map<string, number>()).set(s.metric, s.index));
  const rows: RawRow[] = [];
  for (const [run, columnOf] of byRun) {
    const columns = metrics.map((m) => columnOf.get(m));
    for (const row of wide.rows) {
      const cells = columns.map((i) => (i === undefined ? undefined : row.cell(i)));
      if (!cells.some(isFilled)) continue;
      const stepCell = row.cell(step);
      rows.push({ line: row.line, cell: (i) => (i === 0 ? run : i === 1 ? stepCell : cells[i - 2]) });
    }
  }
  return {
    headers: ["run", "step", ...metrics],
    headerLine: wide.headerLine,
    rows,
    issues: wide.issues,
    rowsRead: rows.length + wide.issues.length,
  };
}

/**
 * The W&B runs-table reader. Sniff: the header line has "Name", "State" and
 * "Created" or "Runtime".
 *
 * Cost: sniff O(length of the first line); read as {@link readWandbRuns}.
 *
 * @example
 * wandbRunsReader.sniff({ bytes, firstLine: '"Name","State","Notes","User","Tags","Created","Runtime","Sweep"', name: "export.csv" }); // true
 */
export const wandbRunsReader: TableReader = {
  format: "wandb-runs",
  title: "W&B runs table CSV export",
  sniff: ({ firstLine }) =>
    sniffFields(firstLine, (f) => f.includes("Name") && f.includes("State") && (f.includes("Created") || f.includes("Runtime"))),
  read: readWandbRuns,
};

/**
 * The W&B chart-export reader. Sniff: the header line has "Step" (or "step") and
 * a header of the form "<run> - <metric>".
 *
 * Cost: sniff O(length of the first line); read as {@link readWandbChart}.
 *
 * @example
 * wandbChartReader.sniff({ bytes, firstLine: '"Step","a - loss","a - loss__MIN","a - loss__MAX"', name: "wandb_export.csv" }); // true
 */
export const wandbChartReader: TableReader = {
  format: "wandb-chart",
  title: "W&B chart (panel) CSV export",
  sniff: ({ firstLine }) => sniffFields(firstLine, (f) => f.some((h) => STEP.has(h)) && f.some((h) => /^.+ - .+$/.test(h))),
  read: readWandbChart,
};

/**
 * The W&B run-history reader. Sniff: the header line has "_step".
 *
 * Cost: sniff O(length of the first line); read as {@link readWandbHistory}.
 *
 * @example
 * wandbHistoryReader.sniff({ bytes, firstLine: ",_step,_runtime,_timestamp,train/loss", name: "history.csv" }); // true
 */
export const wandbHistoryReader: TableReader = {
  format: "wandb-history",
  title: "W&B run history CSV (run.history() / scan_history())",
  sniff: ({ firstLine }) => sniffFields(firstLine, (f) => f.includes("_step")),
  read: readWandbHistory,
};
