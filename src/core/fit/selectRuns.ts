// Selection: which usable rows of a run table a command fits. One module for every
// command that reads runs (fit, isoflop, backtest, envelope, report, plot) and the
// workbench. Row filters (--where) apply while the table is read (parseRunTable).

import { diagnostic, DiagnosticError, type Diagnostic } from "../diagnostics.js";
import { normalizeHeader } from "../runs/columns.js";
import { ROLE, ROLE_IDS, type RoleId } from "../runs/roles.js";
import type { Run, RowIssue, RunTable } from "../runs/types.js";

export interface Selection {
  runs: Run[];
  /** Rows the table rejected plus rows removed here, in line order, each with its reason. */
  excluded: RowIssue[];
  /** What the selection noticed: several runs per configuration, checkpoints fitted as runs, groups pooled. */
  diagnostics: Diagnostic[];
}

export interface SelectOptions {
  /** Drop the k highest-loss runs (Besiroglu et al. 2024 drop 5 of Hoffmann's 245). */
  excludeHighestLoss?: number;
  /**
   * The roles that make a configuration (the law's inputs). Rows that share
   * them are "several runs per configuration", warned unless `bestOf` picks one.
   */
  configuration?: readonly RoleId[];
  /** Columns (role ids or headers) over which to keep the best target per configuration: lr, bs, seed. */
  bestOf?: readonly string[];
  /** The target compared by `bestOf` and `excludeHighestLoss`: "loss" (lower is better) or "metric". */
  target?: "loss" | "metric";
  /** For a metric target: whether higher is better (accuracy) or lower (error). Default lower. */
  higherIsBetter?: boolean;
  /** Keep only the last checkpoint (largest step, else largest tokens) of each run id. */
  lastCheckpoint?: boolean;
  /** Several groups in the runs: refuse (default), or pool them with a warning. */
  groups?: "refuse" | "pool";
  /** Several rows per run id: warn `checkpoints-as-runs` (default), or expect them (whole-curve methods such as the envelope). */
  checkpoints?: "warn" | "expected";
}

/**
 * The runs to fit, in this order: the last checkpoint of each run
 * (`lastCheckpoint`), the best target per configuration (`bestOf`), less the
 * `excludeHighestLoss` highest losses. Every removal is listed with its line
 * and a typed code. Then the checks: several runs per configuration left
 * (`several-runs-per-config`), several checkpoints of one run
 * (`checkpoints-as-runs`), several groups (`groups-pooled`: a refusal unless
 * `groups: "pool"`). O(n log n).
 *
 * @example
 * selectRuns(table, { configuration: ["params", "tokens"], bestOf: ["lr", "bs"] });
 * // keeps the lowest loss at each (N, D); the others are excluded with code "not-best-of-config"
 */
