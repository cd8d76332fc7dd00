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
  let s = 0, m = 0;
  for (let t = 0; t < n; t++) {
    const e = eta[t];
    if (!(e >= 0) || !Number.isFinite(e)) throw new RangeError(`the learning rate at step ${t} must be a finite number ≥ 0, got ${e}`);
    s += e;
    prefix[t] = s;
    if (t >= 1 && e !== eta[t - 1]) {
      if (!(e > 0)) throw new RangeError(`the learning rate changes to 0 at step ${t}: the multi-power law's η^(−γ) is not defined there`);
      m++;
    }
  }
  // plain loops into typed arrays (Float64Array.from with a mapping function is slow on large arrays)
  const changeAt = new Int32Array(m), drop = new Float64Array(m), lnEta = new Float64Array(m), before = new Float64Array(m);
  for (let t = 1, i = 0; t < n; t++) {
    if (eta[t] === eta[t - 1]) continue;
    changeAt[i] = t; drop[i] = eta[t - 1] - eta[t]; lnEta[i] = Math.log(eta[t]); before[i] = prefix[t - 1];
    i++;
  }
  return { steps: n, prefix, changeAt, drop, lnEta, before };
}

/**
 * Blocks of consecutive rate changes for the fast evaluation: at level ℓ, block j holds changes
 * j·2^ℓ … (j + 1)·2^ℓ − 1 with their summed drop W, the drop-weighted means of ln η and of P(k − 1), and whether
 * every drop has one sign (a block mixing the warmup's rises with decays is never used whole).
 */
interface Blocks {
  w: Float64Array[]; lnEta: Float64Array[]; before: Float64Array[]; sameSign: Uint8Array[];
  /** The spread of ln η within each block (max − min): C·η^(−γ) varies by e^(γ·spread) across it. */
  uSpread: Float64Array[];
  /** C·η^(−γ) of each block, computed when a call first needs it (stamped with the call), so nearby points share it. */
  a: Float64Array[]; stamp: Int32Array[]; call: number;
}

const blockCache = new WeakMap<PreparedSchedule, Blocks>();

function blocksOf(s: PreparedSchedule): Blocks {
  const got = blockCache.get(s);
  if (got) return got;
  const m = s.changeAt.length;
  const out: Blocks = { w: [s.drop], lnEta: [s.lnEta], before: [s.before], sameSign: [new Uint8Array(m).fill(1)], uSpread: [new Float64Array(m)], a: [], stamp: [], call: 0 };
  const uMin: Float64Array[] = [s.lnEta], uMax: Float64Array[] = [s.lnEta];
  for (let l = 1; 2 ** l <= m; l++) {
    const size = 2 ** l, count = Math.floor(m / size);
    const pw = out.w[l - 1], pu = out.lnEta[l - 1], pb = out.before[l - 1], ps = out.sameSign[l - 1];
    const w = new Float64Array(count), u = new Float64Array(count), b = new Float64Array(count), same = new Uint8Array(count);
    const lo = new Float64Array(count), hi = new Float64Array(count), spread = new Float64Array(count);
    for (let j = 0; j < count; j++) {
      const x = 2 * j, y = 2 * j + 1;
      lo[j] = Math.min(uMin[l - 1][x], uMin[l - 1][y]); hi[j] = Math.max(uMax[l - 1][x], uMax[l - 1][y]); spread[j] = hi[j] - lo[j];
      w[j] = pw[x] + pw[y];
      same[j] = ps[x] && ps[y] && Math.sign(pw[x]) === Math.sign(pw[y]) ? 1 : 0;
      if (same[j]) { u[j] = (pw[x] * pu[x] + pw[y] * pu[y]) / w[j]; b[j] = (pw[x] * pb[x] + pw[y] * pb[y]) / w[j]; }
    }
    out.w.push(w); out.lnEta.push(u); out.before.push(b); out.sameSign.push(same); out.uSpread.push(spread);
    uMin.push(lo); uMax.push(hi);
  }
  for (const w of out.w) { out.a.push(new Float64Array(w.length)); out.stamp.push(new Int32Array(w.length)); }
  blockCache.set(s, out);
  return out;
}

