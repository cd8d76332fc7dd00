// Every command's --json against the zod schema core exports for it (src/core/schemas.ts,
// documented in docs/json.md), in each mode that changes the document's shape, plus the
// vocabulary rules a schema cannot state: `params` at the top of a document only in fit
// (law constants), no `at`, and N* only ever at allocation.params.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { DOCUMENT_SCHEMAS, fitGroupsDocumentSchema, isoflopGroupsDocumentSchema } from "../../src/core/schemas.js";
import { TOOL } from "../../src/core/version.js";
import { sharedFile } from "../support/sharedData.js";
import { scalecast } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-json-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CHINCHILLA = sharedFile("chinchilla-epoch/svg_extracted_data.csv");
const LLAMA3 = sharedFile("llama3-isoflops/isoflops_points.csv");
const OLMO = sharedFile("olmo-ladder/ladder.json");

// two families of a 6-run sweep, for --group-col; a 3-run × 20-step curve table for envelope
/** A bootstrapped fit of the example sweep for `predict`, written before the cases run. */
const savedFit = join(dir, "fit.json");
beforeAll(async () => {
  const r = await scalecast(["fit", "--example", "--bootstrap", "50", "--out", savedFit]);
  if (r.status !== 0) throw new Error(r.stderr);
});
const landed = join(dir, "landed.csv");
writeFileSync(landed, "N,D,loss\n7e10,1.4e12,1.95\n");
const families = join(dir, "families.csv");
writeFileSync(families, ["family,N,D,loss", ...["a", "b"].flatMap((f, k) => [1, 2, 4, 8, 16, 32].map((s, i) => `${f},${s * 1e8},${s * 2e9 * (1 + (i % 2))},${(2 + k / 10 + 400 / (s * 1e8) ** 0.34 + 410 / (s * 2e9 * (1 + (i % 2))) ** 0.28).toFixed(5)}`))].join("\n") + "\n");

// Llama 3's IsoFLOP points twice, as two families (the second 0.1 nats higher), for isoflop --group-col
const llamaFamilies = join(dir, "llama3-families.csv");
if (LLAMA3) {
  const rows = readFileSync(LLAMA3, "utf8").trim().split(/\r?\n/).slice(1).map((l) => l.split(","));
  writeFileSync(llamaFamilies, ["family,compute_budget,training_tokens,validation_loss", ...["a", "b"].flatMap((f, k) => rows.map((r) => `${f},${r[0]},${r[1]},${Number(r[2]) + k / 10}`))].join("\n") + "\n");
}

type Case = [label: string, argv: string[], schema: z.ZodType, needs?: string | null];
const cases: Case[] = [
  ["fit --example", ["fit", "--example"], DOCUMENT_SCHEMAS.fit],
  ["fit --example --bootstrap 50", ["fit", "--example", "--bootstrap", "50"], DOCUMENT_SCHEMAS.fit],
  ["fit --law power --x flops", ["fit", families, "--law", "power", "--x", "flops", "--pool-groups"], DOCUMENT_SCHEMAS.fit],
  ["fit --group-col", ["fit", families, "--group-col", "family"], fitGroupsDocumentSchema],
  ["fit Chinchilla", ["fit", CHINCHILLA ?? "", "--exclude-highest-loss", "5"], DOCUMENT_SCHEMAS.fit, CHINCHILLA],
  ["plan --budget-flops", ["plan", "--budget-flops", "5.76e23"], DOCUMENT_SCHEMAS.plan],
  ["plan hardware, inference-aware, data-constrained", ["plan", "--gpus", "512", "--gpu", "h100", "--days", "30", "--inference-tokens", "1e13", "--unique-tokens", "1e12", "--price-per-gpu-hour", "2"], DOCUMENT_SCHEMAS.plan],
  ["plan --target-loss", ["plan", "--target-loss", "2.0"], DOCUMENT_SCHEMAS.plan],
  ["plan --params", ["plan", "--params", "7e9"], DOCUMENT_SCHEMAS.plan],
  ["plan --published (a rule)", ["plan", "--budget-flops", "1e24", "--published", "llama3-2024"], DOCUMENT_SCHEMAS.plan],
  ["isoflop --budget-flops", ["isoflop", LLAMA3 ?? "", "--budget-flops", "3.8e25"], DOCUMENT_SCHEMAS.isoflop, LLAMA3],
  ["isoflop --group-col", ["isoflop", llamaFamilies, "--group-col", "family"], isoflopGroupsDocumentSchema, LLAMA3],
  ["envelope", ["envelope", OLMO ? OLMO.replace(/ladder\.json$/, "") : "", "--loss-col", "eval/downstream_bpb/hellaswag_rc_5shot_bpb_bpb", "--budget-flops", "1e22"], DOCUMENT_SCHEMAS.envelope, OLMO],
  ["backtest", ["backtest", families, "--law", "chinchilla,power", "--bootstrap", "20", "--pool-groups"], DOCUMENT_SCHEMAS.backtest],
  ["flops", ["flops", "--layers", "32", "--d-model", "4096", "--heads", "32", "--vocab", "32000", "--seq-len", "4096", "--swiglu", "--no-bias", "--tokens", "1e12"], DOCUMENT_SCHEMAS.flops],
  ["predict", ["predict", savedFit, "--at", "params=7e10,tokens=1.4e12", "--at", "params=1e9,tokens=2e11"], DOCUMENT_SCHEMAS.predict],
  ["forecast register", ["forecast", "register", "--example", "--bootstrap", "20", "--at", "params=7e10,tokens=1.4e12", "--ledger", join(dir, "ledger.jsonl")], DOCUMENT_SCHEMAS["forecast register"]],
  ["forecast verify", ["forecast", "verify", "--ledger", join(dir, "ledger.jsonl")], DOCUMENT_SCHEMAS["forecast verify"]],
  ["forecast score", ["forecast", "score", "--ledger", join(dir, "ledger.jsonl"), "--actual", landed], DOCUMENT_SCHEMAS["forecast score"]],
  ["sweep design", ["sweep", "design", "--budgets", "1e18,1e19", "--vocab", "8192", "--price-per-gpu-hour", "2", "--max-params", "2e8"], DOCUMENT_SCHEMAS["sweep design"]],
  ["laws", ["laws"], DOCUMENT_SCHEMAS.laws],
  ["laws show", ["laws", "show", "hoffmann-2022"], DOCUMENT_SCHEMAS["laws show"]],
];

