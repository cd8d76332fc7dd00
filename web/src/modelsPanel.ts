/**
 * The published-models card, as `scalecast compare`: notable models from the catalog read against a published law
 * (tokens per parameter, the over-training factor, the compute-optimal model at the same compute, the law's loss
 * for both, inference FLOPs and, with an accelerator, GPU-seconds and dollars per million tokens) and the models on
 * the N–D plane. The same core comparison (`compareModels`) runs here and in the CLI, so the numbers agree exactly.
 * Conventions as the CLI's: C = 6·N_active·D; inference 2·N_active FLOPs per token; loss in nats in the law's setup.
 */
import type * as vega from "vega";
import { compareModels } from "../../src/core/catalog/compare.js";
import { NOTABLE_MODELS, notableModel } from "../../src/core/catalog/models.js";
import { DEFAULT_PLAN_LAW, PUBLISHED_LAWS, publishedLaw } from "../../src/core/catalog/publishedLaws.js";
import { DEFAULT_MFU, GPU_PRESETS, gpuPreset } from "../../src/core/plan/hardware.js";
import { modelsPlaneFigure } from "../../src/core/viz/modelsFigure.js";
import { byId, fill, h, setStatus } from "./dom.js";
import { renderFigure, toVega } from "./figures.js";
import { count, flops, loss, quantity, readNumber } from "./format.js";
import { refusalText, settingRefusal } from "./refusal.js";

/** Selected when the page opens: the pair the Chinchilla paper is about. */
const INITIAL = ["chinchilla", "gopher"];
let view: vega.View | null = null;
/** Comparisons started: a figure marks itself drawn only if no later one has started. */
let runs = 0;

const status = (text: string, state?: "error" | "done") => setStatus("models-status", text, state);

/** The card's inputs, read and checked: every bad value is named, none is replaced by a default behind the user's back. */
function readInputs(): { ids: string[]; lawId: string; gpu?: string; mfu: number; price?: number } | string {
  const ids = [...byId<HTMLSelectElement>("models-pick").selectedOptions].map((o) => o.value);
  if (ids.length === 0) return "Choose one model or more.";
  const lawId = byId<HTMLSelectElement>("models-law").value;
  const gpu = byId<HTMLSelectElement>("models-gpu").value || undefined;
  // without an accelerator there is no GPU time to price: utilisation and price are not inputs then, and look it
  for (const id of ["models-mfu", "models-price"]) byId<HTMLInputElement>(id).disabled = gpu === undefined;
  if (!gpu) return { ids, lawId, mfu: DEFAULT_MFU };
  const mfuText = byId<HTMLInputElement>("models-mfu").value, mfu = readNumber(mfuText);
  if (!(mfu > 0 && mfu <= 1)) return `Utilisation while serving: "${mfuText}" is not a number in (0, 1]`;
  const priceText = byId<HTMLInputElement>("models-price").value.trim();
  if (priceText === "") return { ids, lawId, gpu, mfu };
  // a comma is not a thousands separator here ("2,49" is not 249): a price is read as typed, or refused
  const price = /,/.test(priceText) ? NaN : readNumber(priceText);
  if (!(price > 0)) return `Dollars per GPU-hour: "${priceText}" is not a number > 0 (write 2.49, not 2,49)`;
  return { ids, lawId, gpu, mfu, price };
}

