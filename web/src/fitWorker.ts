/**
 * The fit worker: the screened multi-start (or variable projection), the
 * bootstrap and the costly figure specs (bands over bootstrap refits) run
 * here, off the page's thread, so the page stays responsive.
 * One job at a time; the page cancels a job by terminating the worker.
 */
import { runResamples, type ResampleResult } from "../../src/core/fit/bootstrap.js";
import { getLaw } from "../../src/core/laws/registry.js";
import { figure, figureMissing } from "../../src/core/viz/buildFigures.js";
import { toVizModel } from "./figureModel.js";
import { runFit } from "./pipeline.js";
import { RESAMPLES_PER_CHUNK, type WorkerRequest, type WorkerResponse } from "./workerProtocol.js";

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
}
const scope = self as unknown as WorkerScope;
const post = (m: WorkerResponse) => scope.postMessage(m);

/** Progress is posted at most this often (ms): the survey reports every start, the bootstrap every chunk. */
const PROGRESS_INTERVAL_MS = 50;

scope.onmessage = (event) => {
  const req = event.data;
  const t0 = performance.now();
  try {
    if (req.type === "figure") {
      const fit = req.model.fit;
      const model = toVizModel(req.model, fit ? getLaw(fit.law, fit.lawOptions) : undefined);
      const missing = figureMissing(model, req.name);
      post({ type: "figure", id: req.id, figure: missing === null ? figure(model, req.name) : null, missing });
      return;
    }
    const law = getLaw(req.law, req.lawOptions);
    if (req.type === "fit") {
      let last = 0;
      const fit = runFit(law, req.data, req, (done, total) => {
        const now = performance.now();
        if (now - last >= PROGRESS_INTERVAL_MS) { last = now; post({ type: "progress", id: req.id, done, total }); }
      });
      const { law: _law, ...cloned } = fit;
      post({ type: "fit", id: req.id, fit: cloned, ms: performance.now() - t0 });
    } else {
      const spec = { law, objective: req.objective, delta: req.delta, theta: req.theta, seed: req.seed, budgetFlops: req.budgetFlops, corrections: req.corrections };
      const results: ResampleResult[] = [];
      let last = 0;
      for (let from = 0; from < req.resamples; from += RESAMPLES_PER_CHUNK) {
        results.push(...runResamples(spec, req.data, from, Math.min(req.resamples, from + RESAMPLES_PER_CHUNK)));
        const now = performance.now();
        if (now - last >= PROGRESS_INTERVAL_MS) { last = now; post({ type: "progress", id: req.id, done: results.length, total: req.resamples }); }
      }
      post({ type: "bootstrap", id: req.id, results, ms: performance.now() - t0 });
    }
  } catch (e) {
    post({ type: "error", id: req.id, message: e instanceof Error ? e.message : String(e) });
  }
};
