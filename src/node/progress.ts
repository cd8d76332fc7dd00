/**
 * A progress bar on standard error when it is a terminal, silent otherwise (it
 * never pollutes stdout, a pipe or a CI log). Drawn on one line with a carriage
 * return, redrawn at most every 100 ms and at the end, and erased when the work
 * is done, so the command's own output starts on a clean line. Writes through
 * the run's io, so an in-process caller sees what a terminal would.
 */
import { err, io } from "./io.js";

export interface Progress {
  /** `total` when the work learns its size as it goes (a screened survey). */
  update(done: number, total?: number): void;
  stop(): void;
}

/** Width of the bar itself, in characters. */
const BAR_WIDTH = 20;
/** Least time between two redraws, ms. */
const REDRAW_MS = 100;

/** A bar for `total` steps; with total 0 the size comes with the first update that gives one. */
export function progressBar(label: string, total: number, enabled: boolean = io().interactive): Progress {
  if (!enabled || !(total >= 0)) return { update: () => {}, stop: () => {} };
  const started = Date.now();
  let last = -Infinity, drawn = false, stopped = false;
  const draw = (done: number) => {
    const f = Math.min(1, Math.max(0, done / total));
    const filled = Math.round(f * BAR_WIDTH);
    const elapsed = (Date.now() - started) / 1000;
    const eta = f > 0 && f < 1 ? `, about ${Math.ceil((elapsed * (1 - f)) / f)} s left` : "";
    const line = `${label} [${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${done}/${total} (${Math.round(100 * f)}%${eta})`;
    // one terminal line, never wrapped (a wrapped bar would scroll on every redraw and outlive its erasure)
    err(`\r${line.slice(0, Math.max(20, (process.stderr.columns || 80) - 1))}\x1b[K`);
    drawn = true;
  };
  if (total > 0) draw(0);
  return {
    update(done, size) {
      if (stopped) return;
      if (size !== undefined && size > 0) total = size;
      if (!(total > 0)) return;
      const now = Date.now();
      if (done >= total || now - last >= REDRAW_MS) { last = now; draw(done); }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (drawn) err("\r\x1b[K"); // erase the bar's line
    },
  };
}

/** Runs `work` with a progress bar that learns its size from the first update, and erases the bar however the work ends. */
export function withBar<T>(label: string, work: (onProgress: (done: number, total: number) => void) => T): T {
  const bar = progressBar(label, 0);
  try {
    return work((done, total) => bar.update(done, total));
  } finally {
    bar.stop();
  }
}

/** `withBar` for asynchronous work (worker threads): the bar is erased once the work settles, however it ends. */
export async function withBarAsync<T>(label: string, total: number, work: (onProgress: (done: number, total?: number) => void) => Promise<T>): Promise<T> {
  const bar = progressBar(label, total);
  try {
    return await work((done, size) => bar.update(done, size));
  } finally {
    bar.stop();
  }
}
