/**
 * The workbench's whole state as a URL hash: settings (law, method, objective,
 * selection and exclusions, budget and hardware, the active figure) and, when its text is at
 * most MAX_URL_DATA_BYTES, the run table itself. JSON, compressed with the
 * browser's own DEFLATE (CompressionStream "deflate-raw", RFC 1951), written as
 * base64url. Pure apart from the Compression/DecompressionStream globals, which
 * browsers and Node ≥ 18 both have.
 *
 * A hash comes from whoever wrote the link, so `sanitizeState` checks every
 * field and reports (never throws on) each value it had to drop.
 */
import type { ObjectiveId } from "../../src/core/fit/objectives.js";
import { GPU_PRESETS } from "../../src/core/plan/hardware.js";
import { lawRegistry, type LawOptions } from "../../src/core/laws/registry.js";
import { COLUMN_ROLES } from "../../src/core/runs/columns.js";
import type { ColumnRole, ParamConvention } from "../../src/core/runs/types.js";
import { parseWhere } from "../../src/core/runs/where.js";
import { FIGURE_NAMES, type FigureName } from "../../src/core/viz/types.js";

/**
 * The figures the panel offers: every figure but the loss–compute one (always
 * shown beside the fit) and the backtest, which needs runs held out and refitted
 * (`scalecast report --holdout-top-compute` or `scalecast backtest`), which the
 * workbench does not do.
 */
export const WORKBENCH_FIGURES: readonly FigureName[] = FIGURE_NAMES.filter((n) => n !== "loss-compute" && n !== "backtest");

/** Data larger than this (UTF-8 bytes of the table's text) is not put in the URL; the link says to reload it. */
export const MAX_URL_DATA_BYTES = 100 * 1024;
/** Prefix of the hash: format version 1. */
export const HASH_PREFIX = "#s1.";
/** Largest bootstrap the workbench runs. */
export const MAX_RESAMPLES = 4000;
/** At most this many where-filters, and best-of columns, in a state. */
export const MAX_SELECTION_ENTRIES = 32;
/** Longest where-filter or best-of column name kept from a link (characters), as for column names. */
export const MAX_SELECTION_TEXT = 200;

export type BudgetMode = "compute" | "hardware";

export interface BudgetState {
  mode: BudgetMode;
  /** The compute budget in FLOPs (mode "compute"). */
  flops: number;
  gpus: number;
  /** A GPU_PRESETS id. */
  gpu: string;
  days: number;
  /** Model FLOPs utilisation in (0, 1]. */
  mfu: number;
  /** Price of one GPU-hour, any currency; absent when not given. */
  pricePerGpuHour?: number;
}

/** Where the run table came from: its text, the built-in example (by seed), or too large to carry. */
export type DataState =
  | { kind: "text"; source: string; text: string }
  | { kind: "example"; seed: number }
  | { kind: "omitted"; source: string; bytes: number };

export interface WorkbenchState {
  law: string;
  lawOptions: LawOptions;
  method: "grid" | "varpro";
  objective: ObjectiveId;
  /** As `scalecast fit --exclude-highest-loss K`. */
  excludeHighest: number;
  /** As `--where EXPR`, one entry per filter (ANDed): "dataset=rpj", "params<1.25e9". */
  where: string[];
  /** As `--best-of COL,COL`: the columns over which the best run of a configuration is kept. */
  bestOf: string[];
  /** As `--last-checkpoint`. */
  lastCheckpoint: boolean;
  /** As `--pool-groups`: several groups fitted together (with a warning) instead of refused. */
  poolGroups: boolean;
  /** Source lines of runs excluded by hand (click or checkbox), ascending. */
  excluded: number[];
  /** Column names chosen by hand, as ParseOptions.columns. */
  columns: Partial<Record<ColumnRole, string>>;
  paramConvention?: ParamConvention;
  budget: BudgetState;
  inferenceTokens?: number;
  uniqueTokens?: number;
  /** "isoflop": plan with the power laws of the runs' IsoFLOP optima (Approach 2) instead of the fitted law. */
  planWith?: "isoflop";
  bootstrapResamples: number;
  /** A bootstrap of `bootstrapResamples` refits was run on this fit: a restored link reruns it (seeded, so the same refits). */
  bootstrapRan?: boolean;
  /** The figure shown in the figures panel (the loss–compute figure is always shown beside the fit). */
  figure: FigureName;
  data?: DataState;
}

/** Gopher's budget, the CLI's default --budget-flops (Hoffmann et al. 2022, Table 3). */
import { DEFAULT_BUDGET_FLOPS } from "../../src/core/defaults.js";
export { DEFAULT_BUDGET_FLOPS };

