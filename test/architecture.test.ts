import { readFileSync, readdirSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { TOOL } from "../src/core/version.js";

/** The repository root, whatever the working directory: paths below are relative to it. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

function files(dir: string): string[] {
  if (!dir.startsWith("/")) return files(join(ROOT, dir));
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Every module a file imports (static, dynamic, re-export), parsed by the TypeScript compiler, relative ones resolved to a path under the repository. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return info.importedFiles.map(({ fileName: m }) => (m.startsWith(".") ? relative(ROOT, resolve(dirname(file), m)) : m));
}

const NODE_BUILTINS = new Set(builtinModules);
const isNodeApi = (m: string) => m.startsWith("node:") || NODE_BUILTINS.has(m.split("/")[0]);

/** Identifiers used as values (not property names, not text inside strings): `process`, `document`, `window`, `require`, `Buffer`, `globalThis`. */
function hostGlobals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && ["process", "document", "window", "require", "Buffer", "globalThis"].includes(node.text)) {
      const parent = node.parent;
      const isName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isParameter(parent) || ts.isBindingElement(parent);
      if (!isName) found.push(`${node.text} (line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("architecture", () => {
  it("src/core imports no Node API, no src/node or src/cli, and touches no process, file system or DOM (DESIGN.md layers)", () => {
    for (const f of files("src/core")) {
      for (const m of importsOf(f)) {
        expect(isNodeApi(m), `${f} imports ${m}`).toBe(false);
        expect(m.startsWith("src/node") || m.startsWith("src/cli"), `${f} imports ${m}`).toBe(false);
        // npm packages core may use: pure JavaScript that runs in the browser too (DESIGN.md's choices)
        if (!m.startsWith("src/")) expect(["hyparquet", "papaparse", "protobufjs", "zod"], `${f} imports ${m}`).toContain(m.split("/")[0]);
      }
      expect(hostGlobals(f), f).toEqual([]);
    }
  });

  it("web/ imports only src/core, its own files and browser packages: never src/cli, src/node or a Node API", () => {
    const webFiles = files("web/src");
    expect(webFiles.length).toBeGreaterThan(10);
    for (const f of webFiles) {
      for (const m of importsOf(f)) {
        expect(isNodeApi(m), `${f} imports ${m}`).toBe(false);
        if (m.startsWith("src/")) expect(m.startsWith("src/core/"), `${f} imports ${m}`).toBe(true);
        else if (!m.startsWith("web/") && !m.startsWith("node_modules/")) expect(["vega", "vega-lite"], `${f} imports ${m}`).toContain(m);
      }
    }
  });

  it("src/node never imports src/cli (the CLI sits on top of node, not under it)", () => {
    for (const f of files("src/node")) for (const m of importsOf(f)) expect(m.startsWith("src/cli"), `${f} imports ${m}`).toBe(false);
  });

  it("src/core never branches on a law id outside the law's own file (STYLE.md habit 2)", () => {
    for (const f of files("src").filter((p) => !p.includes("/laws/"))) {
      expect(readFileSync(f, "utf8"), f).not.toMatch(/law\.id\s*[!=]==|\.(id|law)\s*[!=]==\s*["'](chinchilla|power|kaplan-nd)["']/);
    }
  });

  it("the version stamped on JSON documents is package.json's", () => {
    expect(TOOL.version).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
  });
});
