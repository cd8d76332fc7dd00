// The workbench as built from these sources, served by `scalecast serve`'s server, in Debian's chromium.
import { chromium, type Browser, type Page } from "playwright-core";
import { WEB_ROOT } from "../../src/cli/serve.js";
import { serveStatic, type Serving } from "../../src/node/serve.js";
import { CHROMIUM } from "./browser.js";

export interface Watch { errors: string[]; foreign: string[] }

export interface Workbench {
  url: string;
  /** A new page at `hash` (or the bare page), ready; console errors and requests leaving the origin are collected in `watch`. */
  open(hash?: string, width?: number, height?: number): Promise<{ page: Page; watch: Watch }>;
  close(): Promise<void>;
}

export async function startWorkbench(): Promise<Workbench> {
  // dist-web/ is built from these sources by test/globalSetup.ts, once before any test file
  const serving: Serving = await serveStatic(WEB_ROOT, 0);
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  return {
    url: serving.url,
    async open(hash = "", width = 1280, height = 800) {
      const page = await browser.newPage({ viewport: { width, height }, acceptDownloads: true });
      const watch: Watch = { errors: [], foreign: [] };
      page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") watch.errors.push(`${m.type()}: ${m.text()}`); });
      page.on("pageerror", (e) => watch.errors.push(`pageerror: ${e.message}`));
      page.on("request", (r) => { const u = r.url(); if (!u.startsWith(serving.url) && !u.startsWith("blob:") && !u.startsWith("data:")) watch.foreign.push(u); });
      await page.goto(serving.url + hash);
      await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
      return { page, watch };
    },
    async close() { await browser.close(); serving.server.close(); },
  };
}

/** A number the page keeps in an element's data-value. */
export const dataValue = async (page: Page, sel: string): Promise<number> => Number(await page.getAttribute(sel, "data-value"));

/** Opens the built-in example and waits for its full fit. */
export async function fitExample(page: Page): Promise<void> {
  await page.click("#open-example");
  await page.click("#fit-button");
  await page.waitForSelector('#fit-results[data-state="done"]', { timeout: 60_000 });
}
