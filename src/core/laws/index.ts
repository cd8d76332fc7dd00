export type { Law, LawParameter, LawInputs, LawReference, RunInput, Allocation } from "./types.js";
export { naturalValues, fitSpaceVector, predictLoss } from "./transform.js";
export { chinchilla } from "./chinchilla.js";
export { powerLaw, type PowerInput } from "./power.js";
export { kaplanNd } from "./kaplanNd.js";
export { lawRegistry, getLaw, type LawOptions, type LawEntry } from "./registry.js";
export { constrainLaw, type Constraints } from "./constrain.js";
export { dataConstrainedLaw, MUENNIGHOFF_BASE, type DataConstrainedBase } from "./dataConstrained.js";
export { brokenPowerLaw } from "./brokenPower.js";
export { overtrain } from "./overtrain.js";
export { downstreamExp, downstreamSigmoid } from "./downstream.js";
// not in the registry yet: fitted by `scalecast samples` (issue 14) from per-problem samples, not from a run table
export { passkPower } from "./passkPower.js";
