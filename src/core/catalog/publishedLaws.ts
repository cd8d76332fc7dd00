/**
 * Published scaling laws with their provenance, as data. A constant belongs to
 * the setup it was fitted on (dataset, tokenizer, what N counts, how loss was
 * measured): E in particular does not transfer between setups.
 *
 * An entry carries a parametric loss law (`law`: a registered law id and its
 * values), an allocation rule (`rule`: power laws N*(C), D*(C)), or both.
 */
import { UnknownNameError } from "../errors.js";
import type { LawOptions } from "../laws/registry.js";

export interface PowerRule {
  coefficient: number;
  exponent: number;
}

export interface AllocationRule {
  /** N*(C) = coefficient · C^exponent, if published. */
  params?: PowerRule;
  /** D*(C) = coefficient · C^exponent, if published. */
  tokens?: PowerRule;
  /** What C is measured in for these coefficients. */
  flopsUnit: "FLOPs" | "PF-days";
  /** How N and D relate to C when only one of them is published. */
  flopsPerParamToken: number;
  note?: string;
}

export interface PublishedLaw {
  id: string;
  title: string;
  citation: string;
  /** Table, equation or section the numbers come from. */
  source: string;
  paramConvention: "total" | "nonEmbedding" | "active";
  /** Dataset, tokenizer and loss the constants were fitted on. */
  setup: string;
  law?: { lawId: string; options?: LawOptions; values: Readonly<Record<string, number>> };
  rule?: AllocationRule;
  /** Further published numbers, shown by `laws show`. */
  constants?: Readonly<Record<string, number>>;
  notes?: readonly string[];
}

/** 1 PF-day = 1e15 FLOP/s × 86,400 s. */
export const PF_DAY = 8.64e19;

const KAPLAN = "Kaplan et al. 2020, Scaling Laws for Neural Language Models (arXiv:2001.08361)";
const HOFFMANN = "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models (arXiv:2203.15556)";
const KAPLAN_SETUP = "WebText2, GPT-2 byte-level BPE (n_vocab 50257), context 1024; test loss in nats; N excludes embeddings";
const HOFFMANN_SETUP = "MassiveText, SentencePiece (32k vocabulary, NFKC off); final training loss in nats; N total parameters";
const CONSTANTS_BELONG = "E and the other constants belong to this setup only: they do not transfer to another dataset or tokenizer.";

