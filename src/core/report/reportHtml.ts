/**
 * The offline HTML report: one self-contained file (the Vega runtime inlined,
 * figures as compiled Vega specs with their data inline, no network request;
 * a Content-Security-Policy forbids any), with the fit table, diagnostics and
 * warnings, the plan for a budget, the backtest, the figures and the exact
 * command and version that produced it. Pure: the caller passes the runtime's
 * source text. Every piece of user text is HTML-escaped; JSON is embedded with
 * "<" escaped so a cell cannot close a script element.
 */
import type { BacktestResult } from "../fit/backtest.js";
import type { PlanBody } from "../plan/assemblePlan.js";
import type { LedgerRecord } from "../forecast/ledger.js";
import type { LedgerScore } from "../forecast/score.js";
import type { FitDocument } from "../fit/fitDocument.js";
import type { SamplesModel } from "../samples/analyze.js";
import type { ObserveDocument } from "../observe/observeDocument.js";
import { observeSection } from "./observeSection.js";

export interface ReportFigure {
  name: string;
  title: string;
  caption?: string;
  /** A compiled Vega spec (not Vega-Lite), data inline. */
  vegaSpec: unknown;
  /** Mark counts a browser check can verify (e.g. points = runs drawn). */
  expected: { points?: number; lines?: number };
}

/** The plan a report shows: the whole plan document body (assemblePlan), and a new run's prediction interval when the fit has one. */
export interface ReportPlan {
  body: PlanBody;
  /** Loss a new run at (N*, D*) would measure: 80% and 95% prediction intervals. */
  pi?: Record<string, [number, number]>;
}

export interface ReportInput {
  title: string;
  /** The exact command line that produced the report. */
  command: string;
  tool: { name: string; version: string };
  /** A banner shown first when the data are simulated. */
  simulated?: string;
  fit: FitDocument;
  plan?: ReportPlan;
  backtest?: BacktestResult;
  /** A forecast ledger (checked), and its scores when the landed runs were given. */
  forecasts?: { ledger: string; records: LedgerRecord[]; score?: LedgerScore };
  /** A saved curve fit (report --curve-fit): the law, its parameters and each run's fit to its schedule. */
  curves?: {
    file: string; title: string; formula: string; citation: string; source: string;
    params: Record<string, number>; derived: Record<string, number>;
    curves: Array<{ run: string; schedule: string; points: number; firstStep: number; lastStep: number; r2: number; rmse: number; worstE: number }>;
    bootstrap?: { resamples: number; runs: number };
  };
  /** Test-time compute from a per-problem sample file (report --samples): each model's pass@k, laws and forecasts. */
  samples?: { source: string; models: SamplesModel[] };
  /** Observational scaling of a model × benchmark table (report --observe): the observe document. */
  observe?: ObserveDocument;
  figures: ReportFigure[];
  /** Source text of the Vega runtime (vega.min.js), inlined. */
  vegaScript: string;
  /** The page script that renders the figures (src/node/reportBoot.ts, or the workbench's copy). */
  bootScript: string;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe inside HTML elements and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** JSON safe inside a <script type="application/json"> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A library's source safe inside a <script> element. */
export function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1");
}

const num = (v: number | undefined, digits = 6): string => {
  if (v === undefined) return "";
  if (!Number.isFinite(v)) return "not finite";
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3)) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
};

const bytes = (v: number): string => {
  for (const [s, suffix] of [[1e12, "TB"], [1e9, "GB"], [1e6, "MB"], [1e3, "kB"]] as const) if (Math.abs(v) >= s) return `${(v / s).toPrecision(3)} ${suffix}`;
  return `${v.toPrecision(3)} B`;
};

const count = (v: number): string => {
  for (const [s, suffix] of [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]] as const) if (Math.abs(v) >= s) return `${(v / s).toPrecision(3)} ${suffix}`;
  return v.toPrecision(3);
};

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("") + "</tbody></table>";
}

