// `scalecast curve fit` and `curve predict` (issue 15, items 1 and 3): Luo et al.'s three 400M training curves in one
// table with a schedule spec per run, fitted with the momentum law; the prediction for the held-out linear-decay WSD
// schedule equals the law evaluated directly with the fitted parameters; bad input is refused naming run, line and
// step (steps out of order, no schedule, a logged rate the schedule does not give, a curve too short, a bad spec).
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { momentumPredict, type MomentumParams } from "../../src/core/curves/momentumLaw.js";
import { prepareSchedule } from "../../src/core/curves/multipower.js";
import { parseScheduleSpec, scheduleSteps } from "../../src/core/curves/schedule.js";
import { DOCUMENT_SCHEMAS } from "../../src/core/schemas.js";
import { FIT, MULTIPOWER_DIR, readCurve, SPECS } from "../support/multipowerData.js";
import { scalecast } from "./run.js";

const DIR = MULTIPOWER_DIR;
const dir = mkdtempSync(join(tmpdir(), "scalecast-curve-"));
const C = "peak=3e-4,warmup=2160";
/** Luo et al.'s three training schedules (cosine_24000, constant_24000, wsdcon_9), as --schedule options. */
const schedules = FIT.flatMap((run) => ["--schedule", `${run}=${SPECS[run]}`]);

