// The workbench build: `npm run build:web` → dist-web/, a static folder with relative asset paths
// (base "./") that works from any URL path, makes no request outside its own origin, and runs
// the fit in a module Web Worker.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root: webRoot,
  base: "./",
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL("../dist-web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // no data: URLs for assets: every file is served from the folder itself
    assetsInlineLimit: 0,
    // Vega (≈ 1 MB) is one chunk; the report's inlined runtime is a second, loaded on export only
    chunkSizeWarningLimit: 2500,
    modulePreload: { polyfill: false },
  },
  worker: { format: "es" },
  server: { fs: { allow: [repoRoot] } },
  preview: { port: 4173, strictPort: true, host: "127.0.0.1" },
});