function fitSection(doc: FitDocument): string {
  const bs = doc.bootstrap;
  const rows = [...Object.entries(doc.params), ...Object.entries(doc.derived)].map(([k, v]) => [
    k, num(v), ...(bs ? [bs.se[k] === undefined ? "" : num(bs.se[k], 3), bs.ci95[k] ? `[${num(bs.ci95[k][0], 4)}, ${num(bs.ci95[k][1], 4)}]` : ""] : []),
  ]);
  const o = doc.optimizer;
  const c = doc.law.constraints;
  return `<section id="fit"><h2>Fit</h2>
<p><strong>${escapeHtml(doc.law.title)}</strong>: <code>${escapeHtml(doc.law.formula)}</code></p>
<p>N counts ${escapeHtml(doc.data.paramConvention)} parameters; D is training tokens; C = 6ND FLOPs; loss in nats.</p>
${c ? `<p>Held: ${escapeHtml([...Object.entries(c.fix).map(([k, v]) => `${k} = ${v}`), ...Object.entries(c.tie).map(([f, l]) => `${f} tied to ${l}`)].join("; "))}</p>` : ""}
${table(["parameter", "estimate", ...(bs ? ["SE", "95% CI (percentile)"] : [])], rows)}
${bs ? `<p class="note">Bootstrap: ${escapeHtml(bs.method)}.</p>` : ""}
${bs?.runs ? table(["run", "points (lines of the table)"], bs.runs.map((r) => [r.run, `${r.lines.length}: ${r.lines.join(", ")}`])) : ""}
<p>Objective: ${escapeHtml(doc.objective.title)} (δ = ${doc.objective.delta}) = ${num(doc.objective.value, 11)}.
Fit quality: R² = ${num(doc.quality.r2, 4)}, RMS of ln residuals ${num(doc.quality.rmsLogResidual, 3)}.</p>
<p>Optimizer: ${escapeHtml(o.strategy === "varpro" ? o.method : `${o.strategy} multi-start L-BFGS, ${o.startsRun} of ${o.starts} starts run, ${o.startsAtBest} reached the best objective`)}; <span class="${o.converged ? "ok" : "bad"}">${escapeHtml(o.status)}</span> (${escapeHtml(o.message)}).</p>
${bs ? `<p>Bootstrap: ${bs.resamples} case resamples, seed ${bs.seed}; ${bs.notConverged} refits did not converge.</p>` : ""}
</section>`;
}

