/**
 * The multi-power law of loss curves (Luo et al. 2025, "A Multi-Power Law for
 * Loss Curve Prediction Across Learning Rate Schedules", arXiv:2503.12811,
 * eq. 1, as their code evaluates it): the loss at step t of a schedule
 * η_0, η_1, … is
 *
 *   L(t) = L0 + A·S1(t)^(−α) − LD(t),   S1(t) = Σ_{j≤t} η_j (warmup included),
 *   LD(t) = B · Σ_{k=1..t} (η_{k−1} − η_k) · (1 − (1 + C·η_k^(−γ)·S_k(t))^(−β)),   S_k(t) = Σ_{j=k..t} η_j.
 *
 * The LD sum starts at k = 1 and includes the warmup, where η rises and the
 * terms are negative (leaving them out moves the 400M cosine curve's end by
 * 0.155 nats). S_k(t) = P(t) − P(k − 1) from one prefix sum P, and only the
 * steps where η changes contribute, so a prediction at a step costs
 * O(changes before it): O(changes · points) for a curve.
 */
export interface MultiPowerParams { L0: number; A: number; alpha: number; B: number; C: number; beta: number; gamma: number }

export const MULTIPOWER_PARAMS = ["L0", "A", "alpha", "B", "C", "beta", "gamma"] as const;

/** A schedule prepared once for many evaluations: the prefix sums and the steps where η changes. */
export interface PreparedSchedule {
  steps: number;
  /** P[t] = Σ_{j≤t} η_j. */
  prefix: Float64Array;
  /** The steps k ≥ 1 with η_{k−1} ≠ η_k, their drop η_{k−1} − η_k, ln η_k and P[k − 1]. */
  changeAt: Int32Array;
  drop: Float64Array;
  lnEta: Float64Array;
  before: Float64Array;
}

/** Prefix sums and change points of η. Refuses a non-finite or negative rate, and η_k = 0 where it changes (η^(−γ)). O(steps). */
export function prepareSchedule(eta: ArrayLike<number>): PreparedSchedule {
  const n = eta.length;
  const prefix = new Float64Array(n);
  let s = 0;
  const at: number[] = [];
  for (let t = 0; t < n; t++) {
    if (!(eta[t] >= 0) || !Number.isFinite(eta[t])) throw new RangeError(`the learning rate at step ${t} must be a finite number ≥ 0, got ${eta[t]}`);
    s += eta[t];
    prefix[t] = s;
    if (t >= 1 && eta[t] !== eta[t - 1]) {
      if (!(eta[t] > 0)) throw new RangeError(`the learning rate changes to 0 at step ${t}: the multi-power law's η^(−γ) is not defined there`);
      at.push(t);
    }
  }
  const changeAt = Int32Array.from(at);
  return {
    steps: n, prefix, changeAt,
    drop: Float64Array.from(at, (k) => eta[k - 1] - eta[k]),
    lnEta: Float64Array.from(at, (k) => Math.log(eta[k])),
    before: Float64Array.from(at, (k) => prefix[k - 1]),
  };
}

/** The predicted loss (nats) at each of `at` (steps within the schedule, any order). O(changes · points). */
export function multiPowerPredict(p: MultiPowerParams, sched: PreparedSchedule, at: ArrayLike<number>): Float64Array {
  const out = new Float64Array(at.length);
  const m = sched.changeAt.length;
  // C·η_k^(−γ) once per change
  const a = new Float64Array(m);
  for (let i = 0; i < m; i++) a[i] = p.C * Math.exp(-p.gamma * sched.lnEta[i]);
  for (let q = 0; q < at.length; q++) {
    const t = at[q];
    if (!Number.isInteger(t) || t < 0 || t >= sched.steps) throw new RangeError(`step ${t} is outside the schedule's 0 … ${sched.steps - 1}`);
    const Pt = sched.prefix[t];
    let ld = 0;
    for (let i = 0; i < m && sched.changeAt[i] <= t; i++) {
      ld += sched.drop[i] * -Math.expm1(-p.beta * Math.log1p(a[i] * (Pt - sched.before[i])));
    }
    out[q] = p.L0 + p.A * Math.exp(-p.alpha * Math.log(Pt)) - p.B * ld;
  }
  return out;
}

/** Luo et al.'s per-curve metrics (src/evaluation.py): R², MAE, RMSE, PredE = mean |r|/L, WorstE = max |r|/L. */
export function curveMetrics(loss: ArrayLike<number>, pred: ArrayLike<number>): { r2: number; mae: number; rmse: number; predE: number; worstE: number } {
  const n = loss.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += loss[i];
  mean /= n;
  let ssr = 0, sst = 0, abs = 0, rel = 0, worst = 0;
  for (let i = 0; i < n; i++) {
    const r = loss[i] - pred[i];
    ssr += r * r; sst += (loss[i] - mean) ** 2; abs += Math.abs(r);
    const e = Math.abs(r) / loss[i];
    rel += e; if (e > worst) worst = e;
  }
  return { r2: 1 - ssr / sst, mae: abs / n, rmse: Math.sqrt(ssr / n), predE: rel / n, worstE: worst };
}