describe.skipIf(!DIR && process.env.CI !== "true")("scalecast curve", () => {
  const table = join(dir, "curves.csv");
  const write = () => {
    const rows = ["run,step,lr,loss", ...FIT.flatMap((run) => readCurve("400", run).lines.map((l) => `${run},${l}`))];
    writeFileSync(table, rows.join("\n") + "\n");
    return rows;
  };

  it("fits the momentum law to three curves with their schedules and predicts an unseen schedule as the law gives it", async () => {
    write();
    const fitFile = join(dir, "fit.json");
    const r = await scalecast(["curve", "fit", table, "--law", "momentum", ...schedules, "--out", fitFile, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(DOCUMENT_SCHEMAS["curve fit"].safeParse(doc).success).toBe(true);
    expect(doc.curves.map((c: { run: string; points: number }) => [c.run, c.points])).toEqual([["cosine_24000", 171], ["constant_24000", 171], ["wsdcon_9", 109]]);
    for (const c of doc.curves) expect(c.r2).toBeGreaterThan(0.99);
    const spec = `wsd:steps=24000,${C},final=3e-5,decay-start=20000,shape=linear`;
    const p = await scalecast(["curve", "predict", fitFile, "--schedule", spec, "--json"]);
    expect(p.status, p.stderr).toBe(0);
    const pred = JSON.parse(p.stdout);
    expect(DOCUMENT_SCHEMAS["curve predict"].safeParse(pred).success).toBe(true);
    const out = new Float64Array(1);
    momentumPredict(doc.params as MomentumParams, prepareSchedule(scheduleSteps(parseScheduleSpec(spec))), [23999], out);
    expect(pred.final).toEqual({ step: 23999, loss: out[0] });
    // and it is near the held-out run's last logged loss (2.7251 at step 23936)
    expect(Math.abs(pred.final.loss - 2.7251)).toBeLessThan(0.03);
  });

  it("--bootstrap refits resamples of whole runs, and curve predict gives percentile 95% intervals from them", async () => {
    write();
    const fitFile = join(dir, "fitb.json");
    const r = await scalecast(["curve", "fit", table, "--law", "momentum", ...schedules, "--bootstrap", "30", "--out", fitFile]);
    expect(r.status, r.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(fitFile, "utf8"));
    expect(DOCUMENT_SCHEMAS["curve fit"].safeParse(saved).success).toBe(true);
    expect(saved.bootstrap).toMatchObject({ unit: "run", runs: 3, resamples: 30, seed: 42 });
    expect(saved.bootstrap.params).toHaveLength(30);
    const p = await scalecast(["curve", "predict", fitFile, "--schedule", `wsd:steps=24000,${C},final=3e-5,decay-start=20000,shape=linear`, "--json"]);
    const pred = JSON.parse(p.stdout);
    expect(DOCUMENT_SCHEMAS["curve predict"].safeParse(pred).success).toBe(true);
    const [lo, hi] = pred.final.ci95;
    expect(lo).toBeLessThan(hi);
    expect(lo).toBeLessThanOrEqual(pred.final.loss);
    expect(pred.final.loss).toBeLessThanOrEqual(hi);
    expect(pred.intervals).toMatch(/^percentile 95% over 30 refits of whole runs resampled \(3 runs; seed 42\)/);
  });

  it("report --curve-fit adds a Loss curves section with the fit's numbers, and its two figures with every logged point", async () => {
    write();
    const fitFile = join(dir, "forreport.json"), html = join(dir, "report.html");
    expect((await scalecast(["curve", "fit", table, "--law", "momentum", ...schedules, "--out", fitFile])).status).toBe(0);
    const r = await scalecast(["report", "--example", "--bootstrap", "20", "--curve-fit", fitFile, "-o", html]);
    expect(r.status, r.stderr).toBe(0);
    const page = readFileSync(html, "utf8"), fit = JSON.parse(readFileSync(fitFile, "utf8"));
    const section = page.slice(page.indexOf('<section id="curves">'), page.indexOf("</section>", page.indexOf('<section id="curves">')));
    expect(section).toContain("Tissue");
    for (const c of fit.curves) expect(section).toContain(`<td>${c.run}</td><td>${c.schedule}</td><td>${c.points}</td>`);
    expect(page).toMatch(/id="fig-curves" data-figure="curves" data-expected-points="451" data-expected-lines="3"/);
    expect(page).toMatch(/id="fig-curve-residuals" data-figure="curve-residuals" data-expected-points="451"/);
  });

  it("curve optimize on a bootstrapped fit gives the optimum's percentile interval over the refits", async () => {
    write();
    const fitFile = join(dir, "fitopt.json");
    expect((await scalecast(["curve", "fit", table, "--law", "momentum", ...schedules, "--bootstrap", "8", "--out", fitFile])).status).toBe(0);
    const r = await scalecast(["curve", "optimize", fitFile, "--steps", "24000", "--peak", "3e-4", "--final", "3e-5", "--warmup", "2160", "--family", "wsd", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(DOCUMENT_SCHEMAS["curve optimize"].safeParse(doc).success).toBe(true);
    expect(doc.interval.refits).toBe(8);
    expect(doc.interval.value[0]).toBeLessThanOrEqual(doc.interval.value[1]);
    expect(doc.interval.method).toMatch(/^percentile 95% over the 8 refits of whole runs/);
  }, 60_000);

  it("--figure and --residuals-figure draw each run's points and predicted line, and every residual", async () => {
    write();
    const fig = join(dir, "curves.svg"), res = join(dir, "residuals.svg");
    const r = await scalecast(["curve", "fit", table, "--law", "momentum", ...schedules, "--figure", fig, "--residuals-figure", res]);
    expect(r.status, r.stderr).toBe(0);
    const count = (svg: string, mark: string) => [...svg.matchAll(new RegExp(`<g class="mark-${mark} role-mark[^"]*"[^>]*>(.*?)</g>`, "gs"))].reduce((n, m) => n + (m[1].match(/<path\b/g) ?? []).length, 0);
    const f = readFileSync(fig, "utf8"), g = readFileSync(res, "utf8");
    expect(count(f, "symbol")).toBe(171 + 171 + 109); // every logged point of the three runs
    expect(count(f, "line")).toBe(3);
    expect(count(g, "symbol")).toBe(171 + 171 + 109);
    expect(g).toContain("Residuals against step");
  });

  it("refuses steps out of order, a run without a schedule, a rate its schedule does not give, a short curve and a bad spec, by name", async () => {
    const rows = write();
    const bad = (name: string, lines: string[]) => { const f = join(dir, name); writeFileSync(f, lines.join("\n") + "\n"); return f; };
    const swapped = [...rows]; [swapped[5], swapped[6]] = [swapped[6], swapped[5]];
    const cases: Array<[string[], RegExp]> = [
      [[bad("order.csv", swapped), ...schedules], /line 7: run "cosine_24000"'s steps are not in increasing order \(step 2672 after 2800 on line 6\)/],
      [[table, ...schedules.slice(0, 4)], /run "wsdcon_9" has no schedule: a curve law needs the learning rate at every step/],
      [[table, ...schedules.slice(0, 4), "--schedule", `wsdcon_9=multistep:steps=16000,${C},at=8000:3e-5`], /line \d+: run "wsdcon_9" logged learning rate 0\.00009 at step 8000, but its schedule .* gives 0\.00003/],
      [[bad("short.csv", [rows[0], ...rows.slice(1, 3)]), "--schedule", `cosine_24000=${SPECS.cosine_24000}`], /run "cosine_24000" has 2 points; a curve needs at least 3/],
      [[table, ...schedules.slice(0, 4), "--schedule", `wsdcon_9=multistep:steps=16000,${C},at=8000:9e-5,decay=2`], /unknown field "decay" for multistep/],
    ];
    for (const [args, message] of cases) {
      const r = await scalecast(["curve", "fit", ...args, "--law", "momentum"]);
      expect(r.status, args.join(" ")).not.toBe(0);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe("scalecast curve optimize", () => {
  // a synthetic fit: known multi-power parameters (Luo et al.'s published 400M values), saved as curve fit writes one
  const known = { L0: 2.37474466, A: 0.65421216, alpha: 0.42878731, B: 523.42464371, C: 2.02462735, beta: 0.59350493, gamma: 0.63472457 };
  const fitFile = join(dir, "known.json");
  writeFileSync(fitFile, JSON.stringify({ tool: "scalecast", version: "0.1.0", command: "curve fit", argv: [], law: { id: "multipower", title: "multi-power law (known parameters)", formula: "", citation: "" }, params: known }));
  const base = ["--steps", "24000", "--peak", "3e-4", "--final", "3e-5", "--warmup", "2160"];

  it("--family wsd returns the decay fraction a brute-force scan of the known law finds, within the search tolerance", async () => {
    const r = await scalecast(["curve", "optimize", fitFile, ...base, "--family", "wsd", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(DOCUMENT_SCHEMAS["curve optimize"].safeParse(doc).success).toBe(true);
    const { multiPowerPredict } = await import("../../src/core/curves/multipower.js");
    const final = (f: number) => multiPowerPredict(known, prepareSchedule(scheduleSteps(parseScheduleSpec(`wsd:steps=24000,${C},final=3e-5,decay-start=${Math.floor(24000 * (1 - f))},shape=linear`))), [23999])[0];
    let best = 0, bestLoss = Infinity;
    for (let i = 10; i <= 900; i++) { const l = final(i / 1000); if (l < bestLoss) { bestLoss = l; best = i / 1000; } }
    // the scan's cell is 0.001 and the search's tolerance 1e-4: they agree to within both
    expect(Math.abs(doc.value - best)).toBeLessThanOrEqual(0.001 + 1e-4);
    expect(doc.finalLoss).toBeLessThanOrEqual(bestLoss + 1e-9);
    expect(doc.gainOverCosine).toBeCloseTo(doc.cosine.finalLoss - doc.finalLoss, 12);
    expect(doc.gainOverCosine).toBeGreaterThan(0);
  });

  it("--family free finds a monotone step schedule no worse than the best wsd", async () => {
    const [free, wsd] = await Promise.all([
      scalecast(["curve", "optimize", fitFile, ...base, "--family", "free", "--json"]),
      scalecast(["curve", "optimize", fitFile, ...base, "--family", "wsd", "--json"]),
    ]);
    expect(free.status, free.stderr).toBe(0);
    const f = JSON.parse(free.stdout), w = JSON.parse(wsd.stdout);
    const rates = (f.spec as string).split("at=")[1].split(";").map((p: string) => Number(p.split(":")[1]));
    rates.forEach((v: number, i: number) => { if (i > 0) expect(v).toBeLessThanOrEqual(rates[i - 1]); expect(v).toBeGreaterThanOrEqual(3e-5); });
    expect(f.finalLoss).toBeLessThanOrEqual(w.finalLoss + 1e-6);
  });
});

describe("curve fit from a W&B run history", () => {
  it("reads a history export (_step, train/loss, lr) as it reads the same curve as a plain table: the same fit", async () => {
    // one cosine run of 6,000 steps (warmup 300), logged every 60 steps, its loss the momentum law's with a fixed ±0.3% wobble
    const spec = "cosine:steps=6000,peak=1e-3,final=1e-4,warmup=300";
    const eta = scheduleSteps(parseScheduleSpec(spec)), sched = prepareSchedule(eta);
    const steps = Array.from({ length: 94 }, (_, i) => 360 + 60 * i);
    const loss = new Float64Array(steps.length);
    momentumPredict({ L0: 2.5, A: 0.6, alpha: 0.5, C: 0.8, decay: 2e-3 }, sched, steps, loss);
    const wobble = (i: number) => 1 + 0.003 * Math.sin(12.9898 * (i + 1));
    const history = join(dir, "history.csv"), plain = join(dir, "plain.csv");
    writeFileSync(history, [",_step,_runtime,_timestamp,train/loss,lr", ...steps.map((s, i) => `${i},${s},${s / 10},${1.7e9 + s},${loss[i] * wobble(i)},${eta[s]}`)].join("\n") + "\n");
    writeFileSync(plain, ["step,lr,loss", ...steps.map((s, i) => `${s},${eta[s]},${loss[i] * wobble(i)}`)].join("\n") + "\n");
    const [h, p] = await Promise.all([history, plain].map((f) => scalecast(["curve", "fit", f, "--law", "momentum", "--schedule", spec, "--json"])));
    expect(h.status, h.stderr).toBe(0);
    expect(p.status, p.stderr).toBe(0);
    const hd = JSON.parse(h.stdout), pd = JSON.parse(p.stdout);
    expect(hd.data.notes.join(" ")).not.toBe(""); // the reader says how it read the export
    expect(hd.curves[0].points).toBe(94);
    expect(hd.params).toEqual(pd.params);
    expect(hd.curves[0].r2).toBeGreaterThan(0.99);
  });
});