export function selectRuns(table: RunTable, options: SelectOptions = {}): Selection {
  const k = options.excludeHighestLoss ?? 0;
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`--exclude-highest-loss must be a whole number ≥ 0, got ${k}`);
  const removed: RowIssue[] = [];
  const diagnostics: Diagnostic[] = [];
  const metric = options.target === "metric";
  const score = (r: Run) => {
    const v = metric ? r.metric ?? NaN : r.lossNats;
    return metric && options.higherIsBetter ? -v : v; // lower is better
  };
  const targetName = metric ? (options.higherIsBetter ? "highest metric" : "lowest metric") : "lowest loss";
  let runs = [...table.runs];

  if (options.lastCheckpoint) runs = lastCheckpoints(table, runs, removed);

  const config = options.configuration ?? [];
  // the group is always part of a configuration: best-of never picks across families
  const key = (r: Run, extra: readonly RoleId[]) => [...config, ...extra].map((role) => String(role === "loss" ? r.lossNats : role === "run" ? r.runId : r[role as Exclude<RoleId, "loss" | "run">])).join("\u0000") + "\u0000" + (r.group ?? "");
  if (options.bestOf && options.bestOf.length > 0) {
    const over = options.bestOf.map((col) => bestOfColumn(table, col));
    // rows are one configuration only when they differ in the --best-of columns alone: the model and data
    // (N, D, C, budget, U, step) and the settings not listed stay part of it, even when the law does not read them
    const settings = (["params", "tokens", "flops", "budget", "uniqueTokens", "step", "lr", "batch", "samples"] as const)
      .filter((r) => !over.includes(r) && !config.includes(r) && table.runs.some((x) => x[r] !== undefined));
    const best = new Map<string, Run>();
    for (const r of runs) {
      const id = key(r, settings);
      const b = best.get(id);
      if (b === undefined || score(r) < score(b)) best.set(id, r);
    }
    const keep = new Set(best.values());
    for (const r of runs) {
      if (keep.has(r)) continue;
      const b = best.get(key(r, settings))!;
      removed.push({
        line: r.line, value: String(metric ? r.metric : r.lossNats), code: "not-best-of-config",
        reason: `not the ${targetName} at its configuration (${config.join(", ")}) over --best-of ${options.bestOf.join(",")}: line ${b.line} has ${metric ? b.metric : b.lossNats}`,
      });
    }
    runs = runs.filter((r) => keep.has(r));
  }

  if (k > 0) {
    // the K worst by the target: highest loss, highest error, lowest accuracy
    const order = runs.map((_, i) => i).sort((i, j) => score(runs[j]) - score(runs[i]) || i - j);
    const drop = new Set(order.slice(0, k));
    for (const i of drop) {
      removed.push({ line: runs[i].line, ...(table.columns.loss ? { column: table.columns.loss } : {}), value: String(runs[i].lossNats), reason: `among the ${k} highest losses (--exclude-highest-loss ${k})`, code: "highest-loss" });
    }
    runs = runs.filter((_, i) => !drop.has(i));
  }

  if (config.length > 0) {
    const shared = sharedConfigurations(runs, config);
    if (shared.length > 0) {
      const ex = shared[0];
      const settings = ROLE_IDS.filter((r) => ["lr", "batch", "samples"].includes(r) && table.columns[r] !== undefined).map((r) => table.columns[r]!);
      diagnostics.push(diagnostic("several-runs-per-config",
        `${shared.length} configuration${shared.length === 1 ? "" : "s"} of ${config.join(", ")} have several runs (${shared.reduce((s, l) => s + l.length, 0)} rows; e.g. lines ${ex.slice(0, 5).map((r) => r.line).join(", ")}${ex.length > 5 ? ", …" : ""} share ${config.map((c) => `${c} ${c === "loss" ? ex[0].lossNats : ex[0][c as "params"]}`).join(", ")}) and all are fitted: ` +
        `choose one per configuration with --best-of${settings.length ? ` (the table has ${settings.map((s) => `"${s}"`).join(", ")})` : " COL"}, or filter with --where`,
        { source: table.source, line: ex[0].line }));
    }
  }
  // a law of an inference-time axis (samples k, test-time tokens) reads several rows per model by design: the
  // model's curve. Rows of several models would be pooled into one curve, which is refused like pooled groups.
  const inferenceAxis = config.some((r) => r === "samples" || r === "testTimeTokens");
  if (inferenceAxis && table.columns.run !== undefined) {
    // models per group (one group when there is no group column): several in one group would make one curve
    const byGroup = new Map<string, Set<string>>();
    for (const r of runs) if (r.runId !== undefined) (byGroup.get(r.group ?? "") ?? byGroup.set(r.group ?? "", new Set()).get(r.group ?? "")!).add(r.runId);
    const mixed = [...byGroup].find(([, m]) => m.size > 1);
    if (mixed) {
      const col = table.columns.run, models = [...mixed[1]];
      const where = mixed[0] === "" ? "" : ` of group "${mixed[0]}"`;
      const message = `${models.length} models${where} in column "${col}" (${models.slice(0, 6).map((g) => `"${g}"`).join(", ")}${models.length > 6 ? ", …" : ""})`;
      if ((options.groups ?? "refuse") === "refuse") {
        throw new DiagnosticError(diagnostic("groups-pooled", `${table.source}: ${message} would be pooled into one curve of ${config.join(", ")}; ${table.columns.group === undefined ? `give --group-col ${col} for one fit per model, ` : ""}--where run=${models[0]} for one model, or --pool-groups to pool them`, { source: table.source, column: col }));
      }
      diagnostics.push(diagnostic("groups-pooled", `${message} are pooled into one curve of ${config.join(", ")} (--pool-groups): one law for models that may differ`, { source: table.source, column: col }));
    }
  }
  if (!options.lastCheckpoint && options.checkpoints !== "expected" && !inferenceAxis && table.columns.run !== undefined) {
    const per = new Map<string, number>();
    for (const r of runs) if (r.runId !== undefined) per.set(r.runId, (per.get(r.runId) ?? 0) + 1);
    const multi = [...per].filter(([, n]) => n > 1);
    if (multi.length > 0) {
      diagnostics.push(diagnostic("checkpoints-as-runs",
        `${multi.length} run id${multi.length === 1 ? "" : "s"} in column "${table.columns.run}" have several rows (e.g. "${multi[0][0]}": ${multi[0][1]} rows), fitted as separate runs: keep each run's final checkpoint with --last-checkpoint`,
        { source: table.source, column: table.columns.run, value: multi[0][0] }));
    }
  }
  const groups = [...new Set(runs.map((r) => r.group).filter((g): g is string => g !== undefined))];
  if (groups.length > 1) {
    const message = `${groups.length} groups in column "${table.columns.group}" (${groups.slice(0, 6).map((g) => `"${g}"`).join(", ")}${groups.length > 6 ? ", …" : ""}) would be pooled into one fit`;
    if ((options.groups ?? "refuse") === "refuse") {
      throw new DiagnosticError(diagnostic("groups-pooled", `${table.source}: ${message}; give --group-col ${table.columns.group} for one result per group, --where group=${groups[0]} for one, or --pool-groups to pool them`, { source: table.source, column: table.columns.group }));
    }
    diagnostics.push(diagnostic("groups-pooled", `${message} (--pool-groups)`, { source: table.source, column: table.columns.group }));
  }
  return { runs, excluded: [...table.excluded, ...removed].sort((a, b) => a.line - b.line), diagnostics };
}

