/**
 * Accelerator presets and the conversion between hardware time and FLOPs:
 * C = GPUs × seconds × peak × MFU (model FLOPs utilisation). Peaks are dense
 * BF16 tensor throughput from the vendors' datasheets — never the 2:4-sparsity
 * figure, which is twice as large and unreachable for dense training.
 */
import { UnknownNameError } from "../errors.js";

export interface GpuPreset {
  id: string;
  name: string;
  /** Dense BF16 peak, FLOP/s. */
  peakFlops: number;
  /** Datasheet the figure comes from, and when it was checked. */
  source: string;
}

/** When the figures were recorded (from the vendors' published datasheets, not re-fetched here). */
const CHECKED = "recorded 2026-11";

export const GPU_PRESETS: readonly GpuPreset[] = [
  { id: "a100", name: "NVIDIA A100 SXM (80 GB)", peakFlops: 312e12, source: `NVIDIA A100 datasheet, BF16 dense 312 TFLOPS; ${CHECKED}` },
  { id: "h100", name: "NVIDIA H100 SXM", peakFlops: 989e12, source: `NVIDIA H100 datasheet, BF16 dense 989 TFLOPS (1,979 with sparsity); ${CHECKED}` },
  { id: "h100-pcie", name: "NVIDIA H100 PCIe", peakFlops: 756e12, source: `NVIDIA H100 datasheet, BF16 dense 756 TFLOPS; ${CHECKED}` },
  { id: "h200", name: "NVIDIA H200 SXM", peakFlops: 989e12, source: `NVIDIA H200 datasheet, BF16 dense 989 TFLOPS; ${CHECKED}` },
  { id: "b200", name: "NVIDIA B200", peakFlops: 2250e12, source: `NVIDIA DGX B200 datasheet, BF16 dense 2.25 PFLOPS per GPU; ${CHECKED}` },
  { id: "mi300x", name: "AMD Instinct MI300X", peakFlops: 1307.4e12, source: `AMD MI300X datasheet, BF16 dense 1,307.4 TFLOPS; ${CHECKED}` },
  { id: "tpu-v5p", name: "Google TPU v5p", peakFlops: 459e12, source: `Google Cloud TPU v5p documentation, BF16 459 TFLOPS per chip; ${CHECKED}` },
];

/** The preset with this id (case-insensitive), or a RangeError listing the ids. */
export function gpuPreset(id: string): GpuPreset {
  const preset = GPU_PRESETS.find((g) => g.id === id.toLowerCase());
  if (!preset) throw new UnknownNameError(`unknown GPU "${id}"; known: ${GPU_PRESETS.map((g) => g.id).join(", ")} (or give --peak-flops)`);
  return preset;
}

/** Default model FLOPs utilisation: a well-tuned large dense training run. */
export const DEFAULT_MFU = 0.4;

export interface HardwareBudget {
  gpus: number;
  days: number;
  peakFlops: number;
  mfu: number;
}

/**
 * Training FLOPs a cluster delivers. O(1).
 *
 * @example budgetFlops({ gpus: 512, days: 30, peakFlops: 989e12, mfu: 0.4 }) // → 5.25e23
 */
export function budgetFlops(b: HardwareBudget): number {
  checkHardware(b.gpus, b.peakFlops, b.mfu);
  if (!(b.days > 0) || !Number.isFinite(b.days)) throw new RangeError(`days must be a number > 0, got ${b.days}`);
  return b.gpus * b.days * 86_400 * b.peakFlops * b.mfu;
}

export interface HardwareCost {
  gpuHours: number;
  /** Wall-clock days on `gpus` accelerators. */
  days: number;
  /** In the currency of the price, when a price per GPU-hour is given. */
  cost?: number;
}

/** GPU-hours, wall-clock days and cost of training `flops` FLOPs. O(1). */
export function hardwareCost(flops: number, gpus: number, peakFlops: number, mfu: number, pricePerGpuHour?: number): HardwareCost {
  checkHardware(gpus, peakFlops, mfu);
  const gpuHours = flops / (peakFlops * mfu) / 3600;
  return { gpuHours, days: gpuHours / gpus / 24, ...(pricePerGpuHour === undefined ? {} : { cost: gpuHours * pricePerGpuHour }) };
}

function checkHardware(gpus: number, peakFlops: number, mfu: number): void {
  if (!(gpus > 0) || !Number.isFinite(gpus)) throw new RangeError(`number of GPUs must be > 0, got ${gpus}`);
  if (!(peakFlops > 0) || !Number.isFinite(peakFlops)) throw new RangeError(`peak FLOP/s must be > 0, got ${peakFlops}`);
  if (!(mfu > 0 && mfu <= 1)) throw new RangeError(`MFU must be in (0, 1], got ${mfu}`);
}
