import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/globalSetup.ts"],
    // two test files at a time (vitest's default on 2 cores is one): the browser files spend most of their time waiting
    // on Chromium and the CLI files on child processes, so two overlap well; no test asserts on time, so a busy core
    // only makes the suite slower, never red
    maxWorkers: 2,
    // test files share a worker's module cache instead of re-importing Vega, the laws and the CLI for each of the ~135
    // files (about a quarter of the suite's time); no test mutates globals, and figures are deterministic per render
    // (render.ts renumbers Vega's process-wide clip and gradient ids), so the order files run in cannot change a result
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
