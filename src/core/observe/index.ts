// Observational scaling (Ruan, Maddison & Hashimoto 2024): PCA of benchmarks, sigmoid downstream fits, compute cut-off backtests.
export { symmetricEigen, type SymmetricEigen } from "./jacobiEigen.js";
export { pca, projectRow, fixSign, type PcaResult, type Preprocessing } from "./pca.js";
export { readObservations, unitOf, type ObservationTable, type ObservedModel, type ReadObservationsOptions } from "./readObservations.js";
export { completeCases, matrixOf, type CompleteCases, type LeftOut } from "./completeCases.js";
export { fitSigmoid, predictSigmoid, sigmoid, DEFAULT_FLOOR_BOUNDS, type SigmoidFit, type SigmoidFitOptions } from "./sigmoidFit.js";
export { fitAndPredict, type DownstreamOptions, type FitAndPredict, type GroupFit, type Prediction, type Predictor } from "./downstream.js";
export { backtestByCompute, scorePredictions, BACKTEST_NOTE, type BacktestScores, type ObserveBacktest } from "./backtest.js";
export { assembleObserveDocument, OBSERVE_BOOTSTRAP, OBSERVE_CONVENTIONS, type ObserveDocument, type ObserveOptions } from "./observeDocument.js";
