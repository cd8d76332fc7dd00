/** The figures: the loss–compute figure beside the fit and the chosen figure, built in workers when heavy. */
import { figure as buildFigure, figureMissing, vizRuns, type FigureName, type FigureSpec } from "../../src/core/viz/index.js";
import { byId, fill, h } from "./dom.js";
import { renderFigure, toVega, type RunDatum } from "./figures.js";
import { fitPanels, withExcludedPoints, withZoom } from "./specTweaks.js";
import { Cancelled, FitWorkerClient } from "./workerClient.js";
import type { FigureRequest } from "./workerProtocol.js";
import { isHeavy, toVizModel, type FigureModel } from "./figureModel.js";
import { app, mainFigureWorker, secondaryFigureWorker } from "./app.js";
import { currentSelection, toggleRun } from "./load.js";

/** Budget of the main figure's target line as last drawn. */
export let drawnTargetFlops: number | undefined;

export function figureModel(): FigureModel | null {
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
export async function figureSpec(name: FigureName, model: FigureModel, client: FitWorkerClient): Promise<{ figure: FigureSpec | null; missing: string | null }> {
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
/** Runs a panel's drawing; a failure is shown in the panel (never an unhandled rejection that would abort a fit), a cancelled one is dropped. */
async function drawGuarded(chartId: string, draw: () => Promise<void>): Promise<void> {
  try {
    await draw();
  } catch (e) {
    if (e instanceof Cancelled) return;
    fill(byId(chartId), h("p", { class: "figure-error" }, `figure failed: ${e instanceof Error ? e.message : String(e)}`));
  }
}

/** Draws the main figure. */
export const drawMain = (): Promise<void> => drawGuarded("main-chart", drawMainUnguarded);

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
export function scheduleSecondary(): void {
  if (secondaryTimer !== undefined) return;
  const run = () => { secondaryTimer = undefined; void drawSecondary(); };
  secondaryTimer = typeof window.requestIdleCallback === "function" ? window.requestIdleCallback(run, { timeout: 300 }) : window.setTimeout(run, 50);
}

let secondarySeq = 0;
/** Draws the chosen figure. */
export const drawSecondary = (): Promise<void> => drawGuarded("figure-chart", drawSecondaryUnguarded);

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