function planSection({ body: p, pi }: ReportPlan): string {
  const a = p.allocation, ci = p.intervals, b = p.budget;
  const ciText = (v?: [number, number], f = count) => (v ? `95% CI [${f(v[0])}, ${f(v[1])}]` : "");
  const budget = b.from === "hardware" ? `${b.gpus} × ${b.gpu ?? "GPU"} × ${b.days} days at MFU ${b.mfu}`
    : b.from === "target-loss" ? `least compute reaching ${b.targetLossNats} nats` : b.from === "target-metric" ? `least compute whose chained forecast reaches the target metric (loss ${Number(b.targetLossNats!.toPrecision(6))} nats)` : b.from === "size" ? "the budget that makes the given size compute-optimal" : "";
  const rows: string[][] = [
    ["compute C", `${a.flops.toExponential(3)} FLOPs`, budget],
    [`parameters N${a.method === "fixed-size" ? "" : "*"}`, `${count(a.params)} (${p.law.paramConvention})`, ciText(ci?.params)],
    [`tokens D${a.method === "fixed-size" ? "" : "*"}`, count(a.tokens), ciText(ci?.tokens)],
    ["tokens per parameter", a.tokensPerParam.toFixed(1), ""],
  ];
  if (a.loss !== undefined) {
    const pi95 = pi?.["0.95"];
    rows.push(["loss", `${num(a.loss, 5)} nats`, pi95 ? `95% prediction interval for a run [${num(pi95[0], 5)}, ${num(pi95[1], 5)}]` : ciText(ci?.loss, (v) => num(v, 5))]);
  }
  if (a.extrapolationFactor !== undefined) rows.push(["extrapolation", `${a.extrapolationFactor.toPrecision(3)}× the largest fitted compute`, ""]);
  if (p.gpuHours !== undefined) rows.push(["GPU-hours", count(p.gpuHours), `${p.days!.toPrecision(3)} days on ${b.gpus} × ${b.gpu ?? "GPU"} at MFU ${b.mfu}`]);
  if (p.cost !== undefined) rows.push(["cost", p.cost.toLocaleString("en-US", { maximumFractionDigits: 0 }), "GPU-hours × price"]);
  const sc = p.schedule, mem = p.memory;
  rows.push(["steps", `${count(sc.steps)} of ${count(sc.batchTokens)} tokens`, sc.batchSource === "given" ? "" : "batch from DeepSeek LLM's fit (a heuristic)"]);
  rows.push(["learning rate", sc.learningRateHeuristic.toPrecision(3), "DeepSeek LLM's fit η = 0.3118·C^−0.125 (a heuristic)"]);
  rows.push(["memory", `${bytes(mem.trainingStateBytesPerGpu)} per GPU over ${mem.gpus} GPU${mem.gpus === 1 ? "" : "s"}`, `weights, gradients and Adam state (16 B/param, sharded; activations extra); inference weights ${bytes(mem.inferenceWeightsBytes)} in bf16`]);
  const parts: string[] = [];
  const ia = p.inferenceAware;
  if (ia) {
    parts.push(`<h3>Inference-aware (Sardana &amp; Frankle 2023)</h3>${table(["", "value", ""], [
      ["inference tokens", count(ia.inferenceTokens), `same loss ${num(ia.targetLossNats, 5)} nats`],
      ["parameters N", count(ia.params), `${ia.reference}: ${count(a.params)}`],
      ["tokens D", count(ia.tokens), `${ia.tokensPerParam.toFixed(1)} tokens/parameter`],
      ["lifetime FLOPs", ia.totalFlops.toExponential(3), `training ${ia.trainingFlops.toExponential(3)} + inference ${ia.inferenceFlops.toExponential(3)} (2N per token)`],
      ["saving", `${(100 * ia.saving).toFixed(1)}%`, `of the ${ia.reference}'s ${ia.computeOptimalTotalFlops.toExponential(3)} lifetime FLOPs`],
      ...(ia.dollars ? [["cost", ia.dollars.total.toLocaleString("en-US", { maximumFractionDigits: 0 }), `${ia.reference}: ${ia.dollars.computeOptimalTotal.toLocaleString("en-US", { maximumFractionDigits: 0 })}`]] : []),
    ])}${ia.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join("")}`);
  }
  const dc = p.dataConstrained;
  if (dc) {
    parts.push(`<h3>Data-constrained (Muennighoff et al. 2023)</h3>${table(["", "value", ""], [
      ["unique tokens", count(dc.uniqueTokens), `R_D*, R_N* from ${dc.decayConstantsFrom}`],
      ["parameters N", count(dc.params), ""],
      ["tokens D", count(dc.tokens), `${dc.epochs.toFixed(2)} epochs, worth ${count(dc.effectiveTokens)} fresh tokens`],
      ["loss", `${num(dc.loss, 5)} nats`, `${num(dc.lossWithFreshData, 5)} if every token were fresh`],
    ])}${dc.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join("")}`);
  }
  return `<section id="plan"><h2>Plan</h2><p>${escapeHtml(p.law.title)} (${escapeHtml(p.law.id)}); ${a.method} split, C = 6ND; loss in nats.</p>${table(["", "value", "uncertainty or basis"], rows)}${p.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join("")}${parts.join("")}</section>`;
}

function forecastSection(f: NonNullable<ReportInput["forecasts"]>, figureDrawn: boolean): string {
  const scoreOf = new Map((f.score?.targets ?? []).map((t) => [`${t.record} ${canonicalTarget(t.target)}`, t]));
  const rows: string[][] = [];
  for (const r of f.records) {
    const a = r.assumptions as { law?: { id?: string }; fix?: Record<string, number> };
    for (const p of r.predictions as Array<{ inputs: Record<string, number>; predicted: number; pi?: Record<string, [number, number]> }>) {
      const t = scoreOf.get(`${r.id} ${canonicalTarget(p.inputs)}`);
      const pi = p.pi?.["0.95"];
      rows.push([
        r.createdAt.slice(0, 16).replace("T", " "), r.id.slice(0, 8),
        `${a.law?.id ?? "?"}${a.fix ? ` (${Object.entries(a.fix).map(([k, v]) => `${k} = ${v}`).join(", ")})` : ""}${r.vary ? `; ${r.vary.name} varied over ${r.vary.values.join(", ")}` : ""}`,
        Object.entries(p.inputs).map(([k, v]) => `${k} ${k === "flops" ? v.toExponential(2) : count(v)}`).join(", "),
        num(p.predicted, 5), pi ? `[${num(pi[0], 5)}, ${num(pi[1], 5)}]` : "",
        t?.actual ? num(t.actual.value, 5) : f.score ? "no actual" : "",
        t?.covered ? (t.covered.pi["0.95"] ? "covered" : "missed") : "",
        [r.note, r.commit ? `commit ${r.commit}` : ""].filter(Boolean).join("; "),
      ]);
    }
  }
  const s = f.score;
  return `<section id="forecasts"><h2>Forecasts</h2>
