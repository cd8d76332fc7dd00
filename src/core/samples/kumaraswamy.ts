/**
 * The Kumaraswamy alternative to the Beta law of per-problem success (issue
 * 14, item 3): p ~ Kumaraswamy(a, b), density f(p) = a·b·p^(a−1)·(1 − p^a)^(b−1),
 * CDF F(p) = 1 − (1 − p^a)^b. Its left tail is p^a as Beta's is p^α, so pass@k
 * again approaches a power law in k with exponent a.
 *
 * There is no closed form for the binomial mixture, so every expectation
 * E[g(p)] = ∫ g(p) f(p) dp is a composite Gauss–Legendre sum in p:
 *
 * - panels geometric in p towards 0 and in 1 − p towards 1 (two per decade,
 *   down to 1e-16), where f has its end singularities, and 0.1 wide between;
 * - for a likelihood term g = p^c (1 − p)^(n−c), 16 more panels over its peak,
 *   c/n ± (15 standard deviations + 40/n), so a peak of width 1/√n is resolved at any n;
 * - the two end pieces [0, 1e-16] and [1 − 1e-16, 1] taken exactly as masses
 *   F(1e-16) and 1 − F(1 − 1e-16) times g at the end (g there is 1 or 0 to within n·1e-16).
 *
 * Nodes depend on (n, c) only, so each group's nodes are built once per fit;
 * an evaluation computes ln f and its derivatives at them. The gradient over
 * (ln a, ln b) is the exact derivative of the sum, so L-BFGS sees one
 * consistent objective. Accuracy: tested against E[p^n] = b·B(1 + n/a, b)
 * and against a finer rule, for n up to 10,000.
 */
import { lbfgs } from "../optimize/lbfgs.js";
import { isConverged } from "../optimize/types.js";
import { gaussLegendre } from "../stats/quadrature.js";

export interface KumaraswamyFit { a: number; b: number; logLikelihood: number; converged: boolean; iterations: number; problems: number }

/** Rule settings: Gauss–Legendre nodes per panel, end panels per decade, panels over a likelihood's peak. */
export interface RuleSettings { m: number; perDecade: number; peakPanels: number }
export const DEFAULT_RULE: RuleSettings = { m: 12, perDecade: 2, peakPanels: 16 };

/** The smallest p and 1 − p the panels reach; below them the end pieces are taken as masses. */
const END = 1e-16;

/** Quadrature nodes in p with ln p, ln(1 − p) (each exact near its end) and ln of the Gauss–Legendre weight. */
interface Nodes { lnP: Float64Array; ln1mP: Float64Array; lnW: Float64Array }

/** A breakpoint: p itself on the lower half, 1 − p on the upper half. */
interface Break { lower: boolean; x: number }

function baseBreaks(perDecade: number): Break[] {
  const out: Break[] = [{ lower: true, x: 0.5 }, { lower: false, x: 0.5 }];
  for (let i = 0; i <= 15 * perDecade; i++) { const x = 10 ** (-16 + i / perDecade); out.push({ lower: true, x }, { lower: false, x }); }
  for (const x of [0.2, 0.3, 0.4]) out.push({ lower: true, x }, { lower: false, x });
  return out;
}

function nodesFrom(breaks: Break[], m: number): Nodes {
  const gl = gaussLegendre(m);
  const lnP: number[] = [], ln1mP: number[] = [], lnW: number[] = [];
  for (const lower of [true, false]) {
    const xs = [...new Set(breaks.filter((b) => b.lower === lower).map((b) => b.x))].sort((a, b) => a - b);
    for (let i = 0; i + 1 < xs.length; i++) {
      const lo = xs[i], hi = xs[i + 1];
      for (let j = 0; j < m; j++) {
        const x = lo + (hi - lo) * (gl.nodes[j] + 1) / 2;
        lnP.push(lower ? Math.log(x) : Math.log1p(-x));
        ln1mP.push(lower ? Math.log1p(-x) : Math.log(x));
        lnW.push(Math.log((hi - lo) / 2 * gl.weights[j]));
      }
    }
  }
  return { lnP: Float64Array.from(lnP), ln1mP: Float64Array.from(ln1mP), lnW: Float64Array.from(lnW) };
}

