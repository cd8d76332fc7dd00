// Regression tests for the crash, hang and corrupt-output cases of the hostile-input battery
// (issue 11): each ran forever, crashed with a stack trace, exited 70 or printed NaN with exit 0.
// Each now ends promptly with the exit code of the contract and a message naming the fault.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/run.js";
import { OPTION_RANGES, describeRange } from "../../src/cli/ranges.js";
import { ROOT, scalecast } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "scalecast-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string | Buffer) => { const p = join(dir, name); writeFileSync(p, text); return p; };
const SWEEP = "N,D,loss\n1e8,2e9,3.1\n2e8,4e9,2.9\n4e8,8e9,2.7\n8e8,1.6e10,2.55\n1.6e9,3.2e10,2.45\n3.2e9,6.4e10,2.37\n";

describe("options out of range are refused (exit 2) with the range, instead of hanging or exhausting memory", () => {
  const cases: Array<[string, string[], string]> = [
    ["report --budget-flops 5e307 (spun forever at 100% CPU)", ["report", "--example", "--budget-flops", "5e307", "-o", join(dir, "r.html")], "--budget-flops"],
    ["plot --budget-flops 5e307 (spun forever)", ["plot", "--example", "--figure", "plan", "--budget-flops", "5e307", "-o", join(dir, "p.svg")], "--budget-flops"],
    ["demo --budget-flops 5e307 (spun forever)", ["demo", "--budget-flops", "5e307", "-o", join(dir, "d.html")], "--budget-flops"],
    ["fit --threads 1000 (5.9 GB)", ["fit", "--example", "--threads", "1000"], "--threads"],
    ["plot --scale 1e6 (a panic in native code)", ["plot", "--example", "--figure", "residuals", "--scale", "1e6", "-o", join(dir, "p.png")], "--scale"],
    ["fit --bootstrap 2^53−1 (grew to gigabytes)", ["fit", "--example", "--bootstrap", "9007199254740991"], "--bootstrap"],
    ["envelope --grid-points 100000000 (grew to gigabytes)", ["envelope", file("curves.csv", SWEEP), "--grid-points", "100000000"], "--grid-points"],
    ["plan --inference-tokens 1e308 (printed saving NaN%)", ["plan", "--budget-flops", "1e23", "--inference-tokens", "1e308"], "--inference-tokens"],
    ["plan --compute 1e-5 (planned 0.000131 parameters)", ["plan", "--compute", "1e-5"], "--compute"],
  ];
  for (const [label, argv, flag] of cases) {
    it(label, async () => {
      const r = await scalecast(argv);
      expect(r.status, r.stderr).toBe(EXIT.options);
      expect(r.stderr).toContain(`option '${flag} <`);
      expect(r.stderr).toContain(describeRange(OPTION_RANGES[flag]));
    });
  }
  it("the ranges are the ones docs/conventions.md lists", () => {
    const doc = readFileSync(join(ROOT, "docs", "conventions.md"), "utf8");
    for (const [flag, range] of Object.entries(OPTION_RANGES)) if (flag !== "--threads") expect(doc, flag).toContain(`| \`${flag}\` | ${describeRange(range)} |`);
  });
  it("values inside the range still work: plan --budget-flops 1e40 and 1e9", async () => {
    expect((await scalecast(["plan", "--budget-flops", "1e40", "--published", "hoffmann-2022"])).status).toBe(0);
    expect((await scalecast(["plan", "--budget-flops", "1e9", "--published", "hoffmann-2022"])).status).toBe(0);
  });
});

