import type { RoleId } from "../runs/roles.js";

/**
 * What a law reads from each run: any numeric column role (src/core/runs/roles.ts),
 * received as natural logs. "loss" is the run's loss (nats), an input of
 * downstream laws. A law reading a new input is one law file, one registry line
 * and, if the column is new, one role.
 */
export type RunInput = Exclude<RoleId, "run" | "group" | "metric">;

/** One fitted parameter, declared as data so fitter, bootstrap and output never branch on the law. */
export interface LawParameter {
  /** Name in output and on the command line, e.g. "E", "A", "alpha". */
  readonly name: string;
  /** Fitted as ln(value) ("log": value stays positive) or as the value itself ("linear"). */
  readonly space: "log" | "linear";
  /** Name of the fitted coordinate, e.g. "e" for ln E. */
  readonly fitName: string;
  /** Plausible range in natural units; a fit at or beyond it is flagged, never clipped silently. */
  readonly bounds: readonly [number, number];
  /** Initialisation values in fit space; the multi-start grid is their Cartesian product. */
  readonly grid: readonly number[];
  readonly description: string;
  /** Set when the parameter is a location on an input (a break of a broken power law): it should lie within the data's range. */
  readonly locationOn?: RunInput;
}

/** Inputs of a data set as natural logs, column per input, all of length n. */
export interface LawInputs {
  readonly n: number;
  readonly log: Partial<Record<RunInput, Float64Array>>;
}

export interface LawReference {
  readonly citation: string;
  readonly section: string;
  /** What N means in the paper's fit. */
  readonly paramConvention: "total" | "nonEmbedding" | "active";
  readonly note?: string;
}

/** Closed-form compute-optimal split of a FLOP budget under C = 6·N·D. */
export interface Allocation {
  readonly params: number;
  readonly tokens: number;
}

export interface Law {
  readonly id: string;
  readonly title: string;
  /** Plain-text formula, e.g. "L = E + A/N^alpha + B/D^beta". */
  readonly formula: string;
  readonly tex: string;
  /** How the law is evaluated when fitting, e.g. the log-sum-exp form. */
  readonly fitForm: string;
  readonly inputs: readonly RunInput[];
  /** What the law predicts: the run's loss in nats (default), or a benchmark metric (error or accuracy, a fraction). */
  readonly target?: "loss" | "metric";
  /** Build options this instance was made with (e.g. the power law's x), recorded in every result. */
  readonly options?: Readonly<Record<string, string>>;
  readonly parameters: readonly LawParameter[];
  readonly reference: LawReference;
  /**
   * ln L̂ for every point; when `jacobian` is given also ∂ ln L̂_i / ∂ θ_j in
   * row-major order (n × p), θ in fit space. Must stay finite for inputs up to 1e30.
   */
  logPredict(theta: ArrayLike<number>, inputs: LawInputs, out: Float64Array, jacobian?: Float64Array): void;
  /**
   * Optional fused kernel, for speed only (≈ 1.6× faster than the generic
   * Jacobian path): returns Σ_i w_i ρ_δ(z_i) with z_i = (y_i − ln L̂_i)·invScale,
   * writes its gradient over θ into `grad` and Σ_i w_i ψ_δ(z_i)·z_i into
   * `extra[0]`. Must agree with `logPredict` (a test checks every law that has one).
   */
  huberKernel?(
    theta: ArrayLike<number>, inputs: LawInputs, logLoss: Float64Array, weights: Float64Array,
    delta: number, invScale: number, grad: Float64Array, extra: Float64Array,
  ): number;
  /**
   * Optional linear structure for variable projection (Golub & Pereyra 1973):
   * for fixed values of the `nonlinear` parameters the loss is a non-negative
   * combination of basis columns with the `coefficients` as weights.
   */
  linearForm?: {
    readonly coefficients: readonly string[];
    readonly nonlinear: readonly string[];
    /** Grid of the nonlinear parameters (natural units), their Cartesian product is searched. */
    readonly grids: readonly (readonly number[])[];
    /** Basis columns at the nonlinear values, row-major n × coefficients.length. */
    columns(nonlinear: readonly number[], inputs: LawInputs, out: Float64Array): void;
  };
  /** Set on a law made by `constrainLaw`: what was fixed and tied (such a law is not in the registry). */
  readonly constraints?: { readonly fix: Readonly<Record<string, number>>; readonly tie: Readonly<Record<string, string>> };
  /** With constraints: the base law's full parameter values from the free ones. */
  expand?(values: Readonly<Record<string, number>>): Record<string, number>;
  /** Sentences for fitted values that cannot be true of the target (e.g. an accuracy ceiling above 1); none when all is well. */
  implausible?(values: Readonly<Record<string, number>>): string[];
  /** Quantities derived from natural parameter values (e.g. the allocation exponents a, b and G). */
  derived?(values: Readonly<Record<string, number>>): Record<string, number>;
  /** Closed-form compute-optimal allocation for `flops` (C = 6ND), if the law has one. */
  allocate?(values: Readonly<Record<string, number>>, flops: number): Allocation;
}
