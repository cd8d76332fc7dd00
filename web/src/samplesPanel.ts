/**
 * The test-time compute card, as `scalecast samples`: a per-problem sample file
 * (n and c per model and problem, or one row per sample) read by the same core
 * reader, each model's pass@k at the k asked, the Beta and Kumaraswamy laws of
 * per-problem success, the aggregate power law, their forecasts at larger k
 * with bootstrap intervals over problems, and the coverage figure. The same
 * core analysis (`analyzeWithSeries`) runs here and in the CLI, with the same
 * seed, so the numbers agree to the last digit.
 */
import type * as vega from "vega";
import { analyzeWithSeries, type SamplesModel } from "../../src/core/samples/analyze.js";
import { readSamples } from "../../src/core/samples/readSamples.js";
import { coverageFigure } from "../../src/core/viz/samplesFigures.js";
import type { CoverageSeries } from "../../src/core/viz/samplesFigures.js";
import { byId, fill, h, setStatus } from "./dom.js";
import { renderFigure, toVega } from "./figures.js";
import { DEFAULT_SEED } from "./pipeline.js";
import { refusalText, settingRefusal } from "./refusal.js";

const loaded = { text: "", name: "" };
let view: vega.View | null = null;

const status = (text: string, state?: "error" | "done") => setStatus("samples-status", text, state);

/** "1,10,100" → whole numbers ≥ 1, ascending, each once; an error names the bad entry. */
function readKs(id: string, label: string): number[] | string {
  const text = byId<HTMLInputElement>(id).value.trim();
  if (text === "") return [];
  const ks = text.split(",").map((s) => s.trim());
  const bad = ks.find((k) => !/^\d+$/.test(k) || Number(k) < 1);
  if (bad !== undefined) return `${label}: "${bad}" is not a whole number ≥ 1 (write them separated by commas, e.g. 1,10,100)`;
  return [...new Set(ks.map(Number))].sort((a, b) => a - b);
}

const f4 = (v: number) => v.toFixed(4);
const ci = (v?: readonly [number, number]) => (v ? ` [${f4(v[0])}, ${f4(v[1])}]` : "");

function renderTable(models: SamplesModel[]): void {
  const ks = models[0].passAtK.map((p) => p.k), fks = models[0].forecast.map((f) => f.k);
  const head = h("tr", {}, h("th", {}, "model"), h("th", {}, "problems"), ...ks.map((k) => h("th", {}, `pass@${k}`)), h("th", {}, "Beta α, β"), h("th", {}, "Kumaraswamy a, b"), h("th", {}, "aggregate a, b"),
    ...fks.map((k) => h("th", {}, `pass@${k} (Beta | aggregate)`)));
  const rows = models.map((m) => h("tr", { "data-model": m.model },
    h("td", {}, m.model), h("td", {}, m.problems),
    ...m.passAtK.map((p, j) => h("td", { class: "pass", "data-k": p.k, "data-value": p.value, "data-low": m.bootstrap?.passAtK[j].ci95[0], "data-high": m.bootstrap?.passAtK[j].ci95[1] }, `${f4(p.value)}${ci(m.bootstrap?.passAtK[j].ci95)}`)),
    h("td", { class: "beta", "data-alpha": m.beta.alpha, "data-beta": m.beta.beta }, `${m.beta.alpha.toPrecision(3)}, ${m.beta.beta.toPrecision(3)}${m.beta.converged ? "" : " (not converged)"}`),
    h("td", { class: "kumaraswamy", "data-a": m.kumaraswamy.a, "data-b": m.kumaraswamy.b }, `${m.kumaraswamy.a.toPrecision(3)}, ${m.kumaraswamy.b.toPrecision(3)} (ln L ${(m.kumaraswamy.logLikelihood - m.beta.logLikelihood).toFixed(2)} vs Beta)`),
    h("td", { class: "aggregate" }, m.aggregate ? `${m.aggregate.a.toPrecision(3)}, ${m.aggregate.b.toPrecision(3)}` : "—"),
    ...m.forecast.map((f, j) => h("td", { class: "forecast", "data-k": f.k, "data-value": f.beta, "data-low": m.bootstrap?.forecast[j].ci95[0], "data-high": m.bootstrap?.forecast[j].ci95[1], "data-aggregate": f.aggregate },
      `${f4(f.beta)}${ci(m.bootstrap?.forecast[j].ci95)} | ${f.aggregate === undefined ? "—" : `${f4(f.aggregate)}${ci(m.bootstrap?.aggregate?.forecast[j].ci95)}`}`)),
  ));
  fill(byId("samples-table"), h("thead", {}, head), h("tbody", {}, ...rows));
}

async function renderChart(series: CoverageSeries[]): Promise<void> {
  view?.finalize();
  const chart = byId("samples-chart");
  delete chart.dataset.rendered;
  const fig = coverageFigure(series);
  const { view: v, ready } = renderFigure(chart, toVega(fig.spec));
  view = v;
  await ready;
  chart.dataset.rendered = "true";
}

/** Reads the loaded file and runs the analysis with the card's settings; every problem is said, never thrown. */
export async function analyseSamples(): Promise<void> {
  if (!loaded.text) { status("Load a sample file first.", "error"); return; }
  const ks = readKs("samples-k", "k"), forecastKs = readKs("samples-forecast-k", "Forecast k");
  if (typeof ks === "string") { status(settingRefusal(ks), "error"); return; }
  if (typeof forecastKs === "string") { status(settingRefusal(forecastKs), "error"); return; }
  const bText = byId<HTMLInputElement>("samples-bootstrap").value.trim(), resamples = Number(bText);
  if (!/^\d+$/.test(bText) || (resamples === 1)) { status(settingRefusal(`Resamples: "${bText}" is not 0 (no intervals) or a whole number ≥ 2`), "error"); return; }
  status("Analysing…");
  await new Promise((r) => setTimeout(r, 0)); // let the status paint before the work
  try {
    const data = readSamples(loaded.text, loaded.name);
    const done = data.models.map((m) => analyzeWithSeries(m.model, m.problems, { ks: ks.length ? ks : [1], ...(forecastKs.length ? { forecastKs } : {}), bootstrap: resamples, seed: DEFAULT_SEED }));
    renderTable(done.map((d) => d.analysis));
    fill(byId("samples-warnings"), ...data.diagnostics.map((d) => h("li", { "data-code": d.code }, `${d.message} [${d.code}]`)));
    const el = byId("samples-status");
    el.dataset.models = String(done.length);
    status(`${loaded.name}: ${done.length} model${done.length === 1 ? "" : "s"}, ${data.shape === "counts" ? "n and c per problem" : "one row per sample"}; ${resamples >= 2 ? `95% intervals from ${resamples} resamples of the problems (seed ${DEFAULT_SEED})` : "no intervals"}. As: scalecast samples ${loaded.name} --k ${(ks.length ? ks : [1]).join(",")}${forecastKs.length ? ` --forecast-k ${forecastKs.join(",")}` : ""} --bootstrap ${resamples}`, "done");
    await renderChart(done.map((d) => d.series));
  } catch (e) {
    fill(byId("samples-table"));
    // a refusal says its code (k-exceeds-samples), as the CLI does
    status(refusalText(e), "error");
  }
}

export function wireSamples(): void {
  byId<HTMLInputElement>("samples-file").addEventListener("change", async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    loaded.text = await file.text();
    loaded.name = file.name;
    await analyseSamples();
  });
  byId("samples-run").addEventListener("click", () => void analyseSamples());
}
