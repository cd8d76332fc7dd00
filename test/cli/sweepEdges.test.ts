// Edge cases of `sweep run` found in review (issue 13): a result written before a non-zero exit never counts, even
// across a kill; a claim left without its pid does not hang the rerun; one launcher per spec; result fields named like
// spec columns; run ids that would leave the runs folder; ${NAME} left to the shell; a hand-edited journal or runs folder.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/run.js";
import { ROOT, scalecast } from "./run.js";

const BIN = join(ROOT, "bin", "scalecast.js");
const TOY = join(ROOT, "test", "fixtures", "toy-trainer.mjs");

/** A 2-run ladder spec in a fresh folder. */
async function spec(): Promise<{ dir: string; file: string; ids: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "scalecast-sweep-edge-"));
  const file = join(dir, "spec.json");
  const r = await scalecast(["sweep", "design", "--ladder", "--sizes", "100M", "--token-multiples", "10,20", "--vocab", "8192", "--seq-len", "512", "--out", file]);
  expect(r.status, r.stderr).toBe(0);
  return { dir, file, ids: JSON.parse(readFileSync(file, "utf8")).runs.map((x: { id: string }) => x.id) };
}

describe("sweep run, edge cases", () => {
  it("a result written before exit 1 fails the run, also when the launcher was killed while it ran", async () => {
    const { file } = await spec();
    const command = `echo '{"loss": 3.0}' > {out}; sleep 0.6; exit 1`;
    const child = spawn(process.execPath, [BIN, "sweep", "run", file, "--command", command], { stdio: "ignore" });
    const exited = new Promise((res) => child.once("exit", res)); // listened for before the kill, in case it has ended
    await new Promise((res) => setTimeout(res, 300));
    child.kill("SIGKILL");
    await exited;
    const r = await scalecast(["sweep", "run", file, "--command", command, "--json"]);
    expect(r.status).toBe(EXIT.notConverged);
    const doc = JSON.parse(r.stdout);
    expect(doc.counts).toMatchObject({ done: 0, failed: 2 });
    for (const run of doc.runs) expect(run.failures[0].reason).toBe("exit status 1");
    expect(readFileSync(doc.results, "utf8").trim().split("\n")).toHaveLength(1); // the header alone
  }, 60_000);

  it("an attempt a killed launcher started but never journaled, whose result was written before its exit 1, is failed, not done", async () => {
    // the state a kill between spawning run-one.sh and journaling it leaves once the command has ended: the attempt's
    // folder claimed, its exit file saying 1, the result file it wrote first, and no "submitted" line in the journal
    const { dir, file, ids } = await spec();
    const runs = join(dir, "spec.runs");
    for (const id of ids) {
      mkdirSync(join(runs, id, "attempt-1", "claim"), { recursive: true });
      writeFileSync(join(runs, id, "attempt-1", "exit"), "1\n");
      writeFileSync(join(runs, id, "result.json"), '{"loss": 3.0}\n');
    }
    const r = await scalecast(["sweep", "run", file, "--command", "exit 1 {out}", "--json"]);
    expect(r.status, r.stderr).toBe(EXIT.notConverged);
    const doc = JSON.parse(r.stdout);
    expect(doc.counts).toMatchObject({ done: 0, failed: 2 }); // before the fix: done 2, the results taken as they stood
    for (const run of doc.runs) expect(run.failures[0]).toMatchObject({ attempt: 1, reason: "exit status 1" });
  }, 60_000);

  it("a claim left without its pid (its run-one.sh died at once) is taken for dead after the grace, and the run goes again", async () => {
    const { dir, file, ids } = await spec();
    const runs = join(dir, "spec.runs");
    mkdirSync(join(runs, ids[0], "attempt-1", "claim"), { recursive: true });
    const old = new Date(Date.now() - 120_000);
    utimesSync(join(runs, ids[0], "attempt-1", "claim"), old, old);
    writeFileSync(join(runs, "journal.jsonl"), JSON.stringify({ event: "submitted", t: old.toISOString(), id: ids[0], attempt: 1, executor: "local", log: join(runs, ids[0], "attempt-1", "log.txt"), pid: 999999 }) + "\n");
    const r = await scalecast(["sweep", "run", file, "--command", `node ${TOY} {id} {params} {tokens} {out} --sleep 1`, "--retries", "1", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const first = JSON.parse(r.stdout).runs.find((x: { id: string }) => x.id === ids[0]);
    expect(first).toMatchObject({ phase: "done", attempts: 2 });
    expect(first.failures[0].reason).toMatch(/ended without an exit status/);
  }, 60_000);

  it("one launcher per spec: a second one is refused naming the first; result fields named like spec columns are kept apart; ${HOME} is the shell's", async () => {
    const { file } = await spec();
    const slow = spawn(process.execPath, [BIN, "sweep", "run", file, "--command", `node ${TOY} {id} {params} {tokens} {out} --sleep 3000`], { stdio: "ignore" });
    // wait for its lock, not for a fixed time: a busy machine starts it late
    const lock = join(file.replace(/\.json$/, ".runs"), "launcher.pid");
    for (let waited = 0; !existsSync(lock) && waited < 20_000; waited += 50) await new Promise((res) => setTimeout(res, 50));
    const second = await scalecast(["sweep", "run", file, "--command", `node ${TOY} {id} {params} {tokens} {out}`]);
    expect(second.status).toBe(EXIT.input);
    expect(second.stderr).toMatch(new RegExp(`another sweep run \\(pid ${slow.pid}\\) is running this spec`));
    await new Promise((res) => slow.once("exit", res));
    const { file: f2 } = await spec();
    const r = await scalecast(["sweep", "run", f2, "--command", `test -n "\${HOME}" && echo '{"loss": 3.1, "lr": 0.5, "params": 7, "a,b": 1}' > {out}`, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const [head, row] = readFileSync(JSON.parse(r.stdout).results, "utf8").trim().split("\n");
    expect(head).toBe('id,budget_flops,params,tokens,flops,layers,d_model,lr,"a,b",loss,result_lr,result_params');
    expect(row.split(",").slice(-4)).toEqual(["1", "3.1", "0.5", "7"]);
  }, 60_000);

  it("refuses a spec whose run id would leave the runs folder, a journal line edited by hand, and a runs folder that is a file (exit 1, no stack)", async () => {
    const { dir, file } = await spec();
    const doc = JSON.parse(readFileSync(file, "utf8"));
    doc.runs[0].id = "..";
    writeFileSync(join(dir, "dots.json"), JSON.stringify(doc));
    const dots = await scalecast(["sweep", "run", join(dir, "dots.json"), "--command", "true {out}"]);
    expect(dots.status).toBe(EXIT.input);
    expect(dots.stderr).toMatch(/runs\.0\.id: a run id starts with a letter or digit/);
    mkdirSync(join(dir, "spec.runs"));
    writeFileSync(join(dir, "spec.runs", "journal.jsonl"), JSON.stringify({ event: "done", t: "x", id: doc.runs[1].id, attempt: 1 }) + "\n");
    const edited = await scalecast(["sweep", "status", file]);
    expect(edited.status).toBe(EXIT.input);
    expect(edited.stderr).toMatch(/journal\.jsonl line 1: not a journal event \(done without its result\)/);
    const other = join(dir, "other.json");
    writeFileSync(other, readFileSync(file, "utf8"));
    writeFileSync(join(dir, "other.runs"), "a file where the runs folder goes");
    const asFile = await scalecast(["sweep", "run", other, "--command", "true {out}"]);
    expect(asFile.status).toBe(EXIT.input);
    expect(asFile.stderr).toMatch(/other\.runs exists and is not a folder/);
  }, 60_000);
});
