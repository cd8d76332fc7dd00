import { createRequire } from "node:module";
import { io } from "./io.js";

/** A progress reporter: a bar on stderr when it is a terminal, silent otherwise (never pollutes stdout or CI logs). */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function progressBar(label: string, total: number, enabled: boolean = io().interactive): Progress {
  if (!enabled || total <= 0) return { update: () => {}, stop: () => {} };
  // loaded when a bar is drawn (a terminal), not at start-up
  const cliProgress = createRequire(import.meta.url)("cli-progress") as typeof import("cli-progress");
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} ({percentage}%, eta {eta}s)`, stream: process.stderr, clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}
