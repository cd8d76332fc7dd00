// The command a workbench state corresponds to (web/src/command.ts), printed in an exported report: the
// selection settings appear as the CLI's own options, column options come from the ROLES registry.
import { describe, expect, it } from "vitest";
import { equivalentCommand } from "../../web/src/command.js";
import { defaultState } from "../../web/src/state.js";

describe("equivalentCommand", () => {
  it("equivalentCommand(default state) is `scalecast report FILE --law chinchilla --budget-flops C`", () => {
    expect(equivalentCommand(defaultState(), { source: "runs.csv", budgetFlops: 5.76e23 })).toBe("scalecast report runs.csv --law chinchilla --budget-flops 5.76e+23");
  });

  it("equivalentCommand(selection) gives one --where per filter, --best-of, --last-checkpoint, --pool-groups and --exclude-highest-loss", () => {
    const state = { ...defaultState(), where: ["dataset=rpj", "params<1.25e9"], bestOf: ["lr", "bs"], lastCheckpoint: true, poolGroups: true, excludeHighest: 2 };
    expect(equivalentCommand(state, { source: "steplaw.csv", budgetFlops: 1e21 })).toBe(
      "scalecast report steplaw.csv --law chinchilla --where dataset=rpj --where 'params<1.25e9' --best-of lr,bs --last-checkpoint --pool-groups --exclude-highest-loss 2 --budget-flops 1e+21");
  });

  it("equivalentCommand(columns chosen by hand) uses each role's flag (--batch-col, --unique-tokens-col), never --group-col", () => {
    const state = { ...defaultState(), columns: { batch: "global batch", uniqueTokens: "U", group: "family" } };
    expect(equivalentCommand(state, { source: "a.csv", budgetFlops: 1e21 })).toBe("scalecast report a.csv --law chinchilla --batch-col 'global batch' --unique-tokens-col U --budget-flops 1e+21");
  });
});
