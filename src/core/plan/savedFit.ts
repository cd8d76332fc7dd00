/**
 * Reads a fit document written by `scalecast fit --out fit.json` back into a
 * law with values, validated with zod so a wrong or damaged file gets a
 * message naming the field.
 */
import { z } from "zod";
import { getLaw, lawRegistry } from "../laws/registry.js";
import type { LawWithValues } from "./allocate.js";
import { savedFitFrom } from "./fitSource.js";

const FitFile = z.object({
  tool: z.union([z.literal("scalecast"), z.object({ name: z.literal("scalecast") })]), // the object form: fit files of 0.1.0 before the shared header
  command: z.literal("fit"),
  law: z.object({ id: z.string(), options: z.record(z.string(), z.string()).default({}) }),
  params: z.record(z.string(), z.number().nullable()),
  data: z.object({ paramConvention: z.enum(["total", "nonEmbedding", "active"]), maxFittedFlops: z.number().positive().optional(), columns: z.record(z.string(), z.unknown()).optional() }),
  heldAtBound: z.array(z.object({ name: z.string(), bound: z.number() })).optional(),
  bootstrap: z.object({
    seed: z.number(),
    samples: z.object({ names: z.array(z.string()), values: z.array(z.array(z.number().nullable())) }).optional(),
    lnResiduals: z.array(z.number()).optional(),
  }).optional(),
});

export interface SavedFit extends LawWithValues {
  paramConvention: "total" | "nonEmbedding" | "active";
  /** Law parameters of each bootstrap resample, when the fit was bootstrapped (rows with a non-finite value are dropped and counted). */
  resamples?: Array<Record<string, number>>;
  resamplesDropped?: number;
  bootstrapSeed?: number;
  /** Largest compute among the fitted runs (FLOPs), for the extrapolation factor of plans; absent in older fit files. */
  maxFittedFlops?: number;
  /** Parameters the fit held at a declared bound (not estimated): plans from it are conditional on them. */
  heldAtBound?: Array<{ name: string; bound: number }>;
  /** A downstream fit's metric: the column it was fitted on (data.columns.metric), when the file names it. */
  metricName?: string;
  /** The full fit's inflated ln residuals (fits bootstrapped since 2026-12-02): the noise model of prediction intervals. */
  lnResiduals?: number[];
}

/** Parses and checks a saved fit; throws a RangeError naming the source and the bad field. */
export function readSavedFit(text: string, source: string): SavedFit {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RangeError(`${source}: not JSON (${(e as Error).message})`);
  }
  const parsed = FitFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RangeError(`${source}: not a scalecast fit document: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  const doc = parsed.data;
  if (!Object.hasOwn(lawRegistry, doc.law.id)) throw new RangeError(`${source}: unknown law "${doc.law.id}"`);
  const law = getLaw(doc.law.id, doc.law.options);
  const values: Record<string, number> = {};
  for (const p of law.parameters) {
    const v = doc.params[p.name];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`${source}: params.${p.name} is missing or not finite`);
    values[p.name] = v;
  }
  const samples = doc.bootstrap?.samples;
  if (samples) {
    for (const p of law.parameters) {
      if (!samples.names.includes(p.name)) throw new RangeError(`${source}: bootstrap.samples has no column ${p.name}`);
    }
  }
  const saved = savedFitFrom(doc, law, values);
  const metric = doc.data.columns?.metric;
  return typeof metric === "string" && law.target === "metric" ? { ...saved, metricName: metric } : saved;
}
