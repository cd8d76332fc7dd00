export { RunTableError, type ColumnRole, type ParamConvention, type ParseOptions, type RowIssue, type Run, type RunTable, type RunTableErrorLocation, type TableFormat } from "./types.js";
export { parseQuantity, quantityFromUnknown, readQuantity, type QuantityProblem, type QuantityReading } from "./quantity.js";
export { COLUMN_ALIASES, COLUMN_ROLES, findColumn, headerUnit, normalizeHeader, type ColumnMatch, type FindColumnOptions, type HeaderUnit } from "./columns.js";
export { detectFormat } from "./detectFormat.js";
export { FLOPS_MISMATCH_TOLERANCE, parseRunTable } from "./parseRunTable.js";
export { parseLossCurves } from "./lossCurves.js";
