import { NothingToDrawError } from "../errors.js";
/**
 * (e) Bootstrap refits of the exponents: α against β (a tilted cloud shows how
 * the two trade off) and the spread of the allocation exponent
 * a = β/(α+β) (N* ∝ C^a, Hoffmann et al. 2022 eq. 4), with the full fit and
 * the 2.5/97.5 percentiles marked. Drawn for laws with parameters alpha and beta.
 */
import { quantileSorted } from "../stats/quantile.js";
import { positionChannel } from "./axes.js";
import type { FigureBuilder } from "./figureBuilder.js";
import { resamplesOf } from "./fitSupport.js";
import { formatValue } from "./labels.js";
import { finiteRows, PANEL, topLevel } from "./spec.js";
import type { VizModel } from "./types.js";

/** The allocation exponent a of a set of values: the law's own derived `a`, else β/(α+β). */
export function allocationExponent(values: Readonly<Record<string, number>>): number {
  return Number.isFinite(values.a) ? values.a : values.beta / (values.alpha + values.beta);
}

const hasExponents = (v: Readonly<Record<string, number>>) => Number.isFinite(v.alpha) && Number.isFinite(v.beta);

export const bootstrapFigure: FigureBuilder = {
  name: "bootstrap",
  title: "Bootstrap refits of the exponents",
  missing(m) {
    if (!m.fit) return "a fitted law";
    if (!hasExponents(m.fit.values)) return `a law with parameters alpha and beta (law ${m.fit.law.id} has ${m.fit.law.parameters.map((p) => p.name).join(", ")})`;
    if (resamplesOf(m.fit).values.filter(hasExponents).length < 2) return "bootstrap refits of the fit (at least 2)";
    return null;
  },
  build(model) {
    const fit = model.fit!;
    const derived = fit.law.derived ? fit.law.derived(fit.values) : {};
    const full = { alpha: fit.values.alpha, beta: fit.values.beta, a: allocationExponent({ ...fit.values, ...derived }) };
    const rows = finiteRows(resamplesOf(fit).values.filter(hasExponents).map((v, i) => ({ resample: i, alpha: v.alpha, beta: v.beta, a: allocationExponent(v) })));
    const ci = (k: "alpha" | "beta" | "a"): [number, number] => {
      const s = Float64Array.from(rows, (r) => r[k]).sort();
      if (s.length < 2) throw new NothingToDrawError(`fewer than 2 bootstrap refits give a finite ${k}: no interval to draw`);
      return [quantileSorted(s, 0.025), quantileSorted(s, 0.975)];
    };
    const [a0, a1] = ci("a");
    const x = positionChannel("alpha", "value", [...rows.map((r) => r.alpha), full.alpha], { title: "α (exponent of N)" });
    const y = positionChannel("beta", "value", [...rows.map((r) => r.beta), full.beta], { title: "β (exponent of D)" });
    const scatter = {
      ...PANEL,
      layer: [
        { data: { values: rows }, mark: { type: "point", filled: true, size: 18, opacity: 0.6, color: "#4c78a8" }, encoding: { x, y, tooltip: [{ field: "resample", type: "quantitative" }, { field: "alpha", format: ".4f", type: "quantitative" }, { field: "beta", format: ".4f", type: "quantitative" }] } },
        { data: { values: [full] }, mark: { type: "point", shape: "cross", filled: true, size: 120, color: "#e45756" }, encoding: { x, y } },
      ],
    };
    const ax = positionChannel("a", "value", [...rows.map((r) => r.a), full.a], { title: "allocation exponent a = β/(α+β) (N* grows as C^a)" });
    const marks = [{ a: full.a, what: "full fit" }, { a: a0, what: "2.5%" }, { a: a1, what: "97.5%" }];
    const histogram = {
      ...PANEL,
      layer: [
        {
          data: { values: rows },
          mark: { type: "bar", color: "#9ecae1", binSpacing: 0 },
          encoding: {
            x: { ...ax, bin: { maxbins: 24, extent: (ax.scale as { domain: number[] }).domain }, field: "a" },
            y: { aggregate: "count", type: "quantitative", title: "bootstrap refits" },
          },
        },
        {
          data: { values: marks },
          mark: { type: "rule", strokeWidth: 1.5 },
          encoding: {
            x: { ...ax, field: "a" },
            color: { field: "what", type: "nominal", scale: { domain: ["full fit", "2.5%", "97.5%"], range: ["#e45756", "#555", "#555"] }, legend: null },
            strokeDash: { field: "what", type: "nominal", scale: { domain: ["full fit", "2.5%", "97.5%"], range: [[1, 0], [4, 2], [4, 2]] }, legend: null },
          },
        },
      ],
    };
    const [al0, al1] = ci("alpha"), [b0, b1] = ci("beta");
    const subtitle = `${rows.length} bootstrap refits of ${fit.law.id}; 95% percentile intervals: α [${formatValue(al0)}, ${formatValue(al1)}], β [${formatValue(b0)}, ${formatValue(b1)}], a [${formatValue(a0)}, ${formatValue(a1)}]; full fit: red cross and red line`;
    const spec = topLevel(this.title, subtitle, "Bootstrap refits: α against β, and the distribution of the allocation exponent a.", { hconcat: [scatter, histogram] });
    return { name: this.name, title: this.title, spec, expected: { points: rows.length + 1, lines: 0 } };
  },
};
