#!/usr/bin/env node
// The multi-power law's speed (issue 15, performance): (1) one prediction of a 10^5-step cosine schedule (warmup 2,160,
// peak 3e-4, final 3e-5; Luo et al.'s 400M parameters) at 1,000 points (every 100th step), at the 764 points a run
// logged every 128 steps would have, and at every step; (2) fitting the law to the three training curves of one size
// (cosine_24000, constant_24000, wsdcon_9 from ../shared/data/multipower; 437 points at 25M and 100M, 451 at 400M) with
// the engine and multiPowerStarts. Median of 5 (predictions) or 3 (fits) after a warm-up.
// Run: `node bench/multipower.bench.mjs` after `npm run build`.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { multiPowerPredictFast, prepareSchedule } from "../dist/core/curves/multipower.js";
import { curvePosition, curveSet, multiPowerLaw, multiPowerStarts } from "../dist/core/curves/multipowerLaw.js";
import { parseScheduleSpec, scheduleSteps } from "../dist/core/curves/schedule.js";
import { fitDataFor } from "../dist/core/fit/data.js";
import { fitLaw } from "../dist/core/fit/fitLaw.js";

const D = new URL("../../shared/data/multipower/", import.meta.url).pathname;
const pub = JSON.parse(readFileSync(`${D}published_params.json`, "utf8")).params_published;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f, reps) => { f(); const t = []; for (let r = 0; r < reps; r++) { const t0 = performance.now(); f(); t.push(performance.now() - t0); } return { medianMs: +median(t).toFixed(1), runsMs: t.map((x) => +x.toFixed(1)) }; };

const C = "peak=3e-4,warmup=2160";
const long = prepareSchedule(scheduleSteps(parseScheduleSpec(`cosine:steps=100000,${C},final=3e-5`)));
const predict = {};
for (const [label, pts] of [["1000 points", Array.from({ length: 1000 }, (_, i) => 99 + 100 * i)], ["764 logged points", Array.from({ length: 764 }, (_, i) => 2160 + 128 * i)], ["every step", Array.from({ length: 100000 - 2160 }, (_, i) => 2160 + i)]]) {
  const out = new Float64Array(pts.length);
  predict[label] = time(() => multiPowerPredictFast(pub["400M"], long, pts, out), label === "every step" ? 1 : 5);
}
// the same prediction from the spec: rebuilding the 10^5 rates, their prefix sums and blocks, then predicting
{
  const spec = parseScheduleSpec(`cosine:steps=100000,${C},final=3e-5`), pts = Array.from({ length: 764 }, (_, i) => 2160 + 128 * i), out = new Float64Array(pts.length);
  predict["764 logged points, from the spec (rebuild, prefix sums, blocks)"] = time(() => multiPowerPredictFast(pub["400M"], prepareSchedule(scheduleSteps(spec)), pts, out), 5);
}
const SPECS = { cosine_24000: `cosine:steps=24000,${C},final=3e-5`, constant_24000: `constant:steps=24000,${C}`, wsdcon_9: `multistep:steps=16000,${C},at=8000:9e-5` };
const fits = {};
for (const size of ["25", "100", "400"]) {
  const names = Object.keys(SPECS);
  const set = curveSet(names.map((name) => ({ name, schedule: prepareSchedule(scheduleSteps(parseScheduleSpec(SPECS[name]))) })));
  const law = multiPowerLaw(set);
  const pts = names.flatMap((n, c) => readFileSync(`${D}csv_${size}/${n}.csv`, "utf8").trim().split("\n").slice(1).map((l) => l.split(",").map(Number)).map((r) => ({ step: curvePosition(set, c, r[0]), lossNats: r[2] })));
  const data = fitDataFor(law, pts), starts = multiPowerStarts(pts.map((p) => p.lossNats));
  let fit;
  fits[`${size}M`] = { points: pts.length, ...time(() => { fit = fitLaw(law, data, { objective: "huber", delta: 1e-3, strategy: "exhaustive", polish: "newton", starts }); }, 3) };
  fits[`${size}M`].evaluations = fit.optimizer.evaluations;
}
console.log(JSON.stringify({ predict10e5Steps: predict, fitThreeCurves: fits }, null, 1));
