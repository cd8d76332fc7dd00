/**
 * A name that no registry knows (a law, a published law, a GPU, a law's
 * parameter, a figure, an input format). A RangeError, so callers that treat
 * bad values alike still may; the CLI maps it to exit code 2 with code
 * `unknown-name`, as it does unknown option values.
 */
export class UnknownNameError extends RangeError {
  override name = "UnknownNameError";
  readonly code = "unknown-name";
}

/**
 * Runs that a method cannot use as they are (N, D or C missing where the
 * method needs all three). A RangeError; the CLI maps it to exit 1 with code
 * `missing-column`, like a missing column.
 */
export class UnusableRunsError extends RangeError {
  override name = "UnusableRunsError";
  readonly code = "missing-column";
}

/**
 * A figure with no finite value to draw (a degenerate fit whose frontier
 * overflows everywhere). The CLI maps it to exit 3 with code `non-finite`;
 * a report leaves that figure out and lists the ones it drew.
 */
export class NothingToDrawError extends RangeError {
  override name = "NothingToDrawError";
  readonly code = "non-finite";
}

/**
 * Options that contradict each other or leave something out (a budget given
 * two ways, a price without a GPU). A RangeError; the CLI maps it to exit 2
 * with code `bad-option`, as commander's own option errors.
 */
export class BadOptionError extends RangeError {
  override name = "BadOptionError";
  readonly code = "bad-option";
}