/** Every path at which key `key` occurs, as "a.b[].c". */
function pathsOf(value: unknown, key: string, at = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => pathsOf(v, key, `${at}[]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => [...(k === key ? [`${at}${at ? "." : ""}${k}`] : []), ...pathsOf(v, key, `${at}${at ? "." : ""}${k}`)]);
}

describe("every command's --json follows the documented vocabulary (schemas from src/core/schemas.ts)", () => {
  for (const [label, argv, schema, needs] of cases) {
    it.skipIf(needs === null)(`${label}`, async () => {
      const r = await scalecast([...argv, "--json"]);
      expect(r.status, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout) as Record<string, unknown>;
      const parsed = schema.safeParse(doc);
      expect(parsed.success ? "" : JSON.stringify(parsed.error.issues.slice(0, 3), null, 1)).toBe("");
      // the header: this tool, this version, the exact argv
      expect(doc).toMatchObject({ tool: "scalecast", version: TOOL.version, argv: [...argv, "--json"] });
      // `params` at the top level is a law's constants (fit only); elsewhere it sits inside an allocation, a budget, a run or a candidate
      const topParams = doc.groups ? pathsOf(doc.groups, "params").filter((p) => /^\[\]\.params$/.test(p)) : "params" in doc ? ["params"] : [];
      expect(topParams.length > 0, `top-level params in ${doc.command}`).toBe(doc.command === "fit");
      expect(pathsOf(doc, "at")).toEqual([]);
      // N* is only ever allocation.params: no tokensPerParam outside an allocation-shaped object
      for (const p of pathsOf(doc, "tokensPerParam")) expect(p, p).toMatch(/(^|\.)(allocation|computeOptimal|inferenceAware|dataConstrained|lossCurve\[\]|shapes\[\])\.tokensPerParam$|^groups\[\]\.allocation\.tokensPerParam$/);
    });
  }

  it("a schema is not a formality: a document missing allocation.params, or with params meaning N at the top, is refused", () => {
    const good = { tool: "scalecast", version: TOOL.version, command: "isoflop", argv: [], method: "m", data: { source: "x", n: 1, excluded: [] }, budgets: [], powerLaws: { params: { coefficient: 1, exponent: 0.5 }, tokens: { coefficient: 1, exponent: 0.5 } }, warnings: [] };
    expect(DOCUMENT_SCHEMAS.isoflop.safeParse(good).success).toBe(true);
    const { powerLaws, ...old } = good;
    expect(DOCUMENT_SCHEMAS.isoflop.safeParse({ ...old, params: powerLaws.params, tokens: powerLaws.tokens }).success).toBe(false);
    expect(DOCUMENT_SCHEMAS.isoflop.safeParse({ ...good, allocation: { tokens: 1, flops: 1, tokensPerParam: 1 } }).success).toBe(false);
    expect(DOCUMENT_SCHEMAS.isoflop.safeParse({ ...good, warnings: [{ code: "no-such-code", message: "x" }] }).success).toBe(false);
  });
});
