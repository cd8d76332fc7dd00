/** The workbench's shared state: the current table, fit, bootstrap and plan, and its workers. */
import type * as vega from "vega";
import type { BootstrapSummary, ResampleResult } from "../../src/core/fit/bootstrap.js";
import type { FitData } from "../../src/core/fit/data.js";
import type { FitResult } from "../../src/core/fit/fitLaw.js";
import type { Selection } from "../../src/core/fit/selectRuns.js";
import type { Law } from "../../src/core/laws/types.js";
import type { Diagnostic } from "../../src/core/diagnostics.js";
import type { Run } from "../../src/core/runs/types.js";
import type { FitSettings, Loaded } from "./pipeline.js";
import type { PlanBody } from "../../src/core/plan/assemblePlan.js";
import type { FitSnapshot } from "./refit.js";
import { defaultState } from "./state.js";
import { FitWorkerClient } from "./workerClient.js";

interface CurrentFit {
  result: FitResult;
  /** "warm": polished from the previous optimum, the full multi-start still to come. */
  kind: "warm" | "full";
  law: Law;
  data: FitData;
  runs: Run[];
  selection: Selection;
  snapshot: FitSnapshot;
  settings: FitSettings;
}

interface Boot {
  results: ResampleResult[];
  summary: BootstrapSummary;
  seed: number;
  budgetFlops: number;
}

export type FitState = "idle" | "running" | "warm" | "done" | "cancelled" | "error";

export const app = {
  state: defaultState(),
  text: null as string | null,
  source: "",
  simulated: false,
  exampleSeed: undefined as number | undefined,
  /** Revision of the loaded data (and its column choices): part of every fit's key. */
  dataset: 0,
  loaded: null as Loaded | null,
  /** The read settings (columns, convention, the law's needs, where) the table was last parsed with. */
  readKey: "",
  /** Why the last Fit could not start (a refusal such as groups-pooled), shown in the warnings list; null after a fit. */
  refusal: null as Diagnostic | null,
  fit: null as CurrentFit | null,
  boot: null as Boot | null,
  /** Increments with every fit request; results of older requests are dropped. */
  fitSeq: 0,
  plan: null as PlanBody | null,
  mainView: null as vega.View | null,
  figureView: null as vega.View | null,
  /** A link restored settings but not its (too large) data: the next table loaded keeps them and fits. */
  restorePending: false,
  /** A restored link had a bootstrap: rerun it (same seed, same refits) once the fit is done. */
  bootstrapPending: false,
  lastHash: "",
};

export const worker = new FitWorkerClient();
/** Figure specs over many bootstrap refits are built off the page's thread: one worker per panel, so neither cancels the other. */
export const mainFigureWorker = new FitWorkerClient();
export const secondaryFigureWorker = new FitWorkerClient();
export const rows = new Map<number, { tr: HTMLTableRowElement; box: HTMLInputElement; status: HTMLTableCellElement }>();
