/** The plan card: controls read (or refused by name), the plan assembled by core, the catalog table. */
import { describeRange, OPTION_RANGES, rangeNumberText, withinRange } from "../../src/core/optionRanges.js";
import { GPU_PRESETS } from "../../src/core/plan/hardware.js";
import { splitsCompute } from "../../src/core/viz/fitSupport.js";
import { byId, fill, h } from "./dom.js";
import { bytes, count, flops as fmtFlops, loss as fmtLoss, quantity, readNumber } from "./format.js";
import { catalogRows, fitSource, isoflopSource, planRequest } from "./plan.js";
import { assemblePlan, type PlanBody, type PlanFit, type PlanRuleFit } from "../../src/core/plan/assemblePlan.js";
import { app } from "./app.js";
import { drawMain, drawnTargetFlops, scheduleSecondary } from "./figuresPanel.js";
import { currentSelection } from "./load.js";
import { updateUrlSoon } from "./share.js";

/** An option's range as the CLI states it ("1e9 … 1e40", "≤ 1e5"); `false`: the upper bound alone. */
const range = (flag: string, whole = true): string => (whole ? describeRange(OPTION_RANGES[flag]) : rangeNumberText(OPTION_RANGES[flag].max));

/** Warnings of the IsoFLOP fit behind the plan (off-centre vertices, budgets left out), shown with the plan's notes. */
let isoflopWarnings: string[] = [];

/** Plan inputs that could not be read, each naming the field and the value; the plan waits until there are none. */
let planProblems: string[] = [];

/**
 * Reads the plan controls into the state. A value that cannot be read is
 * never replaced by a default: it is marked invalid and named in the plan
 * card, and the plan waits for it.
 */
export function readPlanControls(): void {
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
    const flops = field("budget-flops", "Compute budget", readNumber, (v) => withinRange("--budget-flops", v), `a number of FLOPs, ${range("--budget-flops")}`);
    if (flops !== undefined) b.flops = flops;
  } else byId("budget-flops").setAttribute("aria-invalid", "false");
  const gpus = field("gpus", "GPUs", num, (v) => Number.isInteger(v) && withinRange("--gpus", v), `a whole number of GPUs, 1 … ${range("--gpus", false)}`);
  if (gpus !== undefined) b.gpus = gpus;
  b.gpu = byId<HTMLSelectElement>("gpu-type").value;
  const days = byId<HTMLInputElement>("days");
  days.disabled = b.mode === "compute"; // in compute mode the card shows the days the budget takes; the field is not an input then
  if (b.mode === "hardware") {
    const d = field("days", "Days", num, (v) => withinRange("--days", v), `a number of days > 0, ${range("--days")}`);
    if (d !== undefined) b.days = d;
  } else days.setAttribute("aria-invalid", "false");
  const mfu = field("mfu", "MFU", num, (v) => withinRange("--mfu", v), "a fraction of peak in (0, 1]");
  if (mfu !== undefined) b.mfu = mfu;
  const price = field("price", "Price per GPU-hour", num, (v) => withinRange("--price-per-gpu-hour", v), `a price > 0, ${range("--price-per-gpu-hour")} (or empty)`, true);
  if (price === undefined) delete b.pricePerGpuHour; else b.pricePerGpuHour = price;
  const inference = field("inference-tokens", "Lifetime inference tokens", readNumber, (v) => withinRange("--inference-tokens", v), `a number of tokens > 0, such as 10T, ${range("--inference-tokens")} (or empty)`, true);
  const unique = field("unique-tokens", "Unique tokens", readNumber, (v) => withinRange("--unique-tokens", v), `a number of tokens, ${range("--unique-tokens")}, such as 500B (or empty)`, true);
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

export function renderPlan(): void {
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
    plan = assemblePlan(planRequest(app.state.budget, app.state), fit);
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
export function syncBudgetInputs(): void {
  const flops = app.plan?.allocation.flops ?? app.state.budget.flops;
  byId<HTMLInputElement>("budget-slider").value = String(Math.log10(flops));
  byId<HTMLInputElement>("budget-flops").value = Number(flops.toPrecision(3)).toExponential();
}

let budgetRedraw: ReturnType<typeof setTimeout> | undefined;
/** The figures that show the budget (the target line, the plan figure) follow the controls a moment later. */
function redrawForBudgetSoon(): void {
  clearTimeout(budgetRedraw);
  budgetRedraw = setTimeout(() => {
    if (app.plan && app.plan.allocation.flops !== drawnTargetFlops) void drawMain();
    scheduleSecondary();
  }, 300);
}
