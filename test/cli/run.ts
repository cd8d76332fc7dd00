// Runs the CLI as a user would: in-process through the kernel, or as the built binary (bin/scalecast.js → dist/cli/main.js).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { FitDocument } from "../../src/core/fit/fitDocument.js";
import { run } from "../../src/cli/run.js";
import type { Io } from "../../src/node/io.js";

/** The repository root: every command runs from here, as `npx scalecast` would in a checkout. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `scalecast ...args` in-process, through the CLI kernel (`run(argv, io)`),
 * with `input` as standard input. Output is captured, nothing is a TTY (no
 * progress bar). Runs the TypeScript sources: no build needed, never a stale
 * one (worker threads alone load dist/, which `npm test` builds first).
 */
export async function scalecast(args: readonly string[], input?: string, options: { terminal?: boolean } = {}): Promise<CliResult> {
  const stdout: Buffer[] = [], stderr: string[] = [];
  const io: Io = {
    stdout: (chunk) => { stdout.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk)); },
    stderr: (text) => { stderr.push(text); },
    interactive: options.terminal === true, // a terminal on stderr: progress bars are drawn
    stdin: Buffer.from(input ?? "", "utf8"),
  };
  const status = await run(args, io);
  return { status, stdout: Buffer.concat(stdout).toString("utf8"), stderr: stderr.join("") };
}

/** A JSON document without its `argv` (the one field two command lines that mean the same thing differ in). */
export function sansArgv(json: string): unknown {
  const { argv: _argv, ...rest } = JSON.parse(json) as Record<string, unknown>;
  return rest;
}

/** `scalecast ...args --json` in-process, asserting exit 0 and parsing stdout; the failure message carries stderr. */
export async function scalecastJson(args: readonly string[], input?: string): Promise<FitDocument> {
  const r = await scalecast([...args, "--json"], input);
  if (r.status !== 0) throw new Error(`scalecast ${args.join(" ")} --json exited ${r.status}:\n${r.stderr}`);
  return JSON.parse(r.stdout) as FitDocument;
}

/**
 * `node bin/scalecast.js ...args` as a separate process, synchronously, with
 * `input` on stdin: for what only the binary does (start-up, closed pipes,
 * signals). stdout and stderr are pipes; colour variables are cleared.
 */
export function scalecastProcess(args: readonly string[], input?: string): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "scalecast.js"), ...args], {
    cwd: ROOT,
    env,
    input: input ?? "",
    encoding: "utf8",
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const MAIN = join(ROOT, "dist", "cli", "main.js");
// One lock per checkout, outside it: test files run in parallel workers and must not build twice at once.
const LOCK = join(tmpdir(), `scalecast-cli-build-${createHash("sha1").update(ROOT).digest("hex").slice(0, 12)}.lock`);
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Builds dist/ once when it is missing (`npm test` builds before vitest; a bare `npx vitest` may not). */
export function ensureBuilt(): void {
  for (let waitedMs = 0; ; waitedMs += 100) {
    try {
      mkdirSync(LOCK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      if (waitedMs > 120_000) throw new Error(`waited 2 min for another worker's build; remove ${LOCK} if it is stale`);
      sleep(100);
      continue;
    }
    try {
      if (!existsSync(MAIN)) build();
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
    return;
  }
}

function build(): void {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  // --force: dist/main.js is missing, so the build info (dist/.tsbuildinfo) no longer describes dist/
  const r = spawnSync(process.execPath, [tsc, "-b", "tsconfig.json", "--force"], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tsc -b tsconfig.json --force failed:\n${r.stdout}${r.stderr}`);
}

/** A failure that stops before printing a result: the exit code, nothing on stdout, and no crash report. */
export function expectFailure(r: CliResult, status: number): void {
  expect(r.status, `stderr:\n${r.stderr}`).toBe(status);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toContain("internal error");
  expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
}