/** Far-block tolerances: a block is taken whole when its spread in P(k − 1) is at most 1/RATIO of its distance to t and γ × its spread in ln η at most 1/RATIO_ETA. */
const RATIO = 8, RATIO_ETA = 4;

/**
 * The predicted loss at each of `at`, fast: the most recent rate changes term by term, older ones in dyadic blocks
 * evaluated at their drop-weighted centroid (the first-order error cancels). A block is taken whole when its drops
 * share a sign, its spread in cumulative rate is at most 1/RATIO of its distance to t, and γ times its spread in ln η
 * is at most 1/RATIO_ETA (so C·η^(−γ) varies by at most e^(1/4) across it: a warmup's first steps span decades of η).
 * O(RATIO · log(changes)) per point. With `jac` (points × 7, row-major) also ∂L̂/∂(L0, A, α, B, C, β, γ) of this
 * approximation. Agrees with {@link multiPowerPredict} to 1e-5 nats on Luo et al.'s curves (tested).
 */
export function multiPowerPredictFast(p: MultiPowerParams, sched: PreparedSchedule, at: ArrayLike<number>, out: Float64Array, jac?: Float64Array): void {
  const bl = blocksOf(sched);
  const m = sched.changeAt.length;
  const call = (bl.call = (bl.call % 2_000_000_000) + 1);
  const topLevel = bl.w.length - 1, etaLimit = 1 / (p.gamma * RATIO_ETA);
  for (let q = 0; q < at.length; q++) {
    const t = at[q];
    if (!Number.isInteger(t) || t < 0 || t >= sched.steps) throw new RangeError(`step ${t} is outside the schedule's 0 … ${sched.steps - 1}`);
    const Pt = sched.prefix[t];
    if (!(Pt > 0)) throw new RangeError(`step ${t}: the summed learning rate S1 is 0 there (a warmup from 0), so A·S1^(−α) is infinite; predict from a later step`);
    // the last change at or before t
    let lo = 0, hi = m;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (sched.changeAt[mid] <= t) lo = mid + 1; else hi = mid; }
    let i = lo - 1;
    let ld = 0, dC = 0, dBeta = 0, dGamma = 0, prev = 0;
    const before = sched.before;
    while (i >= 0) {
      // the largest aligned block ending at change i that is one-signed and narrow for its distance; blocks only grow
      // going back (the distance grows), so the search starts one level above the last block's
      let level = 0;
      const end = i + 1, last = before[i], room = (Pt - last) / RATIO;
      for (let l = Math.min(31 - Math.clz32(end & -end), topLevel, prev + 1); l >= 1; l--) {
        const j = (end >> l) - 1;
        if (bl.uSpread[l][j] > etaLimit || !bl.sameSign[l][j]) continue;
        if (last - before[end - (1 << l)] <= room) { level = l; break; }
      }
      const j = (end >> level) - 1;
      const w = bl.w[level][j], x = Pt - bl.before[level][j], lnEta = bl.lnEta[level][j];
      if (bl.stamp[level][j] !== call) { bl.a[level][j] = p.C * Math.exp(-p.gamma * lnEta); bl.stamp[level][j] = call; }
      const a = bl.a[level][j];
      const lg = Math.log1p(a * x), g = Math.exp(-p.beta * lg);
      ld += w * (1 - g);
      if (jac) {
        const common = w * p.beta * g * a * x / (1 + a * x); // ∂(1 − g)/∂ln a · w
        dC += common / p.C;
        dBeta += w * lg * g;
        dGamma += -common * lnEta;
      }
      i -= 1 << level;
      prev = level;
    }
    const s1a = Math.exp(-p.alpha * Math.log(Pt));
    out[q] = p.L0 + p.A * s1a - p.B * ld;
    if (jac) {
      const r = 7 * q;
      jac[r] = 1; jac[r + 1] = s1a; jac[r + 2] = -p.A * s1a * Math.log(Pt); jac[r + 3] = -ld;
      jac[r + 4] = -p.B * dC; jac[r + 5] = -p.B * dBeta; jac[r + 6] = -p.B * dGamma;
    }
  }
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
    if (!(Pt > 0)) throw new RangeError(`step ${t}: the summed learning rate S1 is 0 there (a warmup from 0), so A·S1^(−α) is infinite; predict from a later step`);
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
