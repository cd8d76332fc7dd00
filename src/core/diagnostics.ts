// Diagnostics as data (DESIGN.md, "Diagnostics are data"): every warning and refusal
// has a stable kebab-case code; the sentence is for people, the code for programs
// and tests. docs/diagnostics.md lists every code (a test keeps the two in step).

/** Where a diagnostic applies: a file, line, column and value, or a group of runs. */
export interface DiagnosticWhere {
  source?: string;
  line?: number;
  column?: string;
  value?: string;
  group?: string;
}

/** One warning or refusal. */
export interface Diagnostic {
  code: DiagnosticCode;
  message: string;
  where?: DiagnosticWhere;
}

/** What a code means and what to do about it; `refusal` codes stop the command with exit 1, `note` codes only inform. */
export interface DiagnosticSpec {
  readonly severity: "note" | "warning" | "refusal";
  readonly meaning: string;
  readonly remedy: string;
}

/** Every diagnostic code. Adding one is one entry here and one row in docs/diagnostics.md. */
export const DIAGNOSTICS = {
  "several-runs-per-config": {
    severity: "warning",
    meaning: "Several rows share every input the law reads (e.g. the same N and D at several learning rates), and no selection rule chose one: the fit averages over settings that are not in the law.",
    remedy: "Keep the best of each configuration with --best-of COL[,COL] (e.g. --best-of lr,bs), or filter with --where.",
  },
  "checkpoints-as-runs": {
    severity: "warning",
    meaning: "Several checkpoints of one run (same run id) are fitted as if they were separate runs; intermediate checkpoints of a run with a decaying learning rate are not converged runs.",
    remedy: "Keep each run's final checkpoint with --last-checkpoint (run id from --run-col), or use scalecast envelope for whole curves.",
  },
  "groups-pooled": {
    severity: "refusal",
    meaning: "The table holds several groups or families (a group column with more than one value) and the command would pool them into one fit.",
    remedy: "Give --group-col COL for one result per group, select one with --where group=NAME, or pool deliberately with --pool-groups (then a warning with this code remains).",
  },
  "budget-mismatch": {
    severity: "warning",
    meaning: "The stated compute budget and C = 6ND disagree by more than 10% for some runs; runs are grouped by the stated budget.",
    remedy: "None needed if the budget column is what the runs were planned at; check the FLOP convention otherwise (--flops-col, the 6ND formula).",
  },
  "budget-from-6nd": {
    severity: "note",
    meaning: "No budget column: IsoFLOP groups were formed from C (read, or 6ND) within the budget tolerance, which can merge or split real budgets.",
    remedy: "Give the planned budget with --budget-col if the table has one.",
  },
  "two-budgets": {
    severity: "warning",
    meaning: "Only 2 IsoFLOP budgets are usable: the power law passes exactly through them and has no error estimate.",
    remedy: "Add budgets.",
  },
  "mixed-sizes": {
    severity: "warning",
    meaning: "A run id names checkpoints of two model sizes (envelope): the run is left out.",
    remedy: "Check the run id column (--run-col); a run id must name one model.",
  },
  "conflicting-checkpoints": {
    severity: "warning",
    meaning: "One run has two different losses at the same tokens (envelope): those checkpoints are left out.",
    remedy: "Remove the stale rows (e.g. a restarted run logged twice), or tell runs apart with --run-col.",
  },
  "single-checkpoint": {
    severity: "warning",
    meaning: "A run has fewer than 2 usable checkpoints (envelope): it cannot be interpolated and is left out.",
    remedy: "Give the run's whole loss curve, or ignore the warning if it is a final-loss row.",
  },
  "truncated-edge": {
    severity: "warning",
    meaning: "The envelope's first or last step is held by the smallest or largest model, with no smaller or larger competitor: the frontier is truncated there (left out of the fit unless --keep-edges).",
    remedy: "Add a smaller or larger model, or accept the trimmed fit.",
  },
  "envelope-gap": {
    severity: "warning",
    meaning: "No run covers part of the FLOP range: the envelope has a gap, and the power law is fitted across it.",
    remedy: "Add runs that cover the gap.",
  },
  "two-sizes": {
    severity: "warning",
    meaning: "Only 2 model sizes are on the envelope: the power law is fitted to a two-step staircase.",
    remedy: "Add model sizes.",
  },
  "missing-column": {
    severity: "refusal",
    meaning: "A column the law reads (or the command needs) is absent, and cannot be derived from C = 6ND.",
    remedy: "Name it with its --…-col option; the message lists the headers found and the accepted names.",
  },
  "unreadable-input": {
    severity: "refusal",
    meaning: "The input cannot be read at all: no such file, empty, not the format it claims, damaged beyond a row.",
    remedy: "Check the file; --format names the format when sniffing guesses wrong.",
  },
  "bad-input": {
    severity: "refusal",
    meaning: "An option or value the command cannot use (a bad --where expression, an unknown law option, a holdout that selects nothing, …); the message names it.",
    remedy: "Read the message.",
  },
  "fit-failed": {
    severity: "refusal",
    meaning: "No start produced a finite objective, or the method does not apply to the law.",
    remedy: "Read the message; try another method or law.",
  },
  "unwritable-output": {
    severity: "refusal",
    meaning: "An output file cannot be written.",
    remedy: "Check the path and permissions.",
  },
  "too-few-points": {
    severity: "refusal",
    meaning: "Fewer usable runs than the law has parameters, or fewer than 3 points at an IsoFLOP budget.",
    remedy: "Add runs, or loosen the selection (--where, --exclude-highest-loss).",
  },
  "few-points-per-budget": {
    severity: "warning",
    meaning: "An IsoFLOP budget has fewer than 5 points: its parabola is barely determined (exactly determined with 3).",
    remedy: "Sample at least 5 sizes per budget.",
  },
  "exactly-determined": {
    severity: "warning",
    meaning: "An IsoFLOP budget has exactly 3 points: the parabola passes through all of them and its vertex has no check.",
    remedy: "Sample at least 5 sizes per budget.",
  },
  "weak-curvature": {
    severity: "warning",
    meaning: "An IsoFLOP parabola is nearly flat: its vertex is poorly determined.",
    remedy: "Widen the sampled range of sizes at that budget.",
  },
  "off-centre-vertex": {
    severity: "warning",
    meaning: "An IsoFLOP vertex lies near the edge of the sampled range: the optimum is close to an extrapolation, and the exponent is biased.",
    remedy: "Resample that budget centred on the found optimum.",
  },
  "no-interior-minimum": {
    severity: "refusal",
    meaning: "An IsoFLOP budget's loss has no minimum inside the sampled range (not convex, or the vertex outside).",
    remedy: "Extend the sampled sizes past the optimum; the budget is left out of the power law.",
  },
  "too-few-budgets": {
    severity: "refusal",
    meaning: "Fewer than 2 IsoFLOP budgets have a usable optimum, so no power law N*(C), D*(C) can be fitted.",
    remedy: "Add budgets, or check the budget grouping (--budget-col, --budget-tolerance).",
  },
  "outlier": {
    severity: "warning",
    meaning: "A run's ln residual is far from the others by a robust test (|r − median| > 5 × 1.4826 × MAD, and above 3× the RMS of the rest).",
    remedy: "Check that run (a diverged or mislabelled run?); exclude it with --where if it is not a valid measurement.",
  },
  "extrapolation": {
    severity: "warning",
    meaning: "A plan or prediction lies far beyond the fitted runs (target compute ÷ largest fitted compute exceeds the threshold, 100×), or outside them (emergence --next below the smallest observed scale).",
    remedy: "Treat the number as a forecast with wide uncertainty; run --bootstrap for intervals, and add larger runs if the decision depends on it.",
  },
  "interval-reaches-zero": {
    severity: "warning",
    meaning: "A bootstrap interval of a positive quantity (a floor such as E) reaches its lower bound: the data do not bound it away from zero.",
    remedy: "Fix the parameter (--fix) from a better-determined source, or add runs that constrain it.",
  },
  "break-beyond-data": {
    severity: "warning",
    meaning: "A fitted break of a broken power law lies outside the range of the data: it is not measured, only extrapolated.",
    remedy: "Fit fewer breaks (--breaks 1) or add data past the break.",
  },
  "unphysical-value": {
    severity: "warning",
    meaning: "A fitted value cannot be true of the target (e.g. a downstream-sigmoid accuracy ceiling above 1).",
    remedy: "The law does not describe these data, or the data do not reach the regime that pins it; fix the parameter or choose another law.",
  },
  "on-bound": {
    severity: "warning",
    meaning: "A fitted parameter sits at or beyond its declared bound.",
    remedy: "The data do not pin it down, or the law does not describe them; fix it (--fix) or choose another law.",
  },
  "not-converged": {
    severity: "warning",
    meaning: "The optimizer stopped without meeting its convergence test.",
    remedy: "Try --exhaustive or --init; the command exits 3.",
  },
  "rival-minima": {
    severity: "warning",
    meaning: "A clearly different parameter set comes within 1% of the best objective.",
    remedy: "Report both; constrain the fit (--fix, --tie) or add data that separates them.",
  },
  "fragile-optimum": {
    severity: "warning",
    meaning: "Fewer than 2 surveyed starts reached the best objective: another start might find a different optimum.",
    remedy: "Run --exhaustive (every start to convergence), or widen the start grid with --init.",
  },
  "narrow-range": {
    severity: "warning",
    meaning: "An input spans less than one decade (or does not vary): its exponent is poorly constrained and extrapolation is risky.",
    remedy: "Add runs that spread that input over more decades, or --fix its exponent.",
  },
  "collinear-inputs": {
    severity: "warning",
    meaning: "Two inputs move together across the runs (|ρ| ≥ 0.99 in log space, e.g. every run at 20 tokens per parameter): the law cannot separate their effects.",
    remedy: "Vary the inputs independently, or --fix/--tie one exponent.",
  },
  "few-points": {
    severity: "warning",
    meaning: "Fewer than two runs per fitted parameter.",
    remedy: "Add runs, or hold parameters fixed (--fix).",
  },
  "correlated-parameters": {
    severity: "warning",
    meaning: "Two exponents are |ρ| ≥ 0.95 correlated across bootstrap resamples: the runs cannot pin them down separately.",
    remedy: "More spread in the inputs, or --fix/--tie.",
  },
  "bootstrap-not-converged": {
    severity: "warning",
    meaning: "Some bootstrap refits did not meet a convergence test; they are kept in the intervals.",
    remedy: "Usually harmless when few; many suggest a poorly determined fit.",
  },
  "bootstrap-non-finite": {
    severity: "warning",
    meaning: "A derived quantity or prediction was not finite in some bootstrap refits; its interval uses the others.",
    remedy: "Read it as a sign that the quantity is poorly determined.",
  },
  "non-finite": {
    severity: "warning",
    meaning: "A reported number is not finite (JSON shows null); the path is named. The command exits 3.",
    remedy: "The fitted parameters are outside the range where that quantity is defined; check the fit.",
  },
  "no-actual": {
    severity: "warning",
    meaning: "A forecast target has no run in the results given to `forecast score` (no run with the target's N and D, or C, within 0.1%): it is not scored.",
    remedy: "Add the run's result to the file, or check that its N and D are the target's.",
  },
  "problems-differ": {
    severity: "warning",
    meaning: "The models of a sample file were not run on the same problems: each model's pass@k is over its own problems, so they are not compared on one set.",
    remedy: "Give every model every problem, or keep only the problems all models share.",
  },
  "k-exceeds-samples": {
    severity: "refusal",
    meaning: "pass@k was asked of a problem with fewer than k samples (k > n): the unbiased estimator is not defined there, and is never clipped to n.",
    remedy: "Ask for k ≤ n, or draw more samples for that problem; to forecast larger k, fit a law (samples laws) and predict.",
  },
  "no-interval": {
    severity: "warning",
    meaning: "An interval could not be computed (e.g. the loss at N*, D*); the message says why.",
    remedy: "Read the message.",
  },
  "bootstrap-skipped": {
    severity: "note",
    meaning: "plot or report skipped the bootstrap they run by default, because the table is very large (above 20,000 runs): no bands or intervals.",
    remedy: "Pass --bootstrap N to compute them (each refit fits every run).",
  },
  "simulated-data": {
    severity: "warning",
    meaning: "The data are simulated by the built-in example, not measured.",
    remedy: "Use your own run table for decisions.",
  },
  "rise-unresolved": {
    severity: "warning",
    meaning: "emergence: no model lies inside the fitted 10–90% rise of the metric: it jumps between two adjacent scales, so the rise's width is not measured, only bounded by their gap.",
    remedy: "Evaluate models between those two scales (intermediate checkpoints or sizes) before reading the width.",
  },
  "continuous-not-smooth": {
    severity: "warning",
    meaning: "emergence: the continuous metric's power law leaves an RMS residual above 5% of its range around the jump: it is not smooth there either.",
    remedy: "The jump may be real rather than an artefact of the metric; check the continuous metric's kind and direction (--continuous-kind).",
  },
  "degenerate-resamples": {
    severity: "warning",
    meaning: "Some bootstrap resamples of models held too few distinct scales to fit every curve; they are left out of the intervals.",
    remedy: "Usually harmless when few; add models at more scales if many.",
  },
  "no-rising-trend": {
    severity: "refusal",
    meaning: "emergence: the discontinuous metric does not rise with scale (it falls, as under inverse scaling, or stays flat within one question in 1,000), so there is no jump to locate and every curve would collapse to a constant.",
    remedy: "Check the metric column (--metric-col); for a metric where lower is better, analyse 1 − it.",
  },
  "incomplete-cases": {
    severity: "note",
    meaning: "Some models lack a value that a step needs (a benchmark score, the target, or the compute): they are left out of that step (complete cases), named with what they lack in --json.",
    remedy: "Fill the cells, or choose fewer metrics with --metrics; scalecast does not impute scores.",
  },
  "families-pooled": {
    severity: "warning",
    meaning: "observe fitted one curve over several model families: it assumes every family turns capability into the target the same way.",
    remedy: "Fit one curve per family with --by-family (each family needs at least 4 or 5 models), or accept the pooled fit as Ruan et al. do for PC-based predictions.",
  },
  "not-predicted": {
    severity: "warning",
    meaning: "observe --cutoff: some models above the cut-off are not predicted because no fit covers them (with --by-family, their family has too few models below the cut-off); they are named and left out of the backtest's scores.",
    remedy: "Read the scores as those of the predicted models only; fit one curve over families (drop --by-family) or raise the cut-off to predict them.",
  },
  "nothing-predicted": {
    severity: "refusal",
    meaning: "observe --cutoff: no fit covers any model above the cut-off (with --by-family, no family of those models has enough models below it), so the backtest has nothing to score.",
    remedy: "Fit one curve over families (drop --by-family), or raise the cut-off so that the families above it have models below it.",
  },
  "chain-uncertainty": {
    severity: "warning",
    meaning: "A chained forecast (loss fit → downstream fit) includes only part of the uncertainty; the message says whose.",
    remedy: "Bootstrap both fits (--bootstrap) to include both.",
  },
  "constants-belong-to-setup": {
    severity: "note",
    meaning: "A published law's constants (E above all) were fitted on one dataset, tokenizer and loss: applied to another model, its predicted loss is that setup's loss for a model of this N and D, not the model's own.",
    remedy: "Compare models under one law for their relative position (tokens per parameter, over-training); fit your own law for absolute loss.",
  },
  "param-convention-mismatch": {
    severity: "warning",
    meaning: "The law counts parameters one way (e.g. non-embedding) and the model's count is another (total): N is read in the law's convention as if they were the same.",
    remedy: "Use a law whose parameter convention matches the catalog's (total parameters), or take the comparison as approximate.",
  },
  "mixture-of-experts": {
    severity: "warning",
    meaning: "The model is a mixture of experts: its training and inference FLOPs follow the active parameters, which is what the comparison uses, but the published dense-model laws were not fitted on such models.",
    remedy: "Read its over-training factor and predicted loss as a dense model of its active size would have them.",
  },
  "tokens-not-published": {
    severity: "refusal",
    meaning: "The model's training tokens were not published, so its tokens per parameter, compute and predicted loss cannot be computed.",
    remedy: "Compare models whose tokens are known (scalecast models lists them), or give the numbers yourself to plan and predict.",
  },
  "target-beyond-ceiling": {
    severity: "refusal",
    meaning: "The target metric is beyond what the chained forecast can reach: above the downstream map's ceiling (its value as the loss goes to 0), or at a loss below the loss law's floor (its irreducible loss).",
    remedy: "Lower the target, or check the downstream fit's ceiling (floor + span for downstream-sigmoid) against the task.",
  },
} as const satisfies Record<string, DiagnosticSpec>;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;

/** A diagnostic, with `where` only when given. */
export function diagnostic(code: DiagnosticCode, message: string, where?: DiagnosticWhere): Diagnostic {
  return where === undefined ? { code, message } : { code, message, where };
}

/** Thrown for a refusal: the command stops with exit 1, and `--json` callers get the code. */
/** A number for a message a user reads: 4 significant digits, never "NaN" or "Infinity". */
export function numberText(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : "not a finite number";
}

export class DiagnosticError extends Error {
  override name = "DiagnosticError";
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}
