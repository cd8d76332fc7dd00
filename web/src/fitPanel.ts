/** The fit: settings, the warm refit and the full multi-start in a worker, results and warnings. */
import type { FitResult } from "../../src/core/fit/fitLaw.js";
import { objectives } from "../../src/core/fit/objectives.js";
import { diagnostic, type Diagnostic, type DiagnosticCode } from "../../src/core/diagnostics.js";
import { byId, fill, h } from "./dom.js";
import { sig6 } from "./format.js";
import { DEFAULT_DELTA, prepareFit, type FitSettings } from "./pipeline.js";
import { fitKey, foundBetterBasin, refitKind, warmRefit, type FitSnapshot } from "./refit.js";
import { Cancelled } from "./workerClient.js";
import type { FitRequest } from "./workerProtocol.js";
import { app, worker, type FitState } from "./app.js";
import { dropBootstrap, runBootstrap } from "./bootstrapPanel.js";
import { drawMain, scheduleSecondary } from "./figuresPanel.js";
import { diagnosticItem } from "./load.js";
import { renderPlan } from "./planPanel.js";
import { refreshForecast } from "./forecastPanel.js";
import { updateUrlSoon } from "./share.js";

export function settings(): FitSettings {
  const s = app.state;
  return { law: s.law, lawOptions: s.lawOptions, method: s.method, objective: s.objective, delta: DEFAULT_DELTA };
}

/** Settings or runs changed: refit if there is a fit to keep up to date, else just redraw. */
export function onFitInputsChanged(t0 = performance.now()): void {
  updateUrlSoon();
  if (app.fit || fitState() === "running" || fitState() === "error") void startFit("edit", t0);
  else { void drawMain(); scheduleSecondary(); }
}

export function fitState(): FitState {
  return byId("fit-results").dataset.state as FitState;
}

export function setFitState(state: FitState, status?: string): void {
  const results = byId("fit-results");
  results.dataset.state = state;
  results.setAttribute("aria-busy", String(state === "running"));
  if (status !== undefined) byId("fit-status").textContent = status;
  byId<HTMLButtonElement>("cancel-button").disabled = !(state === "running" || state === "warm");
  const full = app.fit?.kind === "full" && state === "done";
  byId<HTMLButtonElement>("bootstrap-button").disabled = !full;
  byId<HTMLButtonElement>("export-json").disabled = !full;
  byId<HTMLButtonElement>("export-report").disabled = !full;
  refreshForecast(full);
}

/** The fit cannot start: no result is kept, the reason is the fit status and (with its code) the warnings list. */
function refuseFit(message: string, code: DiagnosticCode): void {
  worker.cancel();
  app.fitSeq++;
  app.fit = null;
  dropBootstrap("the fit was refused");
  app.refusal = diagnostic(code, message);
  setFitState("error", `${message} [${code}]`);
  renderResults();
  void drawMain();
}

export async function startFit(reason: "button" | "edit", t0 = performance.now()): Promise<void> {
  if (!app.loaded) { setFitState("error", "Load runs first."); return; }
  if (!app.loaded.ok) { refuseFit(`The table could not be read: ${app.loaded.error}`, app.loaded.code); return; }
  const s = settings();
  const prep = prepareFit(app.loaded.table, s, app.state, app.state.excluded);
  if (!prep.ok) { refuseFit(prep.error, prep.code); return; }
  app.refusal = null;
  const snapshot: FitSnapshot = { key: fitKey({ dataset: app.dataset, ...s, delta: s.delta ?? DEFAULT_DELTA }), lines: prep.runs.map((r) => r.line) };
  const previous = app.fit;
  const kind = refitKind(previous?.snapshot ?? null, snapshot);
  if (kind === "unchanged" && reason === "edit" && fitState() !== "error") return;
  const seq = ++app.fitSeq;
  worker.cancel();
  dropBootstrap("the runs or the fit settings changed");
  const base = { law: prep.law, data: prep.data, runs: prep.runs, selection: prep.selection, snapshot, settings: s };

  let warm: FitResult | null = null;
  if (kind === "warm" && previous) {
    warm = warmRefit(prep.law, prep.data, s.objective, s.delta ?? DEFAULT_DELTA, previous.result.theta);
    app.fit = { ...base, result: warm, kind: "warm" };
    renderResults();
    setFitState("warm", "Warm-started refit (polished from the previous optimum); the full multi-start is running to confirm it…");
    byId("fit-note").textContent = "";
    await drawMain();
    if (seq !== app.fitSeq) return;
    const ms = performance.now() - t0;
    const results = byId("fit-results");
    results.dataset.lastRefitMs = ms.toFixed(1);
    results.dataset.refits = String(Number(results.dataset.refits ?? "0") + 1);
    byId("fit-note").textContent = `Warm-started refit and redraw: ${ms.toFixed(1)} ms.`;
    renderPlan();
    scheduleSecondary();
  } else {
    setFitState("running", `Fitting ${prep.law.id} to ${prep.data.n} runs (${s.method === "varpro" ? "variable projection" : "screened multi-start"}) in a worker…`);
    setProgress("fit-progress", "fit-progress-text", 0, 1, "");
  }

  try {
    const reply = await worker.run<FitRequest>({ type: "fit", law: s.law, lawOptions: s.lawOptions, method: s.method, objective: s.objective, delta: s.delta ?? DEFAULT_DELTA, data: prep.data },
      (done, total) => { if (seq === app.fitSeq) setProgress("fit-progress", "fit-progress-text", done, total, `${done} of ${total} starts surveyed`); });
    if (seq !== app.fitSeq) return;
    const full: FitResult = { ...reply.fit, law: prep.law };
    app.fit = { ...base, result: full, kind: "full" };
    setProgress("fit-progress", "fit-progress-text", 1, 1, `done in ${reply.ms.toFixed(0)} ms`);
    renderResults();
    const better = warm !== null && foundBetterBasin(warm, full);
    byId("fit-note").textContent = warm === null ? "" : better
      ? `The full multi-start found a better basin (objective ${full.objective.value.toPrecision(8)} < ${warm.objective.value.toPrecision(8)} of the warm start): result replaced.`
      : `${byId("fit-note").textContent} The full multi-start confirmed it.`;
    byId("fit-results").dataset.betterBasin = String(better);
    setFitState("done", describeFit(full, "full"));
    await drawMain();
    renderPlan();
    scheduleSecondary();
    updateUrlSoon();
    if (app.bootstrapPending && seq === app.fitSeq) { app.bootstrapPending = false; void runBootstrap(); }
  } catch (e) {
    if (seq !== app.fitSeq) return;
    if (e instanceof Cancelled) {
      setProgress("fit-progress", "fit-progress-text", 0, 1, "cancelled");
      setFitState("cancelled", app.fit?.kind === "warm" && app.fit.snapshot.key === snapshot.key
        ? "Full multi-start cancelled: showing the warm-started refit."
        : app.fit ? "Fit cancelled: the results shown are those of the previous settings." : "Fit cancelled.");
    } else {
      setFitState("error", `Fit failed: ${(e as Error).message}`);
    }
  }
}

