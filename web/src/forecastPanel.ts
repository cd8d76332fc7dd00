/**
 * The forecast card, as `scalecast predict`, `forecast register` and
 * `forecast score`: the fit's prediction at any points with its intervals;
 * a ledger in the page that each registered forecast is sealed into (chained
 * to a loaded ledger's last record), downloadable as JSON Lines; and a loaded
 * ledger scored against the landed runs, with the calibration figure. The
 * records are assembled by the same core function as the CLI's, so a ledger
 * made here verifies and scores on the command line.
 */
import type * as vega from "vega";
import { checkLedger, type LedgerRecord } from "../../src/core/forecast/ledger.js";
import { forecastRecord, predictTargets } from "../../src/core/forecast/record.js";
import { scoreLedger } from "../../src/core/forecast/score.js";
import { savedFitFrom } from "../../src/core/plan/fitSource.js";
import { parsePoint, type FitPredictions, type PredictionPoint } from "../../src/core/plan/predictFit.js";
import type { Run } from "../../src/core/runs/types.js";
import { roleOptionKey, type RoleId } from "../../src/core/runs/roles.js";
import { TOOL } from "../../src/core/version.js";
import { calibrationFigure, calibrationRows } from "../../src/core/viz/calibrationFigure.js";
import { byId, download, fill, h, setStatus } from "./dom.js";
import { count, flops as fmtFlops, quantity } from "./format.js";
import { renderFigure, toVega } from "./figures.js";
import { DEFAULT_DELTA, DEFAULT_SEED, HAND_EXCLUSION, loadTable } from "./pipeline.js";
import { app } from "./app.js";
import { currentDocument } from "./share.js";

/** The ledger held by the page: its text (appended to, byte for byte), its checked records, and the file name it downloads as. */
const ledger = { text: "", records: [] as LedgerRecord[], name: "forecasts.jsonl" };
let scoreView: vega.View | null = null;

/** The points typed, one a line (blank lines skipped); a line that is not a point is named with its number. */
function readPointLines(): { points: PredictionPoint[] } | { error: string } {
  const area = byId<HTMLTextAreaElement>("forecast-points");
  const points: PredictionPoint[] = [];
  const lines = area.value.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    try {
      points.push(parsePoint(lines[i]));
    } catch (e) {
      area.setAttribute("aria-invalid", "true");
      return { error: `Points, line ${i + 1}: ${(e as Error).message}` };
    }
  }
  area.setAttribute("aria-invalid", String(points.length === 0 && area.value.trim() !== ""));
  return points.length ? { points } : { error: "No point: write one a line, such as params=7e10,tokens=1.4e12." };
}

/** The finished fit as a saved fit (bootstrap refits and residuals included), with its document; null before a full fit. */
function fitNow() {
  const doc = currentDocument();
  const f = app.fit;
  if (!doc || !f) return null;
  const saved = savedFitFrom(doc, f.law, Object.fromEntries(f.law.parameters.map((p) => [p.name, doc.params[p.name]])));
  return { doc, saved, fit: f };
}

const pair = (iv: [number, number] | undefined, d: number) => (iv ? `${iv[0].toFixed(d)} – ${iv[1].toFixed(d)}` : "—");
const pointText = (p: PredictionPoint) => Object.entries(p).map(([k, v]) => `${k} ${k === "flops" ? fmtFlops(v) : k === "loss" ? v : count(v)}`).join(", ");

