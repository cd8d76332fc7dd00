// What `scalecast fit` puts on stdout: one JSON document with --json, a report without it,
// and never the bootstrap progress bar (which belongs on stderr, and only on a terminal).
import { toJson } from "../../src/core/toJson.js";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT, sansArgv, scalecast } from "./run.js";

/** The escape sequences and carriage returns cli-progress draws with. */
const TERMINAL_CONTROL = /[\r\u001b]/;

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "scalecast-cli-stdout-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// `script` (util-linux) runs a command on a pseudo-terminal, so stderr is a TTY and the bar is on.
const haveScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
if (!haveScript) console.warn("test/cli/fitStdout: `script` (util-linux) not found; the terminal progress-bar test is skipped");

describe("fit stdout", () => {
  it("fit --example --bootstrap 200 --json prints exactly one JSON document and nothing on stderr", async () => {
    const r = await scalecast(["fit", "--example", "--bootstrap", "200", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(""); // not a TTY: no progress bar anywhere
    // JSON.parse rejects trailing text, and re-serialising must give back every byte.
    const doc = JSON.parse(r.stdout);
    expect(r.stdout).toBe(toJson(doc) + "\n"); // one document, as src/cli/json.ts formats it
    expect(doc.bootstrap.resamples).toBe(200);
  });

  it("fit --example --bootstrap 200 prints the report without progress output", async () => {
    const r = await scalecast(["fit", "--example", "--bootstrap", "200"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(r.stdout).not.toContain("bootstrap [");
    expect(r.stdout).toMatch(/^bootstrap: 200 case resamples, seed 42, \d threads?; 0 refits not converged$/m);
  });

  it("fit --example --out FILE writes the document --json prints while stdout shows the report", async () => {
    const out = join(dir, "example.json");
    const text = await scalecast(["fit", "--example", "--out", out]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^scalecast fit: /);
    const json = await scalecast(["fit", "--example", "--json"]);
    expect(sansArgv(readFileSync(out, "utf8"))).toEqual(sansArgv(json.stdout));
    expect(JSON.parse(readFileSync(out, "utf8")).argv).toEqual(["fit", "--example", "--out", out]);
  });

  it.skipIf(!haveScript)("fit --bootstrap on a terminal draws the bar on stderr and keeps stdout one JSON document", () => {
    const out = join(dir, "tty.json");
    const command = `node bin/scalecast.js fit --example --bootstrap 200 --threads 1 --json > '${out}'`;
    // -q quiet, -e return the command's exit code, -c the command; /dev/null discards the typescript file.
    const r = spawnSync("script", ["-qec", command, "/dev/null"], { cwd: ROOT, input: "", encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("bootstrap ["); // the terminal (stderr) saw the bar: it was really on
    const stdout = readFileSync(out, "utf8");
    expect(stdout).not.toMatch(TERMINAL_CONTROL);
    expect(stdout).toBe(toJson(JSON.parse(stdout)) + "\n");
  });
});
