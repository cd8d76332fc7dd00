/**
 * The workbench page: load runs, fit (in a worker), plan, figures, share.
 * State lives in `app`; each section has a render function that reads it.
 * Contract for end-to-end tests: see web/README.md.
 */
import "./style.css";
import type * as vega from "vega";
import { summarizeBootstrap, type BootstrapSummary, type ResampleResult } from "../../src/core/fit/bootstrap.js";
import type { FitData } from "../../src/core/fit/data.js";
import type { FitResult } from "../../src/core/fit/fitLaw.js";
import { objectives, type ObjectiveId } from "../../src/core/fit/objectives.js";
import type { Selection } from "../../src/core/fit/selectRuns.js";
import { getLaw, lawRegistry, type LawOptions } from "../../src/core/laws/registry.js";
import type { Law } from "../../src/core/laws/types.js";
import { GPU_PRESETS } from "../../src/core/plan/hardware.js";
import { reportHtml, type ReportFigure, type ReportPlan } from "../../src/core/report/reportHtml.js";
import { COLUMN_ROLES } from "../../src/core/runs/columns.js";
import { ROLES } from "../../src/core/runs/roles.js";
import { diagnostic, type Diagnostic, type DiagnosticCode } from "../../src/core/diagnostics.js";
import type { ColumnRole, ParamConvention, Run, RunTable } from "../../src/core/runs/types.js";
import { TOOL } from "../../src/core/version.js";
import { figure as buildFigure, figureMissing, FIGURES, FIGURE_NAMES, vizRuns, type FigureName, type FigureSpec } from "../../src/core/viz/index.js";
import { splitsCompute } from "../../src/core/viz/fitSupport.js";
import { toJson } from "../../src/core/toJson.js";
import { REPORT_BOOT_SCRIPT } from "../../src/core/report/reportBoot.js";
import { equivalentCommand } from "./command.js";
import { byId, download, fill, h } from "./dom.js";
import { exportPng, exportSvg, renderFigure, toVega, type RunDatum } from "./figures.js";
import { bytes, count, flops as fmtFlops, loss as fmtLoss, quantity, readNumber, sig6 } from "./format.js";
import { buildFitDocument, DEFAULT_DELTA, DEFAULT_SEED, exampleSource, exampleText, HAND_EXCLUSION, loadTable, needsOf, prepareFit, trySelect, type FitSettings, type Loaded, type ReadSettings, type Selected } from "./pipeline.js";
import { readBestOf, readWhereLines, selectionSummary } from "./selection.js";
import { catalogRows, fitSource, isoflopSource, planFor, planRequest } from "./plan.js";
import type { PlanBody, PlanFit, PlanRuleFit } from "../../src/core/plan/assemblePlan.js";
import { fitKey, foundBetterBasin, refitKind, warmRefit, type FitSnapshot } from "./refit.js";
import { fitPanels, withExcludedPoints, withZoom } from "./specTweaks.js";
import { dataForUrl, decodeState, defaultState, encodeState, HASH_PREFIX, MAX_RESAMPLES, WORKBENCH_FIGURES } from "./state.js";
import { Cancelled, FitWorkerClient } from "./workerClient.js";
import type { BootstrapRequest, FigureRequest, FitRequest } from "./workerProtocol.js";
import { isHeavy, toVizModel, type FigureModel } from "./figureModel.js";

interface CurrentFit {
  result: FitResult;
  /** "warm": polished from the previous optimum, the full multi-start still to come. */
  kind: "warm" | "full";
  law: Law;
  data: FitData;
  runs: Run[];
  selection: Selection;
  snapshot: FitSnapshot;
  settings: FitSettings;
}

interface Boot {
  results: ResampleResult[];
  summary: BootstrapSummary;
  seed: number;
  budgetFlops: number;
}

type FitState = "idle" | "running" | "warm" | "done" | "cancelled" | "error";

const app = {
  state: defaultState(),
  text: null as string | null,
  source: "",
  simulated: false,
  exampleSeed: undefined as number | undefined,
  /** Revision of the loaded data (and its column choices): part of every fit's key. */
  dataset: 0,
  loaded: null as Loaded | null,
  /** The read settings (columns, convention, the law's needs, where) the table was last parsed with. */
  readKey: "",
  /** Why the last Fit could not start (a refusal such as groups-pooled), shown in the warnings list; null after a fit. */
  refusal: null as Diagnostic | null,
  fit: null as CurrentFit | null,
  boot: null as Boot | null,
  /** Increments with every fit request; results of older requests are dropped. */
  fitSeq: 0,
  plan: null as PlanBody | null,
  mainView: null as vega.View | null,
  figureView: null as vega.View | null,
  /** A link restored settings but not its (too large) data: the next table loaded keeps them and fits. */
  restorePending: false,
  /** A restored link had a bootstrap: rerun it (same seed, same refits) once the fit is done. */
  bootstrapPending: false,
  lastHash: "",
};

const worker = new FitWorkerClient();
/** Figure specs over many bootstrap refits are built off the page's thread: one worker per panel, so neither cancels the other. */
const mainFigureWorker = new FitWorkerClient();
const secondaryFigureWorker = new FitWorkerClient();
const rows = new Map<number, { tr: HTMLTableRowElement; box: HTMLInputElement; status: HTMLTableCellElement }>();

// ---------------------------------------------------------------- load

async function readFile(file: File): Promise<void> {
  setLoadStatus(`Reading ${file.name}…`);
  try {
    loadText(await file.text(), file.name, {});
  } catch (e) {
    setLoadStatus(`Could not read ${file.name}: ${(e as Error).message}`, true);
  }
}

function loadText(text: string, source: string, opts: { exampleSeed?: number; keepSettings?: boolean; autoFit?: boolean }): void {
  worker.cancel();
  app.fitSeq++;
  const keep = opts.keepSettings || app.restorePending;
  const autoFit = opts.autoFit || app.restorePending;
  app.restorePending = false;
  app.text = text;
  app.source = source;
  app.simulated = opts.exampleSeed !== undefined;
  app.exampleSeed = opts.exampleSeed;
  app.dataset++;
  app.fit = null;
  if (app.boot) dropBootstrap("new runs were loaded");
  app.refusal = null;
  if (!keep) {
    app.state.excluded = [];
    app.state.columns = {};
    delete app.state.paramConvention;
    // the selection names the old table's columns (where, best-of, the run id of last checkpoint) or its groups
    app.state.where = [];
    app.state.bestOf = [];
    app.state.lastCheckpoint = false;
    app.state.poolGroups = false;
    renderSelectionControls();
  }
  app.state.data = opts.exampleSeed !== undefined ? { kind: "example", seed: opts.exampleSeed } : dataForUrl(source, text);
  setFitState("idle", "No fit yet: choose the settings and press Fit.");
  renderResults();
  reparse();
  if (autoFit && app.loaded?.ok) void startFit("button");
}

