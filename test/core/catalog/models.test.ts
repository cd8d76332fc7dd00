// Issue 16, item 4: the catalog of notable models and `compare`.
import { describe, expect, it } from "vitest";
import { compareModel } from "../../../src/core/catalog/compare.js";
import { NOTABLE_MODELS, notableModel } from "../../../src/core/catalog/models.js";
import { publishedLaw } from "../../../src/core/catalog/publishedLaws.js";
import { DiagnosticError } from "../../../src/core/diagnostics.js";
import { modelsPlaneFigure } from "../../../src/core/viz/modelsFigure.js";
import { DOCUMENT_SCHEMAS } from "../../../src/core/schemas.js";
import { scalecast } from "../../cli/run.js";

const rel = (x: number, ref: number) => Math.abs(x / ref - 1);

describe("the catalog of notable models", () => {
  it("every entry has a source and a confidence note; active ≤ total; compute is reported or 6·N_active·D", () => {
    expect(NOTABLE_MODELS.length).toBeGreaterThanOrEqual(20);
    for (const m of NOTABLE_MODELS) {
      expect(m.source.length, m.id).toBeGreaterThan(20);
      expect(m.confidence.length, m.id).toBeGreaterThan(10);
      expect(m.params.active).toBeLessThanOrEqual(m.params.total);
      if (m.compute?.basis === "6ND") expect(m.compute.flops).toBe(6 * m.params.active * m.tokens!);
      if (m.tokens === null) expect(m.compute).toBeNull();
    }
    expect(new Set(NOTABLE_MODELS.map((m) => m.id)).size).toBe(NOTABLE_MODELS.length);
  });

  it("Chinchilla: 70B, 1.4T tokens, 5.76e23 FLOPs (Hoffmann et al. 2022 §4.1, Table 3; ±2%); 6ND is 5.88e23, 2.1% above the reported count", () => {
    const c = notableModel("chinchilla");
    expect(rel(c.params.total, 70e9)).toBeLessThan(0.02);
    expect(rel(c.tokens!, 1.4e12)).toBeLessThan(0.02);
    expect(rel(c.compute!.flops, 5.76e23)).toBeLessThan(0.02);
    expect(rel(6 * c.params.active * c.tokens!, 5.76e23)).toBeLessThan(0.021);
  });

  it("GPT-3: 175B, 300B tokens, 3.14e23 FLOPs (Brown et al. 2020, Tables 2.1 and D.1; ±2%), and 6ND within 2% of it", () => {
    const g = notableModel("GPT-3");
    expect(rel(g.params.total, 175e9)).toBeLessThan(0.02);
    expect(rel(g.tokens!, 300e9)).toBeLessThan(0.02);
    expect(rel(g.compute!.flops, 3.14e23)).toBeLessThan(0.02);
    expect(rel(6 * g.params.active * g.tokens!, 3.14e23)).toBeLessThan(0.02);
  });

  it("an unknown id is refused with the known ids", () => {
    expect(() => notableModel("gpt-5")).toThrow(/unknown model "gpt-5"; known: gpt-2, gpt-3/);
  });
});

