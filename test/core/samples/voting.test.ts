// Choosing one answer from k samples (issue 14, item 2): best-of-k equals the average over every k-subset of the
// correctness of its top-scored sample (ties shared equally), for every n ≤ 9 and k; majority@k's Monte Carlo estimate
// lies within 4 standard errors of the exact average over every k-subset; inconsistent answers are refused.
import { describe, expect, it } from "vitest";
import { readSamples } from "../../../src/core/samples/readSamples.js";
import { bestOfK, majorityAtK } from "../../../src/core/samples/voting.js";
import { createRng } from "../../../src/core/stats/rng.js";

/** Every k-subset of 0 … n−1. */
function* subsets(n: number, k: number, start = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === k) { yield acc; return; }
  for (let i = start; i < n; i++) yield* subsets(n, k, i + 1, [...acc, i]);
}

describe("best-of-k", () => {
  it("equals enumeration over all k-subsets for n ≤ 9, every k, with tied scores", () => {
    const rng = createRng(11);
    let cases = 0;
    for (let n = 1; n <= 9; n++) for (let rep = 0; rep < 6; rep++) {
      const scores = Array.from({ length: n }, () => rng.int(4)); // few distinct values: many ties
      const correct = Array.from({ length: n }, () => rng.int(2));
      for (let k = 1; k <= n; k++) {
        let sum = 0, count = 0;
        for (const s of subsets(n, k)) {
          const top = Math.max(...s.map((i) => scores[i]));
          const tied = s.filter((i) => scores[i] === top);
          sum += tied.reduce((a, i) => a + correct[i], 0) / tied.length;
          count++;
        }
        expect(bestOfK(scores, correct, k)).toBeCloseTo(sum / count, 12);
        cases++;
      }
    }
    expect(cases).toBe(270);
  });

  it("is pass@1 at k = 1 and the top score group's accuracy at k = n", () => {
    expect(bestOfK([0.1, 0.9, 0.5, 0.9], [1, 0, 1, 1], 1)).toBeCloseTo(0.75, 13);
    expect(bestOfK([0.1, 0.9, 0.5, 0.9], [1, 0, 1, 1], 4)).toBeCloseTo(0.5, 13);
    expect(() => bestOfK([1, 2], [1, 0], 3)).toThrow(/1 ≤ k ≤ n = 2/);
  });
});

describe("majority@k", () => {
  it("matches enumeration over all k-subsets (ties at random) within 4 Monte Carlo standard errors, n = 9", () => {
    const answers = ["a", "b", "a", "c", "b", "a", "d", "b", "c"], correct = answers.map((a) => (a === "b" ? 1 : 0));
    for (const k of [1, 2, 3, 5, 9]) {
      let sum = 0, count = 0;
      for (const s of subsets(9, k)) {
        const tally = new Map<string, number>();
        for (const i of s) tally.set(answers[i], (tally.get(answers[i]) ?? 0) + 1);
        const top = Math.max(...tally.values());
        const winners = [...tally].filter(([, v]) => v === top).map(([a]) => a);
        sum += winners.filter((a) => a === "b").length / winners.length;
        count++;
      }
      const exact = sum / count, draws = 20_000;
      const est = majorityAtK(answers, correct, k, draws, createRng(k));
      expect(Math.abs(est - exact)).toBeLessThan(4 * Math.sqrt(Math.max(exact * (1 - exact), 1e-4) / draws) + 1e-12);
    }
  });

  it("counts a blank answer as no vote: it never wins, and k blanks score 0; best-of-k refuses a score that is not a number", () => {
    const rng = createRng(3);
    // 2 blanks and one correct "7": any subset holding the "7" picks it; the blank-only subset answers nothing
    expect(majorityAtK(["", "7", ""], [0, 1, 0], 1, 3000, rng)).toBeCloseTo(1 / 3, 1);
    expect(majorityAtK(["", "7", ""], [0, 1, 0], 3, 100, rng)).toBe(1);
    expect(majorityAtK(["", ""], [0, 0], 2, 10, rng)).toBe(0);
    expect(() => bestOfK([0.1, Number.NaN], [1, 0], 1)).toThrow(/sample 2's score is NaN/);
  });

  it("reads answers and scores from a per-sample file, and refuses an answer marked both correct and incorrect, by line", () => {
    const ok = readSamples("model,problem,answer,correct,reward\nm,q1,4,1,0.9\nm,q1,5,0,0.2\nm,q1,4,1,0.1\n", "v.csv");
    const p = ok.models[0].problems[0];
    expect(p.answers).toEqual(["4", "5", "4"]);
    expect([...p.scores!]).toEqual([0.9, 0.2, 0.1]);
    expect(() => readSamples("model,problem,answer,correct\nm,q1,4,1\nm,q1,4,0\n", "v.csv")).toThrow(/line 3, column "answer": answer "4" of problem "q1" \(model "m"\) is marked incorrect here but correct on line 2/);
  });
});