/** How the table is read: the chosen columns and convention, the law's roles (as the CLI's `needs`) and the where-filters. */
function readSettings(): ReadSettings {
  const s = app.state;
  const needs = needsOf(s.law, s.lawOptions);
  return { columns: s.columns, ...(s.paramConvention ? { paramConvention: s.paramConvention } : {}), ...(needs ? { needs } : {}), where: s.where };
}

function reparse(): void {
  if (app.text === null) return;
  const read = readSettings();
  app.readKey = JSON.stringify(read);
  app.loaded = loadTable(app.text, app.source, read);
  renderLoad();
  updateRunStatuses();
  if (app.state.planWith === "isoflop") renderPlan(); // the IsoFLOP plan reads the runs, not the fit
  void drawMain();
  scheduleSecondary();
  updateUrlSoon();
}

/** Re-reads the table when the law's roles or the where-filters changed (a law that reads other columns makes other rows usable). */
function reparseIfNeeded(): void {
  if (app.text !== null && JSON.stringify(readSettings()) !== app.readKey) reparse();
}

function setLoadStatus(text: string, error = false, code?: DiagnosticCode): void {
  const el = byId("load-status");
  el.textContent = code ? `${text} [${code}]` : text;
  el.classList.toggle("error", error);
  if (code) el.dataset.code = code; else delete el.dataset.code;
}

const ROLE_LABEL: Record<ColumnRole, string> = Object.fromEntries(ROLES.map((r) => [r.id, r.label])) as Record<ColumnRole, string>;

function renderLoad(): void {
  const loaded = app.loaded;
  if (!loaded) return;
  byId("table-info").hidden = false;
  const table = loaded.ok ? loaded.table : null;
  if (loaded.ok) {
    const t = loaded.table;
    setLoadStatus(`${t.source}: ${t.format.toUpperCase()}, ${t.rowsRead} rows read, ${t.runs.length} usable, ${t.excluded.length} rejected.` +
      (app.simulated ? " These data are SIMULATED from Hoffmann et al. 2022's law with 1% noise: a demonstration, not a measurement." : ""));
  } else {
    setLoadStatus(loaded.error, true, loaded.code);
  }
  // column selects: every role, the detected header preselected as "automatic"
  const selects = byId("column-selects");
  fill(selects, ...COLUMN_ROLES.map((role) => {
    const id = `col-${role}`;
    const detected = table?.columns[role];
    const select = h("select", { id },
      h("option", { value: "" }, detected ? `automatic: ${detected}` : "automatic: not found"),
      ...loaded.headers.map((name) => h("option", { value: name }, name)));
    select.value = app.state.columns[role] ?? "";
    select.addEventListener("change", () => {
      if (select.value === "") delete app.state.columns[role]; else app.state.columns[role] = select.value;
      app.dataset++;
      app.fit = null;
      dropBootstrap("the columns changed");
      app.refusal = null;
      setFitState("idle", "Columns changed: press Fit.");
      renderResults();
      reparse();
    });
    return h("div", { class: "field" }, h("label", { for: id }, ROLE_LABEL[role]), select);
  }));
  const found = COLUMN_ROLES.filter((r) => table?.columns[r]).map((r) => `${r} ← "${table!.columns[r]}"`);
  const derivedRoles = table ? (["params", "tokens", "flops"] as const).filter((r) => !table.columns[r] && table.runs.some((x) => x[r] !== undefined)) : [];
  byId("columns-summary").textContent = table
    ? `Columns: ${found.join(", ")}${derivedRoles.length ? `; ${derivedRoles.join(", ")} derived (C = 6ND)` : ""}`
    : "Columns: choose them";
  if (!table) byId<HTMLDetailsElement>("columns-details").open = true;
  // parameter convention, with an override
  const conv = byId("param-convention");
  const convSelect = h("select", { id: "param-convention-select" },
    h("option", { value: "" }, `automatic${table ? `: ${table.paramConvention}` : ""}`),
    h("option", { value: "total" }, "total"), h("option", { value: "nonEmbedding" }, "non-embedding"), h("option", { value: "active" }, "active"));
  convSelect.value = app.state.paramConvention ?? "";
  convSelect.addEventListener("change", () => {
    if (convSelect.value === "") delete app.state.paramConvention; else app.state.paramConvention = convSelect.value as ParamConvention;
    app.dataset++;
    app.fit = null;
    dropBootstrap("the parameter convention changed");
    renderResults();
    reparse();
  });
  fill(conv, h("label", { for: "param-convention-select" }, "Parameter convention (what N counts)"), " ", convSelect);
  fill(byId("table-notes"), ...(table?.notes ?? []).map((n) => h("li", {}, n)));
  renderRunsTable(table);
  renderRejected(table);
}

/** Tables with more runs than this start with their run list folded. */
const RUNS_OPEN_LIMIT = 20;

function renderRunsTable(table: RunTable | null): void {
  rows.clear();
  const el = byId<HTMLTableElement>("runs-table");
  if (!table) { fill(el); byId("runs-summary").textContent = "Runs"; return; }
  // a long table starts folded, so the Fit button follows the load section closely and the keyboard does not tab through every run
  byId<HTMLDetailsElement>("runs-details").open = table.runs.length <= RUNS_OPEN_LIMIT;
  // a count without a column is derived from C = 6ND when the other two are there; else absent (the law does not read it)
  const isDerived = (r: "params" | "tokens" | "flops") => !table.columns[r] && table.runs.some((x) => x[r] !== undefined);
  const derived = { params: isDerived("params"), tokens: isDerived("tokens"), flops: isDerived("flops") };
  const th = (text: string, isDerived = false) => h("th", { scope: "col", class: isDerived ? "derived" : undefined, title: isDerived ? "derived from C = 6ND" : undefined }, text, isDerived ? h("span", { class: "tag" }, " derived") : null);
  const head = h("thead", {}, h("tr", {}, th("fit"), th("line"), th("N", derived.params), th("D", derived.tokens), th("C (FLOPs)", derived.flops), th("loss"), ...(table.columns.metric ? [th("metric")] : []), ...(table.columns.group ? [th("group")] : []), th("status")));
  const body = h("tbody");
  for (const r of table.runs) {
    const box = h("input", { type: "checkbox", checked: true, "aria-label": `Fit the run on line ${r.line}`, "data-line": r.line });
    box.addEventListener("change", () => toggleRun(r.line, performance.now()));
    const status = h("td", { class: "status-cell" }, "fitted");
    const cell = (v: number | undefined, fmt: (x: number) => string, isDerived: boolean) => v === undefined ? h("td", { class: "num" }, "—") : h("td", { class: isDerived ? "num derived" : "num", title: String(v) }, fmt(v));
    const tr = h("tr", { "data-line": r.line },
      h("td", {}, box), h("td", { class: "num" }, r.line),
      cell(r.params, count, derived.params), cell(r.tokens, count, derived.tokens), cell(r.flops, fmtFlops, derived.flops), cell(r.lossNats, (x) => x.toFixed(4), false),
      ...(table.columns.metric ? [cell(r.metric, (x) => x.toPrecision(4), false)] : []),
      ...(table.columns.group ? [h("td", {}, r.group ?? "")] : []), status);
    rows.set(r.line, { tr, box, status });
    body.append(tr);
  }
  fill(el, head, body);
}

