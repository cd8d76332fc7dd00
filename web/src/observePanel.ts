/**
 * The observational-scaling card, as `scalecast observe` (Ruan et al. 2024): principal components of a model ×
 * benchmark table, a downstream metric as a sigmoid of PC1 (the metric left out of the PCA) or of ln compute, pooled
 * or per family, and a backtest above a compute cut-off. The same core reader and `assembleObserveDocument`, with the
 * CLI's defaults (z-scored metrics, 1,000 resamples, seed 42), so the numbers agree with the CLI's.
 */
import type * as vega from "vega";
import { DEFAULT_SEED } from "../../src/core/defaults.js";
import { assembleObserveDocument, OBSERVE_BOOTSTRAP, type ObserveDocument } from "../../src/core/observe/observeDocument.js";
import { readObservations } from "../../src/core/observe/readObservations.js";
import { loadingsFigure, observeFitFigure } from "../../src/core/viz/observeFigures.js";
import { byId, fill, h, setStatus } from "./dom.js";
import { renderFigure, toVega } from "./figures.js";
import { fileArgument, shellCommand } from "./command.js";
import { readNumber } from "./format.js";
import { refusalText, settingRefusal } from "./refusal.js";

const loaded = { text: "", name: "" };
const views: vega.View[] = [];
/** Resamples the page runs on its main thread at most (10,000 with a cut-off: about 6 s on a 2-core machine). */
const MAX_PAGE_RESAMPLES = 10_000;
/** A metric chosen for a file that the file loaded next does not have: said, not replaced by "none". */
let lostMetric: string | undefined;
/** Analyses started: a figure marks itself drawn only if no later one has started. */
let runs = 0;

const status = (text: string, state?: "error" | "done") => setStatus("observe-status", text, state);

const f4 = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : "not finite");
const band = (v?: readonly [number, number]) => (v ? ` [${f4(v[0])}, ${f4(v[1])}]` : "");

interface Settings { target?: string; x: "pc1" | "log-compute"; byFamily: boolean; preprocessing: "standardized" | "centred"; cutoff?: number; bootstrap: number }

/** The card's fields, checked; a bad one is named, and one that applies only to a fit is refused without a metric. */
function readSettings(): Settings | string {
  const target = byId<HTMLSelectElement>("observe-metric").value || undefined;
  const x = byId<HTMLSelectElement>("observe-x").value as Settings["x"];
  const byFamily = byId<HTMLInputElement>("observe-by-family").checked;
  const preprocessing = byId<HTMLSelectElement>("observe-preprocessing").value as Settings["preprocessing"];
  const cutoffText = byId<HTMLInputElement>("observe-cutoff").value.trim(), bText = byId<HTMLInputElement>("observe-bootstrap").value.trim();
  const cutoff = cutoffText === "" ? undefined : readNumber(cutoffText);
  if (cutoff !== undefined && !(cutoff > 0)) return `Backtest cut-off: "${cutoffText}" is not a number of FLOPs > 0 (or leave it empty: no backtest)`;
  if (!/^\d+$/.test(bText) || Number(bText) === 1 || Number(bText) > MAX_PAGE_RESAMPLES) return `Resamples: "${bText}" is not 0 (no intervals) or a whole number from 2 to ${MAX_PAGE_RESAMPLES.toLocaleString("en-US")} (the page works on its main thread: 1,000 with a cut-off take about a second; the CLI takes up to 10^6)`;
  if (target === undefined) {
    // as the CLI: these shape the fit of a metric, so without one they would change nothing
    if (cutoff !== undefined) return "A backtest cut-off backtests the fit of a downstream metric: choose the metric to predict, or clear the cut-off.";
    if (byFamily) return "One fit per family applies to the fit of a downstream metric: choose the metric, or untick it.";
    if (x === "log-compute") return "The predictor ln compute applies to the fit of a downstream metric: choose the metric, or read PC1.";
  }
  return { ...(target ? { target } : {}), x, byFamily, preprocessing, ...(cutoff !== undefined ? { cutoff } : {}), bootstrap: Number(bText) };
}

function clearResults(): void {
  runs++;
  views.splice(0).forEach((v) => v.finalize());
  for (const id of ["observe-pca", "observe-fit", "observe-backtest", "observe-warnings", "observe-loadings-chart", "observe-fit-chart"]) fill(byId(id));
  const summary = byId("observe-backtest-summary");
  summary.textContent = "";
  delete summary.dataset.mae;
  delete summary.dataset.coverage95;
  delete byId("observe-status").dataset.models;
  fill(byId("observe-notes"));
  for (const id of ["observe-loadings-chart", "observe-fit-chart"]) delete byId(id).dataset.rendered;
}

