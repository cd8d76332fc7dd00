/**
 * Forecasting a benchmark from compute by chaining two fits (Llama Team 2024,
 * §3.2.1's two-step method; Gadre et al. 2024, §2): a loss law gives the
 * compute-optimal split of the budget and its loss L̂(C) (or the loss of a
 * given N, D), and a downstream law maps L̂ to the metric.
 * With bootstrap resamples of both fits, resample b of one is paired with
 * resample b of the other (the fits use different data, so any pairing of
 * independent draws is valid) and the 95% interval is the 2.5–97.5 percentile
 * of the chained values: a confidence interval of the forecast (fit
 * uncertainty only; it leaves out the scatter of single runs).
 */
import { predictLoss } from "../laws/transform.js";
import { quantile } from "../stats/quantile.js";
import { allocateWithLaw, type LawWithValues } from "./allocate.js";

export interface FitWithResamples extends LawWithValues {
  resamples?: ReadonlyArray<Readonly<Record<string, number>>>;
}

export interface ChainForecast {
  flops: number;
  params: number;
  tokens: number;
  /** L̂ from the loss law (nats). */
  loss: number;
  /** The downstream law at L̂. */
  metric: number;
  /** 95% confidence intervals from paired bootstrap resamples, when either fit has them. */
  /** `resamples`: paired resamples with a finite metric (those the interval uses). */
  ci95?: { loss: [number, number]; metric: [number, number]; resamples: number; varied: Array<"loss law" | "downstream law"> };
  notes: string[];
}

/**
 * The metric forecast at `flops` (compute-optimal split under the loss law),
 * or at a given `params` and `tokens` (then flops = 6ND). O(resamples) allocations.
 */
export function chainForecast(lossFit: FitWithResamples, metricFit: FitWithResamples, at: { flops: number } | { params: number; tokens: number }): ChainForecast {
  if (metricFit.law.target !== "metric" || !metricFit.law.inputs.includes("loss")) {
    throw new RangeError(`law ${metricFit.law.id} does not map a loss to a metric; use a downstream law (downstream-exp, downstream-sigmoid)`);
  }
  if (lossFit.law.target === "metric") throw new RangeError(`law ${lossFit.law.id} predicts a metric, not a loss: the first step needs a loss law`);
  const point = (lf: LawWithValues, mf: LawWithValues) => {
    const split = "flops" in at ? allocateWithLaw(lf, at.flops) : { params: at.params, tokens: at.tokens, flops: 6 * at.params * at.tokens, notes: [] as string[] };
    const loss = "flops" in at ? (split as { loss?: number }).loss ?? NaN : predictLoss(lf.law, lf.values, [{ params: at.params, tokens: at.tokens, flops: split.flops }])[0];
    const metric = predictLoss(mf.law, mf.values, [{ loss }])[0];
    return { ...split, loss, metric };
  };
  const best = point(lossFit, metricFit);
  const notes = [...best.notes];
  if (!Number.isFinite(best.metric)) notes.push(`the downstream law is not defined at the forecast loss ${best.loss.toFixed(4)} nats (for downstream-exp: below the loss at which the error would reach 0)`);
  const varied: Array<"loss law" | "downstream law"> = [];
  if (lossFit.resamples?.length) varied.push("loss law");
  if (metricFit.resamples?.length) varied.push("downstream law");
  let ci95: ChainForecast["ci95"];
  if (varied.length > 0) {
    const B = Math.min(lossFit.resamples?.length ?? Infinity, metricFit.resamples?.length ?? Infinity);
    const losses: number[] = [], metrics: number[] = [];
    let undefinedMetric = 0, noLoss = 0;
    for (let b = 0; b < B; b++) {
      let p;
      try {
        p = point({ law: lossFit.law, values: lossFit.resamples?.[b] ?? lossFit.values }, { law: metricFit.law, values: metricFit.resamples?.[b] ?? metricFit.values });
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        noLoss++;
        continue;
      }
      if (!Number.isFinite(p.loss)) { noLoss++; continue; }
      losses.push(p.loss);
      if (Number.isFinite(p.metric)) metrics.push(p.metric); else undefinedMetric++;
    }
    if (noLoss > 0) notes.push(`${noLoss} of ${B} paired resamples gave no finite loss at this budget; the intervals use the others`);
    if (undefinedMetric > 0) notes.push(`${undefinedMetric} of ${B} paired resamples gave a loss where the downstream law is undefined; the metric interval uses the others`);
    if (varied.length === 1) notes.push(`only the ${varied[0]} has bootstrap resamples: the interval leaves out the other fit's uncertainty`);
    if (metrics.length >= 2) ci95 = { loss: [quantile(losses, 0.025), quantile(losses, 0.975)], metric: [quantile(metrics, 0.025), quantile(metrics, 0.975)], resamples: metrics.length, varied };
    else notes.push(`only ${metrics.length} of ${B} paired resamples gave a finite metric: no interval`);
  }
  return { flops: best.flops, params: best.params, tokens: best.tokens, loss: best.loss, metric: best.metric, ...(ci95 ? { ci95 } : {}), notes };
}
