export { PUBLISHED_LAWS, publishedLaw, DEFAULT_PLAN_LAW, PF_DAY, type PublishedLaw, type AllocationRule, type PowerRule } from "./publishedLaws.js";
export { NOTABLE_MODELS, notableModel, type NotableModel } from "./models.js";
export { compareModel, type ModelComparison, type InferencePrice } from "./compare.js";
