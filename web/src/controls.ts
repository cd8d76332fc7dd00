/** The controls: state applied to the page, and every event wired. */
import { objectives, type ObjectiveId } from "../../src/core/fit/objectives.js";
import { getLaw, lawRegistry, type LawOptions } from "../../src/core/laws/registry.js";
import { GPU_PRESETS } from "../../src/core/plan/hardware.js";
import { FIGURES, type FigureName } from "../../src/core/viz/index.js";
import { byId, fill, h } from "./dom.js";
import { exportPng, exportSvg } from "./figures.js";
import { readNumber } from "./format.js";
import { DEFAULT_SEED, exampleSource, exampleText } from "./pipeline.js";
import { readBestOf, readWhereLines } from "./selection.js";
import { HASH_PREFIX, WORKBENCH_FIGURES } from "./state.js";
import { app, worker } from "./app.js";
import { runBootstrap } from "./bootstrapPanel.js";
import { drawSecondary } from "./figuresPanel.js";
import { onFitInputsChanged, startFit } from "./fitPanel.js";
import { loadText, readFile, reparseIfNeeded, setLoadStatus, updateRunStatuses } from "./load.js";
import { readPlanControls, renderPlan, syncBudgetInputs } from "./planPanel.js";
import { copyLink, exportJson, exportReport, updateUrlSoon } from "./share.js";

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
export function renderSelectionControls(): void {
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

export function applyStateToControls(): void {
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

export function wireControls(): void {
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
