/**
 * Shape search: buildable transformer shapes whose exact parameter count is
 * near a planned N, so a plan ends in a model one can train. Widths are
 * multiples of 128, heads of dimension 128 (64 below width 2048), and depth follows a
 * width-to-depth ratio d_model/n_layer between 64 and 160 (GPT-3 175B: 128;
 * LLaMA 7B: 128; LLaMA 2 70B: 102; Kaplan et al. 2020 §3.1 found loss flat
 * over a wide range of shapes at fixed N). Candidates are ranked by the
 * distance of their count to N, then by how close the ratio is to 128.
 * The count is affine in the number of layers, so at each width only the few
 * depths that can land within 10% of N are counted exactly.
 */
import { parameterCount, type Architecture } from "./architecture.js";

export type Layout = "llama" | "gpt";

export interface ShapeOptions {
  vocab: number;
  seqLen: number;
  layout?: Layout;
  /** Which count to match: the plan's parameter convention. */
  match?: "total" | "nonEmbedding";
  count?: number;
}

export interface Shape {
  architecture: Architecture;
  params: { total: number; nonEmbedding: number };
  /** (count − target) / target, for the matched count. */
  relativeError: number;
  widthToDepth: number;
}

const RATIO_RANGE: [number, number] = [64, 160];

/** The `count` best shapes near `targetParams`. Cost: about three exact counts per width (512 widths). */
export function shapeSearch(targetParams: number, options: ShapeOptions): Shape[] {
  if (!(targetParams >= 1e6) || !Number.isFinite(targetParams)) throw new RangeError(`shape search needs a target of at least 1e6 parameters, got ${targetParams}`);
  const layout = options.layout ?? "llama", match = options.match ?? "total", count = options.count ?? 5;
  const base = layout === "llama"
    ? { swiglu: true, positional: "none" as const, bias: false, tiedEmbeddings: false }
    : { swiglu: false, positional: "learned" as const, bias: true, tiedEmbeddings: true };
  const found: Shape[] = [];
  for (let d = 256; d <= 65536; d += 128) {
    { // heads of dimension 128 from width 2048 up, 64 below (head count does not change the count)
      const headDim = d >= 2048 ? 128 : 64;
      let lo = Math.max(1, Math.ceil(d / RATIO_RANGE[1])), hi = Math.floor(d / RATIO_RANGE[0]);
      // the count is affine in the number of layers (identical blocks): only the layers that can land within 10% of the target are counted exactly
      const at = (layers: number) => parameterCount({ layers, dModel: d, heads: d / headDim, vocab: options.vocab, seqLen: options.seqLen, ...base })[match];
      const one = at(1), perLayer = at(2) - one, zero = one - perLayer;
      if (perLayer > 0) {
        lo = Math.max(lo, Math.ceil((0.9 * targetParams - zero) / perLayer) - 1);
        hi = Math.min(hi, Math.floor((1.1 * targetParams - zero) / perLayer) + 1);
      }
      for (let layers = lo; layers <= hi; layers++) {
        const architecture: Architecture = { layers, dModel: d, heads: d / headDim, vocab: options.vocab, seqLen: options.seqLen, ...base };
        const p = parameterCount(architecture);
        const relativeError = (p[match] - targetParams) / targetParams;
        if (Math.abs(relativeError) > 0.1) continue;
        found.push({ architecture, params: { total: p.total, nonEmbedding: p.nonEmbedding }, relativeError, widthToDepth: d / layers });
      }
    }
  }
  // 1% in count weighs like a factor e in width/depth away from 128
  const score = (s: Shape) => Math.abs(s.relativeError) + 0.01 * Math.abs(Math.log(s.widthToDepth / 128));
  return found.sort((a, b) => score(a) - score(b)).slice(0, count);
}
