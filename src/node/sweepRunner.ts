/**
 * `sweep run`: every run of a spec executed once, locally or on Slurm, with a
 * journal that survives a kill of the launcher at any moment.
 *
 * Layout beside the spec SPEC.json: SPEC.runs/journal.jsonl, and per run
 * SPEC.runs/<id>/result.<json|csv> (the {out} it writes) and
 * SPEC.runs/<id>/attempt-<k>/ holding log.txt, pid and exit.
 *
 * Exactly once. Each attempt runs through run-one.sh, which first claims its
 * attempt folder (mkdir, atomic) and exits 97 without running if the claim is
 * taken, writes its pid, runs the command (output to log.txt) and writes the
 * exit status to `exit` (rename, atomic). The launcher writes "submitted"
 * after starting an attempt; the attempt's folder, not the journal, says
 * whether it started. A rerun therefore
 * - counts a run whose valid result exists as done (never resubmits it);
 * - waits for an attempt that is still running (its pid alive, or its Slurm
 *   job still queued or running) and reads its exit status when it ends;
 * - takes the claim itself for an attempt that never started, so a late start
 *   exits at once, and submits a new attempt.
 * A kill can cut the journal's last line short; the rerun truncates it.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { SweepDesign, SweepRun } from "../core/sweep/design.js";
import { foldJournal, readJournal, type JournalEvent, type RunState } from "../core/sweep/journal.js";
import { fillTemplate, readResult, type ResultFormat } from "../core/sweep/template.js";

export interface SlurmOptions {
  partition?: string;
  time?: string;
  gres?: string;
  /** Further sbatch arguments, passed through. */
  extra: string[];
}

export interface RunSweepOptions {
  specFile: string;
  spec: SweepDesign;
  template: string;
  executor: "local" | "slurm";
  maxParallel: number;
  /** Failed attempts allowed per run beyond the first. */
  retries: number;
  resultFormat: ResultFormat;
  target: string;
  slurm?: SlurmOptions;
  /** Called as runs finish (done or finally failed). */
  onProgress?: (finished: number, total: number) => void;
}

export interface SweepPaths { dir: string; journal: string; results: string }

/** Where a spec's runs, journal and results live. */
export function sweepPaths(specFile: string): SweepPaths {
  const dir = `${resolve(specFile).replace(/\.json$/i, "")}.runs`;
  return { dir, journal: join(dir, "journal.jsonl"), results: join(dir, "results.csv") };
}

/** Exit status run-one.sh gives when the attempt was already claimed (it did not run the command). */
const CLAIMED_EXIT = 97;

const RUN_ONE = `#!/bin/sh
# run-one.sh ATTEMPT_DIR COMMAND: claim the attempt (once), run COMMAND with its output in log.txt, record its exit status
d=$1
mkdir "$d/claim" 2>/dev/null || exit ${CLAIMED_EXIT}
echo $$ > "$d/pid.tmp" && mv "$d/pid.tmp" "$d/pid"
# under Slurm, the task that holds the claim (its liveness is asked of squeue, on any node)
if [ -n "$SLURM_ARRAY_JOB_ID" ]; then h="\${SLURM_ARRAY_JOB_ID}_\${SLURM_ARRAY_TASK_ID}"; else h="$SLURM_JOB_ID"; fi
[ -n "$h" ] && echo "$h" > "$d/holder.tmp" && mv "$d/holder.tmp" "$d/holder"
sh -c "$2" > "$d/log.txt" 2>&1
code=$?
echo $code > "$d/exit.tmp" && mv "$d/exit.tmp" "$d/exit"
exit $code
`;

const quote = (v: string) => `'${v.replace(/'/g, "'\\''")}'`;

/** The journal file, open for appending (a cut-short last line truncated first); one write(2) per event. */
export class Journal {
  private fd: number;
  constructor(readonly path: string, wholeBytes: number, partialTail: boolean) {
    this.fd = openSync(path, "a+");
    if (partialTail) ftruncateSync(this.fd, wholeBytes); // a line cut short by a kill
  }
  append(e: JournalEvent): void {
    writeSync(this.fd, JSON.stringify(e) + "\n"); // one write per event, O_APPEND
  }
  close(): void { closeSync(this.fd); }
}