/** The nodes for a likelihood term p^c (1 − p)^(n − c): the base panels and `peakPanels` more over its peak. */
function groupNodes(n: number, c: number, s: RuleSettings): Nodes {
  const ph = c / n, sd = Math.sqrt(Math.max(ph * (1 - ph), 1 / n) / n), pad = 15 * sd + 40 / n;
  const lo = Math.max(END, ph - pad), hi = Math.min(1 - END, ph + pad);
  const breaks = baseBreaks(s.perDecade);
  for (let i = 0; i <= s.peakPanels; i++) {
    const p = lo + (hi - lo) * i / s.peakPanels;
    breaks.push(p <= 0.5 ? { lower: true, x: p } : { lower: false, x: 1 - p });
  }
  // keep both halves meeting at 0.5
  breaks.push({ lower: true, x: 0.5 }, { lower: false, x: 0.5 });
  return nodesFrom(breaks, s.m);
}

/**
 * Σ over nodes of g·f·w and its derivatives over (ln a, ln b), as a log and two ratios, for ln g given per node
 * (`lnG`), plus the end masses with g(0) = g0 and g(1) = g1 (each 0 or 1).
 */
function expectation(a: number, b: number, nodes: Nodes, lnG: Float64Array, g0: number, g1: number): { ln: number; dA: number; dB: number } {
  const J = nodes.lnP.length, lnab = Math.log(a) + Math.log(b);
  const t = new Float64Array(J), da = new Float64Array(J), db = new Float64Array(J);
  let top = -Infinity;
  for (let j = 0; j < J; j++) {
    const lp = nodes.lnP[j], aLp = a * lp;
    const ln1mPa = Math.log(-Math.expm1(aLp)); // ln(1 − p^a), exact at both ends
    t[j] = lnG[j] + nodes.lnW[j] + lnab + (a - 1) * lp + (b - 1) * ln1mPa;
    // ∂ ln f/∂ ln a = 1 + a·ln p − (b − 1)·a·ln p·p^a/(1 − p^a);  ∂ ln f/∂ ln b = 1 + b·ln(1 − p^a)
    da[j] = 1 + aLp - (b - 1) * aLp * Math.exp(aLp - ln1mPa);
    db[j] = 1 + b * ln1mPa;
    if (t[j] > top) top = t[j];
  }
  // the end pieces: mass F(END) at p ≈ 0 and 1 − F(1 − END) at p ≈ 1
  const lnEnd = Math.log(END);
  let m0 = 0, m0a = 0, m0b = 0, m1 = 0, m1a = 0, m1b = 0;
  if (g0) {
    const L = b * Math.log1p(-Math.exp(a * lnEnd)); // ln(1 − F(END))
    const M = -Math.expm1(L), dMdL = -Math.exp(L);
    const dLa = b * (-a * lnEnd * Math.exp(a * lnEnd)) / (1 - Math.exp(a * lnEnd));
    m0 = M; m0a = dMdL * dLa; m0b = dMdL * L;
  }
  if (g1) {
    const aL = a * Math.log1p(-END), ell = Math.log(-Math.expm1(aL)); // ln(1 − (1 − END)^a)
    m1 = Math.exp(b * ell);
    m1a = m1 * b * (-aL * Math.exp(aL - ell)); m1b = m1 * b * ell;
  }
  // the end masses join the sum in logs, so a sum far below 1 (a likelihood of large n) never meets e^(−scale) = ∞
  if (m0 > 0) top = Math.max(top, Math.log(m0));
  if (m1 > 0) top = Math.max(top, Math.log(m1));
  const scale = Number.isFinite(top) ? top : 0;
  let s = 0, sa = 0, sb = 0;
  for (let j = 0; j < J; j++) { const e = Math.exp(t[j] - scale); s += e; sa += e * da[j]; sb += e * db[j]; }
  for (const [m, ma, mb] of [[m0, m0a, m0b], [m1, m1a, m1b]]) {
    if (!(m > 0)) continue;
    const e = Math.exp(Math.log(m) - scale);
    s += e; sa += e * ma / m; sb += e * mb / m;
  }
  return { ln: scale + Math.log(s), dA: sa / s, dB: sb / s };
}

