// Real tables from ../shared/data (see its README for provenance). They are read in
// place, never copied; each block skips with a message when its file is absent.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parseRunTable } from "../../../src/core/runs/index.js";
import { sharedFile } from "../../support/sharedData.js";

function dataFile(relative: string): { path: string; exists: boolean } {
  const path = fileURLToPath(new URL(`../../../../shared/data/${relative}`, import.meta.url));
  return { path, exists: sharedFile(relative) !== null };
}

// Hoffmann et al. 2022, Figure 4, extracted from the SVG by Besiroglu et al. 2024
// (epoch-research/analyzing-chinchilla): 245 rows, N total parameters, D = C/(6N).
const chinchilla = dataFile("chinchilla-epoch/svg_extracted_data.csv");
describe.skipIf(!chinchilla.exists)("parseRunTable(Chinchilla svg_extracted_data.csv)", () => {
  test("parseRunTable(Chinchilla CSV) reads 245 runs, derives tokens for 245 rows, total parameters", () => {
    const table = parseRunTable(readFileSync(chinchilla.path, "utf8"), { source: "svg_extracted_data.csv" });
    expect(table.format).toBe("csv");
    expect(table.rowsRead).toBe(245);
    expect(table.runs).toHaveLength(245);
    expect(table.excluded).toEqual([]);
    expect(table.derived).toEqual({ tokens: 245, flops: 0 });
    expect(table.paramConvention).toBe("total");
    expect(table.columns).toEqual({ params: "Model Size", flops: "Training FLOP", loss: "loss" });
    expect(table.notes).toContain("tokens D derived as C / (6·N) for 245 rows (no tokens column)");
    // First data line of the file, as written.
    const first = table.runs[0];
    expect(first).toEqual({
      params: 6795600349.289497,
      tokens: 9.993852799709755e18 / (6 * 6795600349.289497),
      flops: 9.993852799709755e18,
      lossNats: 5.005581996196243,
      line: 2,
    });
    expect(table.runs[244].line).toBe(246);
  });
});

// Muennighoff et al. 2023, huggingface/datablations: the 182 runs of the default fit.
const datablations = dataFile("datablations/datablations_fit_points_182.csv");
describe.skipIf(!datablations.exists)("parseRunTable(datablations_fit_points_182.csv)", () => {
  test("parseRunTable(datablations CSV) finds params_N, tokens_D, unique_tokens_U, val_loss_nats and name", () => {
    const table = parseRunTable(readFileSync(datablations.path, "utf8"));
    expect(table.runs).toHaveLength(182);
    expect(table.excluded).toEqual([]);
    expect(table.columns).toEqual({
      params: "params_N",
      tokens: "tokens_D",
      loss: "val_loss_nats",
      uniqueTokens: "unique_tokens_U",
      run: "name",
    });
    expect(table.derived).toEqual({ tokens: 0, flops: 182 });
    expect(table.runs[0]).toEqual({
      params: 2.81e9,
      tokens: 3.2e10,
      flops: 6 * 2.81e9 * 3.2e10,
      lossNats: 2.722962,
      uniqueTokens: 4e9,
      runId: "2b832b4b",
      line: 2,
    });
  });
});

// Llama 3 (2024), Figure 2 IsoFLOP points digitised by eric-czech/llama3_isoflop_extraction: 133 points, no N.
const llama3 = dataFile("llama3-isoflops/isoflops_points.csv");
describe.skipIf(!llama3.exists)("parseRunTable(llama3 isoflops_points.csv)", () => {
  test("parseRunTable(Llama 3 IsoFLOP CSV) reads compute_budget as the stated budget, takes C from it and derives N = C / (6D) for 133 points", () => {
    const table = parseRunTable(readFileSync(llama3.path, "utf8"));
    expect(table.runs).toHaveLength(133);
    expect(table.excluded).toEqual([]);
    expect(table.columns).toEqual({ tokens: "training_tokens", budget: "compute_budget", loss: "validation_loss" });
    expect(table.notes).toContain('flops C taken from the stated budget column "compute_budget" (no flops column); a run\'s real compute may differ from its budget');
    expect(table.runs[0].budget).toBe(6e18);
    expect(table.notes).toContain("params N derived as C / (6·D) for 133 rows (no params column)");
    expect(table.runs[0].params).toBe(6e18 / (6 * 1579500858.99));
  });
});
