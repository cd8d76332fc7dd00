/**
 * The command template of `sweep run` and the result each run writes.
 *
 * Template: a shell command with placeholders {id} {params} {tokens} {layers}
 * {d_model} {heads} {lr} {batch} {steps} {out} (and {flops}, {budget}); each
 * is replaced by the run's value, single-quoted for the shell when it holds
 * anything but letters, digits and `._+-/=:@`. A lower-case {name} that is not
 * one of them is refused before anything runs; `${NAME}` is left to the shell.
 *
 * Result: the file at {out}, in the declared format — a JSON object, or a CSV
 * of a header and one row — holding the target column (default `loss`) as a
 * finite number; other numeric fields are kept as extra columns.
 */
import type { SweepRun } from "./design.js";

export const PLACEHOLDERS = ["id", "params", "tokens", "layers", "d_model", "heads", "lr", "batch", "steps", "out", "flops", "budget"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Throws a RangeError naming every placeholder the template uses that is not known (or an unclosed brace). */
export function checkTemplate(template: string): void {
  if (template.trim() === "") throw new RangeError("the command template is empty");
  // a placeholder is {name} with a lower-case name; ${NAME} (the shell's) and braces around anything else ({"loss": 1}) are the command's own
  const unknown = [...template.matchAll(/(?<!\$)\{([a-z_]+)\}/g)].map((m) => m[1]).filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
  if (unknown.length) throw new RangeError(`unknown placeholder${unknown.length === 1 ? "" : "s"} ${unknown.map((p) => `{${p}}`).join(", ")} in the command template; known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(" ")}`);
  if (!template.includes("{out}")) throw new RangeError("the command template has no {out}: each run must write its result to {out}");
}

const quote = (v: string) => (/^[\w.+\-/=:@]+$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`);

/** The run's command: every placeholder replaced by its value (shell-quoted where needed). */
export function fillTemplate(template: string, run: SweepRun, out: string): string {
  const values: Record<Placeholder, string> = {
    id: run.id, params: String(run.params), tokens: String(run.tokens), layers: String(run.layers), d_model: String(run.dModel),
    heads: String(run.heads), lr: String(run.learningRate), batch: String(run.batchTokens), steps: String(run.steps), out,
    flops: String(run.flops), budget: run.budgetFlops === undefined ? "" : String(run.budgetFlops),
  };
  return template.replace(/(?<!\$)\{([a-z_]+)\}/g, (whole, name: string) => (name in values ? quote(values[name as Placeholder]) : whole));
}

export type ResultFormat = "json" | "csv";

/**
 * The run's result from the text of its {out} file; throws a RangeError saying
 * what is wrong (not the declared format, no target, a non-finite target).
 */
export function readResult(text: string, format: ResultFormat, target: string, file: string): Record<string, number> {
  let record: Record<string, unknown>;
  if (format === "json") {
    let v: unknown;
    try { v = JSON.parse(text); } catch (e) { throw new RangeError(`${file} is not the declared format (json): ${(e as Error).message}`); }
    if (v === null || typeof v !== "object" || Array.isArray(v)) throw new RangeError(`${file} is not the declared format (json): expected one object such as {"${target}": 2.31}`);
    record = v as Record<string, unknown>;
  } else {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
    if (lines.length !== 2) throw new RangeError(`${file} is not the declared format (csv): expected a header and one row, got ${lines.length} line${lines.length === 1 ? "" : "s"}`);
    const head = lines[0].split(",").map((s) => s.trim()), row = lines[1].split(",").map((s) => s.trim());
    if (head.length !== row.length) throw new RangeError(`${file} is not the declared format (csv): ${head.length} columns in the header, ${row.length} in the row`);
    record = Object.fromEntries(head.map((h, i) => [h, row[i] === "" ? undefined : Number(row[i])]));
  }
  if (!(target in record)) throw new RangeError(`${file} has no "${target}" (the target): it has ${Object.keys(record).join(", ") || "nothing"}`);
  const value = record[target];
  if (typeof value !== "number" || !Number.isFinite(value)) throw new RangeError(`${file}: "${target}" is ${JSON.stringify(value)}, not a finite number`);
  return Object.fromEntries(Object.entries(record).filter(([, v]) => typeof v === "number" && Number.isFinite(v))) as Record<string, number>;
}
