/**
 * Fixed and tied parameters for any law: a law whose free parameters are the
 * base law's less the fixed ones and the followers of ties, evaluated through
 * the base law. `fix: { E: 1.69 }` holds E at 1.69; `tie: { beta: "alpha" }`
 * fits β as α (one free coordinate). The Jacobian of the constrained law is the
 * base Jacobian with tied columns summed and fixed columns dropped, so
 * gradients stay exact. Users with few runs need both.
 */
import { UnknownNameError } from "../errors.js";
import type { Law, LawInputs, LawParameter } from "./types.js";

export interface Constraints {
  /** Parameter name → natural value. */
  fix?: Readonly<Record<string, number>>;
  /** Follower name → leader name: the follower takes the leader's value. */
  tie?: Readonly<Record<string, string>>;
}

/** The law with parameters fixed or tied; throws a RangeError naming a bad name or value. */
export function constrainLaw(base: Law, constraints: Constraints): Law {
  const fix = constraints.fix ?? {}, tie = constraints.tie ?? {};
  const names = base.parameters.map((p) => p.name);
  const byName = new Map(base.parameters.map((p, j) => [p.name, j]));
  const check = (name: string) => {
    if (!byName.has(name)) throw new UnknownNameError(`law ${base.id} has no parameter "${name}"; its parameters: ${names.join(", ")}`);
    return byName.get(name)!;
  };
  // role of each base parameter: fixed (fit-space value), or the free coordinate it reads
  const fixedValue = new Map<number, number>();
  for (const [name, v] of Object.entries(fix)) {
    const j = check(name), p = base.parameters[j];
    if (!Number.isFinite(v) || (p.space === "log" && !(v > 0))) throw new RangeError(`--fix ${name}=${v}: ${p.space === "log" ? "must be a number > 0" : "must be a finite number"}`);
    fixedValue.set(j, p.space === "log" ? Math.log(v) : v);
  }
  const leaderOf = new Map<number, number>();
  for (const [follower, leader] of Object.entries(tie)) {
    const f = check(follower), l = check(leader);
    if (f === l) throw new RangeError(`--tie ${follower}=${leader} ties a parameter to itself`);
    if (fixedValue.has(f) || fixedValue.has(l)) throw new RangeError(`--tie ${follower}=${leader}: a tied parameter cannot also be fixed`);
    if (Object.hasOwn(tie, leader)) throw new RangeError(`--tie ${follower}=${leader}: ${leader} is itself tied; tie both to the same free parameter`);
    if (base.parameters[f].space !== base.parameters[l].space) throw new RangeError(`--tie ${follower}=${leader}: one is fitted in log space and the other is not`);
    leaderOf.set(f, l);
  }
  const free: number[] = base.parameters.map((_, j) => j).filter((j) => !fixedValue.has(j) && !leaderOf.has(j));
  if (free.length === 0) throw new RangeError(`every parameter of law ${base.id} is fixed or tied: nothing is left to fit`);
  const column = base.parameters.map((_, j) => (fixedValue.has(j) ? -1 : free.indexOf(leaderOf.get(j) ?? j)));
  const pb = base.parameters.length, pf = free.length;
  const full = new Float64Array(pb);
  const expand = (theta: ArrayLike<number>) => {
    for (let j = 0; j < pb; j++) full[j] = column[j] < 0 ? fixedValue.get(j)! : theta[column[j]];
    return full;
  };
  let jacFull = new Float64Array(0), gradFull = new Float64Array(pb);
  const compress = (from: Float64Array, to: Float64Array, rows: number) => {
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < pf; k++) to[i * pf + k] = 0;
      for (let j = 0; j < pb; j++) if (column[j] >= 0) to[i * pf + column[j]] += from[i * pb + j];
    }
  };
  const expandValues = (values: Readonly<Record<string, number>>): Record<string, number> => {
    const out: Record<string, number> = {};
    base.parameters.forEach((p, j) => {
      out[p.name] = fixedValue.has(j) ? fix[p.name] : values[base.parameters[leaderOf.get(j) ?? j].name];
    });
    for (const [k, v] of Object.entries(values)) if (!(k in out)) out[k] = v;
    return base.expand ? base.expand(out) : out; // constraining a constrained law composes
  };
  const parameters: LawParameter[] = free.map((j) => base.parameters[j]);
  const describe = [...Object.entries(fix).map(([n, v]) => `${n}=${v}`), ...Object.entries(tie).map(([f, l]) => `${f}=${l}`)].join(", ");
  return {
    ...base,
    title: `${base.title}, with ${describe}`,
    parameters,
    constraints: { fix: { ...base.constraints?.fix, ...fix }, tie: { ...base.constraints?.tie, ...tie } },
    linearForm: undefined,
    expand: expandValues,
    logPredict(theta, inputs: LawInputs, out, jac) {
      if (!jac) { base.logPredict(expand(theta), inputs, out); return; }
      if (jacFull.length < inputs.n * pb) jacFull = new Float64Array(inputs.n * pb);
      base.logPredict(expand(theta), inputs, out, jacFull);
      compress(jacFull, jac, inputs.n);
    },
    huberKernel: base.huberKernel
      ? (theta, inputs, y, w, delta, invScale, grad, extra) => {
        const f = base.huberKernel!(expand(theta), inputs, y, w, delta, invScale, gradFull, extra);
        compress(gradFull, grad, 1);
        return f;
      }
      : undefined,
    derived: base.derived ? (values) => base.derived!(expandValues(values)) : undefined,
    allocate: base.allocate ? (values, flops) => base.allocate!(expandValues(values), flops) : undefined,
  };
}
