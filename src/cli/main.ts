/** The `scalecast` binary: the CLI kernel on the process's own streams. */
import { guardClosedPipes } from "../node/io.js";
import { run } from "./run.js";

guardClosedPipes();
process.exitCode = await run(process.argv.slice(2));
