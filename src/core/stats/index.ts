export { logSumExp } from "./logSumExp.js";
export { huber, huberDerivative, sumHuber } from "./huber.js";
export { erf, erfc } from "./erf.js";
export { createRng, type Rng } from "./rng.js";
export { quantile, quantileSorted, sortedFinite, standardDeviation } from "./quantile.js";
export { expNonPositive, logOneToFour } from "./expNonPositive.js";
export { normalQuantile, wilsonInterval } from "./normal.js";
export { gammaDeviate, betaDeviate } from "./deviates.js";
