// Issue 16, item 3: right-sizing for a task. `plan --target-metric NAME=VALUE` with a chained fit (a loss law and a
// downstream map) returns the smallest compute-optimal model whose chained forecast reaches the target, and refuses a
// target beyond the map's reach with target-beyond-ceiling.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/run.js";
import { DOCUMENT_SCHEMAS } from "../../src/core/schemas.js";
import { scalecast } from "./run.js";

let dir: string, lossFile: string, accFile: string;
// noise-free synthetic ladder: Hoffmann et al.'s rounded law (E 1.69, A 406.4, B 410.7, α 0.34, β 0.28) for the loss, and a
// sigmoid of the loss for the accuracy (floor 0.25, span 0.6, k 4, L0 2.6; as test/cli/predict.test.ts)
const loss = (N: number, D: number) => 1.69 + 406.4 / N ** 0.34 + 410.7 / D ** 0.28;
const accuracy = (L: number) => 0.25 + 0.6 / (1 + Math.exp(4 * (L - 2.6)));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "scalecast-target-metric-"));
  const rows = ["N,D,loss,accuracy"];
  for (const N of [1e7, 3e7, 1e8, 3e8, 1e9]) for (const tpp of [5, 20, 80]) { const D = N * tpp, L = loss(N, D); rows.push(`${N},${D},${L},${accuracy(L)}`); }
  const csv = join(dir, "acc.csv");
  writeFileSync(csv, rows.join("\n") + "\n");
  lossFile = join(dir, "loss.json"); accFile = join(dir, "acc.json");
  expect((await scalecast(["fit", csv, "--out", lossFile])).status).toBe(0);
  expect((await scalecast(["fit", csv, "--law", "downstream-sigmoid", "--metric-col", "accuracy", "--out", accFile])).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const planJson = async (args: string[]) => {
  const r = await scalecast(["plan", "--fit", lossFile, "--metric-fit", accFile, ...args, "--json"]);
  expect(r.status, r.stderr).toBe(0);
  const d = JSON.parse(r.stdout);
  expect(DOCUMENT_SCHEMAS.plan.safeParse(d).error).toBeUndefined();
  return d;
};
const chained = async (at: string) => {
  const r = await scalecast(["predict", accFile, "--loss-fit", lossFile, "--at", at, "--json"]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout).points[0].predicted as number;
};

describe("plan --target-metric", () => {
  it("accuracy=0.7: the chained forecast at the planned N*, D* is 0.7 to 1e-6, and 1% less compute falls short", async () => {
    const d = await planJson(["--target-metric", "accuracy=0.7"]);
    expect(d.budget.from).toBe("target-metric");
    const { params, tokens, flops } = d.allocation;
    expect(Math.abs((await chained(`params=${params},tokens=${tokens}`)) - 0.7)).toBeLessThan(1e-6);
    expect(Math.abs(d.targetMetric.metricAtPlan - 0.7)).toBeLessThan(1e-6);
    // the smallest: the compute-optimal model of 1% less compute does not reach it
    expect(await chained(`flops=${0.99 * flops}`)).toBeLessThan(0.7);
    // the loss the map needs, by the sigmoid's inverse with the fitted (here exact) constants: L0 + ln(span/(a − floor) − 1)/k
    expect(d.targetMetric.loss).toBeCloseTo(2.6 + Math.log(0.6 / (0.7 - 0.25) - 1) / 4, 3);
    expect(d.targetMetric.direction).toBe("higher-is-better");
    expect(d.targetMetric.ceiling).toBeCloseTo(0.85, 3);
  });

  it("with --inference-tokens: the lifetime-cheapest model reaching the same metric is smaller and reaches 0.7 too (1e-6)", async () => {
    const d = await planJson(["--target-metric", "accuracy=0.7", "--inference-tokens", "1e13"]);
    const ia = d.inferenceAware;
    expect(ia.params).toBeLessThan(d.allocation.params);
    expect(Math.abs((await chained(`params=${ia.params},tokens=${ia.tokens}`)) - 0.7)).toBeLessThan(1e-6);
  });

  it("a target above the map's ceiling (0.9 > floor + span = 0.85) is refused: exit 1, target-beyond-ceiling", async () => {
    const r = await scalecast(["plan", "--fit", lossFile, "--metric-fit", accFile, "--target-metric", "accuracy=0.9", "--json"]);
    expect(r.status).toBe(EXIT.input);
    expect(JSON.parse(r.stdout).error.code).toBe("target-beyond-ceiling");
  });

  it("a target under the ceiling but past the loss law's floor (0.84: the map gives 0.8346 at E = 1.69) is refused the same way", async () => {
    expect(accuracy(1.69)).toBeLessThan(0.84);
    const r = await scalecast(["plan", "--fit", lossFile, "--metric-fit", accFile, "--target-metric", "accuracy=0.84"]);
    expect(r.status).toBe(EXIT.input);
    expect(r.stderr).toMatch(/needs a loss of .* nats under the map, and .*irreducible.*\[target-beyond-ceiling\]/);
  });

  it("a metric name the fit does not map, a missing --metric-fit, a loss fit as the map and a chance-level target are refused", async () => {
    const wrongName = await scalecast(["plan", "--fit", lossFile, "--metric-fit", accFile, "--target-metric", "hellaswag=0.7"]);
    expect(wrongName.status).toBe(EXIT.options);
    expect(wrongName.stderr).toMatch(/names "hellaswag" but .* maps loss to "accuracy"/);
    const noMap = await scalecast(["plan", "--fit", lossFile, "--target-metric", "accuracy=0.7"]);
    expect(noMap.status).toBe(EXIT.options);
    const lossAsMap = await scalecast(["plan", "--fit", lossFile, "--metric-fit", lossFile, "--target-metric", "accuracy=0.7"]);
    expect(lossAsMap.status).toBe(EXIT.options);
    const chance = await scalecast(["plan", "--fit", lossFile, "--metric-fit", accFile, "--target-metric", "accuracy=0.2"]);
    expect(chance.status).toBe(EXIT.input);
    expect(chance.stderr).toMatch(/every model meets it/);
    const both = await scalecast(["plan", "--fit", lossFile, "--metric-fit", accFile, "--target-metric", "accuracy=0.7", "--target-loss", "2.3"]);
    expect(both.status).toBe(EXIT.options);
    const bad = await scalecast(["plan", "--fit", lossFile, "--metric-fit", accFile, "--target-metric", "accuracy=lots"]);
    expect(bad.status).toBe(EXIT.options);
  });

  it("an error map (downstream-exp, defined only above the loss where the error reaches 0): error=0.5 is planned, the chained error there is 0.5 (1e-6)", async () => {
    // Err(L) = 0.9 − 2.5·e^(−0.8L) on the same ladder (Gadre et al.'s form; it reaches 0 at L = ln(2.5/0.9)/0.8 = 1.277 nats)
    const rows = ["N,D,loss,error"];
    for (const N of [1e7, 3e7, 1e8, 3e8, 1e9]) for (const tpp of [5, 20, 80]) { const D = N * tpp, L = loss(N, D); rows.push(`${N},${D},${L},${0.9 - 2.5 * Math.exp(-0.8 * L)}`); }
    const csv = join(dir, "err.csv"), errFile = join(dir, "err.json");
    writeFileSync(csv, rows.join("\n") + "\n");
    expect((await scalecast(["fit", csv, "--law", "downstream-exp", "--metric-col", "error", "--out", errFile])).status).toBe(0);
    const r = await scalecast(["plan", "--fit", lossFile, "--metric-fit", errFile, "--target-metric", "error=0.5", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.targetMetric.direction).toBe("lower-is-better");
    expect(d.targetMetric.loss).toBeCloseTo(Math.log(2.5 / 0.4) / 0.8, 3); // 0.9 − 2.5·e^(−0.8L) = 0.5
    const p = await scalecast(["predict", errFile, "--loss-fit", lossFile, "--at", `params=${d.allocation.params},tokens=${d.allocation.tokens}`, "--json"]);
    expect(Math.abs(JSON.parse(p.stdout).points[0].predicted - 0.5)).toBeLessThan(1e-6);
    // an error of 0 is the map's best value, reached only at its edge: beyond it
    const zero = await scalecast(["plan", "--fit", lossFile, "--metric-fit", errFile, "--target-metric", "error=0", "--json"]);
    expect(zero.status).toBe(EXIT.input);
    expect(JSON.parse(zero.stdout).error.code).toBe("target-beyond-ceiling");
  });

  it("a published loss law chained with the user's map says that the two belong to different setups", async () => {
    const r = await scalecast(["plan", "--published", "hoffmann-2022", "--metric-fit", accFile, "--target-metric", "accuracy=0.7", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).notes.some((n: string) => n.includes("[constants-belong-to-setup]"))).toBe(true);
    const own = await planJson(["--target-metric", "accuracy=0.7"]);
    expect(own.notes.some((n: string) => n.includes("constants-belong-to-setup"))).toBe(false);
  });

  it("with noisy, bootstrapped fits the right-sized model has a 95% interval around it (paired resamples)", async () => {
    // the same ladder with ln-normal noise (σ 0.01 on the loss, 0.02 on the accuracy), from a fixed LCG so the test is reproducible
    let s = 16;
    const u = () => ((s = (1664525 * s + 1013904223) >>> 0) + 0.5) / 2 ** 32;
    const gauss = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    const rows = ["N,D,loss,accuracy"];
    for (const N of [1e7, 2e7, 5e7, 1e8, 2e8, 5e8, 1e9]) for (const tpp of [5, 10, 20, 40, 80]) {
      const D = N * tpp, L = loss(N, D) * Math.exp(0.01 * gauss());
      rows.push(`${N},${D},${L},${accuracy(L) * Math.exp(0.02 * gauss())}`);
    }
    const csv = join(dir, "noisy.csv"), lf = join(dir, "noisy-loss.json"), af = join(dir, "noisy-acc.json");
    writeFileSync(csv, rows.join("\n") + "\n");
    expect((await scalecast(["fit", csv, "--bootstrap", "200", "--out", lf])).status).toBe(0);
    expect((await scalecast(["fit", csv, "--law", "downstream-sigmoid", "--metric-col", "accuracy", "--bootstrap", "200", "--out", af])).status).toBe(0);
    const r = await scalecast(["plan", "--fit", lf, "--metric-fit", af, "--target-metric", "accuracy=0.7", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout), iv = d.targetMetric.intervals;
    expect(DOCUMENT_SCHEMAS.plan.safeParse(d).error).toBeUndefined();
    expect(iv.varied).toEqual(["loss law", "downstream map"]);
    expect(iv.resamples + iv.dropped).toBe(200);
    expect(iv.params[0]).toBeLessThan(d.allocation.params);
    expect(iv.params[1]).toBeGreaterThan(d.allocation.params);
    expect(iv.flops[1] / iv.flops[0]).toBeGreaterThan(1.01);
  });
});