describe("compare", () => {
  it("under hoffmann-2022 Gopher is under-trained (over-training factor < 1): 300B tokens on 280B parameters", () => {
    const r = compareModel(notableModel("gopher"), publishedLaw("hoffmann-2022"));
    expect(r.tokensPerParam).toBeCloseTo(300 / 280, 12);
    expect(r.flops6ND).toBe(6 * 280e9 * 300e9);
    expect(r.overTrainingFactor).toBeLessThan(1);
    // at fixed C the factor is (D/D*)²
    expect(r.overTrainingFactor).toBeCloseTo(r.tokensRatio ** 2, 12);
    // the compute-optimal split spends the same compute
    expect(rel(6 * r.computeOptimal.params * r.computeOptimal.tokens, r.flops6ND)).toBeLessThan(1e-9);
    // the law's loss at Gopher's N, D is above its loss at the optimal split of the same compute
    expect(r.loss!).toBeGreaterThan(r.computeOptimal.loss!);
    expect(r.warnings.map((w) => w.code)).toEqual(["constants-belong-to-setup"]);
  });

  it("under Approach 1 (Table 3's rule) Chinchilla is within 5% of compute-optimal and Gopher ≈ 20× under-trained", () => {
    const law = publishedLaw("hoffmann-2022-approach1");
    const c = compareModel(notableModel("chinchilla"), law), g = compareModel(notableModel("gopher"), law);
    expect(Math.abs(c.overTrainingFactor - 1)).toBeLessThan(0.05); // 0.961 (2026-12-02)
    expect(g.overTrainingFactor).toBeLessThan(0.06); // 0.0515
    expect(c.loss).toBeUndefined(); // a rule has no loss
  });

  it("inference: 2·N_active FLOPs per token; cost per million tokens from peak, MFU and price", () => {
    const r = compareModel(notableModel("deepseek-v3"), publishedLaw("besiroglu-2024"), { peakFlops: 989e12, mfu: 0.4, pricePerGpuHour: 2 });
    expect(r.inference.flopsPerToken).toBe(2 * 37e9);
    expect(r.inference.gpuSecondsPerMillionTokens!).toBeCloseTo((2e6 * 37e9) / (989e12 * 0.4), 9);
    expect(r.inference.costPerMillionTokens!).toBeCloseTo(((2e6 * 37e9) / (989e12 * 0.4) / 3600) * 2, 12);
    expect(r.warnings.map((w) => w.code)).toContain("mixture-of-experts");
    expect(compareModel(notableModel("gpt-3"), publishedLaw("kaplan-2020-nd")).warnings.map((w) => w.code)).toContain("param-convention-mismatch");
  });

  it("a model without published tokens is refused (tokens-not-published)", () => {
    let err: unknown;
    try { compareModel(notableModel("mistral-7b"), publishedLaw("hoffmann-2022")); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(DiagnosticError);
    expect((err as DiagnosticError).diagnostic.code).toBe("tokens-not-published");
  });

  it("the N–D figure draws each model once and the law's path spends C = 6ND", () => {
    const law = publishedLaw("hoffmann-2022");
    const rows = ["chinchilla", "gopher", "gpt-3"].map((id) => compareModel(notableModel(id), law));
    const f = modelsPlaneFigure(rows, law);
    expect(f.expected.points).toBe(3);
    expect(f.expected.isoComputeLines).toBeGreaterThanOrEqual(3);
    const layers = (f.spec as { layer: Array<{ data: { values: Array<Record<string, number | string>> } }> }).layer;
    expect(layers[3].data.values.map((v) => v.model)).toEqual(["chinchilla", "gopher", "gpt-3"]);
  });
});

describe("scalecast models and scalecast compare", () => {
  it("compare chinchilla gopher --law hoffmann-2022 --json shows Gopher's over-training factor below 1", async () => {
    const r = await scalecast(["compare", "chinchilla", "gopher", "--law", "hoffmann-2022", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as { law: { id: string }; models: Array<{ id: string; overTrainingFactor: number }>; warnings: Array<{ code: string }> };
    expect(DOCUMENT_SCHEMAS.compare.safeParse(d).success).toBe(true);
    expect(d.law.id).toBe("hoffmann-2022");
    expect(d.models.find((m) => m.id === "gopher")!.overTrainingFactor).toBeLessThan(1);
    expect(d.warnings.filter((w) => w.code === "constants-belong-to-setup")).toHaveLength(1);
  });

  it("compare refuses a model without tokens (exit 1, code in JSON) and an unknown model (exit 2)", async () => {
    const none = await scalecast(["compare", "mistral-7b", "--json"]);
    expect(none.status).toBe(1);
    expect(JSON.parse(none.stdout).error.code).toBe("tokens-not-published");
    const unknown = await scalecast(["compare", "gpt-5"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown model "gpt-5"/);
    const price = await scalecast(["compare", "gpt-3", "--price-per-gpu-hour", "2"]);
    expect(price.status).toBe(2);
    // a utilisation without an accelerator changes nothing in a FLOPs-only comparison: refused, not ignored
    const mfu = await scalecast(["compare", "gpt-3", "--inference-mfu", "0.5"]);
    expect(mfu.status).toBe(2);
    expect(mfu.stderr).toMatch(/--inference-mfu needs --gpu \(or --peak-flops\)/);
    expect((await scalecast(["compare", "gpt-3", "--gpu", "h100", "--inference-mfu", "0.5"])).status).toBe(0);
    const twice = await scalecast(["compare", "gopher", "Gopher"]);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/named twice/);
  });

  it("compare --figure writes the N–D plane as SVG: a point and a label per model, the iso-compute labels", async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "scalecast-compare-"));
    try {
      const file = join(dir, "plane.svg");
      const r = await scalecast(["compare", "chinchilla", "gopher", "gpt-3", "--figure", file]);
      expect(r.status, r.stderr).toBe(0);
      const svg = readFileSync(file, "utf8");
      expect(svg.startsWith("<svg")).toBe(true);
      for (const label of ["chinchilla", "gopher", "gpt-3", "1e24 FLOPs", "training tokens D", "parameters N (active)"]) expect(svg).toContain(label);
      const bad = await scalecast(["compare", "gopher", "--figure", join(dir, "plane.pdf")]);
      expect(bad.status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("models show chinchilla prints its numbers, source and confidence; --json is the models show document; an unknown id exits 2", async () => {
    const r = await scalecast(["models", "show", "chinchilla"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("tokens      1.40 T training tokens");
    expect(r.stdout).toContain("compute     5.760e+23 FLOPs (as reported)");
    expect(r.stdout).toContain("source      Hoffmann et al. 2022");
    const j = await scalecast(["models", "show", "deepseek-v3", "--json"]);
    const d = JSON.parse(j.stdout);
    expect(DOCUMENT_SCHEMAS["models show"].safeParse(d).success).toBe(true);
    expect(d.model.params).toEqual({ total: 671e9, active: 37e9 });
    expect((await scalecast(["models", "show", "gpt-5"])).status).toBe(2);
  });

  it("models --json lists every entry with its source", async () => {
    const r = await scalecast(["models", "--json"]);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout) as { models: Array<{ id: string; source: string }> };
    expect(DOCUMENT_SCHEMAS.models.safeParse(d).success).toBe(true);
    expect(d.models.map((m) => m.id)).toEqual(NOTABLE_MODELS.map((m) => m.id));
  });
});
