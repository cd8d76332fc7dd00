// `scalecast sweep run` and `sweep status` with the local executor (issue 13, items 3 and 5): the toy trainer
// (test/fixtures/toy-trainer.mjs, Hoffmann et al.'s rounded law × 1% noise) run over a 3-budget IsoFLOP design, fitted and
// forecast; a launcher SIGKILLed at random moments loses no run and runs none twice; bad input refused, journal untouched.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/run.js";
import { DOCUMENT_SCHEMAS } from "../../src/core/schemas.js";
import { ROOT, scalecast } from "./run.js";

const TOY = join(ROOT, "test", "fixtures", "toy-trainer.mjs");
const BIN = join(ROOT, "bin", "scalecast.js");
const toy = (extra = "") => `node ${TOY} {id} {params} {tokens} {out} ${extra}`.trim();

async function design(dir: string, name = "spec.json"): Promise<string> {
  const spec = join(dir, name);
  const r = await scalecast(["sweep", "design", "--budgets", "1e18,3e18,1e19", "--points-per-budget", "5", "--vocab", "8192", "--seq-len", "512", "--out", spec]);
  expect(r.status, r.stderr).toBe(0);
  return spec;
}
const journalOf = (spec: string) => readFileSync(spec.replace(/\.json$/, ".runs/journal.jsonl"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));

