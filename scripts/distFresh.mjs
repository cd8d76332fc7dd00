// Whether dist/ holds what `tsc -b` last built there. `tsc -b` trusts dist/.tsbuildinfo, which records the sources it
// built, not what dist/ holds now. So it passes dist/ as up to date when:
//  - an output was deleted by hand;
//  - an output was written by something else after it: an older checkout's `tsc -p` (no build info) whose sources
//    were then checked out again.
// Either way the caller adds --force. An output whose source is gone (a file deleted or renamed) would be packed and
// importable: removeOrphans deletes it. An edited source is not this module's business: `tsc -b` rebuilds it
// incrementally (its output is then older than the source, but not newer than the build info).
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every src/**\/*.ts (not .d.ts), relative to src/. */
function sources(root, rel = "") {
  return readdirSync(join(root, "src", rel), { withFileTypes: true }).flatMap((e) => {
    const path = join(rel, e.name);
    if (e.isDirectory()) return sources(root, path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Why dist/ must be rebuilt in full (an output missing, or newer than the build info), or undefined. */
export function staleOutput(root) {
  const info = join(root, "dist", ".tsbuildinfo");
  if (!existsSync(info)) return "no dist/.tsbuildinfo";
  const built = statSync(info).mtimeMs;
  for (const src of sources(root)) {
    for (const out of [src.replace(/\.ts$/, ".js"), src.replace(/\.ts$/, ".d.ts")]) {
      const path = join(root, "dist", out);
      if (!existsSync(path)) return `dist/${out} is missing`;
      if (statSync(path).mtimeMs > built) return `dist/${out} was written after the last tsc -b`;
    }
  }
  return undefined;
}

/** Deletes dist/ outputs (.js, .d.ts, .js.map) whose source in src/ is gone; returns them, relative to dist/. */
export function removeOrphans(root) {
  const dist = join(root, "dist");
  if (!existsSync(dist)) return [];
  const have = new Set(sources(root).map((s) => s.replace(/\.ts$/, "")));
  const removed = [];
  const walk = (rel) => {
    for (const e of readdirSync(join(dist, rel), { withFileTypes: true })) {
      const path = join(rel, e.name);
      if (e.isDirectory()) { walk(path); continue; }
      const stem = /^(.*)\.(js|d\.ts|js\.map)$/.exec(path)?.[1];
      if (stem !== undefined && !have.has(stem)) { rmSync(join(dist, path)); removed.push(path); }
    }
  };
  walk("");
  return removed;
}
