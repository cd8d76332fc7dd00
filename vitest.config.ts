import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/globalSetup.ts"],
    // two test files at a time (vitest's default on 2 cores is one): the browser files spend most of their time waiting
    // on Chromium and the CLI files on child processes, so two overlap well; no test asserts on time, so a busy core
    // only makes the suite slower, never red
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
