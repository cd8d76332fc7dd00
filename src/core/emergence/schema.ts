/** The zod schema of `scalecast emergence --json`: kept with every command's schema in ../schemas.ts (DOCUMENT_SCHEMAS.emergence). */
export { emergenceDocumentSchema } from "../schemas.js";
