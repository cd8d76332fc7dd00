/**
 * Stopping tolerances of the fitting driver, named once. L-BFGS stops when
 * f_k − f_{k+1} ≤ ftol · max(|f_k|, |f_{k+1}|) or max_i |g_i| ≤ gtol.
 */

/**
 * Survey stage: relative decrease ≤ 1e-6 — scipy L-BFGS-B's default test
 * (f_k − f_{k+1} ≤ 2.2e-9·max(|f_k|, |f_{k+1}|, 1)) at the Chinchilla objective,
 * f ≈ 1e-3, is 2.2e-6 relative. Survey end points are polished afterwards.
 */
export const SURVEY_FTOL = 1e-6;
/** Polish stage: relative decrease ≤ 1e-13 — the last digits of a summed Huber objective ≈ 1e-3. */
export const POLISH_FTOL = 1e-13;
/**
 * Bootstrap refits: 1e-10, applied by the Newton refits of the summed Huber as
 * "a full Newton step predicts a decrease ≤ 1e-10·|f|" (or a step decreased f
 * by ≤ 1e-10 relative), and by L-BFGS refits as the relative decrease. A
 * resample's estimate moves by ≈ SE ≫ the precision this leaves (Chinchilla,
 * 4,000 resamples: Newton refits agree with L-BFGS refits to 1e-13 within
 * 7e-4 SE per resample, their SEs within 3e-6). For L-BFGS 1e-8 is too loose:
 * refits stop near their start and SEs shrink by ≈ 10%. The Newton test
 * predicts the remaining decrease; at 1e-8 its SEs moved by 2e-5 (2026-12-01).
 */
export const BOOTSTRAP_FTOL = 1e-10;
/** Polish stage: or max |g_i| ≤ 1e-10. */
export const POLISH_GTOL = 1e-10;
/**
 * A start "reached the best objective" when f ≤ f_best·(1 + AT_BEST_RTOL) + n·AT_BEST_ATOL_PER_POINT:
 * relative for real data, with an absolute floor so that exact (noise-free)
 * data, where f_best ≈ 1e-25, do not make every start look different.
 */
export const AT_BEST_RTOL = 1e-6;
export const AT_BEST_ATOL_PER_POINT = 1e-16;

/** Whether f reached the best objective `best` on a data set of n points. */
export function reachedBest(f: number, best: number, n: number): boolean {
  return f <= best * (1 + AT_BEST_RTOL) + n * AT_BEST_ATOL_PER_POINT;
}
