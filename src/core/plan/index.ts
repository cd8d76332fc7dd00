export { allocateWithLaw, allocateWithRule, allocatePublished, allocateForTargetLoss, allocateForSize, lossCurve, allocationIntervals, type AllocationIntervals, type BudgetAllocation, type LawWithValues } from "./allocate.js";
export { parameterCount, flopsPerToken, checkArchitecture, architectureMemory, type ArchitectureMemory, type Architecture, type ParameterCount, type FlopsPerToken, type FlopsConvention } from "./architecture.js";
export { inferenceAwarePlan, tokensForLoss, type InferenceAwarePlan } from "./inferenceAware.js";
export { dataConstrainedLoss, dataConstrainedPlan, effectiveTokens, effectiveParams, EPOCHS_WARNING, type DataConstrainedValues, type DataConstrainedPlan } from "./dataConstrained.js";
export { schedule, memory, deepseekBatchTokens, deepseekLearningRate, ADAM_MIXED_PRECISION_BYTES_PER_PARAM, type Schedule, type Memory } from "./schedule.js";
export { shapeSearch, type Shape, type ShapeOptions, type Layout } from "./shapeSearch.js";
export { readSavedFit, type SavedFit } from "./savedFit.js";
export { GPU_PRESETS, gpuPreset, budgetFlops, hardwareCost, DEFAULT_MFU, type GpuPreset, type HardwareBudget, type HardwareCost } from "./hardware.js";
export { chainForecast, type ChainForecast, type FitWithResamples } from "./chain.js";
