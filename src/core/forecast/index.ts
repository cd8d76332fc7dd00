export { canonicalRows, canonicalJson, sha256, sealRecord, checkLedger, LEDGER_FORMAT, type LedgerRecord, type LedgerCheck, type LedgerProblem } from "./ledger.js";
export { forecastRecord, predictTargets, CANONICAL_DESCRIPTION, type ForecastContent } from "./record.js";
export { scoreLedger, MATCH_RTOL, type LedgerScore, type ScoredTarget } from "./score.js";
