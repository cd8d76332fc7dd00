// The progressive loop (issue 13, item 4): the next runs from the runs done, each with its reason.
import { describe, expect, it } from "vitest";
import { publishedLaw } from "../../../src/core/catalog/publishedLaws.js";
import { getLaw } from "../../../src/core/laws/registry.js";
import { allocateWithLaw } from "../../../src/core/plan/allocate.js";
import { designSweep, type SweepDesign } from "../../../src/core/sweep/design.js";
import { proposeNext, type DoneRun } from "../../../src/core/sweep/next.js";

const entry = publishedLaw("hoffmann-2022");
const law = getLaw(entry.law!.lawId);
const truth = { ...entry.law!.values };
const loss = (v: Record<string, number>, n: number, d: number) => v.E + v.A / n ** v.alpha + v.B / d ** v.beta;
const base = { prior: { name: "hoffmann-2022", law, values: truth, paramConvention: "total" as const }, vocab: 8192, seqLen: 512, layout: "llama" as const, hardware: { gpu: "h100", peakFlops: 989e12, mfu: 0.4, gpusPerRun: 1 }, constraints: {} };
/** Runs done with the law's loss times a fixed ±1% wobble (and any overrides). */
const doneOf = (spec: SweepDesign, values = truth, scale: Record<string, number> = {}): DoneRun[] =>
  spec.runs.map((run, i) => ({ run, loss: loss(values, run.params, run.tokens) * Math.exp(0.01 * Math.sin(3.7 * i + 1)) * (scale[run.id] ?? 1) }));

describe("proposeNext", () => {
  const spec = designSweep({ ...base, family: { kind: "isoflop", budgets: [1e18, 3e18, 1e19], pointsPerBudget: 5, spanDecades: 1.2 } });

  it("an ordinary sweep: the next budget up (×10/3 the largest), 5 sizes centred on the fitted N*, each with its reason; nothing repeated", () => {
    const p = proposeNext({ spec, done: doneOf(spec), law });
    expect(p.fitted?.n).toBe(15);
    const up = p.points.filter((x) => x.budget === 1e19 * (1e19 / 3e18));
    expect(up).toHaveLength(5);
    const centre = allocateWithLaw({ law, values: p.fitted!.values }, up[0].budget!).params;
    expect(up[2].params).toBeCloseTo(centre, 0);
    expect(up[0].params / centre).toBeCloseTo(10 ** -0.6, 10);
    for (const x of up) expect(x.reason).toMatch(/the next budget up \(3\.33e\+19 FLOPs, ×3\.33 the largest\), its sizes centred on the fitted N\*/);
    expect(p.points.filter((x) => x.id.endsWith("-repeat"))).toEqual([]);
  });

  it("a run 15% off the law is repeated, with its residual and how many robust standard deviations it is", () => {
    const p = proposeNext({ spec, done: doneOf(spec, truth, { "iso-c3e18-2": 1.15 }), law });
    const rep = p.points.filter((x) => x.id.endsWith("-repeat"));
    expect(rep.map((x) => x.id)).toEqual(["iso-c3e18-2-repeat"]);
    expect(rep[0]).toMatchObject({ budget: 3e18, params: spec.runs.find((r) => r.id === "iso-c3e18-2")!.params });
    expect(rep[0].reason).toMatch(/ln residual \+0\.1\d{3} is \d+\.\d robust standard deviations from the fit \(> 3\.5\): repeat it/);
  });

  it("a budget whose lowest loss is at its largest size gets two sizes beyond it, at the design's spacing", () => {
    // a grid of 0.4 decades centred on the prior's N*, while the runs follow a law whose N* is ~10× larger
    const narrow = designSweep({ ...base, family: { kind: "isoflop", budgets: [1e18, 3e18, 1e19], pointsPerBudget: 5, spanDecades: 0.4 } });
    const skewed = { ...truth, A: truth.A * 20 };
    const p = proposeNext({ spec: narrow, done: doneOf(narrow, skewed), law });
    const above = p.points.filter((x) => /-above[12]$/.test(x.id));
    expect(above.length).toBeGreaterThan(0);
    for (const x of above) {
      const top = narrow.runs.filter((r) => r.budgetFlops === x.budget).reduce((m, r) => (r.params > m.params ? r : m));
      const k = Number(x.id.slice(-1));
      expect(x.params / top.params).toBeCloseTo(10 ** (0.1 * k), 10);
      expect(x.reason).toMatch(/its lowest loss is at its largest size .* one more size above at the design's spacing \(×1\.26 in N\)/);
    }
  });

  it("with the precision met, no budget up: the note says why; a ladder gets its next rung instead", () => {
    const p = proposeNext({ spec, done: doneOf(spec), law, stop: "the simulated 95% width is 0.01 nats, below --precision 0.1" });
    expect(p.points.filter((x) => x.budget !== undefined && x.budget > 1e19)).toEqual([]);
    expect(p.notes).toContain("no larger budget: the simulated 95% width is 0.01 nats, below --precision 0.1");
    const ladder = designSweep({ ...base, family: { kind: "ladder", sizes: [1e8, 2e8, 4e8], tokenMultiples: [10, 20] } });
    const q = proposeNext({ spec: ladder, done: doneOf(ladder), law });
    expect(q.points.map((x) => [x.id, x.multiple])).toEqual([["ladder-n8e8-x10", 10], ["ladder-n8e8-x20", 20]]);
  });

  it("too few runs to fit: said, and the next budget is centred on the prior", () => {
    const p = proposeNext({ spec, done: doneOf(spec).slice(0, 4), law });
    expect(p.fitted).toBeUndefined();
    expect(p.notes[0]).toMatch(/4 runs done, too few to fit chinchilla \(5 parameters\)/);
    expect(p.points.find((x) => x.id.endsWith("-3"))!.reason).toMatch(/centred on the prior's N\*/);
  });
});