function renderRejected(table: RunTable | null): void {
  const el = byId<HTMLTableElement>("rejected-table");
  const issues = table?.excluded ?? [];
  byId("rejected-summary").textContent = `Rejected rows (${issues.length})`;
  if (issues.length > 0) byId<HTMLDetailsElement>("rejected-details").open = true;
  fill(el,
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "line"), h("th", { scope: "col" }, "column"), h("th", { scope: "col" }, "value"), h("th", { scope: "col" }, "reason"))),
    h("tbody", {}, ...issues.map((e) => h("tr", {}, h("td", { class: "num" }, e.line), h("td", {}, e.column ?? ""), h("td", { class: "value" }, e.value ?? ""), h("td", {}, e.reason)))));
}

function currentLaw(): Law | null {
  try { return getLaw(app.state.law, app.state.lawOptions); } catch { return null; }
}

/** The selection the settings describe (as the CLI's selectRuns for this law), its refusal, or null (no table). */
function currentSelected(): Selected | null {
  const law = currentLaw();
  if (!app.loaded?.ok || !law) return null;
  return trySelect(app.loaded.table, law, app.state, app.state.excluded);
}

function currentSelection(): Selection | null {
  const s = currentSelected();
  return s?.ok ? s.selection : null;
}

/** The selection's one-line account and its diagnostics, or its refusal with the code, beside the selection controls. */
function renderSelectionStatus(selected: Selected | null): void {
  const status = byId("selection-status");
  const list = byId("selection-diagnostics");
  const loaded = app.loaded;
  let code: DiagnosticCode | undefined;
  if (!loaded) status.textContent = "";
  else if (!loaded.ok) { status.textContent = `The table could not be read with these settings: ${loaded.error}`; code = loaded.code; }
  else if (selected && !selected.ok) { status.textContent = `Selection refused: ${selected.error}`; code = selected.code; }
  else if (selected) status.textContent = selectionSummary(loaded.table, selected.selection);
  if (code) { status.textContent += ` [${code}]`; status.dataset.code = code; } else delete status.dataset.code;
  const diagnostics = selected?.ok ? selected.selection.diagnostics : [];
  fill(list, ...diagnostics.map(diagnosticItem));
}

/** A warning or refusal as the page lists it: `message [code]`, the code also in data-code. */
function diagnosticItem(d: Diagnostic): HTMLLIElement {
  return h("li", { "data-code": d.code }, `${d.message} [${d.code}]`);
}

function updateRunStatuses(): void {
  const selected = currentSelected();
  renderSelectionStatus(selected);
  const sel = selected?.ok ? selected.selection : null;
  if (!sel || !app.loaded?.ok) {
    if (app.loaded?.ok && selected && !selected.ok) byId("runs-summary").textContent = `Runs (${app.loaded.table.runs.length} usable; selection refused)`;
    return;
  }
  const reasons = new Map(sel.excluded.map((e) => [e.line, e.reason]));
  for (const [line, row] of rows) {
    const reason = reasons.get(line);
    const byK = reason !== undefined && reason !== HAND_EXCLUSION;
    row.box.checked = reason === undefined;
    row.box.disabled = byK;
    row.status.textContent = reason ?? "fitted";
    row.tr.classList.toggle("excluded", reason !== undefined);
  }
  byId("runs-summary").textContent = `Runs (${sel.runs.length} fitted of ${app.loaded.table.runs.length} usable)`;
}

/** Excludes or includes one run by hand (a point clicked, a checkbox changed) and refits. */
function toggleRun(line: number, t0: number): void {
  const sel = currentSelection();
  if (!sel) return;
  const hand = new Set(app.state.excluded);
  if (hand.has(line)) hand.delete(line);
  else if (sel.runs.some((r) => r.line === line)) hand.add(line);
  else { updateRunStatuses(); return; } // removed by the selection (K highest, best-of, last checkpoint): change it to include the run
  app.state.excluded = [...hand].sort((a, b) => a - b);
  updateRunStatuses();
  onFitInputsChanged(t0);
}

// ---------------------------------------------------------------- fit

function settings(): FitSettings {
  const s = app.state;
  return { law: s.law, lawOptions: s.lawOptions, method: s.method, objective: s.objective, delta: DEFAULT_DELTA };
}

/** Settings or runs changed: refit if there is a fit to keep up to date, else just redraw. */
function onFitInputsChanged(t0 = performance.now()): void {
  updateUrlSoon();
  if (app.fit || fitState() === "running" || fitState() === "error") void startFit("edit", t0);
  else { void drawMain(); scheduleSecondary(); }
}

function fitState(): FitState {
  return byId("fit-results").dataset.state as FitState;
}

