// `scalecast sweep run --executor slurm` on a real single-node Slurm (issue 13, acceptance: end to end on Slurm).
// .ci/run installs slurm-wlm and munge and starts the cluster (.ci/slurm-start.sh), exporting SLURM_CONF; nothing here
// mocks sbatch. Without a cluster the tests are skipped locally and fail in CI (CI=true).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/run.js";
import { ROOT, scalecast } from "./run.js";

const HAVE_SLURM = spawnSync("sinfo", ["-h", "-o", "%T"], { encoding: "utf8" }).stdout?.includes("idle") ?? false;
const TOY = join(ROOT, "test", "fixtures", "toy-trainer.mjs");

describe("a Slurm cluster is there when CI says so", () => {
  it.runIf(process.env.CI === "true")("sinfo answers with an idle node (.ci/run starts one)", () => {
    expect(HAVE_SLURM, `no Slurm cluster answers (SLURM_CONF=${process.env.SLURM_CONF ?? "unset"}): .ci/run must start it`).toBe(true);
  });
});

describe.skipIf(!HAVE_SLURM)("sweep run --executor slurm", () => {
  it("end to end: a 3-budget design as job arrays; the run failing on purpose retried in a new array, then reported with its log; the fit covers a = 0.4516; a forecast registers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scalecast-slurm-"));
    const spec = join(dir, "spec.json");
    expect((await scalecast(["sweep", "design", "--budgets", "1e18,3e18,1e19", "--vocab", "8192", "--seq-len", "512", "--out", spec])).status).toBe(0);
    const r = await scalecast(["sweep", "run", spec, "--executor", "slurm", "--time", "00:05:00", "--retries", "1", "--json",
      "--command", `node ${TOY} {id} {params} {tokens} {out} --sleep 50 --fail iso-c1e18-2`]);
    expect(r.status, r.stderr).toBe(EXIT.notConverged);
    const doc = JSON.parse(r.stdout);
    expect(doc.counts).toEqual({ pending: 0, submitted: 0, done: 14, failed: 1 });
    // every run went through sbatch: its job is "<array job>_<task>"
    for (const run of doc.runs) expect(run.job, run.id).toMatch(/^\d+_\d+$/);
    const failed = doc.runs.find((x: { id: string }) => x.id === "iso-c1e18-2");
    expect(failed.failures).toHaveLength(2);
    expect(failed.failures[0].log).not.toBe(failed.failures[1].log);
    expect(readFileSync(failed.failures[1].log, "utf8")).toContain("fails on purpose");
    const fit = JSON.parse((await scalecast(["fit", doc.results, "--bootstrap", "200", "--json"])).stdout);
    const [lo, hi] = fit.bootstrap.ci95.a;
    expect(lo).toBeLessThan(0.28 / 0.62);
    expect(hi).toBeGreaterThan(0.28 / 0.62);
    expect((await scalecast(["forecast", "register", doc.results, "--bootstrap", "50", "--at", "params=7e10,tokens=1.4e12", "--ledger", join(dir, "f.jsonl")])).status).toBe(0);
    // a rerun finds everything settled: nothing is submitted again
    const again = await scalecast(["sweep", "run", spec, "--executor", "slurm", "--retries", "1", "--json", "--command", `node ${TOY} {id} {params} {tokens} {out}`]);
    const journal = readFileSync(join(dir, "spec.runs", "journal.jsonl"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(journal.filter((e) => e.event === "submitted")).toHaveLength(16);
    expect(JSON.parse(again.stdout).counts.done).toBe(14);
  }, 180_000);
});

describe("an unreachable scheduler", () => {
  it("exits 1 naming it, before the journal exists: SLURM_CONF naming no file, and no sinfo on PATH", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scalecast-noslurm-"));
    const spec = join(dir, "spec.json");
    expect((await scalecast(["sweep", "design", "--budgets", "1e18", "--vocab", "8192", "--out", spec])).status).toBe(0);
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "scalecast.js"), "sweep", "run", spec, "--executor", "slurm", "--command", `node ${TOY} {id} {params} {tokens} {out}`],
      { encoding: "utf8", env: { ...process.env, SLURM_CONF: join(dir, "no-such-slurm.conf") }, timeout: 60_000 });
    expect(r.status).toBe(EXIT.input);
    expect(r.stderr).toMatch(/Slurm is not reachable: SLURM_CONF names .*no-such-slurm\.conf, which does not exist/);
    const noPath = spawnSync(process.execPath, [join(ROOT, "bin", "scalecast.js"), "sweep", "run", spec, "--executor", "slurm", "--command", `node ${TOY} {id} {params} {tokens} {out}`],
      { encoding: "utf8", env: { ...process.env, SLURM_CONF: "", PATH: "/nonexistent" }, timeout: 60_000 });
    expect(noPath.status).toBe(EXIT.input);
    expect(noPath.stderr).toMatch(/sinfo is not on PATH/);
    expect(existsSync(join(dir, "spec.runs", "journal.jsonl"))).toBe(false);
  }, 60_000);
});