interface Group { n: number; c: number; count: number; nodes: Nodes; lnG: Float64Array }

function groupsOf(problems: ReadonlyArray<{ n: number; c: number }>, settings: RuleSettings): Group[] {
  const tally = new Map<string, Group>();
  for (const p of problems) {
    if (!Number.isInteger(p.n) || p.n < 1 || !Number.isInteger(p.c) || p.c < 0 || p.c > p.n) throw new RangeError(`bad counts n = ${p.n}, c = ${p.c}`);
    const key = `${p.n},${p.c}`;
    const g = tally.get(key);
    if (g) { g.count++; continue; }
    const nodes = groupNodes(p.n, p.c, settings);
    const lnG = Float64Array.from(nodes.lnP, (lp, j) => (p.c > 0 ? p.c * lp : 0) + (p.n > p.c ? (p.n - p.c) * nodes.ln1mP[j] : 0));
    tally.set(key, { n: p.n, c: p.c, count: 1, nodes, lnG });
  }
  return [...tally.values()];
}

function logLikelihood(a: number, b: number, groups: readonly Group[], grad?: Float64Array): number {
  let ll = 0, ga = 0, gb = 0;
  for (const g of groups) {
    const e = expectation(a, b, g.nodes, g.lnG, g.c === 0 ? 1 : 0, g.c === g.n ? 1 : 0);
    ll += g.count * e.ln; ga += g.count * e.dA; gb += g.count * e.dB;
  }
  if (grad) { grad[0] = ga; grad[1] = gb; }
  return ll;
}

/** Maximum-likelihood Kumaraswamy(a, b) of per-problem success from (n, c) counts. O(distinct (n, c) · nodes) per evaluation. */
export function fitKumaraswamyBinomial(problems: ReadonlyArray<{ n: number; c: number }>, start?: { a: number; b: number }): KumaraswamyFit {
  if (problems.length < 2) throw new RangeError(`a Kumaraswamy-binomial fit needs at least 2 problems, got ${problems.length}`);
  const groups = groupsOf(problems, DEFAULT_RULE);
  const g2 = new Float64Array(2);
  const fg = (x: Float64Array, g: Float64Array): number => {
    const a = Math.exp(x[0]), b = Math.exp(x[1]);
    if (!(a > 1e-3 && a < 1e3 && b > 1e-3 && b < 1e4)) { g[0] = g[1] = 0; return Infinity; }
    const ll = logLikelihood(a, b, groups, g2);
    g[0] = -g2[0]; g[1] = -g2[1];
    return -ll;
  };
  const x0 = start ? [Math.log(start.a), Math.log(start.b)] : [Math.log(0.7), Math.log(2)];
  const r = lbfgs(fg, x0, { gtol: 1e-7, maxIterations: 300 });
  return { a: Math.exp(r.x[0]), b: Math.exp(r.x[1]), logLikelihood: -r.f, converged: isConverged(r.status), iterations: r.iterations, problems: problems.length };
}

/** pass@k under Kumaraswamy(a, b): 1 − E[(1 − p)^k], by the same quadrature. O(nodes). */
export function kumaraswamyPassAtK(a: number, b: number, k: number, settings: RuleSettings = DEFAULT_RULE): number {
  if (!(k >= 1)) throw new RangeError(`k must be ≥ 1, got ${k}`);
  const nodes = nodesFrom(baseBreaks(settings.perDecade), settings.m);
  const lnG = Float64Array.from(nodes.ln1mP, (v) => k * v);
  return -Math.expm1(expectation(a, b, nodes, lnG, 1, 0).ln);
}

/** The log-likelihood (without Σ ln C(n, c)) under a rule, and with `grad` its gradient over (ln a, ln b). */
export function kumaraswamyLogLikelihood(a: number, b: number, problems: ReadonlyArray<{ n: number; c: number }>, settings: RuleSettings = DEFAULT_RULE, grad?: Float64Array): number {
  return logLikelihood(a, b, groupsOf(problems, settings), grad);
}