function renderDocument(d: ObserveDocument): void {
  // what the analysis did not use, as the CLI lists it: columns that are not metrics, families too small to fit
  fill(byId("observe-notes"), ...d.data.ignored.map((i) => h("li", { "data-column": i.column }, `not a metric: ${i.column} (${i.reason})`)),
    ...(d.downstream?.skipped ?? []).map((k) => h("li", { "data-family": k.family }, `not fitted: family ${k.family} (${k.reason})`)));
  const p = d.pca, shown = p.components.slice(0, Math.min(3, p.components.length));
  fill(byId("observe-pca"), h("caption", {}, `PCA of ${p.preprocessing === "standardized" ? "z-scored" : "centred"} metrics over ${p.models} models with every metric${p.leftOut.length ? ` (${p.leftOut.length} left out for a missing metric)` : ""}`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, ""), ...shown.map((c) => h("th", { scope: "col" }, `PC${c.component}`)))),
    h("tbody", {},
      h("tr", { class: "explained" }, h("th", { scope: "row" }, "explained variance"), ...shown.map((c) => h("td", { "data-value": c.explainedVarianceRatio }, f4(c.explainedVarianceRatio)))),
      h("tr", { class: "cumulative" }, h("th", { scope: "row" }, "cumulative"), ...shown.map((c) => h("td", { "data-value": p.cumulative[c.component - 1] }, f4(p.cumulative[c.component - 1])))),
      ...p.metrics.map((m) => h("tr", { "data-metric": m }, h("th", { scope: "row" }, `loading ${m}`), ...shown.map((c) => h("td", { "data-value": c.loadings[m] }, f4(c.loadings[m])))))));
  const ds = d.downstream;
  if (ds) {
    fill(byId("observe-fit"), h("caption", {}, `${ds.target} = floor + (ceiling − floor)·σ(a·x + b), x = ${ds.x === "pc1" ? `PC1 of ${ds.predictors.join(", ")}` : "ln training FLOPs"}; ${ds.pooled ? "pooled over families" : "one fit per family"}; ${ds.models} models${ds.bootstrap ? `; 95% intervals from ${ds.bootstrap.resamples} resamples of the models` : ""}`),
      h("thead", {}, h("tr", {}, ...["family", "models", "a", "b", "floor", "ceiling", "RMSE", "status"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, ...ds.groups.map((g) => h("tr", { "data-family": g.family ?? "(pooled)" },
        h("td", {}, g.family ?? "(pooled)"), h("td", {}, g.models),
        h("td", { class: "a", "data-value": g.fit.a }, `${f4(g.fit.a)}${band(g.bootstrap?.a)}`), h("td", { class: "b", "data-value": g.fit.b }, `${f4(g.fit.b)}${band(g.bootstrap?.b)}`),
        h("td", {}, `${f4(g.fit.floor)}${g.fit.floorFitted ? band(g.bootstrap?.floor) : " (fixed)"}`), h("td", {}, f4(g.fit.ceiling)), h("td", {}, f4(g.fit.rmse)),
        h("td", {}, g.fit.converged ? g.fit.status : `not converged (${g.fit.status})`)))));
  }
  const bt = d.backtest;
  if (bt) {
    const s = bt.scores, summary = byId("observe-backtest-summary");
    summary.dataset.mae = String(s.mae);
    if (s.coverage95 !== undefined) summary.dataset.coverage95 = String(s.coverage95); else delete summary.dataset.coverage95;
    summary.textContent = `Backtest: fitted on ${bt.train} models with compute ≤ ${bt.cutoffFlops.toExponential(3)} FLOPs, predicting ${bt.heldOut} above (up to ${bt.extrapolationFactor.toPrecision(3)}× the largest fitted compute): MAE ${f4(s.mae)}, RMSE ${f4(s.rmse)}, mean error ${f4(s.meanError)}${s.coverage95 !== undefined ? `, 95% PI coverage ${(100 * s.coverage95).toFixed(1)}%` : ""}. ${bt.note}`;
    fill(byId("observe-backtest"), h("thead", {}, h("tr", {}, ...["model", "family", "FLOPs", "actual", "predicted", "95% PI", "inside"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, ...bt.predictions.map((q) => h("tr", { "data-model": q.model },
        h("td", {}, q.model), h("td", {}, q.family ?? ""), h("td", {}, (q.flops ?? NaN).toExponential(2)), h("td", {}, f4(q.actual)),
        h("td", { class: "predicted", "data-value": q.predicted }, f4(q.predicted)), h("td", {}, q.pi95 ? `[${f4(q.pi95[0])}, ${f4(q.pi95[1])}]` : "—"),
        h("td", {}, q.pi95 ? (q.actual >= q.pi95[0] && q.actual <= q.pi95[1] ? "yes" : "no") : "")))));
  }
  fill(byId("observe-warnings"), ...d.warnings.map((w) => h("li", { "data-code": w.code }, `${w.message} [${w.code}]`)));
}

async function draw(id: string, spec: Record<string, unknown>, run: number): Promise<void> {
  const chart = byId(id);
  const drawn = renderFigure(chart, toVega(spec));
  views.push(drawn.view);
  await drawn.ready;
  if (run === runs) chart.dataset.rendered = "true"; // a later analysis has replaced this figure otherwise
}

/** Reads the loaded table and analyses it with the card's settings; every problem is said, never thrown. */
export async function analyseObservations(): Promise<void> {
  if (!loaded.text) { clearResults(); status("Load a model × benchmark file first.", "error"); return; }
  const s = readSettings();
  clearResults();
  if (typeof s === "string") { status(settingRefusal(s), "error"); return; }
  if (lostMetric !== undefined && s.target === undefined) {
    status(settingRefusal(`${loaded.name} has no metric ${lostMetric}, the one chosen for the file before: choose a metric of this file, or "(none: the PCA only)"`), "error");
    lostMetric = undefined; // said once; the next Analyse takes the card as it stands
    return;
  }
  lostMetric = undefined;
  const run = runs;
  status("Analysing…");
  await new Promise((r) => setTimeout(r, 0)); // let the status paint before the work
  if (run !== runs) return; // a later click or refusal has taken over
  const argv = ["observe", fileArgument(loaded.name), ...(s.target ? ["--metric", s.target] : []), ...(s.x !== "pc1" ? ["--x", s.x] : []), ...(s.byFamily ? ["--by-family"] : []),
    ...(s.preprocessing === "centred" ? ["--centred"] : []), ...(s.cutoff !== undefined ? ["--cutoff", String(s.cutoff)] : []), ...(s.target && s.bootstrap !== OBSERVE_BOOTSTRAP ? ["--bootstrap", String(s.bootstrap)] : [])];
  try {
    const table = readObservations(loaded.text, loaded.name, s.target ? { extra: [s.target] } : {});
    const doc = assembleObserveDocument(table, {
      preprocessing: s.preprocessing, x: s.x, byFamily: s.byFamily, ...(s.target ? { target: s.target } : {}), ...(s.cutoff !== undefined ? { cutoffFlops: s.cutoff } : {}),
      bootstrap: s.target ? s.bootstrap : 0, seed: DEFAULT_SEED,
    }, argv);
    renderDocument(doc);
    byId("observe-status").dataset.models = String(doc.data.models);
    status(`${loaded.name}: ${doc.data.models} models, ${doc.data.families} famil${doc.data.families === 1 ? "y" : "ies"}, ${doc.data.metrics.length} metrics. As: ${shellCommand(["scalecast", ...argv])}`, "done");
    const fit = observeFitFigure(doc);
    await Promise.all([draw("observe-loadings-chart", loadingsFigure(doc).spec, run), ...(fit ? [draw("observe-fit-chart", fit.spec, run)] : [])]);
  } catch (e) {
    clearResults();
    status(refusalText(e), "error");
  }
}

/** The metric list from the file's own columns: the PCA metrics and, for a target outside them, none (the CLI's --metric reads any fraction column). */
function offerMetrics(): void {
  const select = byId<HTMLSelectElement>("observe-metric");
  const kept = select.value;
  let metrics: string[] = [];
  try { metrics = readObservations(loaded.text, loaded.name, {}).metrics; } catch { /* said by the analysis that follows */ }
  fill(select, h("option", { value: "" }, "(none: the PCA only)"), ...metrics.map((m) => h("option", { value: m, selected: m === kept }, m)));
  lostMetric = kept !== "" && !metrics.includes(kept) ? kept : undefined;
}

export function wireObserve(): void {
  byId<HTMLInputElement>("observe-file").addEventListener("change", async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    Object.assign(loaded, { text: await file.text(), name: file.name });
    offerMetrics();
    await analyseObservations();
  });
  byId<HTMLInputElement>("observe-bootstrap").value = String(OBSERVE_BOOTSTRAP);
  byId("observe-run").addEventListener("click", () => void analyseObservations());
}
