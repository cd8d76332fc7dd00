/** Loading a run table: file, paste or the example; columns, convention and the runs list. */
import type { Selection } from "../../src/core/fit/selectRuns.js";
import { getLaw } from "../../src/core/laws/registry.js";
import type { Law } from "../../src/core/laws/types.js";
import { COLUMN_ROLES } from "../../src/core/runs/columns.js";
import { ROLES } from "../../src/core/runs/roles.js";
import type { Diagnostic, DiagnosticCode } from "../../src/core/diagnostics.js";
import type { ColumnRole, ParamConvention, RunTable } from "../../src/core/runs/types.js";
import { byId, fill, h } from "./dom.js";
import { count, flops as fmtFlops } from "./format.js";
import { HAND_EXCLUSION, loadTable, needsOf, trySelect, type ReadSettings, type Selected } from "./pipeline.js";
import { selectionSummary } from "./selection.js";
import { dataForUrl } from "./state.js";
import { app, rows, worker } from "./app.js";
import { dropBootstrap } from "./bootstrapPanel.js";
import { renderSelectionControls } from "./controls.js";
import { drawMain, scheduleSecondary } from "./figuresPanel.js";
import { onFitInputsChanged, renderResults, setFitState, startFit } from "./fitPanel.js";
import { renderPlan } from "./planPanel.js";
import { updateUrlSoon } from "./share.js";

export async function readFile(file: File): Promise<void> {
  setLoadStatus(`Reading ${file.name}…`);
  try {
    loadText(await file.text(), file.name, {});
  } catch (e) {
    setLoadStatus(`Could not read ${file.name}: ${(e as Error).message}`, true);
  }
}

export function loadText(text: string, source: string, opts: { exampleSeed?: number; keepSettings?: boolean; autoFit?: boolean }): void {
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
export function reparseIfNeeded(): void {
  if (app.text !== null && JSON.stringify(readSettings()) !== app.readKey) reparse();
}

export function setLoadStatus(text: string, error = false, code?: DiagnosticCode): void {
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

export function currentSelection(): Selection | null {
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
export function diagnosticItem(d: Diagnostic): HTMLLIElement {
  return h("li", { "data-code": d.code }, `${d.message} [${d.code}]`);
}

export function updateRunStatuses(): void {
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
export function toggleRun(line: number, t0: number): void {
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
