import { describe, expect, it } from "vitest";
import { fitDataFor } from "../../../src/core/fit/data.js";
import { fitLaw } from "../../../src/core/fit/fitLaw.js";
import { brokenPowerLaw } from "../../../src/core/laws/brokenPower.js";
import { predictLoss } from "../../../src/core/laws/transform.js";
import { createRng } from "../../../src/core/stats/rng.js";

const law = brokenPowerLaw("flops", 1);
const TRUTH = { a: 1.5, b: 5, c0: 0.05, c1: 0.3, d1: 1e20, f1: 0.3 };
function sim(seed: number, noise: number) {
  const rng = createRng(seed);
  const flops = Array.from({ length: 41 }, (_, i) => 1e16 * 10 ** (i / 5));
  const clean = predictLoss(law, TRUTH, flops.map((f) => ({ flops: f })));
  return flops.map((f, i) => ({ flops: f, lossNats: clean[i] * Math.exp(noise * rng.normal()) }));
}
describe("explore", () => {
  it("noise", () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const t0 = performance.now();
      const fit = fitLaw(law, fitDataFor(law, sim(seed, 0.005)));
      console.log(seed, (performance.now() - t0).toFixed(0), "ms", JSON.stringify(fit.params), fit.optimizer.startsRun, fit.optimizer.startsAtBest, fit.optimizer.status, fit.params.d1 / 1e20 - 1);
    }
    const t0 = performance.now();
    const fit = fitLaw(law, fitDataFor(law, sim(1, 0)));
    console.log("clean", (performance.now() - t0).toFixed(0), "ms", JSON.stringify(fit.params), fit.optimizer.startsRun, fit.optimizer.status, fit.objective.value);
  });
});