/** The journal's events (and how to repair a cut-short tail), or none for a new sweep. */
export function loadJournal(path: string): ReturnType<typeof readJournal> & { wholeBytes: number } {
  if (!existsSync(path)) return { events: [], wholeLength: 0, wholeBytes: 0, partialTail: false };
  const text = readFileSync(path, "utf8");
  const read = readJournal(text, path);
  // wholeBytes: where a cut-short last line starts, to truncate it (-1 when there is none; counting bytes costs a pass over the text)
  return { ...read, wholeBytes: read.partialTail ? Buffer.byteLength(text.slice(0, read.wholeLength), "utf8") : -1 };
}

/** One attempt of a run: its folder, and its Slurm task or the pid of the process spawned for it. */
interface Attempt { run: SweepRun; k: number; dir: string; job?: string; pid?: number }

const now = () => new Date().toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Is this pid alive and (where /proc says) still our run-one.sh for this attempt? */
function attemptAlive(dir: string): boolean {
  const pidFile = join(dir, "pid");
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  if (!(pid > 0)) return false;
  try { process.kill(pid, 0); } catch { return false; }
  try { return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir); } catch { return true; }
}

/** Checks that Slurm answers (sinfo); throws naming what failed. */
export function checkSlurm(): void {
  const conf = process.env.SLURM_CONF;
  // sinfo retries a missing configuration for 60 s before giving up: said at once instead
  if (conf && !existsSync(conf)) throw new Error(`Slurm is not reachable: SLURM_CONF names ${conf}, which does not exist`);
  const r = spawnSync("sinfo", ["-h", "-o", "%P %T"], { encoding: "utf8", timeout: 20_000 });
  if (r.error || r.status !== 0) {
    const why = r.error
      ? (r.error as NodeJS.ErrnoException).code === "ENOENT" ? "sinfo is not on PATH (install slurm-wlm, or run where Slurm's commands are)"
        : (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT" ? "sinfo did not answer within 20 s (is slurmctld running?)" : r.error.message
      : (r.stderr || r.stdout).trim() || `sinfo exited ${r.status}`;
    throw new Error(`Slurm is not reachable: ${why}`);
  }
}

/** Active Slurm tasks among `jobs` ("123_4"), from squeue. */
function slurmActive(jobs: readonly string[]): Set<string> {
  if (jobs.length === 0) return new Set();
  const ids = [...new Set(jobs.map((j) => j.split("_")[0]))];
  const r = spawnSync("squeue", ["-h", "-r", "-j", ids.join(","), "-o", "%i"], { encoding: "utf8", timeout: 30_000 });
  if (r.status !== 0) {
    // squeue refuses ids it no longer knows ("Invalid job id"): then none of them is active
    if (/Invalid job id/i.test(r.stderr)) return new Set();
    throw new Error(`squeue failed: ${r.stderr.trim() || r.error?.message}`);
  }
  return new Set(r.stdout.split("\n").map((s) => s.trim()).filter(Boolean));
}

/**
 * Runs every run of the spec not yet done, resuming from the journal. Returns
 * the final states. Throws (before touching the journal) for an unreadable
 * journal or an unreachable scheduler.
 */
export async function runSweep(o: RunSweepOptions): Promise<RunState[]> {
  const paths = sweepPaths(o.specFile);
  if (existsSync(paths.dir) && !statSync(paths.dir).isDirectory()) throw new RangeError(`${paths.dir} exists and is not a folder: the sweep keeps its journal and results there; move the file away`);
  if (existsSync(paths.journal) && !statSync(paths.journal).isFile()) throw new RangeError(`${paths.journal} is not a file: the journal must be one`);
  mkdirSync(paths.dir, { recursive: true });
  const read = loadJournal(paths.journal);
  if (o.executor === "slurm") checkSlurm();
  const lock = takeLauncherLock(paths.dir);
  const runOne = join(paths.dir, "run-one.sh");
  if (!existsSync(runOne) || readFileSync(runOne, "utf8") !== RUN_ONE) writeFileSync(runOne, RUN_ONE, { mode: 0o755 });
  const journal = new Journal(paths.journal, read.wholeBytes, read.partialTail);
  const ids = o.spec.runs.map((r) => r.id);
  const states = foldJournal(ids, read.events);
  const byId = new Map(o.spec.runs.map((r) => [r.id, r]));
  const resultFile = (id: string) => join(paths.dir, id, `result.${o.resultFormat}`);
  const attemptDir = (id: string, k: number) => join(paths.dir, id, `attempt-${k}`);
  const total = ids.length;
  let finished = 0;
  const report = () => o.onProgress?.(finished, total);
  journal.append({ event: "sweep", t: now(), spec: resolve(o.specFile), runs: total, executor: o.executor });

  /** A valid result on disk, or why not. */
  const resultOf = (id: string): { result: Record<string, number> } | { reason: string } | null => {
    const f = resultFile(id);
    if (!existsSync(f)) return null;
    try { return { result: readResult(readFileSync(f, "utf8"), o.resultFormat, o.target, f) }; } catch (e) { return { reason: (e as Error).message }; }
  };
  const markDone = (s: RunState, attempt: number, result: Record<string, number>) => {
    journal.append({ event: "done", t: now(), id: s.id, attempt, result });
    s.phase = "done"; s.result = result; finished++; report();
  };
  const markFailed = (s: RunState, attempt: number, reason: string, log?: string) => {
    journal.append({ event: "failed", t: now(), id: s.id, attempt, reason, ...(log ? { log } : {}) });
    s.phase = "failed"; s.failures.push({ attempt, reason, ...(log ? { log } : {}) });
    if (s.failures.length > o.retries) { finished++; report(); }
  };
  /** The outcome of an attempt that has ended (its exit file, then its result). */
  const settle = (s: RunState, a: Attempt) => {
    const log = join(a.dir, "log.txt");
    const exitFile = join(a.dir, "exit");
    const code = existsSync(exitFile) ? Number(readFileSync(exitFile, "utf8").trim()) : undefined;
    const r = resultOf(s.id);
    if (code === 0 && r && "result" in r) return markDone(s, a.k, r.result);
    if (r && "result" in r && code === undefined) return markDone(s, a.k, r.result); // ended without its status (killed after writing): the result stands
    let reason = code === undefined ? "the attempt ended without an exit status (killed, or its node failed)" : code === 0 ? (r ? (r as { reason: string }).reason : `exit 0 but no result at ${resultFile(s.id)}`) : `exit status ${code}`;
    if (code !== 0 && r && "reason" in r) reason += `; ${r.reason}`;
    // a failed attempt's result file (invalid, or written before a non-zero exit) is kept in its folder, out of the next attempt's way
    if (r) renameSync(resultFile(s.id), join(a.dir, `result.${"reason" in r ? "invalid" : "unused"}.${o.resultFormat}`));
    markFailed(s, a.k, reason, log);
  };

  // 1. what the journal and the disk say
  const running: Attempt[] = [];
  const queue: RunState[] = [];
  /**
   * An attempt the journal does not know has started (a launcher was killed between starting it and journaling): its
   * folder holds a claim. It is adopted, journaled and settled like any other, by its exit status first.
   */
  const adoptUnjournaled = (s: RunState): boolean => {
    const k = Math.max(s.attempts, s.last?.attempt ?? 0) + 1;
    if (!existsSync(join(attemptDir(s.id, k), "claim"))) return false;
    running.push({ run: byId.get(s.id)!, k, dir: attemptDir(s.id, k) });
    const e = { event: "submitted" as const, t: now(), id: s.id, attempt: k, executor: o.executor, log: join(attemptDir(s.id, k), "log.txt") };
    journal.append(e);
    s.phase = "submitted"; s.attempts = k; s.last = e;
    return true;
  };
  for (const s of states.values()) {
    if (s.phase === "done") { finished++; continue; }
    // a submitted attempt is settled by the poll below, as any other: its exit status first, so a result written before a non-zero exit does not count
    if (s.phase === "submitted" && s.last) {
      running.push({ run: byId.get(s.id)!, k: s.last.attempt, dir: attemptDir(s.id, s.last.attempt), ...(s.last.job ? { job: s.last.job } : {}), ...(s.last.pid ? { pid: s.last.pid } : {}) });
      continue;
    }
    // before a result on disk is taken as done: it may be an unjournaled attempt's, written before its non-zero exit
    if (adoptUnjournaled(s)) continue;
    const existing = resultOf(s.id);
    if (existing && "result" in existing) { markDone(s, s.last?.attempt ?? s.attempts, existing.result); continue; } // a result already there is never resubmitted
    if (s.phase === "failed" && s.failures.length > o.retries) finished++;
    else queue.push(s);
  }
  report();

  /** Starts attempts for `batch` (local: one process each; slurm: one job array). */
  const submit = (batch: RunState[]): void => {
    const attempts: Attempt[] = [];
    for (const s of batch) {
      if (adoptUnjournaled(s)) continue; // (found at start-up; checked again for safety)
      const k = Math.max(s.attempts, s.last?.attempt ?? 0) + 1;
      mkdirSync(attemptDir(s.id, k), { recursive: true });
      attempts.push({ run: byId.get(s.id)!, k, dir: attemptDir(s.id, k) });
      s.attempts = k;
    }
    if (attempts.length === 0) return;
    if (o.executor === "local") {
      attempts.forEach((a) => {
        // detached: a kill of the launcher (its process group too) leaves the run going; the next launcher adopts it
        const child = spawn("sh", [runOne, a.dir, fillTemplate(o.template, a.run, resultFile(a.run.id))], { detached: true, stdio: "ignore" });
        child.on("error", () => undefined); // the attempt's exit file decides its outcome
        child.unref();
        const e = { event: "submitted" as const, t: now(), id: a.run.id, attempt: a.k, executor: "local" as const, log: join(a.dir, "log.txt"), ...(child.pid ? { pid: child.pid } : {}) };
        journal.append(e);
        states.get(a.run.id)!.last = e;
        if (child.pid) a.pid = child.pid;
        running.push(a);
      });
      return;
    }
    const slurmDir = join(paths.dir, "slurm");
    mkdirSync(slurmDir, { recursive: true });
    const tag = `${Date.now()}-${process.pid}`;
    const manifest = join(slurmDir, `array-${tag}.txt`), script = join(slurmDir, `array-${tag}.sh`);
    const lines = attempts.map((a) => `sh ${quote(runOne)} ${quote(a.dir)} ${quote(fillTemplate(o.template, a.run, resultFile(a.run.id)))}`);
    writeFileSync(manifest, lines.join("\n") + "\n");
    writeFileSync(script, `#!/bin/sh\nline=$(sed -n "$((SLURM_ARRAY_TASK_ID+1))p" ${quote(manifest)})\neval "$line"\n`, { mode: 0o755 });
    const s = o.slurm ?? { extra: [] };
    const args = ["--parsable", `--array=0-${attempts.length - 1}`, "-J", "scalecast-sweep", "-o", join(slurmDir, "%A_%a.out"),
      ...(s.partition ? ["--partition", s.partition] : []), ...(s.time ? ["--time", s.time] : []), ...(s.gres ? ["--gres", s.gres] : []), ...s.extra, script];
    const r = spawnSync("sbatch", args, { encoding: "utf8", timeout: 60_000 });
    if (r.status !== 0) throw new Error(`sbatch failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr.trim()}`);
    const jobId = r.stdout.trim().split(";")[0];
    attempts.forEach((a, i) => {
      a.job = `${jobId}_${i}`;
      const e = { event: "submitted" as const, t: now(), id: a.run.id, attempt: a.k, executor: "slurm" as const, log: join(a.dir, "log.txt"), job: a.job };
      journal.append(e);
      states.get(a.run.id)!.last = e;
      running.push(a);
    });
  };

  try {
    const pollMs = o.executor === "local" ? 25 : 500;
    while (queue.length > 0 || running.length > 0) {
      // start what fits
      const room = Math.max(0, o.maxParallel - running.length);
      if (room > 0 && queue.length > 0) {
        const batch = queue.splice(0, o.executor === "slurm" ? queue.length : room);
        for (const s of batch) s.phase = "submitted";
        submit(batch);
      }
      await sleep(pollMs);
      const holderOf = (a: Attempt) => { const f = join(a.dir, "holder"); return existsSync(f) ? readFileSync(f, "utf8").trim() || undefined : undefined; };
      const active = o.executor === "slurm" ? slurmActive(running.flatMap((a) => [a.job, holderOf(a)].filter((j): j is string => j !== undefined))) : undefined;
      for (let i = running.length - 1; i >= 0; i--) {
        const a = running[i];
        const s = states.get(a.run.id)!;
        const ended = existsSync(join(a.dir, "exit"));
        if (!ended && attemptThere(a, active, holderOf(a))) continue;
        running.splice(i, 1);
        if (!ended && !existsSync(join(a.dir, "claim"))) {
          // never started (its job ended unstarted, or the launcher died before the process claimed it): claim it so a late start exits, and go again
          if (!claimAsLauncher(a.dir)) { running.push(a); continue; } // it claimed it just now: keep waiting
          markFailed(s, a.k, "the attempt never started (its job ended before running, or the launcher was stopped first)");
        } else {
          settle(s, a);
        }
        if (s.phase === "failed" && s.failures.length <= o.retries) queue.push(s);
      }
    }
    writeResults(o.spec, states, paths.results);
  } finally {
    journal.close();
    lock.release();
  }
  return [...states.values()];
}

function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** A claim made by the launcher itself (an attempt that never started): marked, so that it is never waited for. */
function claimAsLauncher(dir: string): boolean {
  try { mkdirSync(join(dir, "claim")); } catch { return false; }
  writeFileSync(join(dir, "claim", "launcher"), `${process.pid}\n`);
  return true;
}

/** Seconds a claim may stand without its pid (run-one.sh writes it at once) before its process is taken for dead. */
const CLAIM_GRACE_MS = 30_000;

/**
 * Is the attempt still queued or running? Slurm: its task (the one holding the claim, else the one submitted) is in
 * squeue. Local: its run-one.sh lives (its pid, checked against /proc/PID/cmdline); an unclaimed attempt while the
 * process spawned for it lives; a claim without a pid for a short grace.
 */
function attemptThere(a: Attempt, active: Set<string> | undefined, holder: string | undefined): boolean {
  const claim = join(a.dir, "claim");
  if (existsSync(join(claim, "launcher"))) return false;
  if (active) {
    const job = holder ?? a.job;
    if (job !== undefined) return active.has(job);
  }
  if (existsSync(claim)) {
    if (existsSync(join(a.dir, "pid"))) return attemptAlive(a.dir);
    return Date.now() - statSync(claim).mtimeMs < CLAIM_GRACE_MS;
  }
  return a.pid !== undefined && pidAlive(a.pid) && cmdlineHas(a.pid, a.dir);
}

/** Whether /proc says the process's command line holds `text` (true where /proc cannot be read). */
function cmdlineHas(pid: number, text: string): boolean {
  try { return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(text); } catch { return true; }
}

/**
 * One launcher per spec: SPEC.runs/launcher.pid, created exclusively. A lock whose process is gone (a killed launcher)
 * is taken over; one whose process lives is refused, naming it.
 */
function takeLauncherLock(dir: string): { release: () => void } {
  const file = join(dir, "launcher.pid");
  for (let tries = 0; tries < 3; tries++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      return { release: () => { try { if (readFileSync(file, "utf8").trim() === String(process.pid)) unlinkSync(file); } catch { /* gone already */ } } };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(readFileSync(file, "utf8").trim());
      if (pid > 0 && pid !== process.pid && pidAlive(pid) && cmdlineHas(pid, "sweep")) {
        throw new RangeError(`another sweep run (pid ${pid}) is running this spec: wait for it or stop it; two launchers would journal every outcome twice`);
      }
      try { unlinkSync(file); } catch { /* taken by another just now */ }
    }
  }
  throw new RangeError(`could not take ${file}: another launcher keeps taking it`);
}

/** The run table of finished runs: the spec's columns and each result's numbers (the target among them), one row per done run. */
export function writeResults(spec: SweepDesign, states: Map<string, RunState>, file: string): void {
  const done = spec.runs.filter((r) => states.get(r.id)?.phase === "done");
  const base = ["id", "budget_flops", "params", "tokens", "flops", "layers", "d_model", "lr"];
  const keys = [...new Set(done.flatMap((r) => Object.keys(states.get(r.id)!.result!)))].sort();
  // a result field named like a spec column is kept as result_<name>: the spec's N, D, C and lr are what the run was given
  const column = (k: string) => (base.includes(k) ? `result_${k}` : k);
  const cell = (v: string | number) => { const t = String(v); return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t; };
  const head = [...base, ...keys.map(column)].map(cell);
  const rows = done.map((r) => {
    const res = states.get(r.id)!.result!;
    return [r.id, r.budgetFlops ?? "", r.params, r.tokens, r.flops, r.layers, r.dModel, r.learningRate, ...keys.map((k) => res[k] ?? "")].map(cell).join(",");
  });
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, [head.join(","), ...rows].join("\n") + "\n");
  renameSync(tmp, file);
}
