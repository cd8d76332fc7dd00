/**
 * The emergence card, as `scalecast emergence`: one row per model of one task (scale, a discontinuous metric,
 * optionally a continuous metric and a per-token probability p), columns found as the CLI finds them. A sigmoid in
 * log scale against smooth power laws, the jump decided by the stated criterion, the continuous metric judged across
 * it, both metrics forecast at the next scale with bootstrap intervals, and, with an answer length ℓ, exact match p^ℓ
 * and edit distance ℓ(1 − p) drawn. The same core function (`assembleEmergenceDocument`) and seed as the CLI.
 */
import type * as vega from "vega";
import { diagnostic } from "../../src/core/diagnostics.js";
import { assembleEmergenceDocument, type EmergenceDocument } from "../../src/core/emergence/analyze.js";
import { exampleEmergenceCsv, exampleEmergenceNote } from "../../src/core/emergence/exampleEmergence.js";
import { readEmergence } from "../../src/core/emergence/readEmergence.js";
import { transformsFigure } from "../../src/core/viz/emergenceFigure.js";
import { byId, fill, h, setStatus } from "./dom.js";
import { renderFigure, toVega } from "./figures.js";
import { fileArgument, shellCommand } from "./command.js";
import { readNumber } from "./format.js";
import { refusalText, settingRefusal } from "./refusal.js";
import { DEFAULT_SEED } from "./pipeline.js";

const loaded: { text: string; name: string; example: boolean } = { text: "", name: "", example: false };
let view: vega.View | null = null;
/** Resamples the page runs on its main thread at most (about 10 s for observe's heaviest case on a 2-core machine). */
const MAX_PAGE_RESAMPLES = 10_000;
/** Figures started: one marks itself drawn only if no later one has started. */
let runs = 0;

const status = (text: string, state?: "error" | "done") => setStatus("emergence-status", text, state);

const sci = (x: number) => x.toExponential(3);
const num = (x: number) => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toPrecision(4));

interface Settings { length?: number; next?: number; bootstrap: number; floor: number | "fit" }

/** The card's fields, checked; a bad one is named, never replaced. */
function readSettings(): Settings | string {
  const field = (id: string) => byId<HTMLInputElement>(id).value.trim();
  const lengthText = field("emergence-length"), nextText = field("emergence-next"), bText = field("emergence-bootstrap"), floorText = field("emergence-floor");
  if (lengthText !== "" && !/^[1-9]\d*$/.test(lengthText)) return `Answer length ℓ: "${lengthText}" is not a whole number ≥ 1 (or leave it empty: no transforms)`;
  const next = nextText === "" ? undefined : readNumber(nextText);
  if (next !== undefined && !(next > 0)) return `Next scale: "${nextText}" is not a number > 0 (or leave it empty: 10× the largest)`;
  if (!/^\d+$/.test(bText) || Number(bText) === 1 || Number(bText) > MAX_PAGE_RESAMPLES) return `Resamples: "${bText}" is not 0 (no intervals) or a whole number from 2 to ${MAX_PAGE_RESAMPLES.toLocaleString("en-US")} (the page works on its main thread; the CLI takes up to 10^6)`;
  const floor = floorText === "fit" ? "fit" : Number(floorText);
  if (floor !== "fit" && (floorText === "" || !(floor >= 0 && floor <= 1))) return `Floor: "${floorText}" is not "fit" or a fraction in [0, 1]`;
  return { ...(lengthText !== "" ? { length: Number(lengthText) } : {}), ...(next !== undefined ? { next } : {}), bootstrap: Number(bText), floor };
}

function renderDocument(d: EmergenceDocument): void {
  const f = d.fits, j = d.jump, c = d.data.continuous;
  const verdict = byId("emergence-verdict");
  verdict.dataset.sharp = String(j.sharp);
  verdict.dataset.midpoint = String(j.midpoint);
  fill(verdict, h("strong", {}, j.sharp ? "Jump" : "No jump"), `: midpoint ${sci(j.midpoint)}, 10–90% rise ${sci(j.rise.from)}–${sci(j.rise.to)} (${j.widthDecades.toFixed(2)} decades). Criterion: ${d.criterion.text}.`);
  fill(byId("emergence-reasons"), ...j.reasons.map((r) => h("li", {}, r)));
  const a = d.continuousAcrossJump;
  byId("emergence-across").textContent = a ? `${c!.name} across the jump: RMS residual ${num(a.rmsResidual)} ${c!.unit}, ${(100 * a.relativeRms).toFixed(2)}% of its range over ${a.points} models: ${a.smooth ? "smooth" : "not smooth"}.`
    : a === null ? `${c!.name} across the jump: cannot judge: ${d.continuousAcrossJumpReason ?? "not measured"}.` : "No continuous metric in the file.";
  const fitRow = (cls: string, label: string, formula: string, r2: number, bic?: number) =>
    h("tr", { class: cls }, h("td", {}, label), h("td", {}, formula), h("td", { "data-value": r2 }, r2.toFixed(4)), h("td", { class: "bic", "data-value": bic }, bic === undefined ? "—" : bic.toFixed(1)));
  fill(byId("emergence-fits"), h("thead", {}, h("tr", {}, ...["fit of " + d.data.metric.name, "formula", "R²", "BIC"].map((t) => h("th", {}, t)))), h("tbody", {},
    fitRow("sigmoid", "sigmoid in log scale", f.sigmoid.formula, f.sigmoid.r2, f.sigmoid.bic),
    ...f.smooth.map((m) => fitRow(`smooth${m.id === f.bestSmooth ? " best" : ""}`, `smooth: ${m.id}${m.id === f.bestSmooth ? " (better)" : ""}`, m.formula, m.r2, m.bic)),
    f.continuous && fitRow("continuous", `continuous: ${c!.name}`, f.continuous.formula, f.continuous.r2)));
  const fc = d.forecast;
  fill(byId("emergence-forecast"), h("caption", {}, `At the next scale ${sci(fc.next)} (${fc.nextFrom})${fc.bootstrap ? `, 95% intervals from ${fc.bootstrap.used} resamples of the models` : ""}. ${fc.comparison}`),
    h("thead", {}, h("tr", {}, ...["metric", "curve", "forecast", "95% interval", "width ÷ observed range"].map((t) => h("th", {}, t)))),
    h("tbody", {}, ...fc.metrics.map((m) => h("tr", { "data-metric": m.name },
      h("td", {}, m.name), h("td", {}, m.model), h("td", { class: "point", "data-value": m.point }, num(m.point)),
      h("td", { class: "ci95", "data-low": m.ci95?.[0], "data-high": m.ci95?.[1] }, m.ci95 ? `[${num(m.ci95[0])}, ${num(m.ci95[1])}]` : "—"),
      h("td", {}, m.rangeWidth === undefined ? "—" : `${(100 * m.rangeWidth).toFixed(1)}%`)))));
  fill(byId("emergence-warnings"), ...d.warnings.map((w) => h("li", { "data-code": w.code }, `${w.message} [${w.code}]`)));
}