<p>${f.records.length} record${f.records.length === 1 ? "" : "s"} of ${escapeHtml(f.ledger)}; every hash and link checked. Each was registered before its run landed, with its assumptions and a hash of the rows it was fitted to.</p>
${table(["registered (UTC)", "record", "law and assumptions", "target", "predicted", "95% PI", "actual", "inside the 95% PI", "note"], rows)}
${s ? `<p>Scored ${s.scored} of ${s.targets.length} targets${s.meanAbsoluteRelativeError !== undefined ? `; mean |relative error| ${(100 * s.meanAbsoluteRelativeError).toFixed(2)}%` : ""}${s.piCoverage ? `; 80% PIs covered ${(100 * s.piCoverage["0.8"]).toFixed(0)}%, 95% PIs ${(100 * s.piCoverage["0.95"]).toFixed(0)}%` : ""}.</p>
<p>${figureDrawn ? 'Observed against claimed coverage: <a href="#fig-forecast-calibration">the calibration figure</a>.' : "No calibration figure: no scored target carries intervals (register with a bootstrap)."}</p>` : ""}
</section>`;
}

function samplesSection(sm: NonNullable<ReportInput["samples"]>, figureDrawn: boolean): string {
  const f4 = (v: number) => v.toFixed(4);
  const ci = (v?: readonly [number, number]) => (v ? ` [${f4(v[0])}, ${f4(v[1])}]` : "");
  const b = sm.models.find((m) => m.bootstrap)?.bootstrap;
  const parts = sm.models.map((m) => {
    const rows = [
      ...m.passAtK.map((p, j) => [`pass@${p.k}`, "measured (unbiased estimator)", `${f4(p.value)}${ci(m.bootstrap?.passAtK[j].ci95)}`]),
      ["Beta(α, β)", "beta-binomial likelihood", `α ${num(m.beta.alpha, 4)}${m.bootstrap ? ` [${num(m.bootstrap.alpha[0], 3)}, ${num(m.bootstrap.alpha[1], 3)}]` : ""}, β ${num(m.beta.beta, 4)}${m.bootstrap ? ` [${num(m.bootstrap.beta[0], 3)}, ${num(m.bootstrap.beta[1], 3)}]` : ""}${m.beta.converged ? "" : " (NOT converged)"}`],
      ["Kumaraswamy(a, b)", "same likelihood, alternative shape", `a ${num(m.kumaraswamy.a, 4)}, b ${num(m.kumaraswamy.b, 4)}; ln L ${(m.kumaraswamy.logLikelihood - m.beta.logLikelihood >= 0 ? "+" : "")}${(m.kumaraswamy.logLikelihood - m.beta.logLikelihood).toFixed(2)} nats against Beta`],
      ...(m.aggregate ? [["−ln pass@k = a·k^(−b)", `aggregate law, fitted at k = ${m.aggregate.fittedOn.join(", ")}`, `a ${num(m.aggregate.a, 4)}, b ${num(m.aggregate.b, 4)}`]] : []),
      ...m.forecast.map((fc, j) => [`pass@${fc.k}`, "forecast: beta-binomial | Kumaraswamy | aggregate",
        `${f4(fc.beta)}${ci(m.bootstrap?.forecast[j].ci95)} | ${f4(fc.kumaraswamy)} | ${fc.aggregate === undefined ? "—" : `${f4(fc.aggregate)}${ci(m.bootstrap?.aggregate?.forecast[j].ci95)}`}`]),
      ...(m.voting ?? []).flatMap((v) => [
        ...(v.bestOfK !== undefined ? [[`best-of-${v.k}`, "top-scored of k (exact)", f4(v.bestOfK)]] : []),
        ...(v.majority ? [[`majority@${v.k}`, `most frequent of k (${v.majority.draws} random subsets per problem)`, `${f4(v.majority.value)} ± ${f4(v.majority.monteCarloSE)}`]] : []),
      ]),
    ];
    return `<h3>${escapeHtml(m.model)}</h3><p>${m.problems} problems, ${m.samples.min === m.samples.max ? m.samples.min : `${m.samples.min}–${m.samples.max}`} samples each.</p>${table(["quantity", "how", "value [95% interval]"], rows)}`;
  });
  return `<section id="samples"><h2>Test-time compute</h2>
