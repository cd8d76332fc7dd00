// The published package: `npm pack` holds everything `serve`, `demo` and `fit --example` need.
// The tarball is unpacked into a scratch folder's node_modules/scalecast, beside links to the
// dependencies this checkout installed (no network), and run from there, outside the checkout.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "../cli/run.js";

const scratch = mkdtempSync(join(tmpdir(), "scalecast-pack-"));
const pkg = join(scratch, "node_modules", "scalecast");
const BIN = join(pkg, "bin", "scalecast.js");
let files: string[] = [];
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(() => {
  ensureBuilt();
  const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = info.files.map((f) => f.path);
  mkdirSync(pkg, { recursive: true });
  const untar = spawnSync("tar", ["-xzf", join(scratch, info.filename), "-C", pkg, "--strip-components=1"], { encoding: "utf8" });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  for (const name of readdirSync(join(ROOT, "node_modules"))) {
    if (name === ".bin" || name === "scalecast" || name.startsWith(".")) continue;
    symlinkSync(join(ROOT, "node_modules", name), join(scratch, "node_modules", name));
  }
}, 180_000);

const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: scratch, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } });

describe("the package from npm pack, installed outside the checkout", () => {
  it("holds the CLI, the library, the built workbench and the licence, and no sources or tests", () => {
    for (const f of ["bin/scalecast.js", "dist/cli/main.js", "dist/core/index.js", "dist/core/index.d.ts", "dist-web/index.html", "LICENSE", "package.json", "README.md"]) expect(files, f).toContain(f);
    expect(files.some((f) => f.startsWith("dist-web/assets/") && f.endsWith(".js"))).toBe(true);
    expect(files.filter((f) => /^(src|test|web|bench|scripts)\//.test(f))).toEqual([]);
    expect(readFileSync(join(pkg, "LICENSE"), "utf8")).toMatch(/^MIT License/);
  });

  it("fit --example runs from it (Chinchilla form, 81 simulated rows)", () => {
    const r = run(["fit", "--example"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^scalecast fit: Chinchilla parametric loss/);
    expect(r.stdout).toContain("81 rows read, 81 used");
  });

  it("demo writes a self-contained report from it", () => {
    const out = join(scratch, "report.html");
    const r = run(["demo", "-o", out]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html.toLowerCase().startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/); // offline: no script from the network
  });

  it("serve serves the workbench page and its scripts from it, then stops on SIGTERM", async () => {
    expect(existsSync(join(pkg, "dist-web", "index.html"))).toBe(true);
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0"], { cwd: scratch, stdio: ["ignore", "pipe", "pipe"] });
    const url = await new Promise<string>((ok, fail) => {
      let text = "";
      child.stdout.on("data", (c) => { text += c; const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(text); if (m) ok(m[0]); });
      child.on("exit", (code) => fail(new Error(`serve exited ${code}`)));
    });
    const get = (path: string) => new Promise<{ status: number; body: string }>((ok, fail) => {
      const u = new URL(path, url);
      request({ host: u.hostname, port: u.port, path: u.pathname }, (res) => {
        let body = "";
        res.on("data", (c) => { body += c; });
        res.on("end", () => ok({ status: res.statusCode ?? 0, body }));
      }).on("error", fail).end();
    });
    const page = await get("/");
    expect(page.status).toBe(200);
    const script = /src="\.\/(assets\/index-[^"]+\.js)"/.exec(page.body);
    expect(script, page.body.slice(0, 300)).not.toBeNull();
    expect((await get(`/${script![1]}`)).status).toBe(200);
    const exited = new Promise<number | null>((ok) => child.on("exit", ok));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