/** Empties the verdict, tables, warnings and figure, so a refusal never stands beside an earlier analysis's results. */
function clearResults(): void {
  runs++;
  view?.finalize();
  view = null;
  for (const id of ["emergence-verdict", "emergence-reasons", "emergence-fits", "emergence-forecast", "emergence-warnings", "emergence-chart"]) fill(byId(id));
  byId("emergence-across").textContent = "";
  for (const key of ["sharp", "midpoint"]) delete byId("emergence-verdict").dataset[key];
  delete byId("emergence-chart").dataset.rendered;
}

async function renderChart(d: EmergenceDocument): Promise<void> {
  view?.finalize();
  view = null;
  const chart = byId("emergence-chart");
  delete chart.dataset.rendered;
  const run = ++runs;
  if (!d.transforms) { fill(chart, h("p", { class: "hint" }, "No transforms: give an answer length ℓ, with a per-token probability (a p or per-token loss column) in the file.")); return; }
  const drawn = renderFigure(chart, toVega(transformsFigure(d.transforms, d.data.scale.label, d.data.metric.name).spec));
  view = drawn.view;
  await drawn.ready;
  if (run === runs) chart.dataset.rendered = "true"; // a later analysis has replaced this figure otherwise
}

/** Analyses the loaded table with the card's settings; every problem is said in the status line, never thrown. */
export async function analyseEmergence(): Promise<void> {
  if (!loaded.text) { clearResults(); status("Load a file or open the example first.", "error"); return; }
  const s = readSettings();
  if (typeof s === "string") { clearResults(); status(settingRefusal(s), "error"); return; }
  status("Analysing…");
  const run = ++runs;
  await new Promise((r) => setTimeout(r, 0)); // let the status paint before the work
  if (run !== runs) return; // a later click or refusal has taken over
  const argv = ["emergence", loaded.example ? "--example" : fileArgument(loaded.name), ...(s.length !== undefined ? ["--length", String(s.length)] : []), ...(s.next !== undefined ? ["--next", String(s.next)] : []),
    "--bootstrap", String(s.bootstrap), ...(s.floor !== 0 ? ["--floor", String(s.floor)] : [])];
  const as = shellCommand(["scalecast", ...argv]);
  try {
    const data = readEmergence(loaded.text, loaded.example ? "built-in example" : loaded.name);
    const doc = assembleEmergenceDocument(data, {
      floor: s.floor, bootstrap: s.bootstrap, seed: DEFAULT_SEED, ...(s.next !== undefined ? { next: s.next } : {}), ...(s.length !== undefined ? { length: s.length } : {}),
      argv, diagnostics: loaded.example ? [diagnostic("simulated-data", exampleEmergenceNote(DEFAULT_SEED))] : [],
    });
    renderDocument(doc);
    status(`${doc.data.source}: ${doc.data.rows} models, ${doc.data.scale.label} ${sci(doc.data.scale.min)}–${sci(doc.data.scale.max)}. As: ${as}`, "done");
    await renderChart(doc);
  } catch (e) {
    clearResults();
    status(refusalText(e), "error");
  }
}

export function wireEmergence(): void {
  byId<HTMLInputElement>("emergence-file").addEventListener("change", async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    Object.assign(loaded, { text: await file.text(), name: file.name, example: false });
    await analyseEmergence();
  });
  byId("emergence-example").addEventListener("click", () => {
    Object.assign(loaded, { text: exampleEmergenceCsv(DEFAULT_SEED), name: "built-in example", example: true });
    void analyseEmergence();
  });
  byId("emergence-run").addEventListener("click", () => void analyseEmergence());
}
