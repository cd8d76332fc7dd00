// Whether dist/ holds a build of every source in src/: each src/**/*.ts has its dist/**/*.js, no older than the
// source. `tsc -b` trusts dist/.tsbuildinfo, which records the sources it last built, not what dist/ holds now: an
// output deleted by hand, or dist/ rebuilt by an older checkout (whose tsc wrote no build info) and the sources then
// checked out again, pass its check while dist/ is wrong. Callers add --force when this says no.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The first source whose output is missing or older, or undefined when dist/ is fresh. */
export function staleOutput(root) {
  const walk = (rel) => {
    for (const entry of readdirSync(join(root, "src", rel), { withFileTypes: true })) {
      const path = join(rel, entry.name);
      if (entry.isDirectory()) { const found = walk(path); if (found) return found; continue; }
      if (!entry.name.endsWith(".ts") || entry.name.endsWith(".d.ts")) continue;
      const out = join(root, "dist", path.replace(/\.ts$/, ".js"));
      if (!existsSync(out) || statSync(out).mtimeMs < statSync(join(root, "src", path)).mtimeMs) return path;
    }
    return undefined;
  };
  return walk("");
}
