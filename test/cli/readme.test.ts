// The README's examples are real output: every fenced block that starts with "$ npx scalecast …"
// is run as written (from the repository root) and each of its lines must appear, in order, in
// what the command prints. Lines with "…" are elisions and are skipped. Blocks that read
// ../shared/data skip visibly when it is absent (and fail under CI=true, see sharedFile).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sharedFile } from "../support/sharedData.js";
import { ensureBuilt, ROOT, scalecast } from "./run.js";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const BLOCKS = [...README.matchAll(/```\n\$ npx scalecast ([^\n]*)\n(.*?)```/gs)].map((m) => ({ args: m[1].split(/\s+/).filter(Boolean), expected: m[2] }));
beforeAll(() => ensureBuilt());

describe("README examples", () => {
  it("has examples to check", () => {
    expect(BLOCKS.length).toBeGreaterThanOrEqual(8);
  });
  for (const b of BLOCKS) {
    const shared = b.args.find((a) => a.startsWith("../shared/data/"));
    const skip = shared !== undefined && sharedFile(shared.replace("../shared/data/", "")) === null;
    it.skipIf(skip)(`scalecast ${b.args.join(" ")} prints the README's lines`, async () => {
      const r = await scalecast(b.args);
      expect(r.status, r.stderr).toBe(0);
      const got = r.stdout.split("\n").map((l) => l.trimEnd());
      let at = 0;
      for (const line of b.expected.split("\n").map((l) => l.trimEnd())) {
        if (line === "" || line.includes("…")) continue;
        const k = got.indexOf(line, at);
        expect(k, `README line not printed (in order): ${line}`).toBeGreaterThanOrEqual(0);
        at = k + 1;
      }
    });
  }
});