<p>${escapeHtml(sm.source)}: pass@k per model by Chen et al.'s unbiased estimator, averaged over problems; the distribution of per-problem success (Beta, Kumaraswamy) and Brown et al.'s aggregate law, each forecasting pass@k beyond the samples drawn. ${b ? `Intervals: percentile 95% from ${b.resamples} resamples of the problems (seed ${b.seed}).` : "No intervals (no bootstrap)."}</p>
${parts.join("\n")}
<p>${figureDrawn ? 'Measured and forecast coverage: <a href="#fig-coverage">the coverage figure</a>.' : ""}</p></section>`;
}

function curvesSection(c: NonNullable<ReportInput["curves"]>, figures: readonly string[]): string {
  const params = Object.entries({ ...c.params, ...c.derived }).map(([k, v]) => [k, num(v, 6)]);
  const runs = c.curves.map((r) => [r.run || "(one run)", r.schedule, String(r.points), `${r.firstStep}–${r.lastStep}`, num(r.r2, 5), num(r.rmse, 3), num(r.worstE, 3)]);
  return `<section id="curves"><h2>Loss curves</h2>
<p>${escapeHtml(c.title)} (${escapeHtml(c.citation)}), fitted to ${c.curves.length} run${c.curves.length === 1 ? "" : "s"} of ${escapeHtml(c.source)} with their learning-rate schedules (saved fit ${escapeHtml(c.file)}): <code>${escapeHtml(c.formula)}</code>; loss in nats.</p>
${table(["parameter", "estimate"], params)}
${table(["run", "schedule", "points", "steps", "R²", "RMSE (nats)", "WorstE"], runs)}
<p>${c.bootstrap ? `The fit carries ${c.bootstrap.resamples} refits of whole runs resampled (${c.bootstrap.runs} runs); with few runs they show how much the fit depends on which runs it saw, not how wrong the law is.` : "No bootstrap (curve fit --bootstrap B resamples whole runs)."}</p>
<p>${figures.map((f) => `<a href="#fig-${f}">${f === "curves" ? "observed and predicted curves" : "residuals against step"}</a>`).join(", ")}</p></section>`;
}

/** A target's inputs as one key (sorted names), to find its score. */
const canonicalTarget = (t: Record<string, number>) => Object.keys(t).sort().map((k) => `${k}=${t[k]}`).join(",");

function backtestSection(r: BacktestResult): string {
  const rows = r.candidates.map((c) => c.error
    ? [c.lawId, c.method, "", "", "", `failed: ${c.error}`]
    : [c.lawId, c.method, (Number.isFinite(c.mare) ? `${(100 * c.mare!).toFixed(2)}%` : "not finite"), `${(100 * c.coverage!["0.8"]).toFixed(0)}%`, `${(100 * c.coverage!["0.95"]).toFixed(0)}%`, c.converged ? "converged" : "NOT converged"]);
  return `<section id="backtest"><h2>Backtest</h2>
