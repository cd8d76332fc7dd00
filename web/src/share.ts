/** Sharing and export: the state link, the fit JSON and the offline HTML report. */
import { reportHtml, type ReportFigure, type ReportPlan } from "../../src/core/report/reportHtml.js";
import { TOOL } from "../../src/core/version.js";
import { FIGURE_NAMES } from "../../src/core/viz/index.js";
import { toJson } from "../../src/core/toJson.js";
import { REPORT_BOOT_SCRIPT } from "../../src/core/report/reportBoot.js";
import { equivalentCommand } from "./command.js";
import { byId, download } from "./dom.js";
import { toVega } from "./figures.js";
import { buildFitDocument, DEFAULT_SEED, HAND_EXCLUSION } from "./pipeline.js";
import { encodeState } from "./state.js";
import { FitWorkerClient } from "./workerClient.js";
import { app } from "./app.js";
import { figureModel, figureSpec } from "./figuresPanel.js";

let urlTimer: ReturnType<typeof setTimeout> | undefined;
export function updateUrlSoon(): void {
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

export async function copyLink(): Promise<void> {
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

/** The fit document of the finished fit (with the bootstrap's refits at the budget on screen), as `fit --json` gives it; null before a full fit. */
export function currentDocument() {
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

export function exportJson(): void {
  const doc = currentDocument();
  if (doc) download("fit.json", new Blob([toJson(doc) + "\n"], { type: "application/json" }));
}

export async function exportReport(): Promise<void> {
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
