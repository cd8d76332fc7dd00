/**
 * Where a command's output goes, per call: the process's stdout and stderr for
 * the `scalecast` binary, or buffers for a test or an embedding program that
 * calls the CLI kernel in-process (`run(argv, io)` in src/cli/run.ts). Held in
 * an AsyncLocalStorage, so concurrent in-process runs do not mix their output
 * and code deep in a command needs no io parameter.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface Io {
  /** Writes to standard output (text, or bytes for `-o -` of a PNG). */
  stdout(chunk: string | Uint8Array): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Whether stderr is a terminal: progress bars are drawn only there. */
  readonly interactive: boolean;
  /** Standard input for `-`, when the caller supplies it (otherwise file descriptor 0 is read). */
  readonly stdin?: Uint8Array;
}

/** One run's io and the exit code its command asked for (3: a fit that did not converge). */
export interface IoContext {
  io: Io;
  exitCode: number;
  /** The command line as given (without node and the script). */
  argv: readonly string[];
}

const storage = new AsyncLocalStorage<IoContext>();

/** The process's own streams. A closed pipe (`scalecast --help | head -1`) ends output quietly. */
export const processIo: Io = {
  stdout: (chunk) => { if (!closed) process.stdout.write(chunk); },
  stderr: (text) => { process.stderr.write(text); },
  get interactive() { return Boolean(process.stderr.isTTY); },
};

let closed = false;
let guarded = false;
/**
 * EPIPE on stdout (the reader went away) is not an error of the command: stop
 * writing and exit with the code so far. Installed once, by the binary.
 */
export function guardClosedPipes(): void {
  if (guarded) return;
  guarded = true;
  const onError = (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    closed = true;
    process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
  };
  process.stdout.on("error", onError);
  process.stderr.on("error", (err: NodeJS.ErrnoException) => { if (err.code !== "EPIPE") throw err; });
}

/** Runs `fn` with `io` as the current io. */
export function withIo<T>(io: Io, argv: readonly string[], fn: (context: IoContext) => Promise<T>): Promise<T> {
  const context: IoContext = { io, exitCode: 0, argv };
  return storage.run(context, () => fn(context));
}

function current(): IoContext | undefined {
  return storage.getStore();
}

/** The current io (the process's outside any run). */
export function io(): Io {
  return current()?.io ?? processIo;
}

/** The current run's arguments (the process's outside any run). */
export function commandArgv(): readonly string[] {
  return current()?.argv ?? process.argv.slice(2);
}

/** Writes to the current standard output. */
export function out(chunk: string | Uint8Array): void {
  io().stdout(chunk);
}

/** Writes to the current standard error. */
export function err(text: string): void {
  io().stderr(text);
}

/** Asks for exit code `code` at the end of the run (the highest asked for wins). */
export function setExitCode(code: number): void {
  const c = current();
  if (c) c.exitCode = Math.max(c.exitCode, code);
  else process.exitCode = Math.max(typeof process.exitCode === "number" ? process.exitCode : 0, code);
}

/** Standard input's bytes: the caller's, or file descriptor 0. */
export function stdinBytes(readFd0: () => Buffer): Uint8Array {
  return io().stdin ?? readFd0();
}
