// One vocabulary across the CLI: every subcommand's output, JSON and budget options, and the
// exit-code contract (2 for a bad option or an unknown name) checked command by command.
import type { Command } from "commander";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { COMMANDS as TABLE, EXIT, program } from "../../src/cli/run.js";
import { sansArgv, scalecast } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-vocab-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every leaf command, by its path ("laws show"). */
function leaves(cmd: Command, prefix: string[] = []): Array<[string, Command]> {
  const self: Array<[string, Command]> = prefix.length && (cmd.commands.length === 0 || cmd.options.length > 0) ? [[prefix.join(" "), cmd]] : [];
  return [...self, ...cmd.commands.flatMap((c) => leaves(c, [...prefix, c.name()]))];
}
const FULL = await program([], true);
const COMMANDS = new Map(leaves(FULL));
const option = (cmd: Command, long: string) => cmd.options.find((o) => o.long === long);

// Commands that write a document or a file, commands that print JSON, commands where a compute budget applies.
const WRITES = ["fit", "plan", "flops", "isoflop", "backtest", "report", "demo", "envelope", "plot", "predict", "sweep design", "sweep next", "sweep lr-rule", "samples", "emergence", "observe", "curve fit", "curve predict", "curve optimize", "compare"];
const JSON_DOC = ["fit", "plan", "flops", "isoflop", "backtest", "envelope", "laws", "laws show", "predict", "forecast register", "forecast score", "forecast verify", "sweep design", "sweep run", "sweep status", "sweep compare", "sweep next", "sweep lr-rule", "samples", "emergence", "observe", "curve fit", "curve predict", "curve optimize", "models", "models show", "compare"];
const BUDGET = ["fit", "plan", "isoflop", "report", "demo", "envelope", "plot"];