describe("sweep run --executor local", () => {
  it("end to end: 15 runs, one failing on purpose retried then reported with its log; the results fit with Hoffmann et al.'s a = β/(α+β) = 0.4516 inside the 95% CI; a forecast registers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scalecast-sweep-e2e-"));
    const spec = await design(dir);
    const r = await scalecast(["sweep", "run", spec, "--command", toy("--sleep 20 --fail iso-c1e18-2"), "--retries", "1", "--max-parallel", "4", "--json"]);
    expect(r.status, r.stderr).toBe(EXIT.notConverged); // results written, one run missing from them
    const doc = JSON.parse(r.stdout);
    expect(DOCUMENT_SCHEMAS["sweep run"].safeParse(doc).success).toBe(true);
    expect(doc.counts).toEqual({ pending: 0, submitted: 0, done: 14, failed: 1 });
    const failed = doc.runs.find((x: { id: string }) => x.id === "iso-c1e18-2");
    expect(failed.failures.map((f: { attempt: number; reason: string }) => [f.attempt, f.reason])).toEqual([[1, "exit status 1"], [2, "exit status 1"]]);
    expect(readFileSync(failed.failures[1].log, "utf8")).toContain("fails on purpose");
    expect(DOCUMENT_SCHEMAS["sweep status"].safeParse(JSON.parse((await scalecast(["sweep", "status", spec, "--json"])).stdout)).success).toBe(true);
    const status = await scalecast(["sweep", "status", spec]);
    expect(status.stdout).toMatch(/15 runs — 14 done, 1 failed, 0 submitted, 0 pending/);
    expect(status.stdout).toContain(`iso-c1e18-2 failed after 2 attempts: exit status 1 (log: ${failed.failures[1].log})`);
    const fit = JSON.parse((await scalecast(["fit", doc.results, "--bootstrap", "200", "--json"])).stdout);
    expect(fit.data.n).toBe(14);
    const [lo, hi] = fit.bootstrap.ci95.a;
    expect(lo).toBeLessThan(0.28 / 0.62);
    expect(hi).toBeGreaterThan(0.28 / 0.62);
    const reg = await scalecast(["forecast", "register", doc.results, "--bootstrap", "50", "--at", "params=7e10,tokens=1.4e12", "--ledger", join(dir, "forecasts.jsonl")]);
    expect(reg.status, reg.stderr).toBe(0);
  }, 120_000);

  it("kill test: SIGKILL the launcher at 10 seeded random moments, rerun to the end: each run done once in the journal and the results, and each run's command ran once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scalecast-sweep-kill-"));
    const spec = await design(dir);
    const command = toy("--sleep 150");
    let seed = 12345;
    const uniform = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 10; i++) {
      const child = spawn(process.execPath, [BIN, "sweep", "run", spec, "--command", command, "--max-parallel", "4"], { stdio: "ignore" });
      // listened for at once: on a fast machine a launcher that finds every run done exits before the kill, and an
      // "exit" listener attached after that would wait for ever
      const exited = new Promise((res) => child.once("exit", res));
      await new Promise((res) => setTimeout(res, 30 + uniform() * 600));
      child.kill("SIGKILL");
      await exited;
    }
    const last = await scalecast(["sweep", "run", spec, "--command", command, "--max-parallel", "4", "--json"]);
    expect(last.status, last.stderr).toBe(0);
    const doc = JSON.parse(last.stdout);
    expect(doc.counts.done).toBe(15);
    const events = journalOf(spec);
    const done = events.filter((e) => e.event === "done").map((e) => e.id);
    expect(done.sort()).toEqual(doc.runs.map((x: { id: string }) => x.id).sort());
    const rows = readFileSync(doc.results, "utf8").trimEnd().split("\n").slice(1).map((l) => l.split(",")[0]);
    expect(rows.sort()).toEqual([...done].sort());
    for (const id of done) {
      const attempts = readdirSync(join(dir, "spec.runs", id)).filter((f) => f.startsWith("attempt-"));
      const ran = attempts.filter((a) => existsSync(join(dir, "spec.runs", id, a, "log.txt")) && readFileSync(join(dir, "spec.runs", id, a, "log.txt"), "utf8").includes("toy trainer: run"));
      expect(ran, id).toHaveLength(1);
    }
  }, 180_000);

  it("refuses bad input without touching the journal: an unknown placeholder (2), ids made to collide by hand (1), a spec that is not one (1); a result not in the declared format fails that run with the reason", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scalecast-sweep-bad-"));
    const spec = await design(dir);
    expect((await scalecast(["sweep", "run", spec, "--command", toy("--sleep 1")])).status).toBe(0);
    const journal = spec.replace(/\.json$/, ".runs/journal.jsonl");
    const before = readFileSync(journal, "utf8");
    const unknown = await scalecast(["sweep", "run", spec, "--command", "train --size {size} --out {out}"]);
    expect(unknown.status).toBe(EXIT.options);
    expect(unknown.stderr).toMatch(/unknown placeholder \{size\}/);
    const doc = JSON.parse(readFileSync(spec, "utf8"));
    doc.runs[3].id = doc.runs[1].id;
    const collide = join(dir, "collide.json");
    writeFileSync(collide, JSON.stringify(doc));
    const c = await scalecast(["sweep", "run", collide, "--command", toy()]);
    expect(c.status).toBe(EXIT.input);
    expect(c.stderr).toMatch(/runs 2 and 4 share the id "iso-c1e18-2"/);
    expect(existsSync(join(dir, "collide.runs"))).toBe(false);
    writeFileSync(join(dir, "notspec.json"), JSON.stringify({ runs: 3 }));
    expect((await scalecast(["sweep", "status", join(dir, "notspec.json")])).stderr).toMatch(/not a sweep spec/);
    expect(readFileSync(journal, "utf8")).toBe(before);
    // a run writing something that is not JSON: failed, with the reason; the rest done
    const spec2 = await design(dir, "garbage.json");
    const g = await scalecast(["sweep", "run", spec2, "--command", toy("--sleep 1 --garbage iso-c3e18-3"), "--json"]);
    expect(g.status).toBe(EXIT.notConverged);
    const gd = JSON.parse(g.stdout);
    expect(gd.counts).toMatchObject({ done: 14, failed: 1 });
    expect(gd.runs.find((x: { id: string }) => x.id === "iso-c3e18-3").failures[0].reason).toMatch(/result\.json is not the declared format \(json\)/);
  }, 120_000);

  it("sweep next: the proposal is a spec sweep run takes; with its runs done (--with), the next call goes a budget further; a precision already met proposes nothing up", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scalecast-sweep-next-"));
    const spec = await design(dir);
    expect((await scalecast(["sweep", "run", spec, "--command", toy("--sleep 1")])).status).toBe(0);
    const next = join(dir, "next.json");
    const r = await scalecast(["sweep", "next", spec, "--out", next]);
    expect(r.status, r.stderr).toBe(0);
    const proposal = JSON.parse(readFileSync(next, "utf8"));
    expect(proposal.command).toBe("sweep next");
    const up = proposal.runs.filter((x: { budgetFlops: number }) => Math.abs(x.budgetFlops / (1e19 * 10 / 3) - 1) < 1e-9);
    expect(up).toHaveLength(5);
    for (const x of proposal.runs) expect(x.reason).toMatch(/\w/);
    expect(DOCUMENT_SCHEMAS["sweep next"].safeParse(proposal).success).toBe(true);
    const ran = await scalecast(["sweep", "run", next, "--command", toy("--sleep 1"), "--json"]);
    expect(ran.status, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout).counts.done).toBe(proposal.runs.length);
    const again = JSON.parse((await scalecast(["sweep", "next", spec, "--with", next, "--json"])).stdout);
    expect(again.done).toBe(15 + proposal.runs.length);
    const budgets = new Set(again.runs.map((x: { budgetFlops: number }) => Number(x.budgetFlops.toPrecision(3))));
    expect(budgets.has(1.11e20)).toBe(true);
    expect(budgets.has(3.33e19)).toBe(false);
    const none = join(dir, "none.json");
    const metText = await scalecast(["sweep", "next", spec, "--precision", "10", "--target-flops", "1e21", "--simulate", "8", "--out", none]);
    expect(metText.stdout).toContain(`nothing to propose; ${none} was not written`);
    expect(existsSync(none)).toBe(false);
    const met = await scalecast(["sweep", "next", spec, "--precision", "10", "--target-flops", "1e21", "--simulate", "8", "--json"]);
    const m = JSON.parse(met.stdout);
    expect(m.proposal).toBeNull();
    expect(m.precision).toMatchObject({ target: 10, targetFlops: 1e21, met: true });
    expect(m.notes.join(" ")).toMatch(/no larger budget: the simulated 95% width of the loss at 1\.00e\+21 FLOPs is 0\.\d{4} nats, below --precision 10/);
    expect((m.runs ?? []).filter((x: { budgetFlops: number }) => x.budgetFlops > 1e19)).toEqual([]);
  }, 120_000);
});