/**
 * What a --best-of column names: a role id ("lr"), or a header, given as the
 * role whose column it is ("bs" → "batch") or as itself. A RangeError when the
 * table has no such column.
 */
function bestOfColumn(table: RunTable, col: string): string {
  const same = (h: string) => h.trim() === col.trim() || normalizeHeader(h) === normalizeHeader(col);
  if ((ROLE_IDS as readonly string[]).includes(col) && table.columns[col as RoleId] !== undefined) return col;
  const role = ROLE_IDS.find((r) => table.columns[r] !== undefined && same(table.columns[r]!));
  if (role !== undefined) return role;
  if (table.headers.some(same)) return col;
  throw new RangeError(`--best-of ${col}: ${table.source} has no column "${col}"; headers: ${table.headers.map((h) => `"${h}"`).join(", ")}`);
}

/** Per run id, the row with the largest step (else tokens); the others are listed as removed. */
function lastCheckpoints(table: RunTable, runs: Run[], removed: RowIssue[]): Run[] {
  if (table.columns.run === undefined) {
    throw new RangeError(`--last-checkpoint needs a run id column (aliases: ${ROLE.run.aliases.join(", ")}; or --run-col); ${table.source} has none`);
  }
  const by = table.columns.step !== undefined ? "step" : "tokens";
  if (by === "tokens" && table.columns.tokens === undefined) {
    throw new RangeError(`--last-checkpoint needs a step or tokens column to order checkpoints; ${table.source} has neither`);
  }
  const last = new Map<string, Run>();
  const noId = runs.filter((r) => r.runId === undefined);
  for (const r of noId) removed.push({ line: r.line, column: table.columns.run, value: "", code: "no-run-id", reason: "empty cell: no run id, so no checkpoint of it can be called the last" });
  runs = runs.filter((r) => r.runId !== undefined);
  for (const r of runs) {
    const id = r.runId!;
    const b = last.get(id);
    if (b === undefined || (r[by] ?? -Infinity) > (b[by] ?? -Infinity) || ((r[by] ?? -Infinity) === (b[by] ?? -Infinity) && r.line > b.line)) last.set(id, r);
  }
  const keep = new Set(last.values());
  const reasons = new Map([...last].map(([id, b]) => [id, `not the last checkpoint of run "${id}" (the last, line ${b.line}, has ${by} ${b[by]})`]));
  for (const r of runs) {
    if (keep.has(r)) continue;
    removed.push({ line: r.line, value: String(r[by]), code: "not-last-checkpoint", reason: reasons.get(r.runId ?? "")! });
  }
  return runs.filter((r) => keep.has(r));
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/**
 * The groups of runs that share every configuration role, in order of their
 * first run: a 32-bit hash per run (its values' bits), sorted as a typed
 * array, then equal hashes checked value by value. No per-run keys, so 10^6
 * runs take a native sort. O(n log n).
 */
function sharedConfigurations(runs: readonly Run[], config: readonly RoleId[]): Run[][] {
  const value = (r: Run, role: RoleId): unknown => (role === "loss" ? r.lossNats : role === "run" ? r.runId : r[role as Exclude<RoleId, "loss" | "run">]);
  const hashes = new Uint32Array(runs.length);
  runs.forEach((r, i) => {
    let h = 0x811c9dc5;
    for (const role of config) {
      const v = value(r, role);
      if (typeof v === "number") { F64[0] = v; h = Math.imul(h ^ U32[0], 0x01000193); h = Math.imul(h ^ U32[1], 0x27d4eb2d); }
      else for (const c of String(v)) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
    }
    hashes[i] = h >>> 0;
  });
  // hash·2^21 + index is exact in a double below 2^53: a native numeric sort, no comparator
  const order = runs.length < 2 ** 21
    ? Uint32Array.from(Float64Array.from(hashes, (h, i) => h * 2 ** 21 + i).sort(), (v) => v % 2 ** 21)
    : Uint32Array.from(runs.keys()).sort((a, b) => hashes[a] - hashes[b] || a - b);
  const groups: Run[][] = [];
  for (let s = 0; s < order.length; ) {
    let e = s + 1;
    while (e < order.length && hashes[order[e]] === hashes[order[s]]) e++;
    if (e - s > 1) {
      // equal hashes: split by the values themselves
      const left = Array.from(order.subarray(s, e));
      while (left.length > 1) {
        const head = runs[left[0]];
        const same = left.filter((i) => config.every((role) => value(runs[i], role) === value(head, role)));
        if (same.length > 1) groups.push(same.map((i) => runs[i]));
        for (const i of same) left.splice(left.indexOf(i), 1);
      }
    }
    s = e;
  }
  return groups.sort((a, b) => a[0].line - b[0].line);
}
