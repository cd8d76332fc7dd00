#!/usr/bin/env node
// `npm prepare`: builds dist/ (the CLI and library) and dist-web/ (the workbench) — unless
// both are newer than every source they are built from. npm runs `prepare` after `npm ci`,
// and again whenever `npx scalecast` installs this checkout into npx's cache (npm does that
// for a package's own bin, on the first npx call of a checkout): skipping an up-to-date
// build there makes the first `npx scalecast …` take about a second instead of a rebuild.
// `--force` rebuilds regardless.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { removeOrphans, staleOutput } from "./distFresh.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const STAMP = join(root, "dist", ".build-stamp");
const SOURCES = ["src", "web", "tsconfig.json", "web/tsconfig.json", "package.json", "package-lock.json"];

/** Newest modification time under a path (files only), skipping build output and dependencies. */
function newest(path) {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const st = statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const name of readdirSync(full)) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    m = Math.max(m, newest(join(path, name)));
  }
  return m;
}

// an installed package ships dist/ and dist-web/ built, without src/: nothing to build, nothing to check
if (!existsSync(join(root, "src"))) {
  console.log("scalecast: no src/ here (an installed package): dist/ and dist-web/ are as shipped");
  process.exit(0);
}
// outputs of deleted sources go first; a dist/ that does not hold what tsc last built is never up to date
const orphans = removeOrphans(root);
const upToDate = !process.argv.includes("--force") && orphans.length === 0 && staleOutput(root) === undefined && existsSync(STAMP) &&
  existsSync(join(root, "dist-web", "index.html")) && statSync(STAMP).mtimeMs >= Math.max(...SOURCES.map(newest));
if (upToDate) {
  console.log("scalecast: dist/ and dist-web/ are up to date with the sources; not rebuilding (npm run prepare -- --force rebuilds)");
} else {
  const run = (cmd, args) => {
    const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
    if (r.status !== 0) process.exit(r.status ?? 1);
  };
  // tsconfig.json is a composite project (incremental, its build info in dist/.tsbuildinfo); --force rebuilds it all,
  // as when dist/ does not hold what the build info says it does (scripts/distFresh.mjs)
  const force = process.argv.includes("--force") || staleOutput(root) !== undefined;
  run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-b", "tsconfig.json", ...(force ? ["--force"] : [])]);
  run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "web/tsconfig.json"]);
  run(process.execPath, [join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--config", "web/vite.config.ts"]);
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}
