export { lbfgs, type LbfgsOptions, type LbfgsResult, type Correction } from "./lbfgs.js";
export { strongWolfeLineSearch, type LineSearchOptions, type LineSearchResult, type LineFunction } from "./lineSearch.js";
export { newton, shiftedCholesky, NewtonWorkspace, type NewtonOptions, type ObjectiveWithHessian } from "./newton.js";
export { minimizeBounded, type BoundedOptions } from "./minimizeBounded.js";
export { isConverged, type OptimizerStatus, type OptimizeResult, type ObjectiveWithGradient } from "./types.js";
export { nnls, type NnlsResult } from "./nnls.js";
