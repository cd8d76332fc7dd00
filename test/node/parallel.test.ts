// The multi-threaded fit and bootstrap give the same results as the single-threaded core.
// Worker threads load compiled JavaScript, so this test uses dist/ (npm test builds it first).
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { exampleSweep } from "../../src/core/fit/exampleSweep.js";
import { CHINCHILLA_CSV, chinchillaData } from "../support/sharedData.js";

const DIST = new URL("../../dist/node/parallel.js", import.meta.url);
const built = existsSync(DIST);
if (!built) console.warn("SKIPPED: dist/ is not built (run npm test, which builds first)");

describe.skipIf(!built)("parallel fitting", async () => {
  const par = await import(DIST.href) as typeof import("../../src/node/parallel.js");
  const core = await import(new URL("../../dist/core/index.js", import.meta.url).href) as typeof import("../../src/core/index.js");

  it("fitLawParallel(exhaustive, 2 threads) equals fitLaw(exhaustive) on simulated data", async () => {
    const data = core.fitDataFor(core.chinchilla, exampleSweep({ seed: 8 }));
    const one = core.fitLaw(core.chinchilla, data, { strategy: "exhaustive" });
    const two = await par.fitLawParallel(core.chinchilla, {}, data, { strategy: "exhaustive", threads: 2 });
    expect(two.threads).toBe(2);
    expect(two.optimizer.startsRun).toBe(4500);
    expect(two.optimizer.startsAtBest).toBe(one.optimizer.startsAtBest);
    expect(two.objective.value).toBe(one.objective.value);
    expect(Array.from(two.theta)).toEqual(Array.from(one.theta));
  });

  it.skipIf(!CHINCHILLA_CSV)("bootstrapParallel with 1, 2 and 3 threads gives identical resamples", async () => {
    const data = chinchillaData(core.chinchilla);
    const fit = core.fitLaw(core.chinchilla, data);
    const spec = { law: core.chinchilla, objective: "huber" as const, delta: 1e-3, theta: fit.theta, seed: 3, budgetFlops: 5.76e23, corrections: fit.corrections };
    const runs = await Promise.all([1, 2, 3].map((threads) => par.bootstrapParallel(spec, {}, data, 300, { threads })));
    expect(runs.map((r) => r.threads)).toEqual([1, 2, 3]);
    expect(runs[1].results).toEqual(runs[0].results);
    expect(runs[2].results).toEqual(runs[0].results);
  });

  it("the persistent workers survive a failed job: it is refused with its reason, and the next job runs on them", async () => {
    const pool = await import(new URL("../../dist/node/workerPool.js", import.meta.url).href) as typeof import("../../src/node/workerPool.js");
    const data = core.fitDataFor(core.chinchilla, exampleSweep({ seed: 8 }));
    const bad = { kind: "survey" as const, lawId: "no-such-law", lawOptions: {}, data, delta: 1e-3, starts: [[1, 1, 0, 0.3, 0.3]] };
    await expect(pool.runChunked(bad, 4, { threads: 2, chunkSize: 1 })).rejects.toThrow(/no-such-law/);
    const fit = core.fitLaw(core.chinchilla, data, { strategy: "exhaustive", starts: [[6, 6, 0.5, 0.3, 0.3], [5, 7, 0.4, 0.4, 0.3]] });
    const good = await par.fitLawParallel(core.chinchilla, {}, data, { strategy: "exhaustive", threads: 2, starts: [[6, 6, 0.5, 0.3, 0.3], [5, 7, 0.4, 0.4, 0.3]] });
    expect(good.threads).toBe(2);
    expect(good.objective.value).toBe(fit.objective.value);
  });
});