function renderPredictions(predictions: FitPredictions, target: string, refits: number): void {
  const d = 4;
  fill(byId("forecast-table"),
    h("thead", {}, h("tr", {}, ...["point", `predicted ${target === "metric" ? "metric" : "loss (nats)"}`, "80% CI", "95% CI", "80% PI", "95% PI", "× largest fitted C"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, ...predictions.points.map((p, i) => h("tr", { "data-point": i },
      h("th", { scope: "row" }, pointText(p.inputs)),
      h("td", { class: "num predicted", "data-value": String(p.predicted) }, Number.isFinite(p.predicted) ? p.predicted.toFixed(d) : "not finite"),
      h("td", { class: "num" }, pair(p.ci?.["0.8"], d)), h("td", { class: "num" }, pair(p.ci?.["0.95"], d)),
      h("td", { class: "num" }, pair(p.pi?.["0.8"], d)),
      h("td", { class: "num pi95", ...(p.pi ? { "data-low": String(p.pi["0.95"][0]), "data-high": String(p.pi["0.95"][1]) } : {}) }, pair(p.pi?.["0.95"], d)),
      h("td", { class: "num" }, p.extrapolationFactor === undefined ? "—" : quantity(p.extrapolationFactor))))));
  fill(byId("forecast-warnings"), ...predictions.warnings.map((w) => h("li", { "data-code": w.code }, `${w.message} [${w.code}]`)));
  setStatus("forecast-status", `${predictions.points.length} point${predictions.points.length === 1 ? "" : "s"} from the fitted ${app.fit!.law.id} law${refits ? `; intervals from ${refits.toLocaleString("en-US")} bootstrap refits (CI: the law's mean; PI: a new run)` : "; no intervals: press Bootstrap for them"}.`, "done");
}

/** Predicts at the points typed, or says why not (no fit, a bad line, a point outside the law's domain). */
export function predictNow(): void {
  const got = fitNow();
  if (!got) { clearPredictions("Fit a law to predict."); return; }
  const read = readPointLines();
  if ("error" in read) { clearPredictions(read.error, true); return; }
  try {
    renderPredictions(predictTargets(got.saved, read.points), got.saved.law.target ?? "loss", got.saved.resamples?.length ?? 0);
  } catch (e) {
    clearPredictions((e as Error).message, true);
  }
}

function clearPredictions(text: string, error = false): void {
  fill(byId("forecast-table"));
  fill(byId("forecast-warnings"));
  setStatus("forecast-status", text, error ? "error" : undefined);
}

/** The fit or its bootstrap changed: predictions shown for the old one are redone (never left stale), and the buttons follow the fit. */
export function refreshForecast(full: boolean): void {
  byId<HTMLButtonElement>("forecast-predict").disabled = !full;
  byId<HTMLButtonElement>("forecast-register").disabled = !full;
  renderLedgerStatus();
  if (byId("forecast-table").childElementCount > 0 || byId("forecast-status").dataset.state) {
    if (full) predictNow(); else clearPredictions("The fit changed: predictions return when it is done.");
  }
}

/** The selection as the CLI's option names, so `forecast verify --data` can select the same rows again. */
function selectionOptions(): Record<string, unknown> {
  const s = app.state, f = app.fit!;
  const where = s.where.map((w) => w.trim()).filter((w) => w !== "");
  const columns = Object.fromEntries(Object.entries(s.columns).filter(([, v]) => v).map(([role, name]) => [roleOptionKey(role as RoleId), name]));
  const hand = f.selection.excluded.filter((e) => e.reason === HAND_EXCLUSION).map((e) => e.line);
  return {
    ...(where.length ? { where } : {}), ...(s.bestOf.length ? { bestOf: [...s.bestOf] } : {}),
    ...(s.lastCheckpoint ? { lastCheckpoint: true } : {}), ...(s.poolGroups ? { poolGroups: true } : {}),
    excludeHighestLoss: s.excludeHighest, ...(s.paramConvention ? { paramConvention: s.paramConvention } : {}), ...columns,
    ...(hand.length ? { excludeLines: hand } : {}),
  };
}

/** Seals a forecast of the points typed into the page's ledger, chained to its last record. Nothing is added on any problem. */
/** A registration or a ledger load in progress: a second one waits its turn, so two records never chain to the same one. */
let ledgerBusy: Promise<void> = Promise.resolve();
const serialize = (work: () => Promise<void>): Promise<void> => (ledgerBusy = ledgerBusy.then(work, work));

export function registerNow(): Promise<void> {
  return serialize(registerOnce);
}

async function registerOnce(): Promise<void> {
  const got = fitNow();
  if (!got) { setStatus("ledger-status", "Fit a law first: a forecast is registered from a finished fit.", "error"); return; }
  const read = readPointLines();
  if ("error" in read) { setStatus("ledger-status", `${read.error} Nothing was registered.`, "error"); return; }
  let predictions: FitPredictions;
  try {
    predictions = predictTargets(got.saved, read.points);
  } catch (e) {
    setStatus("ledger-status", `${(e as Error).message}; nothing was registered.`, "error");
    return;
  }
  const { doc, fit } = got;
  const note = byId<HTMLInputElement>("forecast-note").value.trim();
  const commit = byId<HTMLInputElement>("forecast-commit").value.trim();
  const record = await forecastRecord({
    fit: doc, runs: fit.runs,
    assumptions: {
      law: { id: doc.law.id, options: fit.settings.lawOptions }, objective: { id: fit.settings.objective, delta: fit.settings.delta ?? DEFAULT_DELTA },
      method: fit.settings.method, selection: selectionOptions(), seed: app.boot?.seed ?? app.exampleSeed ?? DEFAULT_SEED, bootstrap: app.boot?.results.length ?? 0,
      madeIn: "workbench",
    },
    targets: read.points, predictions: predictions.points, note, commit,
  }, ledger.records[ledger.records.length - 1], TOOL);
  ledger.records.push(record);
  ledger.text += JSON.stringify(record) + "\n";
  renderPredictions(predictions, got.saved.law.target ?? "loss", got.saved.resamples?.length ?? 0);
  renderLedgerStatus(`Registered forecast ${record.id.slice(0, 8)} (record ${ledger.records.length}, ${read.points.length} target${read.points.length === 1 ? "" : "s"}; data ${record.data.rows} rows, sha256 ${record.data.sha256.slice(0, 12)}…)` +
    `${got.saved.resamples?.length ? "" : ". It has no intervals (no bootstrap): it can be scored for error, not for coverage"}.`);
}

function renderLedgerStatus(lead?: string): void {
  const n = ledger.records.length;
  byId<HTMLButtonElement>("ledger-download").disabled = n === 0;
  byId<HTMLButtonElement>("score-loaded").disabled = n === 0;
  byId("ledger-status").dataset.records = String(n);
  if (lead !== undefined) setStatus("ledger-status", `${lead}. The ledger holds ${n} record${n === 1 ? "" : "s"}: download it to keep it.`, "done");
}

export function downloadLedger(): void {
  if (ledger.records.length) download(ledger.name, new Blob([ledger.text], { type: "application/x-ndjson" }));
}

/** A ledger file: checked (every hash and link) before it replaces the page's ledger; a broken one is refused and named. */
export function loadLedger(file: File): Promise<void> {
  return serialize(() => loadLedgerOnce(file));
}

async function loadLedgerOnce(file: File): Promise<void> {
  const text = await file.text();
  const check = await checkLedger(text);
  if (check.problem) {
    const p = check.problem;
    setStatus("ledger-status", `${file.name} line ${p.line}${p.id ? ` (record ${p.id})` : ""}: ${p.message}. Not loaded; the ledger in the page is unchanged (${ledger.records.length} records).`, "error");
    return;
  }
  ledger.text = text === "" || text.endsWith("\n") ? text : `${text}\n`;
  ledger.records = check.records;
  ledger.name = file.name;
  renderLedgerStatus(`Loaded ${file.name}: ${check.records.length} record${check.records.length === 1 ? "" : "s"}, every hash and link intact`);
}

/** Scores the page's ledger against landed runs: per target, then over the ledger, with the calibration figure. */
async function scoreAgainst(runs: readonly Run[], source: string): Promise<void> {
  if (ledger.records.length === 0) { setStatus("score-status", "No ledger to score: register a forecast or load a ledger.", "error"); return; }
  const score = scoreLedger(ledger.records, runs);
  const num = (v: number | undefined, d = 4) => (v === undefined ? "—" : Number.isFinite(v) ? v.toFixed(d) : "not finite");
  fill(byId("score-table"),
    h("thead", {}, h("tr", {}, ...["record", "target", "predicted", "actual", "rel. error", "z", "80% PI", "95% PI"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, ...score.targets.map((t, i) => h("tr", { "data-record": t.record, "data-index": i, "data-scored": String(t.actual !== undefined) },
      h("th", { scope: "row" }, t.record.slice(0, 8)), h("td", {}, pointText(t.target)), h("td", { class: "num" }, num(t.predicted)),
      h("td", { class: "num actual", ...(t.actual ? { "data-value": String(t.actual.value) } : {}) }, t.actual ? num(t.actual.value) : "no actual"),
      h("td", { class: "num" }, t.relativeError === undefined ? "—" : `${(100 * t.relativeError).toFixed(2)}%`), h("td", { class: "num" }, num(t.z, 2)),
      h("td", { "data-covered": t.covered ? String(t.covered.pi["0.8"]) : undefined }, t.covered ? (t.covered.pi["0.8"] ? "covered" : "missed") : "—"),
      h("td", { "data-covered": t.covered ? String(t.covered.pi["0.95"]) : undefined }, t.covered ? (t.covered.pi["0.95"] ? "covered" : "missed") : "—")))));
  fill(byId("score-warnings"), ...score.warnings.map((w) => h("li", { "data-code": w.code }, `${w.message} [${w.code}]`)));
  const pis = calibrationRows(score).filter((r) => r.interval === "prediction interval");
  const el = byId("score-status");
  el.dataset.scored = String(score.scored);
  for (const r of pis) el.dataset[r.nominal === 0.8 ? "pi80" : "pi95"] = String(r.observed);
  setStatus("score-status", `Against ${source}: scored ${score.scored} of ${score.targets.length} targets` +
    (score.meanAbsoluteRelativeError !== undefined ? `; mean |relative error| ${(100 * score.meanAbsoluteRelativeError).toFixed(2)}%` : "") +
    pis.map((r) => `; ${(100 * r.nominal).toFixed(0)}% PI covered ${r.covered} of ${r.n} (Wilson 95% interval ${(100 * r.low).toFixed(0)}–${(100 * r.high).toFixed(0)}%)`).join("") + ".", "done");
  scoreView?.finalize();
  scoreView = null;
  const chart = byId("score-chart");
  delete chart.dataset.rendered;
  const drawn = calibrationFigure(score);
  if ("missing" in drawn) { fill(chart, h("p", { class: "note" }, `No calibration figure: it needs ${drawn.missing}.`)); return; }
  chart.dataset.expectedPoints = String(drawn.figure.expected.points);
  const { view, ready } = renderFigure(chart, toVega(drawn.figure.spec));
  scoreView = view;
  await ready;
  chart.dataset.rendered = "true";
}

export function scoreLoaded(): void {
  if (!app.loaded?.ok) { setStatus("score-status", "Load runs first, or choose a file of landed runs.", "error"); return; }
  void scoreAgainst(app.loaded.table.runs, app.source);
}

/** A file of landed runs, read as `forecast score --actual` reads one (columns by name). */
export async function scoreFile(file: File): Promise<void> {
  const loaded = loadTable(await file.text(), file.name);
  if (!loaded.ok) { setStatus("score-status", `${file.name}: ${loaded.error} [${loaded.code}]`, "error"); return; }
  await scoreAgainst(loaded.table.runs, file.name);
}

/** Appends the plan card's N* and D* as a point. */
export function addPlanPoint(): void {
  const a = app.plan?.allocation;
  if (!a) { setStatus("forecast-status", "No plan to take a point from (see the plan card).", "error"); return; }
  const area = byId<HTMLTextAreaElement>("forecast-points");
  const line = `params=${Number(a.params.toPrecision(4))},tokens=${Number(a.tokens.toPrecision(4))}`;
  area.value = area.value.trim() === "" ? line : `${area.value.replace(/\n*$/, "")}\n${line}`;
  if (app.fit?.kind === "full") predictNow();
}

export function wireForecast(): void {
  byId("forecast-predict").addEventListener("click", predictNow);
  byId("forecast-use-plan").addEventListener("click", addPlanPoint);
  byId("forecast-register").addEventListener("click", () => void registerNow());
  byId("ledger-download").addEventListener("click", downloadLedger);
  byId<HTMLInputElement>("ledger-file").addEventListener("change", (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void loadLedger(file);
  });
  byId("score-loaded").addEventListener("click", scoreLoaded);
  byId<HTMLInputElement>("actual-file").addEventListener("change", (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void scoreFile(file);
  });
}
