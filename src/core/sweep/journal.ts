/**
 * The sweep journal: an append-only JSON Lines file beside the spec, one event
 * a line, from which the state of every run is folded. `sweep run` appends an
 * event before and after each step (submitted, started, done, failed), so a
 * rerun after a kill knows what was submitted, what finished, and what may
 * still be running; `sweep status` reads it alone.
 *
 * A line cut short by a kill (no closing newline, not JSON) is the only
 * damage an append can leave: it is reported as `partialTail` and dropped
 * (the runner truncates it before appending). Any other unreadable line is an
 * error naming its line number: the journal was edited.
 */

export type JournalEvent =
  | { event: "sweep"; t: string; spec: string; runs: number; executor: string }
  | { event: "submitted"; t: string; id: string; attempt: number; executor: "local" | "slurm"; log: string; job?: string; pid?: number; pidStart?: string }
  | { event: "done"; t: string; id: string; attempt: number; result: Record<string, number | string> }
  | { event: "failed"; t: string; id: string; attempt: number; reason: string; log?: string };

export type RunPhase = "pending" | "submitted" | "done" | "failed";

export interface RunState {
  id: string;
  phase: RunPhase;
  /** Attempts submitted so far. */
  attempts: number;
  /** The last submission (where its log is, and its job or process). */
  last?: Extract<JournalEvent, { event: "submitted" }>;
  result?: Record<string, number | string>;
  /** Reasons of the failed attempts, in order. */
  failures: Array<{ attempt: number; reason: string; log?: string }>;
}

export interface JournalRead {
  events: JournalEvent[];
  /** Characters of text up to the end of the last whole line (where a cut-short line starts). */
  wholeLength: number;
  partialTail: boolean;
}

/** What is wrong with a parsed line as an event, or undefined: each kind has the fields the fold reads. */
function eventProblem(e: unknown): string | undefined {
  if (e === null || typeof e !== "object" || Array.isArray(e)) return "not an object";
  const o = e as Record<string, unknown>;
  if (o.event === "sweep") return undefined;
  if (!["submitted", "done", "failed"].includes(o.event as string)) return `unknown event ${JSON.stringify(o.event)}`;
  if (typeof o.id !== "string") return "no run id";
  if (!Number.isInteger(o.attempt) || (o.attempt as number) < 0) return "no attempt number";
  if (o.event === "submitted" && typeof o.log !== "string") return "a submission without its log";
  if (o.event === "done" && (o.result === null || typeof o.result !== "object" || Array.isArray(o.result))) return "done without its result";
  if (o.event === "failed" && typeof o.reason !== "string") return "a failure without its reason";
  return undefined;
}

/** Parses a journal's text; throws a RangeError naming the first unreadable whole line. O(length). */
export function readJournal(text: string, source = "journal"): JournalRead {
  const events: JournalEvent[] = [];
  const end = text.lastIndexOf("\n") + 1;
  const whole = text.slice(0, end);
  let line = 0;
  for (const raw of whole.split("\n")) {
    line++;
    if (raw === "") continue;
    let e: JournalEvent;
    try {
      e = JSON.parse(raw) as JournalEvent;
    } catch {
      throw new RangeError(`${source} line ${line}: not a JSON event; the journal is append-only and this line was changed by hand`);
    }
    const bad = eventProblem(e);
    if (bad) throw new RangeError(`${source} line ${line}: not a journal event (${bad}); the journal is append-only and this line was changed by hand`);
    events.push(e);
  }
  return { events, wholeLength: end, partialTail: end < text.length };
}

/** Each run's state from the events, in the order of `ids` (runs with no event are pending). O(events). */
export function foldJournal(ids: readonly string[], events: readonly JournalEvent[]): Map<string, RunState> {
  const states = new Map<string, RunState>(ids.map((id) => [id, { id, phase: "pending", attempts: 0, failures: [] }]));
  for (const e of events) {
    if (e.event === "sweep") continue;
    const s = states.get(e.id);
    if (!s) continue; // an id the spec no longer has: ignored by the fold, reported by the runner
    if (e.event === "submitted") { s.phase = "submitted"; s.attempts = Math.max(s.attempts, e.attempt); s.last = e; }
    else if (e.event === "done") { s.phase = "done"; s.result = e.result; }
    else { s.phase = "failed"; s.failures.push({ attempt: e.attempt, reason: e.reason, ...(e.log ? { log: e.log } : {}) }); }
  }
  return states;
}

export interface SweepStatus {
  counts: Record<RunPhase, number>;
  runs: RunState[];
}

/** Counts by phase, and every run's state. */
export function sweepStatus(ids: readonly string[], events: readonly JournalEvent[]): SweepStatus {
  const states = [...foldJournal(ids, events).values()];
  const counts: Record<RunPhase, number> = { pending: 0, submitted: 0, done: 0, failed: 0 };
  for (const s of states) counts[s.phase]++;
  return { counts, runs: states };
}
