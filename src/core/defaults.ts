/**
 * The defaults every front end shares (CLI, workbench, library), written once.
 */

/** Seed of the built-in example sweep and of the bootstrap. */
export const DEFAULT_SEED = 42;

/** Huber threshold on ln-loss residuals (Hoffmann et al. 2022, Approach 3). */
export const DEFAULT_DELTA = 1e-3;

/** Compute budget for N*, D*: Gopher's 5.76e23 FLOPs, at which Hoffmann et al. quote their allocation. */
export const DEFAULT_BUDGET_FLOPS = 5.76e23;
