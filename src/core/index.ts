// scalecast core: pure TypeScript, no Node APIs (runs in Node, browsers and workers).
export * from "./optimize/index.js";
export * from "./stats/index.js";
export * from "./laws/index.js";
export * from "./fit/index.js";
export * from "./runs/index.js";
export * from "./catalog/index.js";
export * from "./plan/index.js";
export * from "./forecast/index.js";
export * from "./observe/index.js";
export * as emergence from "./emergence/index.js";
export { TOOL } from "./version.js";
export { documentHeader, type DocumentHeader } from "./documentHeader.js";
export * from "./schemas.js";
