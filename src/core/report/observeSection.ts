/**
 * The report's observational-scaling section (report --observe): the table
 * read, the explained-variance table and the PC loadings, and with a target
 * the sigmoid fit and the compute cut-off backtest. Pure text in, HTML out;
 * every piece of user text escaped.
 */
import type { ObserveDocument } from "../observe/observeDocument.js";

// reportHtml imports this file, so its escapeHtml is not imported back (no import cycle): the same five escapes.
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const f4 = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : "not finite");
const pct = (v: number | undefined) => (v === undefined ? "—" : `${(100 * v).toFixed(1)}%`);

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("") + "</tbody></table>";
}

/** The section's HTML; `figures` are the names of the observe figures drawn (linked). O(models × metrics). */
export function observeSection(d: ObserveDocument, figures: readonly string[]): string {
  const p = d.pca;
  const shown = p.components.slice(0, Math.min(3, p.components.length));
  const variance = table(["component", "explained variance", "cumulative"], p.components.map((c) => [`PC${c.component}`, f4(c.explainedVarianceRatio), f4(p.cumulative[c.component - 1])]));
  const loadings = table(["metric", ...shown.map((c) => `PC${c.component}`)], p.metrics.map((m) => [m, ...shown.map((c) => f4(c.loadings[m]))]));
  const parts = [`<section id="observe"><h2>Observational scaling</h2>
<p>${escapeHtml(d.data.source)}: ${d.data.models} models, ${d.data.families} families; metrics ${escapeHtml(d.data.metrics.join(", "))}. Principal components (Ruan, Maddison &amp; Hashimoto 2024, arXiv:2405.10938) of the ${p.preprocessing === "standardized" ? "z-scored" : "centred"} metrics over the ${p.models} models that have all of them${p.leftOut.length ? `; ${p.leftOut.length} left out for a missing metric: ${escapeHtml(p.leftOut.map((l) => `${l.model} (${l.missing.join(", ")})`).join("; "))}` : ""}. Loadings are signed to sum positive.</p>
${variance}
${loadings}`];
  const ds = d.downstream;
  if (ds) {
    parts.push(`<h3>${escapeHtml(ds.target)} as a sigmoid of ${ds.x === "pc1" ? "PC1" : "ln compute"}</h3>
<p>${escapeHtml(ds.target)} = floor + (ceiling − floor)·σ(a·x + b), x = ${escapeHtml(ds.x === "pc1" ? `PC1 of ${ds.predictors.join(", ")} (the target left out)` : "ln training FLOPs")}; ${ds.pooled ? "one curve pooled over families" : "one curve per family"}, ${ds.models} models.${ds.bootstrap ? ` Intervals: ${ds.bootstrap.resamples} resamples of the models, seed ${ds.bootstrap.seed}.` : ""}</p>
${table(["family", "models", "a", "b", "floor", "RMSE", "status"], ds.groups.map((g) => [g.family ?? "(pooled)", String(g.models), f4(g.fit.a), f4(g.fit.b), `${f4(g.fit.floor)}${g.fit.floorFitted ? "" : " (fixed)"}`, f4(g.fit.rmse), g.fit.converged ? g.fit.status : `NOT converged (${g.fit.status})`]))}`);
  }
  const bt = d.backtest;
  if (bt) {
    const s = bt.scores;
    parts.push(`<h3>Backtest at ${bt.cutoffFlops.toExponential(2)} FLOPs</h3>
<p>Fitted on ${bt.train} models at or below the cut-off, predicting ${bt.heldOut === bt.aboveCutoff ? `${bt.heldOut}` : `${bt.heldOut} of the ${bt.aboveCutoff}`} above it (${bt.unpredicted.length ? `${bt.unpredicted.length} not predicted: no fit covers their family; ` : ""}up to ${bt.extrapolationFactor.toPrecision(3)}× the largest fitted compute); ${escapeHtml(bt.note)}. ${bt.leftOut.length} models lack the compute or a metric and are left out.</p>
${table(["held-out models", "MAE", "RMSE", "mean error (actual − predicted)", "95% PI coverage", "95% CI coverage (curve)"], [[String(s.n), f4(s.mae), f4(s.rmse), f4(s.meanError), pct(s.coverage95), pct(s.ciCoverage95)]])}`);
  }
  const links = figures.map((f) => `<a href="#fig-${escapeHtml(f)}">${f === "pc-loadings" ? "the loadings figure" : "the fit figure"}</a>`);
  if (d.warnings.length) parts.push(`<ul class="warn">${d.warnings.map((w) => `<li data-code="${escapeHtml(w.code)}">${escapeHtml(w.message)} <code>${escapeHtml(w.code)}</code></li>`).join("")}</ul>`);
  parts.push(`${links.length ? `<p>Figures: ${links.join(", ")}.</p>` : ""}</section>`);
  return parts.join("\n");
}
