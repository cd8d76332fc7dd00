/**
 * Notable models on the N–D plane (issue 16, item 4): each model at its active
 * parameters and training tokens, the law's compute-optimal path (N*(C), D*(C)
 * for C across the figure) and iso-compute lines D = C/(6N) at whole decades
 * of C. Both axes logarithmic. A model above the path is over-trained for its
 * compute, one below it under-trained.
 */
import type { ModelComparison } from "../catalog/compare.js";
import type { PublishedLaw } from "../catalog/publishedLaws.js";
import { allocatePublished } from "../plan/allocate.js";
import { maxOf, minOf } from "../stats/extent.js";
import { positionChannel } from "./axes.js";
import { FIT_COLOR, PALETTE, SIZE, topLevel } from "./spec.js";

export interface ModelsPlaneFigure { name: "models-plane"; title: string; spec: Record<string, unknown>; expected: { points: number; isoComputeLines: number } }

export function modelsPlaneFigure(rows: readonly ModelComparison[], entry: PublishedLaw): ModelsPlaneFigure {
  const points = rows.map((r) => ({ model: r.model.id, params: r.paramsForLaw, tokens: r.tokens, flops: r.flops6ND, overTraining: r.overTrainingFactor }));
  // a label goes below its point when an earlier label sits close above (within 0.35 decades of N and 0.15 of D)
  const near = (a: { params: number; tokens: number }, b: { params: number; tokens: number }) =>
    Math.abs(Math.log10(a.params / b.params)) < 0.35 && Math.abs(Math.log10(a.tokens / b.tokens)) < 0.15;
  const below = points.map((p, i) => points.slice(0, i).some((q) => near(p, q)));
  const ns = points.map((p) => p.params), ds = points.map((p) => p.tokens);
  // the plane spans the models with a decade of room, and at least 1e8–1e12 parameters
  const nLo = Math.min(minOf(ns) / 10, 1e8), nHi = Math.max(maxOf(ns) * 10, 1e12);
  const dLo = Math.min(minOf(ds) / 10, 1e9), dHi = Math.max(maxOf(ds) * 10, 1e13);
  const cLo = 6 * nLo * dLo, cHi = 6 * nHi * dHi;
  const path: Array<{ params: number; tokens: number }> = [];
  for (let k = 0; k <= 120; k++) {
    const c = cLo * (cHi / cLo) ** (k / 120);
    const a = allocatePublished(entry, c);
    if (a.params >= nLo && a.params <= nHi && a.tokens >= dLo && a.tokens <= dHi) path.push({ params: a.params, tokens: a.tokens });
  }
  const iso: Array<{ budget: string; params: number; tokens: number }> = [];
  const decades: number[] = [];
  for (let e = Math.ceil(Math.log10(cLo)); e <= Math.floor(Math.log10(cHi)); e++) {
    const c = 10 ** e;
    const seg = [nLo, nHi].map((n) => ({ params: n, tokens: c / (6 * n) }));
    // clip to the token range along the line (log-linear in N)
    const clipped = seg.map((p) => (p.tokens > dHi ? { params: c / (6 * dHi), tokens: dHi } : p.tokens < dLo ? { params: c / (6 * dLo), tokens: dLo } : p));
    if (clipped[0].params >= clipped[1].params) continue;
    if (e % 2 !== 0) continue; // every other decade keeps the plane readable
    decades.push(e);
    for (const p of clipped) iso.push({ budget: `1e${e} FLOPs`, ...p });
  }
  const x = positionChannel("params", "count", [nLo, nHi], { title: "parameters N (active)" });
  const y = positionChannel("tokens", "count", [dLo, dHi], { title: "training tokens D" });
  const spec = topLevel(`Models on the N–D plane under ${entry.id}`,
    [`solid: ${entry.id}'s compute-optimal N*, D* (C = 6ND); dashed: equal compute`, "above the solid line: over-trained for its compute; below: under-trained"],
    "Notable models by parameters and training tokens, with the law's compute-optimal path and lines of equal training compute.", {
      ...SIZE,
      layer: [
        { data: { values: iso }, mark: { type: "line", strokeDash: [4, 3], color: "#999", strokeWidth: 1 }, encoding: { x, y, detail: { field: "budget" } } },
        { data: { values: iso.filter((_, i) => i % 2 === 1) }, mark: { type: "text", align: "right", baseline: "bottom", dx: -2, fontSize: 9, color: "#777" }, encoding: { x, y, text: { field: "budget" } } },
        { data: { values: path }, mark: { type: "line", color: FIT_COLOR, strokeWidth: 1.5 }, encoding: { x, y } },
        { data: { values: points }, mark: { type: "point", filled: true, size: 50 }, encoding: { x, y, color: { field: "model", type: "nominal", title: "model", scale: { range: [...PALETTE] } }, tooltip: [{ field: "model" }, { field: "params", format: ".3~s" }, { field: "tokens", format: ".3~s" }, { field: "flops", format: ".3~e" }, { field: "overTraining", format: ".3~r", title: "over-training factor" }] } },
        { data: { values: points.filter((_, i) => !below[i]) }, mark: { type: "text", align: "left", dx: 6, dy: -6, fontSize: 10 }, encoding: { x, y, text: { field: "model" } } },
        ...(below.some(Boolean) ? [{ data: { values: points.filter((_, i) => below[i]) }, mark: { type: "text", align: "left", dx: 6, dy: 12, fontSize: 10 }, encoding: { x, y, text: { field: "model" } } }] : []),
      ],
    });
  return { name: "models-plane", title: `Models on the N–D plane under ${entry.id}`, spec, expected: { points: points.length, isoComputeLines: decades.length } };
}
