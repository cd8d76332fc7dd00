/** `scalecast flops`: parameters and training FLOPs per token of a transformer, under named conventions. */
import { emit, withOut } from "./output.js";
import { commandArgv, out } from "../node/io.js";
import { Command, Option } from "commander";
import { architectureMemory, flopsPerToken, parameterCount, type Architecture } from "../core/plan/architecture.js";
import { documentHeader } from "../core/documentHeader.js";
import { userInput } from "./errors.js";
import { formatCount, table } from "./format.js";
import { positiveNumber, positiveWholeNumber } from "./options.js";

interface FlopsOptions {
  layers: number; dModel: number; heads: number; kvHeads?: number; dFf?: number; vocab: number; seqLen: number;
  swiglu?: boolean; tiedEmbeddings?: boolean; positional: "learned" | "none"; bias: boolean; experts?: number; topK?: number;
  tokens?: number; json?: boolean; out?: string;
}

const gb = (b: number) => `${(b / 1e9).toPrecision(3)} GB`;

export function flopsCommand(): Command {
  return withOut(new Command("flops")
    .description("parameters (total, non-embedding, active) and training FLOPs per token of a decoder-only transformer")
    .requiredOption("--layers <L>", "transformer blocks", positiveWholeNumber)
    .requiredOption("--d-model <d>", "residual width", positiveWholeNumber)
    .requiredOption("--heads <H>", "attention heads", positiveWholeNumber)
    .option("--kv-heads <k>", "key/value heads (grouped-query attention; default: heads)", positiveWholeNumber)
    .option("--d-ff <f>", "MLP hidden width (default 4·d, or 8d/3 rounded up to 256 with --swiglu)", positiveWholeNumber)
    .requiredOption("--vocab <V>", "vocabulary size", positiveWholeNumber)
    .requiredOption("--seq-len <S>", "training context length", positiveWholeNumber)
    .option("--swiglu", "gated MLP with three matrices (LLaMA)")
    .option("--tied-embeddings", "output head shares the token embedding (GPT-2/3)")
    .addOption(new Option("--positional <kind>", "position embeddings").choices(["learned", "none"]).default("learned"))
    .option("--no-bias", "no linear biases, scale-only norms (LLaMA-style)")
    .option("--experts <E>", "mixture-of-experts: experts per layer", positiveWholeNumber)
    .option("--top-k <k>", "mixture-of-experts: experts active per token", positiveWholeNumber)
    .option("--tokens <D>", "also give total training FLOPs for D tokens", positiveNumber)
    .option("--json", "print one JSON document on stdout"), "also write the JSON document to FILE")
    .action((o: FlopsOptions) => {
      const arch: Architecture = {
        layers: o.layers, dModel: o.dModel, heads: o.heads, kvHeads: o.kvHeads, dFF: o.dFf, vocab: o.vocab, seqLen: o.seqLen,
        swiglu: o.swiglu, tiedEmbeddings: o.tiedEmbeddings, positional: o.positional, bias: o.bias, experts: o.experts, topK: o.topK,
      };
      const params = userInput(() => parameterCount(arch));
      const flops = flopsPerToken(arch).map((f) => ({ ...f, ...(o.tokens ? { trainingFlops: f.flopsPerToken * o.tokens } : {}) }));
      const mem = architectureMemory(arch);
      const doc = { ...documentHeader("flops", commandArgv()), architecture: arch, counts: params, flopsPerToken: flops, memory: mem, ...(o.tokens ? { tokens: o.tokens } : {}) };
      const lines = [
        `parameters: total ${formatCount(params.total)} (${params.total}), non-embedding ${formatCount(params.nonEmbedding)}, active ${formatCount(params.active)}`,
        `  embeddings: tokens ${formatCount(params.embedding.tokens)}, positions ${params.embedding.positions ? formatCount(params.embedding.positions) : "none"}, output head ${params.embedding.outputHead ? formatCount(params.embedding.outputHead) : "tied"}`,
        "",
        "training FLOPs per token (forward + backward):",
        table([["convention", "FLOPs/token", ...(o.tokens ? [`FLOPs for ${formatCount(o.tokens)} tokens`] : []), "formula"],
          ...flops.map((f) => [f.convention, f.flopsPerToken.toExponential(4), ...(o.tokens ? [(f.flopsPerToken * o.tokens).toExponential(4)] : []), f.formula])]),
        "",
        "memory (bytes; divide by GPUs for sharded state):",
        `  training state ${gb(mem.trainingStateBytes)} (16 B/param: bf16 weights and gradients, fp32 master weights and Adam moments)`,
        `  activations    ${gb(mem.activationBytesPerSequence)} per ${o.seqLen}-token sequence without recomputation (Korthikanti et al. 2022), ${gb(mem.activationBytesPerSequenceRecomputed)} with full recomputation`,
        `  inference      ${gb(mem.inferenceWeightsBytes)} of bf16 weights + KV cache ${(mem.kvCacheBytesPerToken / 1e6).toPrecision(3)} MB per token (${gb(mem.kvCacheBytesPerSequence)} per full context)`,
      ];
      emit(o, () => JSON.stringify(doc, null, 2), () => lines.join("\n"));
    });
}
