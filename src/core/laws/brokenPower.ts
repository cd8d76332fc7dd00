/**
 * Broken neural scaling law (BNSL), Caballero et al. 2022 ("Broken Neural
 * Scaling Laws", arXiv:2210.14891, eq. 1):
 *   y = a + b·x^(−c0) · Π_{i=1..n} (1 + (x/d_i)^(1/f_i))^(−c_i·f_i),
 * a smoothly broken power law over x = N, D or C: log–log slope −c0 below the
 * first break d_1, −(c0 + c1) past it, −(c0 + c1 + c2) past d_2; f_i > 0 is
 * a break's width in ln x (f → 0 is a kink). n = 1 or 2 breaks here.
 * Fitted in log space as
 *   ln ŷ = LSE(ln a, ln b − c0 ln x − Σ c_i f_i softplus((ln x − ln d_i)/f_i)),
 * with a softplus that never exponentiates a positive number, so (x/d)^(1/f)
 * cannot overflow.
 *
 * Identifiability: a break is located only if the data reach well past it on
 * both sides; otherwise d_i trades off against c_i and f_i and its value is
 * arbitrary. With n = 2 the data must span both breaks. The breaks are
 * interchangeable (the product commutes), so a fit may return them in either order.
 */
import { expNonPositive as exp } from "../stats/expNonPositive.js";
import type { PowerInput } from "./power.js";
import type { Law, LawParameter } from "./types.js";

const SYMBOL: Record<PowerInput, string> = { params: "N", tokens: "D", flops: "C" };

const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);

/**
 * Initialisation grids. The law cannot see the data when it is built, so the
 * break grid spans ln d = 10…60 (d ≈ 2e4…1e26, any N, D or C in practice).
 * One break: 3·4·3·4·11·2 = 3,168 starts. Two breaks: 3·4·3·(3·6·2)² = 46,656
 * would be too many, so each break gets a coarser grid: 2·3·2·(3·6·1)² = 3,888.
 */
const GRIDS = {
  1: { lna: [-1, 0, 1], lnb: [0, 5, 10, 15], c0: [0, 0.2, 0.5], c: [0.1, 0.3, 0.6, 1], lnd: range(10, 60, 5), lnf: [Math.log(0.1), Math.log(0.5)] },
  2: { lna: [-0.5, 0.5], lnb: [0, 5, 10], c0: [0, 0.3], c: [0.1, 0.4, 1], lnd: range(10, 60, 10), lnf: [Math.log(0.3)] },
} as const;

/** A BNSL over `x` with `breaks` breaks (1 or 2); a fresh object per call. */
export function brokenPowerLaw(x: PowerInput = "flops", breaks: 1 | 2 = 1): Law {
  if (breaks !== 1 && breaks !== 2) throw new RangeError(`bnsl: breaks must be 1 or 2, got ${String(breaks)}`);
  const sym = SYMBOL[x], g = GRIDS[breaks], idx = breaks === 1 ? ["1"] : ["1", "2"];
  const p = 3 + 3 * breaks;
  const parameters: LawParameter[] = [
    { name: "a", space: "log", fitName: "lna", bounds: [1e-4, 20], grid: g.lna, description: "irreducible loss (nats)" },
    { name: "b", space: "log", fitName: "lnb", bounds: [1e-6, 1e15], grid: g.lnb, description: `coefficient of ${sym}^(-c0)` },
    { name: "c0", space: "linear", fitName: "c0", bounds: [0, 3], grid: g.c0, description: `exponent of ${sym} before the first break` },
    ...idx.flatMap((i): LawParameter[] => [
      { name: `c${i}`, space: "linear", fitName: `c${i}`, bounds: [-3, 3], grid: g.c, description: `change of exponent at break ${i}` },
      { name: `d${i}`, space: "log", fitName: `lnd${i}`, bounds: [1, 1e40], grid: g.lnd, description: `location of break ${i} (${x})` },
      { name: `f${i}`, space: "log", fitName: `lnf${i}`, bounds: [1e-3, 20], grid: g.lnf, description: `width of break ${i} in ln ${sym} (sharpness)` },
    ]),
  ];
  const prod = idx.map((i) => `(1 + (${sym}/d${i})^(1/f${i}))^(-c${i}*f${i})`).join(" * ");
  const texProd = idx.map((i) => `\\left(1 + (${sym}/d_${i})^{1/f_${i}}\\right)^{-c_${i} f_${i}}`).join("");
  return {
    id: "bnsl",
    title: `Broken neural scaling law in ${sym} (${x}), ${breaks} break${breaks === 1 ? "" : "s"} (Caballero et al. 2022)`,
    formula: `L = a + b*${sym}^(-c0) * ${prod}`,
    tex: `L(${sym}) = a + b\\,${sym}^{-c_0}${texProd}`,
    fitForm: `ln L = LSE(ln a, ln b - c0 ln ${sym} - ${idx.map((i) => `c${i} f${i} softplus((ln ${sym} - ln d${i})/f${i})`).join(" - ")})`,
    inputs: [x],
    options: { x, breaks: String(breaks) },
    parameters,
    reference: {
      citation: "Caballero et al. 2022, Broken Neural Scaling Laws (arXiv:2210.14891)",
      section: "§2, eq. 1 (n = 1 or 2 breaks)",
      paramConvention: "total",
    },
    logPredict(theta, inputs, out, jac) {
      const lna = theta[0], lnb = theta[1], c0 = theta[2];
      const lnX = inputs.log[x]!;
      for (let r = 0; r < inputs.n; r++) {
        const u = lnX[r], k = p * r;
        let t = lnb - c0 * u;
        // ∂t/∂θ first, scaled by the LSE weight of t below
        if (jac) jac[k + 2] = -u;
        for (let j = 3; j < p; j += 3) {
          const c = theta[j], f = Math.exp(theta[j + 2]), z = (u - theta[j + 1]) / f, az = Math.abs(z);
          const e = exp(-az), l1p = Math.log1p(e), sp = (z > 0 ? z : 0) + l1p;
          t -= c * f * sp;
          if (jac) {
            const sigma = z >= 0 ? 1 / (1 + e) : e / (1 + e);
            jac[k + j] = -f * sp;
            jac[k + j + 1] = c * sigma;
            jac[k + j + 2] = -c * f * (l1p + az * e / (1 + e)); // f·∂/∂f: softplus(z) − z·σ(z), without cancellation
          }
        }
        const m = t > lna ? t : lna, wa = exp(lna - m), wt = exp(t - m), s = wa + wt;
        out[r] = m + Math.log(s);
        if (jac) {
          const pt = wt / s;
          jac[k] = wa / s;
          jac[k + 1] = pt;
          for (let j = 2; j < p; j++) jac[k + j] *= pt;
        }
      }
    },
  };
}
