/**
 * Notable models as data (issue 16, item 4): parameters (total and active),
 * training tokens (tokens, never words) and training compute, each with its
 * source and a note on how sure the number is. `scalecast models` lists them;
 * `scalecast compare` reads them against a published law.
 *
 * Compute is the paper's own figure where it printed one (`basis: "reported"`,
 * whatever FLOP count the paper used) and otherwise 6·N·D with N the active
 * parameters (`basis: "6ND"`). Where the training tokens were not published
 * they are `null`, never a guess: such a model is listed but cannot be compared.
 */
import { UnknownNameError } from "../errors.js";

export interface NotableModel {
  id: string;
  name: string;
  organization: string;
  year: number;
  /** Total parameters, and those active per token (equal for a dense model). */
  params: { total: number; active: number };
  /** Training tokens; null when the developers did not publish them. */
  tokens: number | null;
  /** Training compute in FLOPs: as reported, or 6·N_active·D; null without tokens. */
  compute: { flops: number; basis: "reported" | "6ND" } | null;
  /** Paper (or model card) and the table or section each number comes from. */
  source: string;
  /** How sure each number is, and what it leaves out. */
  confidence: string;
}

const GPT3 = "Brown et al. 2020, Language Models are Few-Shot Learners (arXiv:2005.14165)";
const LLAMA1 = "Touvron et al. 2023, LLaMA: Open and Efficient Foundation Language Models (arXiv:2302.13971)";
const LLAMA2 = "Touvron et al. 2023, Llama 2: Open Foundation and Fine-Tuned Chat Models (arXiv:2307.09288)";
const LLAMA3 = "Llama Team 2024, The Llama 3 Herd of Models (arXiv:2407.21783)";
const DEEPSEEK = "DeepSeek-AI 2024, DeepSeek LLM: Scaling Open-Source Language Models with Longtermism (arXiv:2401.02954)";
const OLMO2 = "OLMo Team 2024, 2 OLMo 2 Furious (arXiv:2501.00656), and the OLMo-2-1124 model cards";

type Entry = Omit<NotableModel, "compute"> & { reportedFlops?: number };

