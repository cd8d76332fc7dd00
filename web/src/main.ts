/**
 * The workbench page: load runs, fit (in a worker), plan, figures, share.
 * State lives in `app`; each section has a render function that reads it.
 * Contract for end-to-end tests: see web/README.md.
 */
import "./style.css";
import { byId } from "./dom.js";
import { exampleSource, exampleText } from "./pipeline.js";
import { decodeState } from "./state.js";
import { app } from "./app.js";
import { applyStateToControls, wireControls } from "./controls.js";
import { loadText, setLoadStatus } from "./load.js";
import { readPlanControls, renderPlan } from "./planPanel.js";
import { wireForecast } from "./forecastPanel.js";
import { wireSamples } from "./samplesPanel.js";
import { wireModels } from "./modelsPanel.js";
import { wireEmergence } from "./emergencePanel.js";
import { wireObserve } from "./observePanel.js";

async function start(): Promise<void> {
  wireControls();
  wireForecast();
  wireSamples();
  wireModels();
  wireEmergence();
  wireObserve();
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