function setFitState(state: FitState, status?: string): void {
  const results = byId("fit-results");
  results.dataset.state = state;
  results.setAttribute("aria-busy", String(state === "running"));
  if (status !== undefined) byId("fit-status").textContent = status;
  byId<HTMLButtonElement>("cancel-button").disabled = !(state === "running" || state === "warm");
  const full = app.fit?.kind === "full" && state === "done";
  byId<HTMLButtonElement>("bootstrap-button").disabled = !full;
  byId<HTMLButtonElement>("export-json").disabled = !full;
  byId<HTMLButtonElement>("export-report").disabled = !full;
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

async function startFit(reason: "button" | "edit", t0 = performance.now()): Promise<void> {
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

function renderResults(): void {
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

function setProgress(barId: string, textId: string, done: number, total: number, text: string): void {
  const bar = byId<HTMLProgressElement>(barId);
  bar.max = Math.max(total, 1);
  bar.value = Math.min(done, bar.max);
  byId(textId).textContent = text;
}

// ---------------------------------------------------------------- bootstrap

/**
 * Forgets the bootstrap, and says so when there was one: its refits belong to
 * the previous fit, so an edit that changes the fit takes its intervals away,
 * never silently.
 */
function dropBootstrap(why: string): void {
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

async function runBootstrap(): Promise<void> {
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

// ---------------------------------------------------------------- plan

/** Warnings of the IsoFLOP fit behind the plan (off-centre vertices, budgets left out), shown with the plan's notes. */
let isoflopWarnings: string[] = [];

/** Plan inputs that could not be read, each naming the field and the value; the plan waits until there are none. */
let planProblems: string[] = [];

/**
 * Reads the plan controls into the state. A value that cannot be read is
 * never replaced by a default: it is marked invalid and named in the plan
 * card, and the plan waits for it.
 */
function readPlanControls(): void {
  const b = app.state.budget;
  const problems: string[] = [];
  const field = (id: string, label: string, read: (text: string) => number | undefined, ok: (v: number) => boolean, rule: string, optional = false): number | undefined => {
    const input = byId<HTMLInputElement>(id);
    const text = input.value.trim();
    const v = text === "" && optional ? undefined : read(text);
    const bad = !(text === "" && optional) && !(v !== undefined && ok(v));
    input.setAttribute("aria-invalid", String(bad));
    if (bad) problems.push(`${label}: "${text}" is not ${rule}`);
    return bad ? undefined : v;
  };
  if (byId<HTMLInputElement>("plan-with-isoflop").checked) app.state.planWith = "isoflop"; else delete app.state.planWith;
  b.mode = byId<HTMLInputElement>("budget-mode-hardware").checked ? "hardware" : "compute";
  const num = (t: string) => (t === "" ? undefined : Number(t));
  if (b.mode === "compute") {
    const flops = field("budget-flops", "Compute budget", readNumber, (v) => v > 0 && v <= 1e40, "a number of FLOPs in (0, 1e40]");
    if (flops !== undefined) b.flops = flops;
  } else byId("budget-flops").setAttribute("aria-invalid", "false");
  const gpus = field("gpus", "GPUs", num, (v) => Number.isInteger(v) && v >= 1 && v <= 1e7, "a whole number from 1 to 10,000,000");
  if (gpus !== undefined) b.gpus = gpus;
  b.gpu = byId<HTMLSelectElement>("gpu-type").value;
  const days = byId<HTMLInputElement>("days");
  days.disabled = b.mode === "compute"; // in compute mode the card shows the days the budget takes; the field is not an input then
  if (b.mode === "hardware") {
    const d = field("days", "Days", num, (v) => v > 0 && v <= 1e6, "a number of days in (0, 1,000,000]");
    if (d !== undefined) b.days = d;
  } else days.setAttribute("aria-invalid", "false");
  const mfu = field("mfu", "MFU", num, (v) => v > 0 && v <= 1, "a fraction of peak in (0, 1]");
  if (mfu !== undefined) b.mfu = mfu;
  const price = field("price", "Price per GPU-hour", num, (v) => v > 0 && Number.isFinite(v), "a price > 0 (or empty)", true);
  if (price === undefined) delete b.pricePerGpuHour; else b.pricePerGpuHour = price;
  const inference = field("inference-tokens", "Lifetime inference tokens", readNumber, (v) => v > 0 && v <= 1e30, "a number of tokens > 0, such as 10T (or empty)", true);
  const unique = field("unique-tokens", "Unique tokens", readNumber, (v) => v >= 1 && v <= 1e30, "a number of tokens ≥ 1, such as 500B (or empty)", true);
  if (inference === undefined) delete app.state.inferenceTokens; else app.state.inferenceTokens = inference;
  if (unique === undefined) delete app.state.uniqueTokens; else app.state.uniqueTokens = unique;
  planProblems = problems;
}

/**
 * What the plan uses: the runs' IsoFLOP power laws when chosen (or why they
 * cannot be had); else the user's fit when its law splits compute into N and D
 * (a loss law of N and D); else none, and the default catalog law plans.
 */
function planFitNow(): PlanFit | PlanRuleFit | undefined {
  if (app.state.planWith === "isoflop") {
    if (!app.loaded?.ok) throw new RangeError("IsoFLOP (Approach 2) needs runs: load a table");
    const runs = app.fit?.runs ?? currentSelection()?.runs;
    if (!runs) throw new RangeError("IsoFLOP (Approach 2) needs a selection of runs the table allows (see the selection's status)");
    const t = app.loaded.table;
    const iso = isoflopSource(runs, t.paramConvention, t.columns.params !== undefined && t.columns.tokens !== undefined);
    if ("why" in iso) throw new RangeError(iso.why);
    isoflopWarnings = iso.warnings;
    return iso.source;
  }
  const f = app.fit;
  if (!f || !splitsCompute(f.law) || !app.loaded?.ok) return undefined;
  return fitSource(f.law, f.result.params, app.loaded.table.paramConvention, f.runs, app.boot?.results.map((r) => r.values));
}

function renderPlan(): void {
  const set = (id: string, text: string, value?: number) => {
    const el = byId(id);
    el.textContent = text;
    if (value === undefined) delete el.dataset.value; else el.dataset.value = String(value);
  };
  let fit: PlanFit | PlanRuleFit | undefined;
  let plan: PlanBody;
  isoflopWarnings = [];
  try {
    if (planProblems.length) throw new RangeError(planProblems.join("; "));
    fit = planFitNow();
    plan = planFor(planRequest(app.state.budget, app.state), fit);
  } catch (e) {
    app.plan = null;
    const source = byId("plan-source");
    source.textContent = `No plan: ${(e as Error).message}`;
    source.dataset.state = "error";
    for (const id of ["plan-flops", "plan-params", "plan-tokens", "plan-ratio", "plan-loss", "plan-hardware", "plan-steps", "plan-lr", "plan-memory"]) set(id, "—");
    fill(byId("plan-extra"));
    fill(byId("plan-notes"));
    return;
  }
  app.plan = plan;
  const a = plan.allocation, iv = plan.intervals, b = app.state.budget;
  const gpu = GPU_PRESETS.find((g) => g.id === b.gpu)!;
  const source = byId("plan-source");
  delete source.dataset.state;
  const f = app.fit;
  source.textContent = `Compute-optimal split (C = 6ND) with ${fit && "kind" in fit ? fit.title : fit ? `your fit (${fit.saved.law.id})` : `${plan.law.id} (catalog)${f ? `, since law ${f.law.id} (${f.law.inputs.join(", ")}) does not split compute into N and D` : ""}`}; N counts ${plan.law.paramConvention} parameters.`;
  set("plan-flops", `${fmtFlops(a.flops)} FLOPs${b.mode === "hardware" ? ` (${b.gpus} × ${gpu.name} × ${quantity(b.days)} days × MFU ${b.mfu})` : ""}${a.extrapolationFactor !== undefined ? `, ${quantity(a.extrapolationFactor)}× the largest fitted compute` : ""}`, a.flops);
  set("plan-params", `${count(a.params)}${iv ? ` (95% CI ${count(iv.params[0])} – ${count(iv.params[1])})` : ""}`, a.params);
  set("plan-tokens", `${count(a.tokens)}${iv ? ` (95% CI ${count(iv.tokens[0])} – ${count(iv.tokens[1])})` : ""}`, a.tokens);
  set("plan-ratio", a.tokensPerParam.toFixed(1), a.tokensPerParam);
  set("plan-loss", `${fmtLoss(a.loss)}${iv && a.loss !== undefined ? ` (95% CI ${iv.loss[0].toFixed(4)} – ${iv.loss[1].toFixed(4)})` : ""}`, a.loss);
  set("plan-hardware", plan.gpuHours === undefined ? "—" : `${quantity(plan.gpuHours)} GPU-hours: ${quantity(plan.days!)} days on ${b.gpus} × ${gpu.name} at MFU ${b.mfu}${plan.cost !== undefined ? `; cost ${quantity(plan.cost)}` : ""}`, plan.gpuHours);
  const sc = plan.schedule, mem = plan.memory;
  set("plan-steps", `${quantity(sc.steps)} steps of ${count(sc.batchTokens)} tokens (batch from DeepSeek LLM's fit, a heuristic)`, sc.steps);
  set("plan-lr", `${sc.learningRateHeuristic.toPrecision(3)} (DeepSeek LLM's fit η = 0.3118·C^−0.125, a heuristic)`, sc.learningRateHeuristic);
  set("plan-memory", `${bytes(mem.trainingStateBytesPerGpu)} per GPU of weights, gradients and Adam state over ${mem.gpus} GPUs (16 B/param, sharded; activations extra); ${bytes(mem.inferenceWeightsBytes)} of bf16 weights for inference`, mem.trainingStateBytesPerGpu);
  if (b.mode === "compute" && plan.days !== undefined) byId<HTMLInputElement>("days").value = String(Number(plan.days.toPrecision(3)));
  const extra: Node[] = [];
  if (plan.inferenceAware) {
    const p = plan.inferenceAware;
    extra.push(h("p", { id: "plan-inference" }, `With ${count(p.inferenceTokens)} inference tokens, the same loss at the least lifetime ${p.dollars ? "cost" : "compute"} (Sardana & Frankle 2023): N = ${count(p.params)}, D = ${count(p.tokens)} (${p.tokensPerParam.toFixed(0)} tokens/parameter), ` +
      `${fmtFlops(p.totalFlops)} FLOPs in all, ${(100 * p.saving).toFixed(1)}% less than the ${p.reference}${p.dollars ? `; cost ${quantity(p.dollars.total)} against ${quantity(p.dollars.computeOptimalTotal)}` : ""}.`));
  }
  if (plan.dataConstrained) {
    const d = plan.dataConstrained;
    extra.push(h("p", { id: "plan-data-constrained" }, `With ${count(d.uniqueTokens)} unique tokens (Muennighoff et al. 2023, R_D*, R_N* from ${d.decayConstantsFrom}): N = ${count(d.params)}, D = ${count(d.tokens)} (${d.epochs.toFixed(1)} epochs), ` +
      `loss ${d.loss.toFixed(4)} nats (${d.lossWithFreshData.toFixed(4)} if every token were fresh).`));
  }
  fill(byId("plan-extra"), ...extra);
  fill(byId("plan-notes"), ...[...plan.notes, ...isoflopWarnings, ...(plan.dataConstrained?.notes ?? []), ...(plan.inferenceAware?.notes ?? [])].map((n) => h("li", {}, n)));
  renderCatalog(a.flops);
  updateUrlSoon();
  redrawForBudgetSoon();
}

function renderCatalog(flops: number): void {
  const f = app.fit;
  const fitted = f && splitsCompute(f.law) ? { law: f.law, values: f.result.params } : undefined;
  const rowsOut = catalogRows(flops, fitted);
  fill(byId("catalog-table"),
    h("thead", {}, h("tr", {}, ...["law", "N*", "D*", "loss at the budget", "N counts"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, ...rowsOut.map((r) => h("tr", { class: r.id === "fit" ? "mine" : undefined, "data-law": r.id },
      h("th", { scope: "row", title: r.label }, r.id === "fit" ? r.label : r.id),
      ...(r.error ? [h("td", { colspan: 3 }, r.error)] : [h("td", { class: "num" }, count(r.params!)), h("td", { class: "num" }, count(r.tokens!)), h("td", { class: "num" }, r.loss === undefined ? "—" : r.loss.toFixed(4))]),
      h("td", {}, r.paramConvention)))));
}

/** The budget fields follow the plan in hardware mode (the FLOPs that GPUs × days make). */
function syncBudgetInputs(): void {
  const flops = app.plan?.allocation.flops ?? app.state.budget.flops;
  byId<HTMLInputElement>("budget-slider").value = String(Math.log10(flops));
  byId<HTMLInputElement>("budget-flops").value = Number(flops.toPrecision(3)).toExponential();
}

let budgetRedraw: ReturnType<typeof setTimeout> | undefined;
/** Budget of the main figure's target line as last drawn. */
let drawnTargetFlops: number | undefined;
/** The figures that show the budget (the target line, the plan figure) follow the controls a moment later. */
function redrawForBudgetSoon(): void {
  clearTimeout(budgetRedraw);
  budgetRedraw = setTimeout(() => {
    if (app.plan && app.plan.allocation.flops !== drawnTargetFlops) void drawMain();
    scheduleSecondary();
  }, 300);
}

// ---------------------------------------------------------------- figures

function figureModel(): FigureModel | null {
  if (!app.loaded?.ok) return null;
  const table = app.loaded.table;
  const f = app.fit;
  let runs = f?.runs;
  if (!runs) runs = currentSelection()?.runs ?? table.runs;
  if (runs.length === 0) return null;
  const p = app.plan;
  return {
    runs: vizRuns(runs),
    paramConvention: table.paramConvention,
    ...(f ? {
      fit: {
        law: f.settings.law, lawOptions: f.settings.lawOptions, values: f.result.params, theta: Array.from(f.result.theta), data: f.data,
        ...(app.boot ? { resampleValues: app.boot.results.map((r) => r.values) } : {}),
      },
    } : {}),
    ...(p ? { targetFlops: p.allocation.flops } : {}),
    ...(p && p.allocation.loss !== undefined ? { plan: { flops: p.allocation.flops, params: p.allocation.params, tokens: p.allocation.tokens, loss: p.allocation.loss } } : {}),
  };
}

/**
 * A figure's spec, or what it lacks: built here when that is quick, in a
 * worker when the model carries many bootstrap refits. Rejects with
 * Cancelled when a newer request on the same worker replaced it.
 */
async function figureSpec(name: FigureName, model: FigureModel, client: FitWorkerClient): Promise<{ figure: FigureSpec | null; missing: string | null }> {
  if (isHeavy(model)) {
    const reply = await client.run<FigureRequest>({ type: "figure", name, model });
    return { figure: reply.figure, missing: reply.missing };
  }
  const viz = toVizModel(model, app.fit?.law);
  const missing = figureMissing(viz, name);
  return { figure: missing === null ? buildFigure(viz, name) : null, missing };
}

function handExcludedRuns() {
  if (!app.loaded?.ok) return [];
  const sel = currentSelection();
  const fitted = new Set((app.fit?.runs ?? sel?.runs ?? []).map((r) => r.line));
  const hand = new Set(app.state.excluded);
  return vizRuns(app.loaded.table.runs.filter((r) => hand.has(r.line) && !fitted.has(r.line)));
}

let mainSeq = 0;
/** Draws the main figure; a failure is shown in its panel (never an unhandled rejection that would abort a fit). */
async function drawMain(): Promise<void> {
  try {
    await drawMainUnguarded();
  } catch (e) {
    if (e instanceof Cancelled) return;
    fill(byId("main-chart"), h("p", { class: "figure-error" }, `figure failed: ${e instanceof Error ? e.message : String(e)}`));
  }
}

async function drawMainUnguarded(): Promise<void> {
  const seq = ++mainSeq;
  const chart = byId("main-chart");
  const model = figureModel();
  byId<HTMLButtonElement>("export-main-svg").disabled = true;
  byId<HTMLButtonElement>("export-main-png").disabled = true;
  if (!model) {
    app.mainView?.finalize();
    app.mainView = null;
    fill(chart, h("p", { class: "note" }, "Load runs to draw them."));
    return;
  }
  drawnTargetFlops = model.targetFlops;
  let fig: FigureSpec | null;
  try {
    fig = (await figureSpec("loss-compute", model, mainFigureWorker)).figure;
  } catch (e) {
    if (e instanceof Cancelled) return;
    throw e;
  }
  if (seq !== mainSeq || !fig) return;
  const spec = withZoom(withExcludedPoints(fig.spec, handExcludedRuns()));
  app.mainView?.finalize();
  const { view, ready } = renderFigure(chart, toVega(spec), onPointClick);
  app.mainView = view;
  chart.dataset.expectedPoints = String(fig.expected.points ?? 0);
  await ready;
  if (seq !== mainSeq) return;
  chart.dataset.rendered = String(seq);
  byId<HTMLButtonElement>("export-main-svg").disabled = false;
  byId<HTMLButtonElement>("export-main-png").disabled = false;
}

function onPointClick(run: RunDatum): void {
  toggleRun(run.line, performance.now());
}

let secondaryTimer: number | undefined;
/** The figures panel redraws after the main figure, when the page is idle. */
function scheduleSecondary(): void {
  if (secondaryTimer !== undefined) return;
  const run = () => { secondaryTimer = undefined; void drawSecondary(); };
  secondaryTimer = typeof window.requestIdleCallback === "function" ? window.requestIdleCallback(run, { timeout: 300 }) : window.setTimeout(run, 50);
}

let secondarySeq = 0;
/** Draws the chosen figure; a failure is shown in its panel. */
async function drawSecondary(): Promise<void> {
  try {
    await drawSecondaryUnguarded();
  } catch (e) {
    if (e instanceof Cancelled) return;
    fill(byId("figure-chart"), h("p", { class: "figure-error" }, `figure failed: ${e instanceof Error ? e.message : String(e)}`));
  }
}

async function drawSecondaryUnguarded(): Promise<void> {
  const seq = ++secondarySeq;
  const chart = byId("figure-chart");
  const name = app.state.figure;
  const model = figureModel();
  byId<HTMLButtonElement>("export-figure-svg").disabled = true;
  byId<HTMLButtonElement>("export-figure-png").disabled = true;
  let built: { figure: FigureSpec | null; missing: string | null } = { figure: null, missing: "runs" };
  if (model) {
    try {
      built = await figureSpec(name, model, secondaryFigureWorker);
    } catch (e) {
      if (e instanceof Cancelled) return;
      throw e;
    }
  }
  if (seq !== secondarySeq) return;
  byId("figure-missing").textContent = built.missing ? `This figure needs ${built.missing}.` : "";
  app.figureView?.finalize();
  app.figureView = null;
  if (!built.figure) { fill(chart); return; }
  const { view, ready } = renderFigure(chart, toVega(fitPanels(withZoom(built.figure.spec), chart.clientWidth)));
  app.figureView = view;
  chart.dataset.figure = name;
  chart.dataset.expectedPoints = String(built.figure.expected.points ?? 0);
  await ready;
  if (seq !== secondarySeq) return;
  chart.dataset.rendered = String(seq);
  byId<HTMLButtonElement>("export-figure-svg").disabled = false;
  byId<HTMLButtonElement>("export-figure-png").disabled = false;
}

// ---------------------------------------------------------------- share and export

let urlTimer: ReturnType<typeof setTimeout> | undefined;
function updateUrlSoon(): void {
  clearTimeout(urlTimer);
  urlTimer = setTimeout(() => void updateUrl(), 250);
}

async function updateUrl(): Promise<void> {
  const hash = await encodeState(app.state);
  app.lastHash = hash;
  history.replaceState(null, "", hash);
  const input = byId<HTMLInputElement>("share-url");
  input.value = location.href;
  input.dataset.updated = String(Number(input.dataset.updated ?? "0") + 1);
  const d = app.state.data;
  byId("share-note").textContent = d?.kind === "omitted"
    ? `The data (${(d.bytes / 1024).toFixed(0)} KB) is too large for the link (limit 100 KB): whoever opens it must load ${d.source} again.`
    : d ? "The link carries the settings and the data." : "The link carries the settings (no data loaded).";
}

async function copyLink(): Promise<void> {
  await updateUrl();
  const input = byId<HTMLInputElement>("share-url");
  try {
    await navigator.clipboard.writeText(input.value);
    byId("share-note").textContent = "Link copied.";
  } catch {
    input.select();
    byId("share-note").textContent = "Select the link above and copy it (the browser refused clipboard access).";
  }
}

function currentDocument() {
  const f = app.fit;
  if (!f || f.kind !== "full" || !app.loaded?.ok) return null;
  const budgetFlops = app.plan?.allocation.flops ?? app.state.budget.flops; // the budget on screen, as the plan card shows it
  let resamples = app.boot?.results;
  const law = f.law;
  if (resamples && app.boot!.budgetFlops !== budgetFlops && law.allocate) { // the bootstrap ran at another budget: N*, D* of each refit recomputed here
    resamples = resamples.map((r) => {
      const a = law.allocate!(r.values, budgetFlops);
      return { ...r, values: { ...r.values, paramsOpt: a.params, tokensOpt: a.tokens } };
    });
  }
  return buildFitDocument({
    fit: f.result, table: app.loaded.table, selection: f.selection, data: f.data, excludeHighest: app.state.excludeHighest,
    simulated: app.simulated, seed: app.boot?.seed ?? app.exampleSeed ?? DEFAULT_SEED, budgetFlops, ...(resamples ? { resamples } : {}),
  });
}

function exportJson(): void {
  const doc = currentDocument();
  if (doc) download("fit.json", new Blob([toJson(doc) + "\n"], { type: "application/json" }));
}

async function exportReport(): Promise<void> {
  const doc = currentDocument();
  const f = app.fit;
  if (!doc || !f) return;
  const button = byId<HTMLButtonElement>("export-report");
  button.disabled = true;
  try {
    const { default: vegaScript } = await import("../../node_modules/vega/build/vega.min.js?raw");
    const model = figureModel()!;
    const a = doc.allocation;
    if (a) model.targetFlops = a.flops;
    if (a && doc.prediction) model.plan = { flops: a.flops, params: a.params, tokens: a.tokens, loss: doc.prediction.predicted };
    const figures: ReportFigure[] = [];
    const exporter = new FitWorkerClient();
    try {
      for (const name of FIGURE_NAMES) {
        const { figure: fig } = await figureSpec(name, model, exporter);
        if (fig) figures.push({ name: fig.name, title: fig.title, vegaSpec: toVega(fig.spec), expected: fig.expected });
      }
    } finally {
      exporter.cancel();
    }
    // the plan card as it stands (hardware, cost, inference-aware and unique-token parts included), with a new run's interval from the fit's bootstrap
    const plan: ReportPlan | undefined = app.plan ? { body: app.plan, ...(app.plan.law.source === "fit" && doc.prediction ? { pi: doc.prediction.pi } : {}) } : undefined;
    const command = equivalentCommand(app.state, {
      ...(app.simulated ? { exampleSeed: app.exampleSeed } : { source: app.source }),
      ...(app.boot ? { resamples: app.boot.results.length } : {}), budgetFlops: a?.flops ?? app.state.budget.flops,
      handExcluded: f.selection.excluded.filter((e) => e.reason === HAND_EXCLUSION).map((e) => e.line),
    });
    const html = reportHtml({
      title: `scalecast report: ${doc.law.title}`, command: `${command}\n(made in the scalecast workbench)`, tool: { ...TOOL },
      ...(app.simulated ? { simulated: doc.warnings.find((w) => w.code === "simulated-data")?.message } : {}),
      fit: doc, ...(plan ? { plan } : {}), figures, vegaScript, bootScript: REPORT_BOOT_SCRIPT,
    });
    download("scalecast-report.html", new Blob([html], { type: "text/html" }));
    button.removeAttribute("title");
  } catch (e) {
    button.title = `report export failed: ${e instanceof Error ? e.message : String(e)}`; // shown on hover; never an unhandled rejection
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- controls

function renderLawControls(): void {
  const s = app.state;
  const lawSelect = byId<HTMLSelectElement>("law-select");
  lawSelect.value = s.law;
  const entry = lawRegistry[s.law];
  const choices: Record<string, Array<[string, string]>> = {
    x: [["params", "N (parameters)"], ["tokens", "D (tokens)"], ["flops", "C (FLOPs)"]],
    breaks: [["1", "1 break"], ["2", "2 breaks"]],
    base: [["fixed", "fixed at Muennighoff et al.'s fit"], ["joint", "fitted jointly"]],
  };
  const labels: Record<string, string> = { x: "Input variable", breaks: "Breaks", base: "Base law" };
  fill(byId("law-options"), ...entry.options.map((key) => {
    const id = `law-option-${key}`;
    const select = h("select", { id }, h("option", { value: "" }, "default"), ...choices[key].map(([v, t]) => h("option", { value: v }, t)));
    const current = s.lawOptions[key];
    select.value = current === undefined ? "" : String(current);
    select.addEventListener("change", () => {
      const v = select.value;
      const o: LawOptions = { ...s.lawOptions };
      if (v === "") delete o[key];
      else if (key === "breaks") o.breaks = Number(v) as 1 | 2;
      else if (key === "x") o.x = v as LawOptions["x"];
      else o.base = v as LawOptions["base"];
      s.lawOptions = o;
      renderLawControls();
      onSelectionChanged();
    });
    return h("div", { class: "field" }, h("label", { for: id }, labels[key]), select);
  }));
  const law = getLaw(s.law, s.lawOptions);
  byId("law-formula").textContent = `${law.title}: ${law.formula}`;
  const method = byId<HTMLSelectElement>("method-select");
  const varpro = method.querySelector<HTMLOptionElement>('option[value="varpro"]')!;
  varpro.disabled = !law.linearForm;
  varpro.textContent = law.linearForm ? "varpro (variable projection)" : "varpro (this law has no linear form)";
  if (!law.linearForm && s.method === "varpro") s.method = "grid";
  method.value = s.method;
  byId<HTMLSelectElement>("objective-select").value = s.objective;
  byId<HTMLInputElement>("exclude-highest").value = String(s.excludeHighest);
}

/** The selection controls show the state's where-filters, best-of columns and switches. */
function renderSelectionControls(): void {
  const s = app.state;
  const where = byId<HTMLTextAreaElement>("where-filters");
  where.value = s.where.join("\n");
  where.removeAttribute("aria-invalid");
  byId("where-error").textContent = "";
  byId<HTMLInputElement>("best-of").value = s.bestOf.join(",");
  byId<HTMLInputElement>("last-checkpoint").checked = s.lastCheckpoint;
  byId<HTMLInputElement>("pool-groups").checked = s.poolGroups;
}

/**
 * The law or a selection setting changed: re-read the table if the law's roles or the filters changed,
 * show the new selection (the law's inputs make a configuration), refit a fit on screen.
 */
function onSelectionChanged(): void {
  reparseIfNeeded();
  updateRunStatuses();
  if (app.state.planWith === "isoflop") renderPlan();
  onFitInputsChanged();
}

function wireSelectionControls(): void {
  // the text fields apply a moment after typing stops (or at once on change), so a half-typed filter is not read
  const settle = (apply: () => void) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return { input: () => { clearTimeout(timer); timer = setTimeout(apply, 300); }, change: () => { clearTimeout(timer); apply(); } };
  };
  const where = byId<HTMLTextAreaElement>("where-filters");
  const applyWhere = () => {
    const read = readWhereLines(where.value);
    where.setAttribute("aria-invalid", String(!read.ok));
    byId("where-error").textContent = read.ok ? "" : `Not applied: ${read.error}`;
    if (!read.ok || JSON.stringify(read.where) === JSON.stringify(app.state.where)) return;
    app.state.where = read.where;
    onSelectionChanged();
  };
  const w = settle(applyWhere);
  where.addEventListener("input", w.input);
  where.addEventListener("change", w.change);
  const bestOf = byId<HTMLInputElement>("best-of");
  const applyBestOf = () => {
    const cols = readBestOf(bestOf.value);
    if (JSON.stringify(cols) === JSON.stringify(app.state.bestOf)) return;
    app.state.bestOf = cols;
    onSelectionChanged();
  };
  const b = settle(applyBestOf);
  bestOf.addEventListener("input", b.input);
  bestOf.addEventListener("change", b.change);
  for (const [id, key] of [["last-checkpoint", "lastCheckpoint"], ["pool-groups", "poolGroups"]] as const) {
    const box = byId<HTMLInputElement>(id);
    box.addEventListener("change", () => { app.state[key] = box.checked; onSelectionChanged(); });
  }
}

function applyStateToControls(): void {
  const s = app.state;
  renderLawControls();
  renderSelectionControls();
  byId<HTMLInputElement>("bootstrap-resamples").value = String(s.bootstrapResamples);
  byId<HTMLInputElement>(s.budget.mode === "hardware" ? "budget-mode-hardware" : "budget-mode-compute").checked = true;
  byId<HTMLInputElement>(s.planWith === "isoflop" ? "plan-with-isoflop" : "plan-with-law").checked = true;
  byId<HTMLInputElement>("gpus").value = String(s.budget.gpus);
  byId<HTMLSelectElement>("gpu-type").value = s.budget.gpu;
  byId<HTMLInputElement>("days").value = String(s.budget.days);
  byId<HTMLInputElement>("mfu").value = String(s.budget.mfu);
  byId<HTMLInputElement>("price").value = s.budget.pricePerGpuHour === undefined ? "" : String(s.budget.pricePerGpuHour);
  byId<HTMLInputElement>("inference-tokens").value = s.inferenceTokens === undefined ? "" : String(s.inferenceTokens);
  byId<HTMLInputElement>("unique-tokens").value = s.uniqueTokens === undefined ? "" : String(s.uniqueTokens);
  byId<HTMLSelectElement>("figure-select").value = s.figure;
  syncBudgetInputs();
}

function wireControls(): void {
  const lawSelect = byId<HTMLSelectElement>("law-select");
  fill(lawSelect, ...Object.keys(lawRegistry).map((id) => h("option", { value: id }, id)));
  fill(byId("objective-select"), ...Object.values(objectives).map((o) => h("option", { value: o.id }, `${o.id} — ${o.title}`)));
  fill(byId("gpu-type"), ...GPU_PRESETS.map((g) => h("option", { value: g.id, title: g.source }, `${g.name} (${(g.peakFlops / 1e12).toFixed(0)} TFLOP/s BF16)`)));
  fill(byId("figure-select"), ...WORKBENCH_FIGURES.map((n) => h("option", { value: n }, FIGURES[n].title)));

  const fileInput = byId<HTMLInputElement>("file-input");
  fileInput.addEventListener("change", () => { const file = fileInput.files?.[0]; if (file) void readFile(file); });
  const drop = byId("drop-zone");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const file = e.dataTransfer?.files?.[0];
    if (file) void readFile(file);
    else { const text = e.dataTransfer?.getData("text/plain"); if (text) loadText(text, "dropped text", {}); }
  });
  byId("paste-load").addEventListener("click", () => {
    const text = byId<HTMLTextAreaElement>("paste-input").value;
    if (text.trim() === "") { setLoadStatus("Paste a table first.", true); return; }
    loadText(text, "pasted table", {});
  });
  byId("open-example").addEventListener("click", () => loadText(exampleText(DEFAULT_SEED), exampleSource(DEFAULT_SEED), { exampleSeed: DEFAULT_SEED }));

  lawSelect.addEventListener("change", () => { app.state.law = lawSelect.value; app.state.lawOptions = {}; renderLawControls(); onSelectionChanged(); });
  byId<HTMLSelectElement>("method-select").addEventListener("change", (e) => { app.state.method = (e.target as HTMLSelectElement).value as "grid" | "varpro"; onFitInputsChanged(); });
  byId<HTMLSelectElement>("objective-select").addEventListener("change", (e) => { app.state.objective = (e.target as HTMLSelectElement).value as ObjectiveId; onFitInputsChanged(); });
  const exclude = byId<HTMLInputElement>("exclude-highest");
  exclude.addEventListener("input", () => {
    const k = Number(exclude.value);
    const valid = exclude.value.trim() !== "" && Number.isInteger(k) && k >= 0;
    exclude.setAttribute("aria-invalid", String(!valid));
    if (!valid || k === app.state.excludeHighest) return;
    app.state.excludeHighest = k;
    updateRunStatuses();
    onFitInputsChanged();
  });
  wireSelectionControls();
  byId("fit-button").addEventListener("click", () => void startFit("button"));
  byId("cancel-button").addEventListener("click", () => worker.cancel());
  byId("bootstrap-button").addEventListener("click", () => void runBootstrap());
  byId("bootstrap-cancel").addEventListener("click", () => worker.cancel());

  const slider = byId<HTMLInputElement>("budget-slider");
  slider.addEventListener("input", () => {
    byId<HTMLInputElement>("budget-mode-compute").checked = true;
    byId<HTMLInputElement>("budget-flops").value = Number((10 ** Number(slider.value)).toPrecision(3)).toExponential();
    readPlanControls();
    renderPlan();
  });
  const flopsInput = byId<HTMLInputElement>("budget-flops");
  flopsInput.addEventListener("input", () => {
    byId<HTMLInputElement>("budget-mode-compute").checked = true; // typing a budget plans that budget
    readPlanControls();
    const v = readNumber(flopsInput.value);
    if (v > 0 && Number.isFinite(v)) slider.value = String(Math.log10(v));
    renderPlan(); // an unreadable budget is named in the plan card
  });
  for (const id of ["plan-with-law", "plan-with-isoflop", "budget-mode-compute", "budget-mode-hardware", "gpus", "gpu-type", "days", "mfu", "price", "inference-tokens", "unique-tokens"]) {
    byId(id).addEventListener("input", () => {
      readPlanControls();
      if (app.state.budget.mode === "hardware") syncBudgetInputs();
      renderPlan();
    });
  }
  byId<HTMLSelectElement>("figure-select").addEventListener("change", (e) => {
    app.state.figure = (e.target as HTMLSelectElement).value as FigureName;
    updateUrlSoon();
    void drawSecondary();
  });

  byId("copy-link").addEventListener("click", () => void copyLink());
  byId("export-json").addEventListener("click", exportJson);
  byId("export-report").addEventListener("click", () => void exportReport());
  byId("export-main-svg").addEventListener("click", () => { if (app.mainView) void exportSvg(app.mainView, "loss-compute"); });
  byId("export-main-png").addEventListener("click", () => { if (app.mainView) void exportPng(app.mainView, "loss-compute"); });
  byId("export-figure-svg").addEventListener("click", () => { if (app.figureView) void exportSvg(app.figureView, app.state.figure); });
  byId("export-figure-png").addEventListener("click", () => { if (app.figureView) void exportPng(app.figureView, app.state.figure); });
  // the skip link moves focus without touching the hash (a hash that is not a state link must not reload the page and lose the session)
  document.querySelector<HTMLAnchorElement>("a.skip")!.addEventListener("click", (e) => {
    e.preventDefault();
    const heading = byId("fit-h");
    heading.tabIndex = -1;
    heading.scrollIntoView();
    heading.focus();
  });
  // a state link pasted into this tab restores it; any other hash change (an in-page anchor) keeps the session and the state link
  window.addEventListener("hashchange", () => {
    if (location.hash.startsWith(HASH_PREFIX) && location.hash !== app.lastHash) location.reload();
    else if (!location.hash.startsWith(HASH_PREFIX) && app.lastHash) history.replaceState(null, "", app.lastHash);
  });
}

async function start(): Promise<void> {
  wireControls();
  const decoded = await decodeState(location.hash);
  if (decoded) {
    app.state = decoded.state;
    app.lastHash = location.hash;
    if (decoded.problems.length) byId("share-note").textContent = `Some settings in the link were not valid and were reset: ${decoded.problems.join("; ")}.`;
  }
  applyStateToControls();
  readPlanControls(); // the fields now hold the state: this marks what the mode does not use (Days in compute mode)
  renderPlan();
  const d = app.state.data;
  app.bootstrapPending = app.state.bootstrapRan === true;
  if (d?.kind === "text") loadText(d.text, d.source, { keepSettings: true, autoFit: true });
  else if (d?.kind === "example") loadText(exampleText(d.seed), exampleSource(d.seed), { exampleSeed: d.seed, keepSettings: true, autoFit: true });
  else if (d?.kind === "omitted") {
    app.restorePending = true;
    setLoadStatus(`This link's data (${d.source}, ${(d.bytes / 1024).toFixed(0)} KB) was too large to include: load it again to restore the fit with the link's settings.`, true);
  }
  document.body.dataset.ready = "true";
}

void start();
