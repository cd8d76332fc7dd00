// Once before any test file: dist/ and dist-web/ as built from these sources (scripts/prepare.mjs rebuilds only what is
// stale). Done here, not in each browser test file, so test files running side by side never build into one folder at once.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  execFileSync(process.execPath, [join(root, "scripts", "prepare.mjs")], { cwd: root, stdio: "ignore" });
}
