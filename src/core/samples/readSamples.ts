/**
 * Per-problem sample data (`scalecast samples`, issue 14): either one row per
 * (model, problem) with n samples and c correct, or one row per sample
 * (model, problem, correct). Columns are found by name, matched as run-table
 * headers are (normalizeHeader: case, spaces, "_", "-", "/", "." and a unit in
 * parentheses ignored):
 *
 * - model: model, model_name, name (absent: one model, "model");
 * - problem: problem, problem_id, task, task_id, question, id;
 * - counts shape: n (n, samples, num_samples, attempts) and c (c, correct,
 *   num_correct, successes, passed);
 * - per-sample shape: correct (correct, is_correct, passed, pass, success),
 *   1/0 or true/false.
 *
 * Bad input never disappears: a bad cell is refused naming file, line, column
 * and value; c > n and n = 0 are refused the same way; a problem listed twice
 * for a model (counts shape) is refused. Problems missing for some models are
 * said (`problems-differ`), with the counts per model: each model is then
 * estimated on its own problems.
 */
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import { normalizeHeader } from "../runs/columns.js";
import { readWholeTable } from "../runs/readRawTable.js";

export interface ProblemCounts {
  id: string;
  n: number;
  c: number;
  /** Per-sample files: each sample's outcome (1 correct, 0 not) in file order, for backtests on the first n₀. */
  outcomes?: Uint8Array;
  /** Per-sample files with an answer column: each sample's answer, for majority vote. */
  answers?: string[];
  /** Per-sample files with a score column: each sample's score (higher is preferred), for best-of-k. */
  scores?: Float64Array;
}
export interface ModelSamples { model: string; problems: ProblemCounts[] }
export interface SampleTable {
  source: string;
  shape: "counts" | "per-sample";
  columns: Record<string, string>;
  models: ModelSamples[];
  diagnostics: Diagnostic[];
}

const ALIASES = {
  model: ["model", "modelname", "name"],
  problem: ["problem", "problemid", "task", "taskid", "question", "id"],
  n: ["n", "samples", "numsamples", "attempts"],
  c: ["c", "correct", "numcorrect", "successes", "passed"],
  correct: ["correct", "iscorrect", "passed", "pass", "success"],
  answer: ["answer", "extractedanswer", "finalanswer", "prediction", "pred"],
  score: ["score", "reward", "rewardscore", "verifierscore", "logprob", "meanlogprob"],
} as const;

/** The columns a sample file may name explicitly (`--model-col` and friends). */
export const SAMPLE_COLUMNS = ["model", "problem", "n", "c", "correct", "answer", "score"] as const;
export type SampleColumn = (typeof SAMPLE_COLUMNS)[number];

function findFree(headers: string[], names: readonly string[], claimed: ReadonlySet<number>): number {
  const h = headers.map(normalizeHeader);
  for (const name of names) { const i = h.indexOf(name); if (i >= 0 && !claimed.has(i)) return i; }
  return -1;
}

