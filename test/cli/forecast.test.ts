// `scalecast forecast register` and `forecast verify` (issue 12, item 2): a sealed, hash-chained record per forecast;
// verify names the first bad record; a broken ledger is never appended to.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/run.js";
import { TOOL } from "../../src/core/version.js";
import { scalecast } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-forecast-"));
const ledger = join(dir, "forecasts.jsonl");
const register = (extra: string[]) => scalecast(["forecast", "register", "--example", "--bootstrap", "50", "--ledger", ledger, ...extra]);

describe("scalecast forecast", () => {
  beforeAll(async () => {
    expect((await register(["--at", "params=7e10,tokens=1.4e12", "--note", "Chinchilla-sized", "--commit", "abc123"])).status).toBe(0);
    expect((await register(["--at", "params=7e9,tokens=2e12", "--at", "flops=1e24,params=1e10,tokens=1.6e13"])).status).toBe(0);
  });

  it("register appends sealed records chained by hash, with the tool, data hash, assumptions, targets and predictions; verify says the chain is intact", async () => {
    const lines = readFileSync(ledger, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].previous).toBeNull();
    expect(lines[1].previous).toBe(lines[0].hash);
    expect(lines[0]).toMatchObject({ format: 1, tool: { name: "scalecast", version: TOOL.version }, note: "Chinchilla-sized", commit: "abc123", data: { rows: 81 } });
    expect(lines[0].data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(lines[1].data.sha256).toBe(lines[0].data.sha256); // the same runs
    expect(lines[0].assumptions).toMatchObject({ law: { id: "chinchilla" }, objective: { id: "huber", delta: 1e-3 }, seed: 42, bootstrap: 50 });
    expect(lines[1].targets).toHaveLength(2);
    expect(lines[1].predictions[0].pi["0.95"][0]).toBeLessThanOrEqual(lines[1].predictions[0].ci["0.95"][0]);
    expect(lines[0].fit.command).toBe("fit");
    const v = await scalecast(["forecast", "verify", "--ledger", ledger]);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toContain("2 records, every hash and link intact");
  });

  it("an edited, deleted or reordered record makes verify exit 1 naming the first bad line and record; register refuses to append to it and leaves it byte for byte", async () => {
    const good = readFileSync(ledger, "utf8");
    const [a, b] = good.trimEnd().split("\n");
    const cases: Array<[string, string, RegExp]> = [
      ["edited", `${a.replace('"note":"Chinchilla-sized"', '"note":"Chinchilla"')}\n${b}\n`, /line 1 \(record [0-9a-f-]{36}\): its content does not match its hash/],
      ["deleted", `${b}\n`, /line 1 \(record [0-9a-f-]{36}\): the first record names a previous record/],
      ["reordered", `${b}\n${a}\n`, /line 1 \(record [0-9a-f-]{36}\): the first record names a previous record/],
      ["not JSON Lines", `${a}\n{"oops": \n`, /line 2: not a JSON record/],
    ];
    for (const [label, text, message] of cases) {
      const file = join(dir, `${label.replace(/ /g, "-")}.jsonl`);
      writeFileSync(file, text);
      const v = await scalecast(["forecast", "verify", "--ledger", file]);
      expect(v.status, label).toBe(EXIT.input);
      expect(v.stderr, label).toMatch(message);
      const r = await scalecast(["forecast", "register", "--example", "--bootstrap", "20", "--ledger", file, "--at", "params=1e9,tokens=2e10"]);
      expect(r.status, label).toBe(EXIT.input);
      expect(r.stderr, label).toMatch(/nothing was appended/);
      expect(readFileSync(file, "utf8"), label).toBe(text);
    }
  });

  it("verify --head HASH anchors the ledger: records cut from its end leave a valid chain, but not the published hash (exit 1); a malformed head is exit 2", async () => {
    const good = readFileSync(ledger, "utf8");
    const [a, b] = good.trimEnd().split("\n");
    const [first, second] = [JSON.parse(a).hash as string, JSON.parse(b).hash as string];
    // the register line prints the first 12 hex digits of the new record's hash: that prefix is enough
    const anchored = await scalecast(["forecast", "verify", "--ledger", ledger, "--head", second.slice(0, 12)]);
    expect(anchored.status, anchored.stderr).toBe(0);
    expect(anchored.stdout).toMatch(/2 records, every hash and link intact; --head [0-9a-f]{12} is record 2 \([0-9a-f-]{36}\), the last/);
    const earlier = await scalecast(["forecast", "verify", "--ledger", ledger, "--head", first, "--json"]);
    expect(earlier.status, earlier.stderr).toBe(0);
    expect(JSON.parse(earlier.stdout).head).toEqual({ record: 1, id: JSON.parse(a).id, hash: first });
    // cut back to its first record: the chain alone is still valid, which is why the head is published
    const cut = join(dir, "cut.jsonl");
    writeFileSync(cut, `${a}\n`);
    expect((await scalecast(["forecast", "verify", "--ledger", cut])).status).toBe(0);
    const caught = await scalecast(["forecast", "verify", "--ledger", cut, "--head", second.slice(0, 16)]);
    expect(caught.status).toBe(EXIT.input);
    expect(caught.stderr).toMatch(new RegExp(`no record has the hash ${second.slice(0, 16)} \\(the ledger holds 1 record; the last has ${first.slice(0, 12)}…\\): records were removed from its end`));
    // pasted as register prints it, with its ellipsis
    expect((await scalecast(["forecast", "verify", "--ledger", ledger, "--head", `${second.slice(0, 12)}…`])).status).toBe(0);
    for (const bad of ["abc", "zz" + second.slice(2, 14), second + "00"]) {
      const r = await scalecast(["forecast", "verify", "--ledger", ledger, "--head", bad]);
      expect(r.status, bad).toBe(EXIT.options);
      expect(r.stderr, bad).toMatch(/a record hash is 12 to 64 hex digits/);
    }
  });

  it("a target without the law's inputs is refused (exit 1) and the ledger is untouched", async () => {
    const before = readFileSync(ledger, "utf8");
    const r = await register(["--at", "flops=1e24"]);
    expect(r.status).toBe(EXIT.input);
    expect(r.stderr).toMatch(/params is missing/);
    expect(readFileSync(ledger, "utf8")).toBe(before);
  });

  it("score matches the runs that landed to the targets: error, relative error, z-score from the 95% PI, coverage; a target with no run is said (no-actual) and the rest scored", async () => {
    const records = readFileSync(ledger, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    const p = records[0].predictions[0]; // params 7e10, tokens 1.4e12
    const actualLoss = p.predicted * 1.01;
    const results = join(dir, "landed.csv");
    writeFileSync(results, `N,D,loss\n70B,1.4T,${actualLoss}\n1e9,2e10,2.6\n`);
    const r = await scalecast(["forecast", "score", "--ledger", ledger, "--actual", results, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.targets).toHaveLength(3);
    expect(doc.scored).toBe(1);
    const t = doc.targets[0];
    expect(t.actual).toEqual({ value: actualLoss, lines: [2] });
    expect(t.relativeError).toBeCloseTo(0.01, 12);
    const [lo, hi] = p.pi["0.95"];
    expect(t.z).toBeCloseTo(Math.log(1.01) / ((Math.log(hi) - Math.log(lo)) / (2 * 1.959963984540054)), 10);
    expect(t.covered.pi["0.95"]).toBe(actualLoss >= lo && actualLoss <= hi);
    expect(doc.meanAbsoluteRelativeError).toBeCloseTo(0.01, 12);
    expect(doc.warnings.filter((w: { code: string }) => w.code === "no-actual")).toHaveLength(2);
    expect(doc.targets[1].actual).toBeUndefined();
    // calibration: the one scored target, at each interval and level, with its Wilson interval (1 of 1: 0.2065 – 1; 0 of 1: 0 – 0.7935)
    expect(doc.calibration.map((c: { interval: string; nominal: number; n: number }) => [c.interval, c.nominal, c.n])).toEqual([
      ["prediction interval", 0.8, 1], ["prediction interval", 0.95, 1], ["confidence interval", 0.8, 1], ["confidence interval", 0.95, 1],
    ]);
    const c95 = doc.calibration[1];
    expect(c95.covered).toBe(t.covered.pi["0.95"] ? 1 : 0);
    expect(c95.covered ? c95.low : c95.high).toBeCloseTo(c95.covered ? 0.2065493 : 0.7934507, 6); // R: prop.test(1, 1, correct = FALSE)$conf.int
  });

  it("score --figure F.svg draws the calibration figure (a symbol per interval and level, the z-score curve); another extension exits 2 before any work", async () => {
    const results = join(dir, "landed-figure.csv");
    const records = readFileSync(ledger, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    writeFileSync(results, `N,D,loss\n70B,1.4T,${records[0].predictions[0].predicted * 0.99}\n7e9,2e12,${records[1].predictions[0].predicted * 1.02}\n`);
    const svgFile = join(dir, "calibration.svg");
    const r = await scalecast(["forecast", "score", "--ledger", ledger, "--actual", results, "--figure", svgFile]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/95% PI covered \d of 2 \(\d+%; Wilson 95% interval \d+–\d+%\)/);
    expect(r.stdout).toContain(`wrote the calibration figure to ${svgFile}`);
    const svg = readFileSync(svgFile, "utf8");
    const symbols = [...svg.matchAll(/<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/gs)].reduce((n, m) => n + (m[1].match(/<path\b/g) ?? []).length, 0);
    expect(symbols).toBe(4);
    expect(svg).toContain("Forecast calibration");
    const bad = await scalecast(["forecast", "score", "--ledger", ledger, "--actual", results, "--figure", join(dir, "c.pdf")]);
    expect(bad.status).toBe(EXIT.options);
    expect(existsSync(join(dir, "c.pdf"))).toBe(false);
  });

  it("--vary E=1.6,1.69,1.8 fits once per value and keeps the three predictions and their spread in one record; the text shows the spread", async () => {
    const file = join(dir, "vary.jsonl");
    const r = await scalecast(["forecast", "register", "--example", "--bootstrap", "20", "--vary", "E=1.6,1.69,1.8", "--at", "params=7e10,tokens=1.4e12", "--ledger", file]);
    expect(r.status, r.stderr).toBe(0);
    const records = readFileSync(file, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(records).toHaveLength(1);
    const v = records[0].vary;
    expect(v.values).toEqual([1.6, 1.69, 1.8]);
    expect(v.variants.map((x: { params: { E: number } }) => x.params.E)).toEqual([1.6, 1.69, 1.8]);
    const preds = v.variants.map((x: { predictions: Array<{ predicted: number }> }) => x.predictions[0].predicted);
    expect(v.spread[0]).toEqual({ min: Math.min(...preds), max: Math.max(...preds) });
    expect(preds[0]).toBeLessThan(preds[2]); // a higher floor E predicts a higher loss at the same N, D
    expect(records[0].predictions[0].predicted).toBe(preds[0]);
    expect(r.stdout).toContain(`spread ${(v.spread[0].max - v.spread[0].min).toFixed(4)}`);
    const both = await scalecast(["forecast", "register", "--example", "--fix", "E=1.7", "--vary", "E=1.6,1.8", "--at", "params=7e10,tokens=1.4e12", "--ledger", file]);
    expect(both.status).toBe(EXIT.options);
    expect(both.stderr).toMatch(/name the same parameter/);
    const bad = await scalecast(["forecast", "register", "--example", "--vary", "E=1.6", "--at", "params=7e10,tokens=1.4e12", "--ledger", file]);
    expect(bad.status).toBe(EXIT.options);
    expect(bad.stderr).toMatch(/two or more finite values/);
  });

  it("verify --data FILE: the rows, selected again as each record selected them, must hash to the record's data hash — the same rows reordered as JSON do; one changed value does not (exit 1, naming the record)", async () => {
    const rows = [[1e8, 2e9, 3.1], [2e8, 4e9, 2.9], [4e8, 8e9, 2.7], [8e8, 1.6e10, 2.55], [1.6e9, 3.2e10, 2.45], [3.2e9, 6.4e10, 2.37], [6.4e9, 1.28e11, 2.3]];
    const csv = join(dir, "runs.csv"), json = join(dir, "runs.json"), changed = join(dir, "changed.csv"), file = join(dir, "data.jsonl");
    writeFileSync(csv, ["N,D,loss", ...rows.map((r) => r.join(","))].join("\n") + "\n");
    writeFileSync(json, JSON.stringify([...rows].reverse().map(([N, D, loss]) => ({ N, D, loss }))));
    writeFileSync(changed, ["N,D,loss", ...rows.map((r, i) => (i === 4 ? [r[0], r[1], 2.46] : r).join(","))].join("\n") + "\n");
    const r = await scalecast(["forecast", "register", csv, "--fix", "E=1.69", "--bootstrap", "20", "--exclude-highest-loss", "1", "--at", "params=7e10,tokens=1.4e12", "--ledger", file]);
    expect(r.status, r.stderr).toBe(0);
    for (const data of [csv, json]) {
      const v = await scalecast(["forecast", "verify", "--ledger", file, "--data", data]);
      expect(v.status, `${data}: ${v.stderr}`).toBe(0);
      expect(v.stdout).toContain("gives every record's data hash");
    }
    const bad = await scalecast(["forecast", "verify", "--ledger", file, "--data", changed]);
    expect(bad.status).toBe(EXIT.input);
    expect(bad.stderr).toMatch(/line 1 \(record [0-9a-f-]{36}\): the rows of .*changed\.csv, selected as the record selected them \(6 rows\), do not hash to its data hash/);
  });

  it("a target outside the law's domain (a downstream law at a loss of 0.01 nats) is refused (exit 1) and no ledger is written", async () => {
    const table = join(dir, "acc.csv"), file = join(dir, "domain.jsonl");
    writeFileSync(table, "N,D,loss,acc\n1e8,2e9,3.1,0.30\n2e8,4e9,2.9,0.34\n4e8,8e9,2.7,0.40\n8e8,1.6e10,2.55,0.47\n1.6e9,3.2e10,2.45,0.52\n3.2e9,6.4e10,2.37,0.56\n");
    const r = await scalecast(["forecast", "register", table, "--law", "downstream-exp", "--metric-col", "acc", "--bootstrap", "20", "--at", "loss=0.01", "--ledger", file]);
    expect(r.status).toBe(EXIT.input);
    expect(r.stderr).toMatch(/finite prediction|outside the domain/);
    expect(existsSync(file)).toBe(false);
  });
});
