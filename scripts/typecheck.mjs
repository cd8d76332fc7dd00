#!/usr/bin/env node
// `npm test`'s first step: build dist/ (tsconfig.json, a composite project: incremental, so a dist/ that `npm ci`'s prepare
// just built is checked in a fraction of a second), then type-check the tests and benches (tsconfig.test.json) and the
// workbench (web/tsconfig.json) side by side. Both reference tsconfig.json, so they read src/ through dist/'s declarations
// instead of checking src/ twice more. Exits non-zero, with every compiler message, if any fails.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { removeOrphans, staleOutput } from "./distFresh.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

/** One tsc run: its arguments, exit code and everything it printed. */
function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => { output += d; });
    child.stderr.on("data", (d) => { output += d; });
    child.on("close", (code) => resolve({ args, code, output }));
  });
}

/** Prints each failed run's messages; true when all passed. */
function report(results) {
  for (const r of results) if (r.code !== 0) process.stderr.write(`tsc ${r.args.join(" ")} failed:\n${r.output}`);
  return results.every((r) => r.code === 0);
}

// outputs of deleted sources go; --force when dist/ does not hold what the build info says it does (scripts/distFresh.mjs)
removeOrphans(root);
if (!report([await run(["-b", "tsconfig.json", ...(staleOutput(root) ? ["--force"] : [])])])) process.exit(1);
process.exit(report(await Promise.all([run(["-p", "tsconfig.test.json"]), run(["-p", "web/tsconfig.json"])])) ? 0 : 1);