export const PUBLISHED_LAWS: readonly PublishedLaw[] = [
  {
    id: "kaplan-2020",
    title: "Kaplan single-variable laws and compute-efficient frontier",
    citation: KAPLAN,
    source: "Table 5 (L(N), L(D), L(C_min)); Table 6 / §6.1 (N_opt ∝ C_min^0.73)",
    paramConvention: "nonEmbedding",
    setup: KAPLAN_SETUP,
    rule: {
      params: { coefficient: 1.3e9, exponent: 0.73 },
      flopsUnit: "PF-days",
      flopsPerParamToken: 6,
      note: "N_opt = 1.3e9 · C_min^0.73 with C_min in PF-days, the budget taken as C_min (Kaplan's C_min assumes small batches; at the critical batch C ≈ 2·C_min, §5.1); D = C / (6N)",
    },
    constants: { alphaN: 0.076, Nc: 8.8e13, alphaD: 0.095, Dc: 5.4e13, alphaCmin: 0.05, CcMinPFDays: 3.1e8 },
    notes: ["L(N) = (Nc/N)^alphaN, L(D) = (Dc/D)^alphaD, L(C_min) = (CcMin/C_min)^alphaCmin (C_min in PF-days)", CONSTANTS_BELONG],
  },
  {
    id: "kaplan-2020-nd",
    title: "Kaplan joint law L(N, D)",
    citation: KAPLAN,
    source: "eq. 1.5 / 4.1 and Table 2; allocation N ∝ C^0.73 from §6.1",
    paramConvention: "nonEmbedding",
    setup: KAPLAN_SETUP,
    law: { lawId: "kaplan-nd", values: { Nc: 6.4e13, Dc: 1.8e13, alphaN: 0.076, alphaD: 0.103 } },
    rule: { params: { coefficient: 1.3e9, exponent: 0.73 }, flopsUnit: "PF-days", flopsPerParamToken: 6, note: "Kaplan's compute-efficient allocation (early-stopped training), not the minimum of L(N, C/6N)" },
    notes: [CONSTANTS_BELONG],
  },
  {
    id: "hoffmann-2022",
    title: "Chinchilla Approach 3, constants as printed",
    citation: HOFFMANN,
    source: "§3.3 eq. 10 (rounded in the text); Approaches 1 and 2: Table 2",
    paramConvention: "total",
    setup: HOFFMANN_SETUP,
    law: { lawId: "chinchilla", values: { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 } },
    constants: { approach1ParamsExponent: 0.5, approach1TokensExponent: 0.5, approach2ParamsExponent: 0.49, approach2TokensExponent: 0.51, approach3ParamsExponent: 0.46, approach3TokensExponent: 0.54 },
    notes: [
      "The rounded constants fit the published data worse than a refit (summed Huber 0.004121 against 0.001018 on the 240 points) and move N* 2× at Gopher's budget: compare besiroglu-2024.",
      CONSTANTS_BELONG,
    ],
  },
  {
    id: "hoffmann-2022-approach1",
    title: "Chinchilla Approach 1 allocation (training-curve envelope), as Table 3 projects it",
    citation: HOFFMANN,
    source: "Table 2 (Approach 1: a = 0.50, b = 0.50) and Table 3 (FLOPs and tokens for 400M … 10T parameters)",
    paramConvention: "total",
    setup: HOFFMANN_SETUP,
    rule: {
      params: { coefficient: 0.099288, exponent: 0.4981 },
      flopsUnit: "FLOPs",
      flopsPerParamToken: 6,
      note: "N*(C) = 0.099288·C^0.4981 (Approach 1; D = C/(6N)): the paper prints the exponent only as 0.50, so coefficient and exponent are the centre of the region where all of Table 3's rows but 67B hold within their printed rounding",
    },
    notes: [
      "Reproduces Table 3's FLOPs (3 significant figures) and tokens (to the printed 0.1 B or 0.1 T) for 400M, 1B, 10B, 175B, 280B, 520B, 1T and 10T parameters (test/core/plan/approach1.test.ts).",
      "Table 3's 67B row (5.76e23 FLOPs, Gopher's budget; 1.5 T tokens) lies off every such line: 5.76e23/(6·67e9) is 1.43 T tokens, not 1.5 T, and the rule gives 5.61e23 FLOPs for 67B.",
      "An allocation rule only: no loss. Use hoffmann-2022 or besiroglu-2024 for Approach 3's loss law.",
    ],
  },
  {
    id: "hoffmann-2022-unrounded",
    title: "Chinchilla Approach 3, unrounded constants (paper's TeX source)",
    citation: HOFFMANN,
    source: "arXiv TeX source of §3.3: a = 6.0073404, b = 6.0179186, e = 0.5267228 (A = e^a, …)",
    paramConvention: "total",
    setup: HOFFMANN_SETUP,
    law: { lawId: "chinchilla", values: { A: Math.exp(6.0073404), B: Math.exp(6.0179186), E: Math.exp(0.5267228), alpha: 0.33917084, beta: 0.2849083 } },
    notes: [CONSTANTS_BELONG],
  },
  {
    id: "besiroglu-2024",
    title: "Chinchilla refit by Epoch (Huber likelihood)",
    citation: "Besiroglu, Erdil, Barnett, You 2024, Chinchilla Scaling: A replication attempt (arXiv:2404.10102)",
    source: "§3, Table 1 (estimates from Hoffmann et al.'s Figure 4 data, 5 highest losses dropped)",
    paramConvention: "total",
    setup: HOFFMANN_SETUP,
    law: { lawId: "chinchilla", values: { E: 1.81686, A: 482.00572, B: 2085.4342, alpha: 0.34781, beta: 0.36585 } },
    notes: ["Reproduced by `scalecast fit … --objective huber-likelihood` (docs/methods.md).", CONSTANTS_BELONG],
  },
  {
    id: "muennighoff-2023",
    title: "Data-constrained scaling (repeated data), base law and decay constants",
    citation: "Muennighoff et al. 2023, Scaling Data-Constrained Language Models (arXiv:2305.16264)",
    source: "§3.1 and Appendix A; fitted constants from the authors' repository",
    paramConvention: "total",
    setup: "C4, GPT-2 tokenizer; validation loss in nats",
    law: { lawId: "chinchilla", values: { A: Math.exp(6.255414), B: Math.exp(7.3049974), E: Math.exp(0.6254804), alpha: 0.3526596, beta: 0.3526596 } },
    constants: { RDStar: 15.387756, RNStar: 5.309743 },
    notes: [
      "The base law predicts single-epoch training; the effective-data law with R_D* and R_N* (repeated data) arrives with the data-constrained planner.",
      CONSTANTS_BELONG,
    ],
  },
  {
    id: "llama3-2024",
    title: "Llama 3 optimal training tokens",
    citation: "Llama Team 2024, The Llama 3 Herd of Models (arXiv:2407.21783)",
    source: "§3.2.1, eq. 2: N*(C) = A·C^alpha with (alpha, A) = (0.53, 0.29) for tokens",
    paramConvention: "total",
    setup: "Llama 3 pre-training mix, 128K tokenizer; validation loss of the IsoFLOP runs",
    rule: { tokens: { coefficient: 0.29, exponent: 0.53 }, flopsUnit: "FLOPs", flopsPerParamToken: 6, note: "D*(C) = 0.29 · C^0.53; N = C / (6D)" },
    notes: [
      "The rounded constants give ≈ 10.5 T tokens at 3.8e25 FLOPs, not the paper's 16.55 T: rounding the exponent to 0.53 is amplified by 4 decades of extrapolation.",
    ],
  },
  {
    id: "deepseek-2024",
    title: "DeepSeek LLM compute-optimal model scale and data",
    citation: "DeepSeek-AI 2024, DeepSeek LLM: Scaling Open-Source Language Models with Longtermism (arXiv:2401.02954)",
    source: "§3.2, eq. 4 (M_opt, D_opt) and §3.1, eq. 1 (η_opt, B_opt)",
    paramConvention: "nonEmbedding",
    setup: "DeepSeek LLM pre-training data; M = non-embedding FLOPs per token, C = M·D",
    rule: {
      params: { coefficient: 0.1715 / 6, exponent: 0.5243 },
      tokens: { coefficient: 5.8316, exponent: 0.4757 },
      flopsUnit: "FLOPs",
      flopsPerParamToken: 6,
      note: "M_opt = 0.1715·C^0.5243 FLOPs/token, D_opt = 5.8316·C^0.4757; N ≈ M/6 (ignores attention FLOPs)",
    },
    constants: { MoptCoefficient: 0.1715, MoptExponent: 0.5243, DoptCoefficient: 5.8316, DoptExponent: 0.4757, lrCoefficient: 0.3118, lrExponent: -0.125, batchCoefficient: 0.292, batchExponent: 0.3271 },
    notes: ["Learning rate η_opt = 0.3118·C^−0.125 and batch size B_opt = 0.2920·C^0.3271 tokens are heuristics for their setup."],
  },
];

/** The catalog entry with this id, or a RangeError listing the ids. */
export function publishedLaw(id: string): PublishedLaw {
  const entry = PUBLISHED_LAWS.find((l) => l.id === id);
  if (!entry) throw new UnknownNameError(`unknown law "${id}"; published laws: ${PUBLISHED_LAWS.map((l) => l.id).join(", ")}`);
  return entry;
}

/** The law `plan` uses when none is given, stated in every output. */
export const DEFAULT_PLAN_LAW = "besiroglu-2024";
