/** `scalecast serve`: the built workbench on 127.0.0.1. */
import { out } from "../node/io.js";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError } from "commander";
import { serveStatic } from "../node/serve.js";
import { UserInputError } from "./errors.js";

/** dist-web beside dist/ in the package (npm run build:web writes it). */
export const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "dist-web");

function port(value: string): number {
  const v = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || v > 65535) throw new InvalidArgumentError(`expected a port from 0 to 65535 (0: any free port), got "${value}"`);
  return v;
}

export function serveCommand(): Command {
  return new Command("serve")
    .description("serve the browser workbench on 127.0.0.1 (only this machine can reach it) and print its URL")
    .option("--port <p>", "port (0: any free port)", port, 4173)
    .option("--root <dir>", "folder to serve (default: the package's built workbench, dist-web)")
    .action(async (opts: { port: number; root?: string }) => {
      const root = opts.root ?? WEB_ROOT;
      if (!existsSync(join(root, "index.html"))) {
        throw new UserInputError(opts.root !== undefined
          ? `no index.html in ${root}: --root must be a built workbench folder`
          : `this installation has no built workbench (${root}/index.html is missing): reinstall scalecast; in a source checkout, \`npm run build:web\` builds it`);
      }
      let serving;
      try {
        serving = await serveStatic(root, opts.port);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new UserInputError(code === "EADDRINUSE" ? `port ${opts.port} on 127.0.0.1 is in use: choose another with --port, or --port 0 for any free one` : `cannot listen on 127.0.0.1:${opts.port}: ${(e as Error).message}`);
      }
      out(`scalecast workbench: ${serving.url}\n  serving ${root} on 127.0.0.1 only; Ctrl-C stops it\n`);
      const stop = () => { serving.server.close(); process.exit(0); };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
