// Number formats of the workbench (web/src/format.ts) and the command a state corresponds to (web/src/command.ts).
import { describe, expect, it } from "vitest";
import { equivalentCommand } from "../../web/src/command.js";
import { count, readNumber, sig6 } from "../../web/src/format.js";
import { defaultState } from "../../web/src/state.js";

describe("sig6", () => {
  it("sig6(v) writes 6 significant digits, trailing zeros kept", () => {
    expect(sig6(1.8172180958075812)).toBe("1.81722");
    expect(sig6(0.34731049573724576)).toBe("0.347310");
    expect(sig6(2143.4174076614436)).toBe("2143.42");
    expect(sig6(5.76e23)).toBe("5.76000e+23");
    expect(sig6(Number.NaN)).toBe("not finite");
  });
});

describe("count / readNumber", () => {
  it("count(7.32e10) = 73.2 B; readNumber reads suffixes and exponents", () => {
    expect(count(7.32e10)).toBe("73.2 B");
    expect(readNumber("70B")).toBe(7e10);
    expect(readNumber("1.4T")).toBe(1.4e12);
    expect(readNumber("5.76e23")).toBe(5.76e23);
    expect(readNumber("1,000")).toBe(1000);
    expect(readNumber("lots")).toBeNaN();
    // as the CLI reads a quantity (core's readQuantity): an upper-case exponent, P = 1e15, G = B; NaN and ∞ are not numbers
    expect(readNumber("1E23")).toBe(1e23);
    expect(readNumber("2P")).toBe(2e15);
    expect(readNumber("13.7G")).toBe(1.37e10);
    expect(readNumber("1e400")).toBeNaN();
    expect(readNumber("nan")).toBeNaN();
  });
});

describe("equivalentCommand", () => {
  it("equivalentCommand(state) names the CLI flags of the settings and lists runs excluded by hand", () => {
    const state = { ...defaultState(), excludeHighest: 5, objective: "huber-likelihood" as const };
    expect(equivalentCommand(state, { source: "my runs.csv", budgetFlops: 5.76e23, handExcluded: [7, 9] }))
      .toBe("scalecast report 'my runs.csv' --law chinchilla --objective huber-likelihood --exclude-highest-loss 5 --budget-flops 5.76e+23  (and 2 runs excluded by hand in the workbench: lines 7, 9)");
  });
});