function describeFit(fit: FitResult, kind: "warm" | "full"): string {
  const how = kind === "warm" ? "warm-started refit" : fit.optimizer.strategy === "varpro" ? "variable projection" : "screened multi-start";
  return `${fit.law.id} fitted to ${fit.n} runs (${how}); ${fit.optimizer.converged ? "converged" : "NOT converged"}.`;
}

export function renderResults(): void {
  const f = app.fit;
  const table = byId<HTMLTableElement>("params-table");
  if (!f) {
    fill(table);
    fill(byId("fit-summary"));
    const r = app.refusal;
    fill(byId("fit-warnings"), ...(r ? [h("h3", {}, "Refused"), h("ul", { id: "warnings-list", class: "refusal" }, diagnosticItem(r))] : []));
    return;
  }
  const fit = f.result, bs = app.boot?.summary;
  const head = h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "parameter"), h("th", { scope: "col" }, "estimate"),
    ...(bs ? [h("th", { scope: "col" }, "SE"), h("th", { scope: "col" }, "95% CI (percentile)")] : [])));
  const row = (name: string, value: number, idPrefix: string, description?: string) => h("tr", {},
    h("th", { scope: "row", title: description }, name),
    h("td", { id: `${idPrefix}-${name}`, class: "num", "data-value": String(value) }, sig6(value)),
    ...(bs ? [
      h("td", { id: `se-${name}`, class: "num" }, bs.se[name] === undefined ? "" : sig6(bs.se[name])),
      h("td", { id: `ci-${name}`, class: "num ci" }, bs.ci95[name] ? `[${sig6(bs.ci95[name][0])}, ${sig6(bs.ci95[name][1])}]` : ""),
    ] : []));
  const described = new Map(fit.law.parameters.map((p) => [p.name, p.description]));
  fill(table, head, h("tbody", {},
    ...Object.entries(fit.params).map(([k, v]) => row(k, v, "param", described.get(k))),
    ...Object.entries(fit.derived).map(([k, v]) => row(k, v, "derived", "derived from the parameters"))));
  const o = fit.optimizer;
  const dl = byId("fit-summary");
  const item = (term: string, ...desc: Array<string | Node>) => [h("dt", {}, term), h("dd", {}, ...desc)];
  fill(dl,
    ...item("result", f.kind === "warm" ? "warm-started refit (polish from the previous optimum)" : o.strategy === "varpro" ? "variable projection" : "full screened multi-start"),
    ...item("objective", `${objectives[fit.objective.id].title} (δ = ${fit.objective.delta}) = ${fit.objective.value.toPrecision(11)}`),
    ...item("optimizer", h("span", { id: "optimizer-status", class: o.converged ? "ok" : "bad" }, o.status), ` (${o.message})`,
      o.strategy === "varpro" || f.kind === "warm" ? "" : `; ${o.startsRun} of ${o.starts} starts run, ${o.startsAtBest} reached the best objective`),
    ...item("fit quality", h("span", { id: "fit-r2" }, `R² = ${fit.quality.r2.toFixed(4)}`), `, RMS of ln residuals ${fit.quality.rmsLogResidual.toPrecision(3)}`),
    ...item("runs", `${fit.n} fitted; ${f.selection.excluded.length} rows excluded or rejected`),
    ...(app.boot ? item("bootstrap", `${app.boot.summary.resamples} case resamples, seed ${app.boot.seed}; ${app.boot.summary.notConverged} refits not converged`) : []));
  const warnings: Diagnostic[] = [...f.selection.diagnostics, ...fit.warnings]; // the selection's first, as in the fit document
  if (app.boot && app.boot.summary.notConverged > 0) warnings.push(diagnostic("bootstrap-not-converged", `${app.boot.summary.notConverged} of ${app.boot.summary.resamples} bootstrap refits did not meet a convergence test (kept in the intervals)`));
  fill(byId("fit-warnings"), h("h3", {}, warnings.length ? "Warnings and diagnostics" : "Warnings: none"),
    warnings.length ? h("ul", { id: "warnings-list", class: "warn" }, ...warnings.map(diagnosticItem)) : null);
}

export function setProgress(barId: string, textId: string, done: number, total: number, text: string): void {
  const bar = byId<HTMLProgressElement>(barId);
  bar.max = Math.max(total, 1);
  bar.value = Math.min(done, bar.max);
  byId(textId).textContent = text;
}