/** Compares the chosen models under the chosen law; a refusal (a model whose tokens were not published) is said with its code. */
export async function compareChosen(): Promise<void> {
  const input = readInputs();
  if (typeof input === "string") { clearResults(); status(settingRefusal(input), "error"); return; }
  const entry = publishedLaw(input.lawId);
  const price = input.gpu ? { peakFlops: gpuPreset(input.gpu).peakFlops, mfu: input.mfu, ...(input.price !== undefined ? { pricePerGpuHour: input.price } : {}) } : undefined;
  let compared: ReturnType<typeof compareModels>;
  try {
    compared = compareModels(input.ids.map((id) => notableModel(id)), entry, price);
  } catch (e) {
    clearResults();
    status(refusalText(e), "error");
    return;
  }
  const { rows, warnings } = compared;
  const cost = price !== undefined, dollars = input.price !== undefined;
  const head = h("tr", {}, ...["model", "N (active)", "D (tokens)", "D/N", "C = 6ND", "over-training", "N* at C", "D* at C", "loss", "loss at N*, D*", "inference FLOPs / 1M tokens",
    ...(cost ? ["GPU-seconds / 1M tokens"] : []), ...(dollars ? ["$ / 1M tokens"] : [])].map((t) => h("th", { scope: "col" }, t)));
  const body = rows.map((r) => h("tr", { "data-model": r.model.id },
    h("td", { title: r.model.confidence }, r.model.name),
    h("td", { class: "params", "data-value": r.paramsForLaw }, count(r.paramsForLaw)),
    h("td", { class: "tokens", "data-value": r.tokens }, count(r.tokens)),
    h("td", { class: "tokens-per-param", "data-value": r.tokensPerParam }, r.tokensPerParam.toPrecision(3)),
    h("td", { class: "flops", "data-value": r.flops6ND }, flops(r.flops6ND)),
    h("td", { class: "over-training", "data-value": r.overTrainingFactor }, `${r.overTrainingFactor.toPrecision(3)}×`),
    h("td", { class: "optimal-params", "data-value": r.computeOptimal.params }, count(r.computeOptimal.params)),
    h("td", { class: "optimal-tokens", "data-value": r.computeOptimal.tokens }, count(r.computeOptimal.tokens)),
    h("td", { class: "loss", "data-value": r.loss }, loss(r.loss)),
    h("td", { class: "optimal-loss", "data-value": r.computeOptimal.loss }, loss(r.computeOptimal.loss)),
    h("td", { class: "inference-flops", "data-value": r.inference.flopsPerMillionTokens }, flops(r.inference.flopsPerMillionTokens)),
    cost && h("td", { class: "gpu-seconds", "data-value": r.inference.gpuSecondsPerMillionTokens }, quantity(r.inference.gpuSecondsPerMillionTokens!)),
    dollars && h("td", { class: "cost", "data-value": r.inference.costPerMillionTokens }, `$${quantity(r.inference.costPerMillionTokens!)}`)));
  fill(byId("models-table"), h("caption", {}, `Under ${entry.id}: C = 6·N_active·D; over-training (D/N)/(D*/N*) at that C; loss in nats in the law's setup`), h("thead", {}, head), h("tbody", {}, ...body));
  fill(byId("models-warnings"), ...warnings.map((d) => h("li", { "data-code": d.code }, `${d.message} [${d.code}]`)));
  const as = `scalecast compare ${input.ids.join(" ")} --published ${entry.id}${input.gpu ? ` --gpu ${input.gpu}` : ""}${input.gpu && input.mfu !== DEFAULT_MFU ? ` --inference-mfu ${input.mfu}` : ""}${dollars ? ` --price-per-gpu-hour ${input.price}` : ""}`;
  byId("models-status").dataset.models = String(rows.length);
  status(`${rows.length} model${rows.length === 1 ? "" : "s"} under ${entry.id} (${entry.rule ? "its published allocation rule" : "the law's compute-optimal split"}). As: ${as}`, "done");
  view?.finalize();
  const chart = byId("models-chart");
  delete chart.dataset.rendered;
  const run = ++runs;
  const drawn = renderFigure(chart, toVega(modelsPlaneFigure(rows, entry).spec));
  view = drawn.view;
  await drawn.ready;
  if (run === runs) chart.dataset.rendered = "true"; // a later comparison has replaced this figure otherwise
}

/** Empties the table, warnings and figure, so a refusal never stands beside the previous comparison's results. */
function clearResults(): void {
  runs++;
  view?.finalize();
  view = null;
  for (const id of ["models-table", "models-warnings", "models-chart"]) fill(byId(id));
  delete byId("models-chart").dataset.rendered;
  delete byId("models-status").dataset.models;
}

export function wireModels(): void {
  fill(byId("models-pick"), ...NOTABLE_MODELS.map((m) => h("option", { value: m.id, selected: INITIAL.includes(m.id) }, `${m.name} (${m.organization}, ${m.year})${m.tokens === null ? " — tokens not published" : ""}`)));
  fill(byId("models-law"), ...PUBLISHED_LAWS.map((l) => h("option", { value: l.id, selected: l.id === DEFAULT_PLAN_LAW }, `${l.id} — ${l.title}`)));
  fill(byId("models-gpu"), h("option", { value: "" }, "(none: FLOPs only)"), ...GPU_PRESETS.map((g) => h("option", { value: g.id }, g.name)));
  byId<HTMLInputElement>("models-mfu").value = String(DEFAULT_MFU);
  for (const id of ["models-pick", "models-law", "models-gpu", "models-mfu", "models-price"]) byId(id).addEventListener("change", () => void compareChosen());
  byId("models-run").addEventListener("click", () => void compareChosen());
  void compareChosen();
}