/** Reads a sample file's text. Throws a RangeError naming file, line, column and value for anything it cannot read. O(rows). */
export function readSamples(text: string, source: string, explicit: Partial<Record<SampleColumn, string>> = {}): SampleTable {
  const { raw } = readWholeTable(text, source);
  // a named column must exist; it is matched like the aliases, and no alias may then claim it for another role
  const named = (role: SampleColumn): number => {
    const name = explicit[role]!;
    const i = raw.headers.map(normalizeHeader).indexOf(normalizeHeader(name));
    if (i < 0) throw new RangeError(`${source}: no column "${name}" (--${role}-col); headers: ${raw.headers.join(", ")}`);
    return i;
  };
  const claimed = new Set(SAMPLE_COLUMNS.filter((r) => explicit[r] !== undefined).map(named));
  const pick = (role: SampleColumn): number => (explicit[role] !== undefined ? named(role) : findFree(raw.headers, ALIASES[role], claimed));
  const col = { model: pick("model"), problem: pick("problem"), n: pick("n"), c: pick("c") };
  if (col.problem < 0) throw new RangeError(`${source}: no problem column (problem, problem_id, task, task_id, question, id); headers: ${raw.headers.join(", ")}`);
  const counts = col.n >= 0 && col.c >= 0;
  const correctCol = counts && explicit.correct === undefined ? -1 : pick("correct");
  const answerCol = counts ? -1 : pick("answer"), scoreCol = counts ? -1 : pick("score");
  if (counts && (explicit.answer !== undefined || explicit.score !== undefined)) throw new RangeError(`${source}: answers and scores are per sample; a file of n and c per problem has none`);
  if (counts && correctCol >= 0) throw new RangeError(`${source}: both n and c columns ("${raw.headers[col.n]}", "${raw.headers[col.c]}") and a per-sample correct column ("${raw.headers[correctCol]}") are named; give one shape`);
  if (!counts && correctCol < 0) throw new RangeError(`${source}: neither n and c columns (one row per model and problem) nor a correct column (one row per sample); headers: ${raw.headers.join(", ")}`);
  const cellText = (v: unknown) => (v === undefined || v === null ? "" : String(v).trim());
  const whole = (row: { line: number; cell: (i: number) => unknown }, i: number, what: string, min: number): number => {
    const s = cellText(row.cell(i));
    const v = Number(s);
    if (s === "" || !Number.isInteger(v) || v < min) throw new RangeError(`${source}: line ${row.line}, column "${raw.headers[i]}": "${s}" is not ${what}`);
    return v;
  };
  const byModel = new Map<string, Map<string, ProblemCounts>>();
  const order = new Map<ProblemCounts, number[]>();
  const answerSeen = new Map<ProblemCounts, Map<string, { ok: number; line: number }>>();
  const answerList = new Map<ProblemCounts, string[]>(), scoreList = new Map<ProblemCounts, number[]>();
  const get = (model: string) => byModel.get(model) ?? byModel.set(model, new Map()).get(model)!;
  for (const row of raw.rows) {
    const model = col.model >= 0 ? cellText(row.cell(col.model)) : "model";
    const problem = cellText(row.cell(col.problem));
    if (model === "") throw new RangeError(`${source}: line ${row.line}, column "${raw.headers[col.model]}": empty model`);
    if (problem === "") throw new RangeError(`${source}: line ${row.line}, column "${raw.headers[col.problem]}": empty problem id`);
    const problems = get(model);
    if (counts) {
      const n = whole(row, col.n, "a whole number of samples ≥ 1 (n = 0 has no pass@k)", 1);
      const c = whole(row, col.c, "a whole number of correct samples ≥ 0", 0);
      if (c > n) throw new RangeError(`${source}: line ${row.line}, column "${raw.headers[col.c]}": c = ${c} correct of n = ${n} samples (c > n)`);
      if (problems.has(problem)) throw new RangeError(`${source}: line ${row.line}: problem "${problem}" of model "${model}" is listed twice; give one row of n and c per model and problem`);
      problems.set(problem, { id: problem, n, c });
    } else {
      const s = cellText(row.cell(correctCol)).toLowerCase();
      const ok = s === "1" || s === "true" ? 1 : s === "0" || s === "false" ? 0 : -1;
      if (ok < 0) throw new RangeError(`${source}: line ${row.line}, column "${raw.headers[correctCol]}": "${s}" is not 1/0 or true/false`);
      const p = problems.get(problem) ?? problems.set(problem, { id: problem, n: 0, c: 0 }).get(problem)!;
      p.n++; p.c += ok;
      (order.get(p) ?? order.set(p, []).get(p)!).push(ok);
      if (answerCol >= 0) {
        const a = cellText(row.cell(answerCol));
        const seen = answerSeen.get(p) ?? answerSeen.set(p, new Map()).get(p)!;
        const was = seen.get(a);
        if (was !== undefined && was.ok !== ok) throw new RangeError(`${source}: line ${row.line}, column "${raw.headers[answerCol]}": answer ${JSON.stringify(a)} of problem "${problem}" (model "${model}") is marked ${ok ? "correct" : "incorrect"} here but ${was.ok ? "correct" : "incorrect"} on line ${was.line}; one answer is right or wrong for every sample`);
        if (was === undefined) seen.set(a, { ok, line: row.line });
        (answerList.get(p) ?? answerList.set(p, []).get(p)!).push(a);
      }
      if (scoreCol >= 0) {
        const t = cellText(row.cell(scoreCol)), v = Number(t);
        if (t === "" || !Number.isFinite(v)) throw new RangeError(`${source}: line ${row.line}, column "${raw.headers[scoreCol]}": "${t}" is not a finite score`);
        (scoreList.get(p) ?? scoreList.set(p, []).get(p)!).push(v);
      }
    }
  }
  for (const [p, o] of order) p.outcomes = Uint8Array.from(o);
  for (const [p, a] of answerList) p.answers = a;
  for (const [p, v] of scoreList) p.scores = Float64Array.from(v);
  const models = [...byModel.entries()].map(([model, problems]) => ({ model, problems: [...problems.values()] }));
  const diagnostics: Diagnostic[] = [];
  const all = new Set(models.flatMap((m) => m.problems.map((p) => p.id)));
  const short = models.filter((m) => m.problems.length < all.size);
  if (short.length) {
    diagnostics.push(diagnostic("problems-differ", `${all.size} problems in all, but ${short.map((m) => `${m.model} has ${m.problems.length}`).join(", ")}: each model is estimated on its own problems, so their pass@k are not over the same set`));
  }
  return {
    source, shape: counts ? "counts" : "per-sample",
    columns: Object.fromEntries(Object.entries({ ...col, correct: correctCol, answer: answerCol, score: scoreCol }).filter(([, i]) => i >= 0).map(([k, i]) => [k, raw.headers[i]])),
    models, diagnostics,
  };
}