const ENTRIES: readonly Entry[] = [
  { id: "gpt-2", name: "GPT-2 1.5B", organization: "OpenAI", year: 2019, params: { total: 1.542e9, active: 1.542e9 }, tokens: null,
    source: "Radford et al. 2019, Language Models are Unsupervised Multitask Learners, Table 2 (1,542M parameters)",
    confidence: "parameters as published; training tokens and compute were not published (WebText is ≈ 40 GB of text; the number of passes is not stated)" },
  { id: "gpt-3", name: "GPT-3 175B", organization: "OpenAI", year: 2020, params: { total: 175e9, active: 175e9 }, tokens: 300e9, reportedFlops: 3.14e23,
    source: `${GPT3}: Table 2.1 (175.0B parameters), §2.2 (300B training tokens), Table D.1 (3.14e23 FLOPs, 3,640 PF-days)`,
    confidence: "high: all three numbers printed in the paper; its FLOP count leaves attention out (Appendix D), so it is 6ND: 6·175e9·300e9 = 3.15e23" },
  { id: "gopher", name: "Gopher 280B", organization: "DeepMind", year: 2021, params: { total: 280e9, active: 280e9 }, tokens: 300e9, reportedFlops: 5.76e23,
    source: "Rae et al. 2021, Scaling Language Models: Methods, Analysis & Insights from Training Gopher (arXiv:2112.11446): Table 1 (280B parameters) and the text (300B training tokens); compute as Hoffmann et al. 2022 count it (Table 3's Gopher unit, 5.76e23 FLOPs, the budget Chinchilla was given)",
    confidence: "high for N and D; compute as Hoffmann et al. report it, as for Chinchilla (their count includes attention and embeddings; 6ND gives 5.04e23)" },
  { id: "chinchilla", name: "Chinchilla 70B", organization: "DeepMind", year: 2022, params: { total: 70e9, active: 70e9 }, tokens: 1.4e12, reportedFlops: 5.76e23,
    source: "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models (arXiv:2203.15556), §4.1 and Table 4 (70B, 1.4T tokens), Table 3 (Gopher's budget, 5.76e23 FLOPs)",
    confidence: "high: 70B as labelled; compute as reported (Gopher's budget); 6ND gives 5.88e23, 2.1% more" },
  { id: "palm-540b", name: "PaLM 540B", organization: "Google", year: 2022, params: { total: 540.35e9, active: 540.35e9 }, tokens: 780e9,
    source: "Chowdhery et al. 2022, PaLM: Scaling Language Modeling with Pathways (arXiv:2204.02311), Table 1 (540.35B parameters), §3 (780B tokens)",
    confidence: "high for N and D; compute is 6ND (the paper's own count, with attention, is a few percent higher)" },
  ...([["llama-7b", "LLaMA 7B", 6.7e9, 1.0e12], ["llama-13b", "LLaMA 13B", 13.0e9, 1.0e12], ["llama-33b", "LLaMA 33B", 32.5e9, 1.4e12], ["llama-65b", "LLaMA 65B", 65.2e9, 1.4e12]] as const).map(([id, name, n, d]): Entry => ({
    id, name, organization: "Meta", year: 2023, params: { total: n, active: n }, tokens: d,
    source: `${LLAMA1}, Table 2 (parameters and training tokens)`,
    confidence: "high: both numbers printed in the paper; compute is 6ND",
  })),
  ...([["llama-2-7b", "Llama 2 7B", 6.738e9], ["llama-2-13b", "Llama 2 13B", 13.016e9], ["llama-2-70b", "Llama 2 70B", 68.977e9]] as const).map(([id, name, n]): Entry => ({
    id, name, organization: "Meta", year: 2023, params: { total: n, active: n }, tokens: 2.0e12,
    source: `${LLAMA2}, Table 1 (2.0T tokens); parameters counted from the released weights (the paper labels them 7B, 13B, 70B)`,
    confidence: "high: tokens as printed (rounded to 0.1T); compute is 6ND",
  })),
  ...([["llama-3-8b", "Llama 3 8B", 8.03e9], ["llama-3-70b", "Llama 3 70B", 70.55e9]] as const).map(([id, name, n]): Entry => ({
    id, name, organization: "Meta", year: 2024, params: { total: n, active: n }, tokens: 15e12,
    source: "Meta 2024, Llama 3 model card (\"over 15T tokens\"); parameters counted from the released weights",
    confidence: "medium: \"over 15T tokens\" is a lower bound; compute is 6ND",
  })),
  ...([["llama-3.1-8b", "Llama 3.1 8B", 8.03e9], ["llama-3.1-70b", "Llama 3.1 70B", 70.55e9]] as const).map(([id, name, n]): Entry => ({
    id, name, organization: "Meta", year: 2024, params: { total: n, active: n }, tokens: 15e12,
    source: `${LLAMA3} and the Llama 3.1 model card ("~15T tokens"); parameters counted from the released weights`,
    confidence: "medium: \"~15T tokens\" is rounded; compute is 6ND",
  })),
  { id: "llama-3.1-405b", name: "Llama 3.1 405B", organization: "Meta", year: 2024, params: { total: 405e9, active: 405e9 }, tokens: 15.6e12, reportedFlops: 3.8e25,
    source: `${LLAMA3}, §1 and §3.2.1 (405B parameters, 15.6T tokens, 3.8e25 FLOPs)`,
    confidence: "high: all three printed in the paper (6ND gives 3.79e25)" },
  { id: "mistral-7b", name: "Mistral 7B", organization: "Mistral AI", year: 2023, params: { total: 7.24e9, active: 7.24e9 }, tokens: null,
    source: "Jiang et al. 2023, Mistral 7B (arXiv:2310.06825); parameters counted from the released weights",
    confidence: "parameters only: training tokens and compute were not published" },
  { id: "mixtral-8x7b", name: "Mixtral 8x7B", organization: "Mistral AI", year: 2024, params: { total: 46.7e9, active: 12.9e9 }, tokens: null,
    source: "Jiang et al. 2024, Mixtral of Experts (arXiv:2401.04088), §2 (\"47B\" parameters, \"13B active\" per token); the exact 46.7B and 12.9B from Mistral AI's release notes",
    confidence: "parameters only: training tokens and compute were not published; a mixture of experts (2 of 8 experts per token)" },
  ...([["deepseek-llm-7b", "DeepSeek LLM 7B", 7e9], ["deepseek-llm-67b", "DeepSeek LLM 67B", 67e9]] as const).map(([id, name, n]): Entry => ({
    id, name, organization: "DeepSeek", year: 2024, params: { total: n, active: n }, tokens: 2e12,
    source: `${DEEPSEEK}, §2 and Table 2 (7B and 67B, 2T tokens)`,
    confidence: "high for D; N as labelled (the paper plans with non-embedding FLOPs per token, M, instead of N); compute is 6ND",
  })),
  { id: "deepseek-v3", name: "DeepSeek-V3", organization: "DeepSeek", year: 2024, params: { total: 671e9, active: 37e9 }, tokens: 14.8e12,
    source: "DeepSeek-AI 2024, DeepSeek-V3 Technical Report (arXiv:2412.19437), §1 (671B total, 37B activated per token, 14.8T tokens)",
    confidence: "high for N and D; compute is 6·N_active·D (the report gives 2.788M H800 GPU-hours, not FLOPs); a mixture of experts" },
  ...([["olmo-2-7b", "OLMo 2 7B", 7.30e9, 4e12], ["olmo-2-13b", "OLMo 2 13B", 13.7e9, 5e12]] as const).map(([id, name, n, d]): Entry => ({
    id, name, organization: "Ai2", year: 2024, params: { total: n, active: n }, tokens: d,
    source: `${OLMO2} (7B: 4T tokens, 13B: 5T tokens, stage 1 and mid-training together); parameters ≈ 7.30B and 13.7B counted from the released weights (labelled 7B and 13B)`,
    confidence: "medium: tokens rounded to 1T in the model card; compute is 6ND",
  })),
];

export const NOTABLE_MODELS: readonly NotableModel[] = ENTRIES.map(({ reportedFlops, ...e }) => ({
  ...e,
  compute: reportedFlops !== undefined ? { flops: reportedFlops, basis: "reported" } : e.tokens !== null ? { flops: 6 * e.params.active * e.tokens, basis: "6ND" } : null,
}));

/** The catalog entry with this id (case-insensitive), or an UnknownNameError listing the ids. */
export function notableModel(id: string): NotableModel {
  const m = NOTABLE_MODELS.find((x) => x.id === id.toLowerCase());
  if (!m) throw new UnknownNameError(`unknown model "${id}"; known: ${NOTABLE_MODELS.map((x) => x.id).join(", ")}`);
  return m;
}