describe("inputs that crashed or hung", () => {
  it("report and plot on rows with N = 1e308 (C = 6ND overflows) refuse with exit 1 and missing-column, not a fatal error or exit 70", async () => {
    const big = file("big.csv", "N,D,loss\n" + [1, 2, 4, 8, 10, 30].map((d, i) => `1e308,${d}e9,${(3 - i / 10).toFixed(1)}`).join("\n") + "\n");
    for (const argv of [["report", big, "-o", join(dir, "big.html")], ["plot", big, "--figure", "loss-compute", "-o", join(dir, "big.svg")]]) {
      const r = await scalecast(argv);
      expect(r.status, r.stderr).toBe(EXIT.input);
      expect(r.stderr).toMatch(/line 2 has no flops \(C\) \(not given, or C = 6ND is not a finite number\).*\[missing-column\]/);
    }
  });
  it("backtest with no usable row exits 1 naming why (it crashed with a TypeError)", async () => {
    const r = await scalecast(["backtest", file("bad.csv", "N,D,loss\n1e8,x,3\n")]);
    expect(r.status, r.stderr).toBe(EXIT.input);
    expect(r.stderr).toContain("a backtest needs at least 2 usable runs");
    expect(r.stderr).not.toContain("internal error");
  });
  it("fit --method varpro on a 5-row table with a loss of 1e-300 ends at once (it hung in NNLS), exit 1", async () => {
    const r = await scalecast(["fit", file("tiny-loss.csv", "N,D,loss\n1e8,2e9,3.1\n2e8,4e9,2.9\n4e8,8e9,2.7\n8e8,1.6e10,2.55\n1.6e9,3.2e10,1e-300\n"), "--method", "varpro"]);
    expect(r.status, r.stderr).toBe(EXIT.input);
    expect(r.stderr).toContain("[fit-failed]");
  });
  it("a fit whose N*, D* are not finite positive numbers reports no allocation and exits 3 (it crashed computing the loss there)", async () => {
    const r = await scalecast(["fit", file("huge-n.csv", "N,D,loss\n1e8,2e9,3.1\n2e8,4e9,2.9\n4e8,8e9,2.7\n8e8,1.6e10,2.55\n1e300,3.2e10,2.45\n"), "--method", "varpro", "--json"]);
    expect(r.status, r.stderr).toBe(EXIT.notConverged);
    const doc = JSON.parse(r.stdout);
    expect(doc.allocation).toBeUndefined();
    expect(doc.nonFinite).toContain("allocation");
    expect(doc.warnings.map((w: { code: string }) => w.code)).toContain("non-finite");
  });
  it("a UTF-16 file with a byte-order mark is read; without one it is refused naming the encoding (it gave garbled header names)", async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SWEEP, "utf16le")]);
    const utf8 = await scalecast(["fit", file("utf8.csv", SWEEP), "--json"]);
    const utf16 = await scalecast(["fit", file("utf16.csv", le), "--json"]);
    expect(utf16.status, utf16.stderr).toBe(utf8.status);
    expect(JSON.parse(utf16.stdout).params).toEqual(JSON.parse(utf8.stdout).params);
    const bare = await scalecast(["fit", file("utf16-nobom.csv", Buffer.from(SWEEP, "utf16le"))]);
    expect(bare.status).toBe(EXIT.input);
    expect(bare.stderr).toMatch(/holds NUL bytes, so it is not UTF-8 text \(UTF-16 without a byte-order mark.*\[unreadable-input\]/);
  });
  it("a fuzz find: a table whose 1e308 cells overflow C = 6ND no longer hangs the contours figure (its iso-FLOP loop ran over infinite decades)", async () => {
    const text = "D\tloss\tbudget\tlr\n\t3.9655\t4.44069e+11\t3e-4\nInfinity\t3.0786\t5.98961e+6\tx\n6.88700e+6\t2.1876\t2.91946e+6\t3e-4\n2.59441e+6\t1e308\t9.10725e+7\t\n2.08171e+11\t2.6914\t1e308\t3e-4\n5.09538e+6\t5.9181\t4.33070e+6\t\n8.77414e+10\t2.4465\t4.27552e+12\t1e-3\n";
    const r = await scalecast(["plot", file("overflow.tsv", text), "--figure", "contours", "-o", join(dir, "contours.svg")]);
    expect([EXIT.ok, EXIT.notConverged], r.stderr).toContain(r.status);
    expect(r.stderr).not.toContain("internal error");
  });
  it("a fuzz find (seed 1): a run budget of 1e308 no longer crashes report's contours figure (its widened axis overflowed); the figure is left out and the exit is 3", async () => {
    const text = "D,C,budget,loss\n1e-300,5.35990e+8,1e308,1.6182\n1.70937e+9,1.40726e+7,-1,1.9322\n1.63312e+11,5.19815e+8,1.44055e+10,4.4642\n3.69273e+8,2.37714e+10,2.85268e+11,2.5937\n1.27895e+11,1.14615e+9,1.33713e+7,1.7493\n2.13479e+8,1.64003e+9,6.84497e+7,3.4515\n7.63948e+6,1.89086e+6,,1.6382\n";
    const r = await scalecast(["report", file("budget-1e308.csv", text), "--bootstrap", "20", "-o", join(dir, "overflow.html")]);
    expect(r.stderr).not.toContain("internal error");
    expect(r.status, r.stderr).toBe(EXIT.notConverged);
    expect(r.stdout).not.toMatch(/figures: .*contours/);
  });

  it("a fuzz find (seed 2): a backtest whose fit predicts an infinite loss at a held-out run exits 3 with code non-finite and prints \"not finite\", not \"Infinity%\" with exit 0", async () => {
    const text = "N\tC\tloss\tbudget\n7.62142e+12\t1.11472e+8\t2.2159\t1.10025e+11\n3.16180e+10\t1.19471e+12\t1.8094\t1e999\n6.13597e+7\t1.62563e+6\t3.6532\t7.44025e+6\n8.00818e+10\t2.13961e+6\t5.8123\t3.73568e+8\n2.68653e+10\t3.56195e+8\t1.5518\t4.89717e+9\n1.23218e+6\t1.54290e+6\t1.9919\t1e308\n0\t4.76843e+9\t3.4065\t1.81865e+12\n1.26731e+11\t3.07611e+11\t3.4634\t7B\n2.20270e+6\t4.51529e+7\tnan\t1.26859e+10\n";
    const path = file("infinite-prediction.tsv", text);
    const r = await scalecast(["backtest", path, "--bootstrap", "20"]);
    expect(r.status, r.stderr).toBe(EXIT.notConverged);
    expect(r.stdout).not.toMatch(/Infinity|NaN/);
    expect(r.stdout).toMatch(/chinchilla\s+grid\s+not finite/);
    const j = await scalecast(["backtest", path, "--bootstrap", "20", "--json"]);
    expect(JSON.parse(j.stdout).candidates[0].warnings.map((w: { code: string }) => w.code)).toContain("non-finite");
    // the report's own backtest (200 refits, bounds enforced) of the same table: no Infinity or NaN written anywhere in its section
    const html = join(dir, "infinite-prediction.html");
    const rep = await scalecast(["report", path, "--holdout-top-compute", "0.2", "--bootstrap", "20", "-o", html]);
    expect([EXIT.ok, EXIT.notConverged], rep.stderr).toContain(rep.status);
    const backtestSection = readFileSync(html, "utf8").split('<section id="backtest">')[1].split("</section>")[0];
    expect(backtestSection.match(/.{0,120}(Infinity|NaN).{0,40}/g) ?? []).toEqual([]);
  });

  it("fuzz finds (seed 11): 6ND of the contour corners underflowing to 0 no longer crashes report; a rival minimum with B = ∞ is written as text, not Infinity", async () => {
    const r = await scalecast(["report", file("underflow.tsv", "N\tD\tC\tloss\tfamily\trun\tstep\n5.27572e+8\t1.36739e+9\t5.84261e+7\t1.5000\t\tr3\t6\n3.30409e+9\t5.40462e+6\tNaN\t\ta\tr3\t729\n5.74314e+7\t1e-300\t2.09230e+12\t5.3565\t\tr3\t146\n1e-300\t1.00000e+6\t6.37835e+9\t5.2752\t\tr2\t-5\n2.58863e+12\t3.25012e+7\t1.00000e+6\t5.2159\tb\tr1\t1169\n1.55327e+7\t1.00000e+6\t1e-300\t1.5000\t\tr3\t1498\n8.44377e+6\t6.84670e+11\t1.00000e+6\t1e308\tb\tr3\t6\n-1\t1.01124e+12\t1.47363e+7\t1.5000\t\tr2\t1936\n"), "--bootstrap", "20", "-o", join(dir, "underflow.html")]);
    expect(r.stderr).not.toContain("internal error");
    expect([EXIT.ok, EXIT.notConverged]).toContain(r.status);
    expect(r.stdout).toMatch(/figures: .*contours/);
    const b = await scalecast(["backtest", file("rival.json", "[{\"D\":null,\"C\":611461000000,\"loss\":1.7616,\"lr\":0.0003,\"run\":\"r1\",\"step\":1624},{\"D\":198733000000,\"C\":5536780,\"loss\":5.6073,\"lr\":\"x\",\"run\":\"r2\",\"step\":7},{\"D\":1687050000000,\"C\":111064000,\"loss\":5.7864,\"lr\":0.0003,\"run\":\"r3\",\"step\":1167},{\"D\":110543000,\"C\":727087000000,\"loss\":3.9769,\"lr\":0,\"run\":\"r2\",\"step\":1243},{\"D\":14198300000,\"C\":28110600000,\"loss\":\"x\",\"lr\":0,\"run\":\"r2\",\"step\":1769},{\"D\":591106000,\"C\":4005490,\"loss\":2.7196,\"lr\":0.0003,\"run\":\"r3\",\"step\":1754},{\"D\":991940000,\"C\":40336700,\"loss\":1e-300,\"lr\":0,\"run\":\"r1\",\"step\":263},{\"D\":744142000000,\"C\":15523900000,\"loss\":3.4627,\"lr\":0.001,\"run\":\"r2\",\"step\":1203},{\"D\":866967000000,\"C\":2999760000000,\"loss\":1.7435,\"lr\":0,\"run\":\"r3\",\"step\":1599}]"), "--bootstrap", "20"]);
    expect(b.status, b.stderr).toBe(EXIT.ok);
    expect(b.stdout).not.toMatch(/Infinity|NaN/);
    expect(b.stdout).toContain("B=not a finite number");
  });

  it("--out \"\" is refused (exit 1), not silently skipped", async () => {
    const r = await scalecast(["fit", "--example", "--out", ""]);
    expect(r.status).toBe(EXIT.input);
    expect(r.stderr).toContain("[unwritable-output]");
  });
});
