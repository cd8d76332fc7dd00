/**
 * The header every JSON document starts with: which tool and version wrote it,
 * the command, and the exact argv it was given (after the command name's
 * program, e.g. ["fit", "runs.csv", "--json"]). A document made outside the
 * CLI (the workbench, a library call) has an empty argv.
 */
import { TOOL } from "./version.js";

export interface DocumentHeader {
  tool: "scalecast";
  version: string;
  command: string;
  argv: string[];
}

export function documentHeader<C extends string>(command: C, argv: readonly string[] = []): DocumentHeader & { command: C } {
  return { tool: TOOL.name, version: TOOL.version, command, argv: [...argv] };
}
