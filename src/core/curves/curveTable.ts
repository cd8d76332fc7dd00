/**
 * Loss curves with their schedules, for the curve laws (issue 15, item 1):
 * a run table of one row per (run, step) with the loss (and the learning rate
 * where it was logged), and each run's schedule, either a spec rebuilt per step
 * or the table's own `lr` column when it holds every step from 0.
 *
 * Refused by name (run, line, step): a run whose steps are not in increasing
 * order, a row the table could not read (a missing loss or learning rate), a
 * logged learning rate the schedule does not reproduce (1e-6 relative), a step
 * beyond the schedule, a curve with fewer than 3 points, and fewer points in all
 * than twice the law's parameters.
 */
import type { RunTable } from "../runs/types.js";
import { prepareSchedule, type PreparedSchedule } from "./multipower.js";
import { parseScheduleSpec, scheduleSteps } from "./schedule.js";

export class CurveInputError extends RangeError {
  override name = "CurveInputError";
}

export interface Curve {
  run: string;
  /** The schedule's spec, or "lr column" when the table held every step's rate. */
  scheduleFrom: string;
  schedule: PreparedSchedule;
  steps: number[];
  loss: number[];
  lines: number[];
}

/** The learning rate a logged value must match its schedule to, relative. */
const LR_TOLERANCE = 1e-6;

/**
 * The curves of a run table read with roles step, loss and (optionally) lr and run. `specs` maps run ids to
 * schedule specs ("" for a table with one run and no run column). `minPoints`: twice the law's parameters.
 */
export function curvesOf(table: RunTable, specs: Readonly<Record<string, string>>, minPoints: number): Curve[] {
  if (table.excluded.length > 0) {
    const e = table.excluded[0];
    throw new CurveInputError(`${table.source}: line ${e.line}${e.column ? `, column "${e.column}"` : ""}${e.value !== undefined ? `, value ${JSON.stringify(e.value)}` : ""}: ${e.reason}; a curve law needs every logged row (${table.excluded.length} unreadable)`);
  }
  const byRun = new Map<string, typeof table.runs>();
  for (const r of table.runs) {
    if (r.step === undefined) throw new CurveInputError(`${table.source}: line ${r.line}: no step`);
    const id = r.runId ?? "";
    (byRun.get(id) ?? byRun.set(id, []).get(id)!).push(r);
  }
  const curves: Curve[] = [];
  for (const [run, rows] of byRun) {
    const name = run === "" ? "the run" : `run "${run}"`;
    for (let i = 1; i < rows.length; i++) {
      if (!(rows[i].step! > rows[i - 1].step!)) throw new CurveInputError(`${table.source}: line ${rows[i].line}: ${name}'s steps are not in increasing order (step ${rows[i].step} after ${rows[i - 1].step} on line ${rows[i - 1].line})`);
    }
    if (rows.length < 3) throw new CurveInputError(`${table.source}: ${name} has ${rows.length} point${rows.length === 1 ? "" : "s"}; a curve needs at least 3 to be fitted`);
    const spec = specs[run];
    let eta: Float64Array, from: string;
    if (spec !== undefined) {
      eta = scheduleSteps(parseScheduleSpec(spec));
      from = spec;
    } else {
      // the table's own lr column, when it logs every step from 0
      const full = rows.every((r, i) => r.step === i && r.lr !== undefined);
      if (!full) throw new CurveInputError(`${table.source}: ${name} has no schedule: a curve law needs the learning rate at every step, and the table logs ${rows[0].lr === undefined ? "none" : "it only at the logged steps"}; give --schedule ${run === "" ? "" : `${run}=`}SPEC (e.g. cosine:steps=24000,peak=3e-4,final=3e-5,warmup=2160)`);
      eta = Float64Array.from(rows, (r) => r.lr!);
      from = "lr column";
    }
    for (const r of rows) {
      if (r.step! >= eta.length) throw new CurveInputError(`${table.source}: line ${r.line}: ${name}'s step ${r.step} is beyond its schedule's ${eta.length} steps`);
      if (r.lr !== undefined && Math.abs(r.lr / eta[r.step!] - 1) > LR_TOLERANCE) {
        throw new CurveInputError(`${table.source}: line ${r.line}: ${name} logged learning rate ${r.lr} at step ${r.step}, but its schedule (${from}) gives ${eta[r.step!]}; the schedule does not describe this run`);
      }
    }
    curves.push({ run, scheduleFrom: from, schedule: prepareSchedule(eta), steps: rows.map((r) => r.step!), loss: rows.map((r) => r.lossNats), lines: rows.map((r) => r.line) });
  }
  const points = curves.reduce((s, c) => s + c.steps.length, 0);
  if (points < minPoints) throw new CurveInputError(`${table.source}: ${points} points in all; the law needs at least ${minPoints} (twice its parameters)`);
  const unused = Object.keys(specs).filter((r) => !byRun.has(r));
  if (unused.length) throw new CurveInputError(`${table.source}: --schedule names ${unused.map((r) => `"${r}"`).join(", ")}, which the table does not have; its runs: ${[...byRun.keys()].map((r) => `"${r}"`).join(", ")}`);
  return curves;
}