export function defaultState(): WorkbenchState {
  return {
    law: "chinchilla",
    lawOptions: {},
    method: "grid",
    objective: "huber",
    excludeHighest: 0,
    where: [],
    bestOf: [],
    lastCheckpoint: false,
    poolGroups: false,
    excluded: [],
    columns: {},
    budget: { mode: "compute", flops: DEFAULT_BUDGET_FLOPS, gpus: 512, gpu: "h100", days: 30, mfu: 0.4 },
    bootstrapResamples: 1000,
    figure: "isoflop",
  };
}

/** The data part of the state for a table's text: the text itself when small enough, else a note of its size. */
export function dataForUrl(source: string, text: string): DataState {
  const bytes = new TextEncoder().encode(text).length;
  return bytes <= MAX_URL_DATA_BYTES ? { kind: "text", source, text } : { kind: "omitted", source, bytes };
}

/** The state as a URL hash (with the leading "#"). */
export async function encodeState(state: WorkbenchState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return HASH_PREFIX + base64url(await transform(json, new CompressionStream("deflate-raw")));
}

/**
 * The state a hash holds, with the problems found in it; null when the hash is
 * not a workbench state at all (empty, another prefix, or unreadable).
 */
export async function decodeState(hash: string): Promise<{ state: WorkbenchState; problems: string[] } | null> {
  if (!hash.startsWith(HASH_PREFIX)) return null;
  let raw: unknown;
  try {
    const bytes = await inflateCapped(fromBase64url(hash.slice(HASH_PREFIX.length)), MAX_STATE_BYTES);
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
  return sanitizeState(raw);
}

/** A valid state from untrusted JSON: each bad or unknown value is replaced by its default and named in `problems`. */
export function sanitizeState(raw: unknown): { state: WorkbenchState; problems: string[] } {
  const state = defaultState();
  const problems: string[] = [];
  if (!isRecord(raw)) return { state, problems: ["the link holds no settings"] };
  const bad = (what: string, value: unknown) => problems.push(`${what}: ${JSON.stringify(value)?.slice(0, 60)} ignored`);

  if (raw.law !== undefined) {
    if (typeof raw.law === "string" && Object.hasOwn(lawRegistry, raw.law)) state.law = raw.law; else bad("law", raw.law);
  }
  if (raw.lawOptions !== undefined) {
    const o = raw.lawOptions;
    if (!isRecord(o)) bad("law options", o);
    else {
      const allowed = lawRegistry[state.law].options;
      if (o.x !== undefined) { if (allowed.includes("x") && (o.x === "params" || o.x === "tokens" || o.x === "flops")) state.lawOptions.x = o.x; else bad("law option x", o.x); }
      if (o.breaks !== undefined) { if (allowed.includes("breaks") && (o.breaks === 1 || o.breaks === 2)) state.lawOptions.breaks = o.breaks; else bad("law option breaks", o.breaks); }
      if (o.base !== undefined) { if (allowed.includes("base") && (o.base === "fixed" || o.base === "joint")) state.lawOptions.base = o.base; else bad("law option base", o.base); }
    }
  }
  if (raw.method !== undefined) { if (raw.method === "grid" || raw.method === "varpro") state.method = raw.method; else bad("method", raw.method); }
  if (raw.objective !== undefined) {
    if (raw.objective === "huber" || raw.objective === "huber-likelihood") state.objective = raw.objective; else bad("objective", raw.objective);
  }
  if (raw.excludeHighest !== undefined) {
    if (isWhole(raw.excludeHighest)) state.excludeHighest = raw.excludeHighest; else bad("exclude highest", raw.excludeHighest);
  }
  if (raw.where !== undefined) {
    if (isTextList(raw.where, (w) => !/[\n\r]/.test(w) && typeof parseWhere(w) !== "string")) state.where = [...raw.where]; else bad("where filters", raw.where);
  }
  if (raw.bestOf !== undefined) {
    if (isTextList(raw.bestOf, (c) => !c.includes(","))) state.bestOf = [...raw.bestOf]; else bad("best-of columns", raw.bestOf);
  }
  if (raw.lastCheckpoint !== undefined) { if (typeof raw.lastCheckpoint === "boolean") state.lastCheckpoint = raw.lastCheckpoint; else bad("last checkpoint", raw.lastCheckpoint); }
  if (raw.poolGroups !== undefined) { if (typeof raw.poolGroups === "boolean") state.poolGroups = raw.poolGroups; else bad("pool groups", raw.poolGroups); }
  if (raw.excluded !== undefined) {
    if (Array.isArray(raw.excluded) && raw.excluded.every((l) => isWhole(l) && l >= 1)) state.excluded = [...new Set(raw.excluded as number[])].sort((a, b) => a - b);
    else bad("excluded lines", raw.excluded);
  }
  if (raw.columns !== undefined) {
    if (!isRecord(raw.columns)) bad("columns", raw.columns);
    else for (const [role, name] of Object.entries(raw.columns)) {
      if ((COLUMN_ROLES as readonly string[]).includes(role) && typeof name === "string" && name.length <= 200) state.columns[role as ColumnRole] = name;
      else bad(`column ${role}`, name);
    }
  }
  if (raw.paramConvention !== undefined) {
    if (raw.paramConvention === "total" || raw.paramConvention === "nonEmbedding" || raw.paramConvention === "active") state.paramConvention = raw.paramConvention;
    else bad("parameter convention", raw.paramConvention);
  }
  if (raw.budget !== undefined) {
    const b = raw.budget;
    if (!isRecord(b)) bad("budget", b);
    else {
      const s = state.budget;
      if (b.mode !== undefined) { if (b.mode === "compute" || b.mode === "hardware") s.mode = b.mode; else bad("budget mode", b.mode); }
      if (b.flops !== undefined) { if (isPositive(b.flops)) s.flops = b.flops; else bad("budget FLOPs", b.flops); }
      if (b.gpus !== undefined) { if (isWhole(b.gpus) && b.gpus >= 1) s.gpus = b.gpus; else bad("GPUs", b.gpus); }
      if (b.gpu !== undefined) { if (typeof b.gpu === "string" && GPU_PRESETS.some((g) => g.id === b.gpu)) s.gpu = b.gpu; else bad("GPU type", b.gpu); }
      if (b.days !== undefined) { if (isPositive(b.days)) s.days = b.days; else bad("days", b.days); }
      if (b.mfu !== undefined) { if (isPositive(b.mfu) && b.mfu <= 1) s.mfu = b.mfu; else bad("MFU", b.mfu); }
      if (b.pricePerGpuHour !== undefined) { if (isPositive(b.pricePerGpuHour)) s.pricePerGpuHour = b.pricePerGpuHour; else bad("price per GPU-hour", b.pricePerGpuHour); }
    }
  }
  if (raw.inferenceTokens !== undefined) { if (isPositive(raw.inferenceTokens)) state.inferenceTokens = raw.inferenceTokens; else bad("inference tokens", raw.inferenceTokens); }
  if (raw.planWith !== undefined) { if (raw.planWith === "isoflop") state.planWith = "isoflop"; else bad("plan with", raw.planWith); }
  if (raw.uniqueTokens !== undefined) { if (isPositive(raw.uniqueTokens)) state.uniqueTokens = raw.uniqueTokens; else bad("unique tokens", raw.uniqueTokens); }
  if (raw.bootstrapResamples !== undefined) {
    if (isWhole(raw.bootstrapResamples) && raw.bootstrapResamples >= 2 && raw.bootstrapResamples <= MAX_RESAMPLES) state.bootstrapResamples = raw.bootstrapResamples;
    else bad("bootstrap resamples", raw.bootstrapResamples);
  }
  if (raw.bootstrapRan !== undefined) { if (raw.bootstrapRan === true) state.bootstrapRan = true; else bad("bootstrap", raw.bootstrapRan); }
  if (raw.figure !== undefined) {
    if (typeof raw.figure === "string" && (WORKBENCH_FIGURES as readonly string[]).includes(raw.figure)) state.figure = raw.figure as FigureName; else bad("figure", raw.figure);
  }
  if (raw.data !== undefined) {
    const d = raw.data;
    if (isRecord(d) && d.kind === "text" && typeof d.text === "string" && typeof d.source === "string" && new TextEncoder().encode(d.text).length <= MAX_URL_DATA_BYTES) state.data = { kind: "text", source: d.source, text: d.text };
    else if (isRecord(d) && d.kind === "example" && isWhole(d.seed) && d.seed <= 0xffffffff) state.data = { kind: "example", seed: d.seed };
    else if (isRecord(d) && d.kind === "omitted" && typeof d.source === "string" && isWhole(d.bytes)) state.data = { kind: "omitted", source: d.source, bytes: d.bytes };
    else bad("data", typeof d);
  }
  return { state, problems };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
/** At most MAX_SELECTION_ENTRIES non-blank strings of at most MAX_SELECTION_TEXT characters, each passing `ok`. */
function isTextList(v: unknown, ok: (s: string) => boolean): v is string[] {
  return Array.isArray(v) && v.length <= MAX_SELECTION_ENTRIES &&
    v.every((s) => typeof s === "string" && s.trim() !== "" && s.length <= MAX_SELECTION_TEXT && ok(s));
}
function isWhole(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0;
}
function isPositive(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v) && v > 0;
}

/** A decoded state never needs more than the data limit plus settings; a link that inflates past this is refused (a "zip bomb" would freeze the tab). */
export const MAX_STATE_BYTES = MAX_URL_DATA_BYTES + 64 * 1024;

/** Inflates deflate-raw bytes, stopping with an error as soon as the output passes `cap` bytes. */
async function inflateCapped(bytes: Uint8Array, cap: number): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > cap) { await reader.cancel(); throw new RangeError(`state larger than ${cap} bytes`); }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let k = 0;
  for (const p of parts) { out.set(p, k); k += p.length; }
  return out;
}

async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** RFC 4648 §5 base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const s = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}
