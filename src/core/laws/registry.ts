import { UnknownNameError } from "../errors.js";
import { brokenPowerLaw } from "./brokenPower.js";
import { chinchilla } from "./chinchilla.js";
import { dataConstrainedLaw, type DataConstrainedBase } from "./dataConstrained.js";
import { downstreamExp, downstreamSigmoid } from "./downstream.js";
import { kaplanNd } from "./kaplanNd.js";
import { overtrain } from "./overtrain.js";
import { passkPower } from "./passkPower.js";
import { powerLaw, type PowerInput } from "./power.js";
import { tttLogLinear, tttSigmoid } from "./testTimeTokens.js";
import type { Law } from "./types.js";

/** Options a law may read when it is built (power and bnsl read their input variable, bnsl its number of breaks). */
export interface LawOptions {
  x?: PowerInput;
  breaks?: 1 | 2;
  /** data-constrained: hold the base law at Muennighoff et al.'s fit ("fixed") or fit it too ("joint"). */
  base?: DataConstrainedBase;
}

/** How to build a law, and which build options it reads (so front ends never ask which law it is). */
export interface LawEntry {
  make(options: LawOptions): Law;
  options: ReadonlyArray<keyof LawOptions>;
}

/** Every fittable law by id. Adding a law is one file and one line here. */
export const lawRegistry: Readonly<Record<string, LawEntry>> = {
  chinchilla: { make: () => chinchilla, options: [] },
  power: { make: (o) => powerLaw(o.x ?? "params"), options: ["x"] },
  "kaplan-nd": { make: () => kaplanNd, options: [] },
  bnsl: { make: (o) => brokenPowerLaw(o.x ?? "flops", o.breaks ?? 1), options: ["x", "breaks"] },
  overtrain: { make: () => overtrain, options: [] },
  "data-constrained": { make: (o) => dataConstrainedLaw(o.base ?? "fixed"), options: ["base"] },
  "downstream-exp": { make: () => downstreamExp, options: [] },
  "downstream-sigmoid": { make: () => downstreamSigmoid, options: [] },
  "passk-power": { make: () => passkPower, options: [] },
  "ttt-loglinear": { make: () => tttLogLinear, options: [] },
  "ttt-sigmoid": { make: () => tttSigmoid, options: [] },
};

/** The law with this id, or a RangeError listing the known ids. */
export function getLaw(id: string, options: LawOptions = {}): Law {
  const entry = Object.hasOwn(lawRegistry, id) ? lawRegistry[id] : undefined;
  if (!entry) throw new UnknownNameError(`unknown law "${id}"; known laws: ${Object.keys(lawRegistry).join(", ")}`);
  return entry.make(options);
}
