// `scalecast serve`: static files on 127.0.0.1 only, nothing outside the served folder.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostsFor, serveStatic, type Serving } from "../../src/node/serve.js";
import { ensureBuilt, ROOT } from "../cli/run.js";

const root = mkdtempSync(join(tmpdir(), "scalecast-serve-"));
mkdirSync(join(root, "assets"));
writeFileSync(join(root, "index.html"), "<!doctype html><title>wb</title>");
writeFileSync(join(root, "assets", "app.js"), "console.log(1)");
writeFileSync(join(root, "..", "scalecast-serve-secret.txt"), "secret");
symlinkSync(join(root, "..", "scalecast-serve-secret.txt"), join(root, "link.txt"));
symlinkSync(join(root, ".."), join(root, "dirlink"));

/** A raw GET (no URL normalisation by a client library), returning status, type and body. */
function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; type: string; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET", headers: { Host: host } }, (res) => {
      let body = "";
      res.on("data", (c) => { body += c; });
      res.on("end", () => ok({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), body }));
    });
    req.on("error", fail);
    req.end();
  });
}

describe("serveStatic", () => {
  let s: Serving;
  beforeAll(async () => { s = await serveStatic(root, 0); });
  afterAll(() => { s.server.close(); });

  it("listens on 127.0.0.1 only and serves index.html at / with its content type", async () => {
    const address = s.server.address();
    expect(typeof address === "object" && address?.address).toBe("127.0.0.1");
    const r = await get(s.port, "/");
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/html/);
    expect(r.body).toContain("<title>wb</title>");
    expect((await get(s.port, "/assets/app.js")).type).toMatch(/^text\/javascript/);
  });

  it("never serves a file outside its folder (plain or percent-encoded ..) and 404s a missing one", async () => {
    for (const path of ["/../scalecast-serve-secret.txt", "/%2e%2e/scalecast-serve-secret.txt", "/assets/%2e%2e/%2e%2e/scalecast-serve-secret.txt",
      "/..%2fscalecast-serve-secret.txt", "/link.txt", "/dirlink/scalecast-serve-secret.txt"]) {
      const r = await get(s.port, path);
      expect(r.body, path).not.toContain("secret");
      expect([403, 404], path).toContain(r.status);
    }
    expect((await get(s.port, "/nope.js")).status).toBe(404);
  });

  it("refuses a request addressed to another host name (DNS rebinding) and accepts localhost", async () => {
    expect((await get(s.port, "/", "evil.example")).status).toBe(421);
    expect((await get(s.port, "/", `evil.example:${s.port}`)).status).toBe(421);
    expect((await get(s.port, "/", `localhost:${s.port}`)).status).toBe(200);
  });

  it("on port 80 a Host without the port is accepted (browsers omit the default port); on any other port it is not", () => {
    expect([...hostsFor(80)].sort()).toEqual(["127.0.0.1", "127.0.0.1:80", "localhost", "localhost:80"]);
    expect(hostsFor(8080).has("127.0.0.1")).toBe(false);
    expect(hostsFor(8080).has("localhost:8080")).toBe(true);
  });

  it("keeps serving while files vanish mid-request (200 requests racing 200 deletions): every answer is 200 or 404", async () => {
    const file = join(root, "assets", "flaky.js");
    const statuses: number[] = [];
    for (let k = 0; k < 200; k++) {
      writeFileSync(file, "x".repeat(10_000));
      const pending = get(s.port, "/assets/flaky.js").then((r) => statuses.push(r.status), () => statuses.push(-1));
      if (k % 2 === 0) rmSync(file, { force: true }); else setImmediate(() => rmSync(file, { force: true }));
      await pending;
    }
    expect(statuses.every((x) => x === 200 || x === 404), statuses.join(",")).toBe(true);
    expect((await get(s.port, "/")).status).toBe(200); // the server is still up
  });
});

describe("scalecast serve", () => {
  beforeAll(ensureBuilt);

  it("prints a 127.0.0.1 URL that serves the folder, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [join(ROOT, "bin", "scalecast.js"), "serve", "--port", "0", "--root", root], { stdio: ["ignore", "pipe", "pipe"] });
    const url = await new Promise<string>((ok, fail) => {
      let out = "";
      child.stdout.on("data", (c) => { out += c; const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out); if (m) ok(m[0]); });
      child.on("exit", (code) => fail(new Error(`serve exited ${code}`)));
    });
    const port = Number(new URL(url).port);
    expect((await get(port, "/")).status).toBe(200);
    const exited = new Promise<number | null>((ok) => child.on("exit", (code) => ok(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
