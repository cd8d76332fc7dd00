#!/usr/bin/env node
// `npm test`'s first step: build dist/ (tsconfig.json) and type-check the tests and benches (tsconfig.test.json) and the
// workbench (web/tsconfig.json), the three side by side; exits non-zero, with every compiler message, if any fails.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const runs = [["-p", "tsconfig.json"], ["-p", "tsconfig.test.json", "--noEmit"], ["-p", "web/tsconfig.json", "--noEmit"]].map((args) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => { output += d; });
    child.stderr.on("data", (d) => { output += d; });
    child.on("close", (code) => resolve({ args, code, output }));
  }));
let failed = false;
for (const r of await Promise.all(runs)) {
  if (r.code !== 0) { failed = true; process.stderr.write(`tsc ${r.args.join(" ")} failed:\n${r.output}`); }
}
process.exit(failed ? 1 : 0);