describe("the top-level help is built without loading the commands", () => {
  it("each command's usage and summary in the lazy table are the built command's own", () => {
    for (const entry of TABLE) {
      const built = FULL.commands.find((c) => c.name() === entry.name)!;
      expect(built.description(), entry.name).toBe(entry.summary);
      const args = built.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`)).join(" ");
      expect(entry.usage, entry.name).toBe(`[options]${args ? ` ${args}` : ""}`);
    }
    expect(TABLE.map((c) => c.name).sort()).toEqual(FULL.commands.map((c) => c.name()).sort());
  });
  it("scalecast --help lists every command with its usage", async () => {
    const { scalecast: cli } = await import("./run.js");
    const r = await cli(["--help"]);
    expect(r.status).toBe(0);
    for (const entry of TABLE) expect(r.stdout).toContain(`${entry.name} ${entry.usage}`);
  });
});

describe("the shared vocabulary", () => {
  it("the program has exactly the commands this test knows about", () => {
    expect([...COMMANDS.keys()].sort()).toEqual(["backtest", "compare", "curve fit", "curve optimize", "curve predict", "demo", "emergence", "envelope", "fit", "flops", "forecast register", "forecast score", "forecast verify", "isoflop", "laws", "laws show", "models", "models show", "observe", "plan", "plot", "predict", "report", "samples", "serve", "sweep compare", "sweep design", "sweep lr-rule", "sweep next", "sweep run", "sweep status"]);
  });
  for (const name of WRITES) {
    it(`${name}: the output file is -o, --out <file> (with --output a hidden alias)`, () => {
      const out = option(COMMANDS.get(name)!, "--out");
      expect(out?.short).toBe("-o");
      expect(out?.flags).toBe("-o, --out <file>");
      expect(out?.description).toMatch(/- writes to standard output/);
      expect(option(COMMANDS.get(name)!, "--output")?.hidden).toBe(true);
    });
  }
  for (const name of JSON_DOC) {
    it(`${name}: --json prints one JSON document`, () => {
      expect(option(COMMANDS.get(name)!, "--json")?.description).toBe(name.startsWith("laws") ? option(COMMANDS.get(name)!, "--json")!.description : "print one JSON document on stdout");
    });
  }
  it("--law names a law form wherever it is shown; a catalog entry is plan --published", () => {
    const forms = ["chinchilla", "power", "data-constrained"];
    for (const [name, cmd] of COMMANDS) {
      const law = option(cmd, "--law");
      // curve fit's --law names a curve law (multipower, momentum): its input is a schedule, not N, D, C
      if (!law || law.hidden || name.startsWith("curve ")) continue;
      expect(law.argChoices ?? forms.filter((f) => law.description.includes(f)), name).toEqual(expect.arrayContaining(forms));
    }
    expect(option(COMMANDS.get("plan")!, "--published")?.argChoices).toContain("hoffmann-2022");
  });
  for (const name of BUDGET) {
    it(`${name}: a compute budget is --budget-flops <C>`, () => {
      expect(option(COMMANDS.get(name)!, "--budget-flops")?.flags).toBe("--budget-flops <C>");
    });
  }
  it("the older names stay as hidden aliases: plan --compute and --law, isoflop and envelope --at", () => {
    expect(option(COMMANDS.get("plan")!, "--compute")?.hidden).toBe(true);
    expect(option(COMMANDS.get("plan")!, "--law")?.hidden).toBe(true);
    expect(option(COMMANDS.get("isoflop")!, "--at")?.hidden).toBe(true);
    expect(option(COMMANDS.get("envelope")!, "--at")?.hidden).toBe(true);
  });
});

describe("the exit-code contract: 2 for a bad option or an unknown name, in every command", () => {
  for (const name of COMMANDS.keys()) {
    it(`${name} --no-such-option exits 2, naming the option`, async () => {
      // with the command's required options, so that the unknown one is the only fault
      const required: Record<string, string[]> = { flops: ["--layers", "2", "--d-model", "64", "--heads", "2", "--vocab", "100", "--seq-len", "16"], plot: ["--figure", "residuals"], predict: ["fit.json", "--at", "flops=1e20"], "forecast register": ["--example", "--at", "flops=1e20", "--ledger", "l.jsonl"], "forecast verify": ["--ledger", "l.jsonl"], "forecast score": ["--ledger", "l.jsonl", "--actual", "a.csv"], "sweep design": ["--budgets", "1e18"], "sweep run": ["spec.json", "--command", "x {out}"], "sweep status": ["spec.json"], "sweep compare": ["spec.json"], "sweep next": ["spec.json"], "sweep lr-rule": ["grid.csv"], samples: ["s.csv"], "curve fit": ["c.csv"], "curve predict": ["fit.json", "--schedule", "constant:steps=10,peak=1"], "curve optimize": ["fit.json", "--steps", "10", "--peak", "1", "--final", "0.1"] };
      const r = await scalecast([...name.split(" "), ...(required[name] ?? []), "--no-such-option"]);
      expect(r.status, r.stderr).toBe(EXIT.options);
      expect(r.stderr).toMatch(/unknown option '--no-such-option'/);
    });
  }
  const csv = join(dir, "runs.csv");
  writeFileSync(csv, "N,D,loss\n1e8,2e9,3.1\n2e8,4e9,2.9\n4e8,8e9,2.7\n8e8,1.6e10,2.55\n1.6e9,3.2e10,2.45\n3.2e9,6.4e10,2.37\n");
  const unknownNames: Array<[string, string[], RegExp]> = [
    ["fit", ["fit", csv, "--law", "nope"], /'nope' is invalid/],
    ["fit --fix", ["fit", csv, "--fix", "Q=1"], /no parameter "Q".*\[unknown-name\]/s],
    ["fit --tie", ["fit", csv, "--tie", "alpha=gamma"], /no parameter "gamma".*\[unknown-name\]/s],
    ["plan --gpu", ["plan", "--gpus", "8", "--gpu", "v100", "--days", "3"], /unknown GPU "v100".*\[unknown-name\]/s],
    ["plan --published", ["plan", "--budget-flops", "1e23", "--published", "nope"], /'nope' is invalid/],
    ["laws show", ["laws", "show", "nope"], /unknown law "nope".*\[unknown-name\]/s],
    ["backtest --law", ["backtest", csv, "--law", "nope"], /unknown law "nope"/],
    ["report --compare", ["report", csv, "--compare", "nope", "-o", join(dir, "r.html")], /unknown law "nope"/],
    ["plot --figure", ["plot", csv, "--figure", "nope", "-o", join(dir, "f.svg")], /'nope' is invalid/],
    ["isoflop --format", ["isoflop", csv, "--format", "nope"], /'nope' is invalid/],
    ["envelope --format", ["envelope", csv, "--format", "nope"], /'nope' is invalid/],
    ["predict --at", ["predict", join(dir, "fit.json"), "--at", "nope=1"], /unknown input "nope"; a point names params, tokens, flops/],
  ];
  for (const [label, args, message] of unknownNames) {
    it(`${label}: an unknown name exits 2 with a message that names it`, async () => {
      const r = await scalecast(args);
      expect(r.status, r.stderr).toBe(EXIT.options);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain("internal error");
    });
  }
  it("two names for one thing that disagree are refused (exit 2): --budget-flops with --compute, --out with --output", async () => {
    const plan = await scalecast(["plan", "--budget-flops", "1e23", "--compute", "1e22", "--law", "hoffmann-2022"]);
    expect(plan.status).toBe(EXIT.options);
    expect(plan.stderr).toMatch(/--compute .* and --budget-flops 1e\+23 disagree/);
    const fit = await scalecast(["fit", csv, "--law", "power", "--x", "flops", "--out", join(dir, "a.json"), "--output", join(dir, "b.json")]);
    expect(fit.status).toBe(EXIT.options);
  });
  it("--bootstrap 1 is refused wherever 0 means no intervals (one resample has no 2.5% and 97.5% points): samples, emergence, observe", async () => {
    // before: samples printed "no intervals (--bootstrap 0)" and observe "95% intervals from 1 resamples", both exit 0
    for (const args of [["samples", "--example"], ["emergence", "--example"], ["observe", csv, "--metric", "loss"]]) {
      const r = await scalecast([...args, "--bootstrap", "1"]);
      expect(r.status, args[0]).toBe(EXIT.options);
      expect(r.stderr, args[0]).toContain('expected 0 (no intervals) or a whole number ≥ 2, got "1"');
    }
  });
});

describe("-o / --out, the same everywhere", () => {
  it("plan --compute and plan --budget-flops give the same plan; isoflop --at is --budget-flops", async () => {
    const a = await scalecast(["plan", "--compute", "5.76e23", "--law", "hoffmann-2022", "--json"]);
    const b = await scalecast(["plan", "--budget-flops", "5.76e23", "--law", "hoffmann-2022", "--json"]);
    expect(a.status).toBe(0);
    expect(sansArgv(a.stdout)).toEqual(sansArgv(b.stdout));
  });
  it("fit -o - prints the JSON document on stdout (as --json), and -o FILE writes the same document, leaving no temporary file", async () => {
    const viaDash = await scalecast(["fit", "--example", "-o", "-"]);
    const viaJson = await scalecast(["fit", "--example", "--json"]);
    expect(viaDash.status).toBe(0);
    expect(JSON.parse(viaDash.stdout).params).toEqual(JSON.parse(viaJson.stdout).params);
    const file = join(dir, "fit.json");
    const viaFile = await scalecast(["fit", "--example", "--output", file]);
    expect(viaFile.status).toBe(0);
    expect(viaFile.stdout).toMatch(/^scalecast fit: /);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
  it("plot --output FILE is accepted (the alias), and plot -o - writes the SVG to stdout and its summary to stderr", async () => {
    const svg = await scalecast(["plot", "--example", "--figure", "residuals", "-o", "-"]);
    expect(svg.status, svg.stderr).toBe(0);
    expect(svg.stdout.startsWith("<svg")).toBe(true);
    expect(svg.stderr).toMatch(/wrote the figure to standard output/);
    const file = await scalecast(["plot", "--example", "--figure", "residuals", "--output", join(dir, "r.svg")]);
    expect(file.status, file.stderr).toBe(0);
    const none = await scalecast(["plot", "--example", "--figure", "residuals"]);
    expect(none.status).toBe(EXIT.options);
    expect(none.stderr).toMatch(/required option '-o, --out <file>'/);
  });
  it("report -o - writes the HTML to stdout, not a file named -", async () => {
    const r = await scalecast(["report", "--example", "--bootstrap", "20", "-o", "-"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.toLowerCase().startsWith("<!doctype html>")).toBe(true);
    expect(readdirSync(process.cwd())).not.toContain("-");
  });
  it("--out with an empty name is refused, not silently skipped", async () => {
    const r = await scalecast(["fit", "--example", "--out", ""]);
    expect(r.status).toBe(EXIT.input);
    expect(r.stderr).toMatch(/output file name is empty/);
  });
});
