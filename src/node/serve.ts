/**
 * A static file server for the built workbench, bound to 127.0.0.1 only: it
 * serves files under one folder (no directory listing, no path outside it)
 * with their content types, and nothing else. Symlinks are resolved before the
 * containment check; requests whose Host is not 127.0.0.1 or localhost at this
 * port are refused (DNS rebinding); an unreadable file drops its response only.
 */
import { createReadStream, realpathSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
  ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8", ".map": "application/json", ".wasm": "application/wasm",
};

export interface Serving {
  server: Server;
  url: string;
  port: number;
}

/** The Host headers a request to 127.0.0.1:port may carry; browsers omit the port when it is http's default, 80. */
export function hostsFor(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, ...(port === 80 ? ["127.0.0.1", "localhost"] : [])]);
}

/** Serves `root` on 127.0.0.1:`port` (0: any free port). Resolves once listening. */
export function serveStatic(root: string, port: number): Promise<Serving> {
  const base = realpathSync(resolve(root));
  let allowedHosts = new Set<string>();
  const server = createServer((req, res) => {
    // DNS rebinding: a page on another name that resolves to 127.0.0.1 must not read these files
    if (!allowedHosts.has(String(req.headers.host ?? "").toLowerCase())) { res.writeHead(421, { "Content-Type": "text/plain; charset=utf-8" }).end("misdirected request"); return; }
    if (req.method !== "GET" && req.method !== "HEAD") { res.writeHead(405, { Allow: "GET, HEAD" }).end(); return; }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    const wanted = resolve(join(base, normalize(path.endsWith("/") ? path + "index.html" : path)));
    let file: string;
    try {
      file = realpathSync(wanted); // symlinks resolved, so a link cannot lead outside the folder
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found");
      return;
    }
    if (!file.startsWith(base + sep)) { res.writeHead(403).end(); return; }
    let isFile = false;
    try { isFile = statSync(file).isFile(); } catch { /* removed since realpath: not found */ }
    if (!isFile) { res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found"); return; }
    res.writeHead(200, {
      "Content-Type": TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-cache",
    });
    if (req.method === "HEAD") { res.end(); return; }
    const stream = createReadStream(file);
    stream.on("error", () => res.destroy()); // unreadable, or removed since: drop this response, keep serving
    stream.pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      allowedHosts = hostsFor(actual);
      ok({ server, url: `http://127.0.0.1:${actual}/`, port: actual });
    });
  });
}
