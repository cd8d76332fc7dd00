/**
 * A refusal as a card says it: the message and its code in brackets, the code the CLI would give in its stderr and
 * --json for the same refusal (a diagnostic's own code; bad-option and unknown-name from their errors; bad-input for
 * any other RangeError, as the CLI's userInput maps it).
 */
import { DiagnosticError } from "../../src/core/diagnostics.js";

export function refusalText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const own = e instanceof DiagnosticError ? e.diagnostic.code : (e as { code?: unknown } | null)?.code;
  const code = typeof own === "string" ? own : e instanceof RangeError ? "bad-input" : undefined;
  return code ? `${message} [${code}]` : message;
}

/** A setting a card refuses before any work (a field it cannot read): the CLI's bad-option. */
export function settingRefusal(message: string): string {
  return `${message} [bad-option]`;
}
