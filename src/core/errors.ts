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
