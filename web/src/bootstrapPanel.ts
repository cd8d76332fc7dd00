/** The bootstrap: seeded refits in a worker, in chunks, with progress and cancel. */
import { summarizeBootstrap } from "../../src/core/fit/bootstrap.js";
import { byId } from "./dom.js";
import { DEFAULT_DELTA, DEFAULT_SEED } from "./pipeline.js";
import { MAX_RESAMPLES } from "./state.js";
import { Cancelled } from "./workerClient.js";
import type { BootstrapRequest } from "./workerProtocol.js";
import { app, worker } from "./app.js";
import { drawMain, scheduleSecondary } from "./figuresPanel.js";
import { fitState, renderResults, setProgress } from "./fitPanel.js";
import { renderPlan } from "./planPanel.js";
import { refreshForecast } from "./forecastPanel.js";
import { updateUrlSoon } from "./share.js";

/**
 * Forgets the bootstrap, and says so when there was one: its refits belong to
 * the previous fit, so an edit that changes the fit takes its intervals away,
 * never silently.
 */
export function dropBootstrap(why: string): void {
  const had = app.boot;
  app.boot = null;
  delete app.state.bootstrapRan;
  resetBootstrapUi();
  if (!had) return;
  const status = byId("bootstrap-status");
  status.dataset.state = "stale";
  status.textContent = `The bootstrap of the previous fit (${had.results.length.toLocaleString("en-US")} resamples) no longer applies: ${why}. Its intervals are gone; press Bootstrap to rerun it on this fit.`;
}

function resetBootstrapUi(): void {
  setProgress("bootstrap-progress", "bootstrap-status", 0, 1, "");
  byId("bootstrap-status").dataset.state = "idle";
  byId<HTMLButtonElement>("bootstrap-cancel").disabled = true;
}

export async function runBootstrap(): Promise<void> {
  const f = app.fit;
  if (!f || f.kind !== "full") return;
  const input = byId<HTMLInputElement>("bootstrap-resamples");
  const B = Math.round(Number(input.value));
  if (!(B >= 2 && B <= MAX_RESAMPLES)) { byId("bootstrap-status").textContent = `Resamples must be a whole number from 2 to ${MAX_RESAMPLES}.`; return; }
  app.state.bootstrapResamples = B;
  const seq = app.fitSeq;
  const budget = app.plan?.allocation.flops ?? app.state.budget.flops;
  const status = byId("bootstrap-status");
  status.dataset.state = "running";
  byId<HTMLButtonElement>("bootstrap-cancel").disabled = false;
  byId<HTMLButtonElement>("bootstrap-button").disabled = true;
  setProgress("bootstrap-progress", "bootstrap-status", 0, B, `0 of ${B} resamples`);
  const t0 = performance.now();
  const bootSeed = app.exampleSeed ?? DEFAULT_SEED; // as the CLI: --seed draws the example's noise and the resamples
  try {
    const reply = await worker.run<BootstrapRequest>({
      type: "bootstrap", law: f.settings.law, lawOptions: f.settings.lawOptions, objective: f.settings.objective, delta: f.settings.delta ?? DEFAULT_DELTA,
      data: f.data, theta: Array.from(f.result.theta), corrections: f.result.corrections, seed: bootSeed, budgetFlops: budget, resamples: B,
    }, (done, total) => setProgress("bootstrap-progress", "bootstrap-status", done, total, `${done} of ${total} resamples`));
    if (seq !== app.fitSeq) return;
    const summary = summarizeBootstrap(reply.results, bootSeed, budget, f.law.parameters.map((p) => p.name));
    app.boot = { results: reply.results, summary, seed: bootSeed, budgetFlops: budget };
    app.state.bootstrapRan = true;
    updateUrlSoon();
    setProgress("bootstrap-progress", "bootstrap-status", B, B, `${B} resamples in ${((performance.now() - t0) / 1000).toFixed(1)} s (seed ${bootSeed})`);
    status.dataset.state = "done";
    renderResults();
    renderPlan();
    refreshForecast(true); // predictions shown gain the bootstrap's intervals
    await drawMain();
    scheduleSecondary();
  } catch (e) {
    if (seq !== app.fitSeq) return;
    status.dataset.state = e instanceof Cancelled ? "cancelled" : "error";
    status.textContent = e instanceof Cancelled ? "Bootstrap cancelled." : `Bootstrap failed: ${(e as Error).message}`;
  } finally {
    byId<HTMLButtonElement>("bootstrap-cancel").disabled = true;
    byId<HTMLButtonElement>("bootstrap-button").disabled = !(app.fit?.kind === "full" && fitState() === "done");
  }
}
