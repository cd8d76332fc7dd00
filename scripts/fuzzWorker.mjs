// One fuzz worker: runs `scalecast ARGV` in-process through the CLI kernel (dist/cli/run.js) for
// each case the harness sends, and answers with the exit code and captured output.
import { parentPort } from "node:worker_threads";
import { run } from "../dist/cli/run.js";

parentPort.on("message", async ({ id, argv }) => {
  const stdout = [], stderr = [];
  const io = { stdout: (c) => stdout.push(typeof c === "string" ? c : `<${c.length} bytes>`), stderr: (t) => stderr.push(t), interactive: false, stdin: new Uint8Array() };
  let status;
  try {
    status = await run(argv, io);
  } catch (e) {
    status = 70;
    stderr.push(`internal error (escaped run): ${e?.stack ?? e}`);
  }
  parentPort.postMessage({ id, status, stdout: stdout.join(""), stderr: stderr.join("") });
});
