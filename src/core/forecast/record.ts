/**
 * A forecast record assembled from a fit (`scalecast forecast register` and
 * the workbench's Register): the targets predicted (refused outside the law's
 * domain), every assumption, the data hash, the link to the ledger's last
 * record, and the seal. One assembly for both callers, so a record made in the
 * browser verifies and scores exactly as one made on the command line.
 */
import type { Run } from "../runs/types.js";
import type { SavedFit } from "../plan/savedFit.js";
import { predictFit, type FitPredictions, type PredictionPoint } from "../plan/predictFit.js";
import { canonicalRows, LEDGER_FORMAT, sealRecord, sha256, type LedgerRecord } from "./ledger.js";

/** Describes the canonical rows in each record (the full rule is in ledger.ts and docs/methods.md). */
export const CANONICAL_DESCRIPTION = "sorted lines of name=value;… over params, tokens, flops, uniqueTokens, loss (nats), metric (docs/methods.md)";

/**
 * Predictions at the targets; throws a RangeError naming the first target
 * where the law gives no finite prediction or interval (outside its domain),
 * and what predictFit throws for a target that lacks one of the law's inputs.
 */
export function predictTargets(saved: SavedFit, targets: readonly PredictionPoint[]): FitPredictions {
  const predictions = predictFit(saved, targets);
  const bad = predictions.points.findIndex((p) => !Number.isFinite(p.predicted) || [p.ci, p.pi].some((iv) => iv && Object.values(iv).flat().some((v) => !Number.isFinite(v))));
  if (bad >= 0) {
    throw new RangeError(`target ${bad + 1} (${Object.entries(targets[bad]).map(([k, v]) => `${k}=${v}`).join(",")}) is outside the domain of the fitted ${saved.law.id} law (no finite prediction or interval there)`);
  }
  return predictions;
}

/** What a record holds besides its id, time, link and seal. */
export interface ForecastContent {
  /** The fit document the forecast came from (kept whole in the record). */
  fit: { data: { source: string; excluded: unknown }; law: { id: string } };
  /** The rows fitted: their canonical form is hashed. */
  runs: readonly Run[];
  /** law options, objective, fix, tie, selection (as the CLI's option names), seed, bootstrap refits. */
  assumptions: Record<string, unknown>;
  targets: readonly PredictionPoint[];
  predictions: FitPredictions["points"];
  vary?: LedgerRecord["vary"];
  note?: string;
  commit?: string;
}

/**
 * The sealed record appended after `last` (the ledger's last record, or
 * undefined for a new ledger). `id` and `createdAt` default to a random UUID
 * and now. O(rows log rows) for the data hash.
 */
export async function forecastRecord(content: ForecastContent, last: LedgerRecord | undefined, tool: { name: string; version: string }, stamp: { id?: string; createdAt?: string } = {}): Promise<LedgerRecord> {
  return sealRecord({
    format: LEDGER_FORMAT,
    id: stamp.id ?? crypto.randomUUID(),
    createdAt: stamp.createdAt ?? new Date().toISOString(),
    tool: { ...tool },
    previous: last ? last.hash : null,
    data: { source: content.fit.data.source, rows: content.runs.length, sha256: await sha256(canonicalRows(content.runs)), canonical: CANONICAL_DESCRIPTION },
    assumptions: { ...content.assumptions, excluded: content.fit.data.excluded },
    targets: content.targets as Array<Record<string, number>>,
    predictions: content.predictions,
    ...(content.vary ? { vary: content.vary } : {}),
    ...(content.note !== undefined && content.note !== "" ? { note: content.note } : {}),
    ...(content.commit !== undefined && content.commit !== "" ? { commit: content.commit } : {}),
    fit: content.fit,
  });
}
