import { BadOptionError, UnknownNameError } from "../core/errors.js";

/** A problem with what the user asked for (a value, a file's contents): exit 1 with the message, no stack. */
export class UserInputError extends Error {
  override name = "UserInputError";
  /** The refusal's code in --json output. */
  readonly code = "bad-input";
}

/** Runs a core call that validates user input, turning its RangeError into a UserInputError. */
export function userInput<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UnknownNameError || err instanceof BadOptionError) throw err;
    if (err instanceof RangeError) throw new UserInputError(err.message);
    throw err;
  }
}

/** A bad option value or combination: exit 2 (as commander's own option errors) with code `bad-option`. */
export class OptionError extends Error {
  override name = "OptionError";
  readonly code = "bad-option";
}