<p>Fitted on ${r.train} runs; held out ${escapeHtml(r.holdout)}. Extrapolation factor ${r.extrapolationFactor.toPrecision(3)}× (largest held-out compute over largest fitted compute); ${r.resamples} bootstrap refits, seed ${r.seed}.</p>
${table(["law", "method", "mean |relative error|", "80% PI coverage", "95% PI coverage", "status"], rows)}
${r.candidates.filter((c) => c.warnings?.length).map((c) => `<p>${escapeHtml(`${c.lawId} (${c.method})`)}:</p><ul class="warn">${c.warnings!.map((w) => `<li data-code="${escapeHtml(w.code)}">${escapeHtml(w.message)} <code>${escapeHtml(w.code)}</code></li>`).join("")}</ul>`).join("")}
${r.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join("")}</section>`;
}

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1a1a1a}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:.2em .7em;border-bottom:1px solid #ddd;text-align:left}
code{background:#f3f3f3;padding:0 .2em}.banner{background:#fff4d6;border:1px solid #e0b84c;padding:.6em 1em}
.bad{color:#b00020;font-weight:bold}.ok{color:#1b6e20}.warn li{color:#8a4b00}figure{margin:1.5em 0}
figcaption{font-size:90%;color:#444}.figure-error{color:#b00020}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5em}`;

/** The whole report as one HTML document. O(size of the specs and the runtime). */
export function reportHtml(input: ReportInput): string {
  const doc = input.fit;
  const warnings = doc.warnings;
  const figures = input.figures.map((f) => `<figure id="fig-${escapeHtml(f.name)}" data-figure="${escapeHtml(f.name)}"` +
    ` data-expected-points="${f.expected.points ?? ""}" data-expected-lines="${f.expected.lines ?? ""}">` +
    `<h3>${escapeHtml(f.title)}</h3><div class="chart"></div>${f.caption ? `<figcaption>${escapeHtml(f.caption)}</figcaption>` : ""}` +
    `<script type="application/json" class="spec">${scriptJson(f.vegaSpec)}</script></figure>`).join("\n");
  const excluded = doc.data.excluded.map((e) => [String(e.line), e.column ?? "", e.value ?? "", e.reason]);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(input.title)}</h1>
${input.simulated ? `<p class="banner">${escapeHtml(input.simulated)}</p>` : ""}
<section id="provenance"><h2>How this was made</h2>
<pre>${escapeHtml(input.command)}</pre>
<p>${escapeHtml(input.tool.name)} ${escapeHtml(input.tool.version)}. Data: ${escapeHtml(doc.data.source)} (${escapeHtml(doc.data.format)}), ${doc.data.rowsRead} rows read, ${doc.data.n} used, ${doc.data.excluded.length} excluded.</p>
${doc.data.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join("")}</section>
<section id="warnings"><h2>Warnings and diagnostics</h2>
${warnings.length ? `<ul class="warn">${warnings.map((w) => `<li data-code="${escapeHtml(w.code)}">${escapeHtml(w.message)} <code>${escapeHtml(w.code)}</code></li>`).join("")}</ul>` : "<p>None.</p>"}
<p>${num(doc.data.coverage.pointsPerParameter, 3)} points per fitted parameter; ${escapeHtml(Object.entries(doc.data.coverage.decades).map(([k, v]) => `${k} over ${v.toFixed(1)} decades`).join(", "))}.</p></section>
${fitSection(doc)}
${input.plan ? planSection(input.plan) : ""}
${input.backtest ? backtestSection(input.backtest) : ""}
${input.forecasts ? forecastSection(input.forecasts, input.figures.some((f) => f.name === "forecast-calibration")) : ""}
${input.samples ? samplesSection(input.samples, input.figures.some((f) => f.name === "coverage")) : ""}
${input.observe ? observeSection(input.observe, input.figures.map((f) => f.name).filter((n) => n === "pc-loadings" || n === "observe-fit")) : ""}
${input.curves ? curvesSection(input.curves, input.figures.map((f) => f.name).filter((n) => n === "curves" || n === "curve-residuals")) : ""}
<section id="figures"><h2>Figures</h2>
${figures}
</section>
${excluded.length ? `<section id="excluded"><h2>Excluded rows</h2>${table(["line", "column", "value", "reason"], excluded)}</section>` : ""}
<script>${inlineScript(input.vegaScript)}</script>
<script>${inlineScript(input.bootScript)}</script>
</body></html>
`;
}
