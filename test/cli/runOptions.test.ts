// One vocabulary: every command that reads runs accepts the same column and selection options.
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { backtestCommand } from "../../src/cli/backtest.js";
import { envelopeCommand } from "../../src/cli/envelope.js";
import { fitCommand } from "../../src/cli/fit.js";
import { isoflopCommand } from "../../src/cli/isoflop.js";
import { plotCommand } from "../../src/cli/plot.js";
import { reportCommand } from "../../src/cli/report.js";
import { SELECTION_FLAGS } from "../../src/cli/runOptions.js";
import { ROLES } from "../../src/core/runs/roles.js";

const COMMANDS: Record<string, () => Command> = {
  fit: fitCommand, isoflop: isoflopCommand, backtest: backtestCommand, envelope: envelopeCommand, report: reportCommand, plot: plotCommand,
};
const flags = (cmd: Command) => cmd.options.map((o) => o.long);

describe("commands that read runs", () => {
  const expected = [...ROLES.map((r) => r.flag), ...SELECTION_FLAGS, "--format", "--param-convention"];

  for (const [name, make] of Object.entries(COMMANDS)) {
    it(`${name} accepts every column option (one per role in ROLES) and every selection option`, () => {
      const have = flags(make());
      expect(expected.filter((f) => !have.includes(f))).toEqual([]);
    });
  }

  it("the column options are exactly one per role, with the role's flag", () => {
    expect(ROLES.map((r) => r.flag)).toEqual(ROLES.map((r) => `--${r.id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-col`));
    expect(new Set(ROLES.map((r) => r.flag)).size).toBe(ROLES.length);
  });

  it("every command describes each shared option the same way", () => {
    const describe = (cmd: Command) => new Map(cmd.options.map((o) => [o.long, o.description]));
    const reference = describe(fitCommand());
    for (const make of Object.values(COMMANDS)) {
      const d = describe(make());
      for (const f of expected) expect(d.get(f)).toBe(reference.get(f));
    }
  });
});
