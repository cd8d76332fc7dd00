// `scalecast report` and `scalecast demo` without a browser: what the file holds, and the refusals.
// (test/browser/report.test.ts opens the same files in chromium.)
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { escapeHtml, inlineScript, scriptJson } from "../../src/core/report/reportHtml.js";
import { ensureBuilt, scalecast } from "./run.js";

beforeAll(ensureBuilt);
const dir = mkdtempSync(join(tmpdir(), "scalecast-report-cli-"));

describe("report HTML building blocks", () => {
  it("escape HTML text, JSON inside a script element and a library's source", () => {
    expect(escapeHtml(`<a href="x">&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
    expect(scriptJson({ v: "</script><script>alert(1)</script>" })).not.toContain("</script");
    expect(JSON.parse(scriptJson({ v: "</script>" }))).toEqual({ v: "</script>" });
    expect(inlineScript("a='</script>'")).toBe("a='<\\/script>'");
  });
});

describe("scalecast report", () => {
  it("--example with a holdout: one file with provenance, fit, plan, backtest and eight figures; needs no network", async () => {
    const file = join(dir, "r.html");
    const r = await scalecast(["report", "--example", "--bootstrap", "50", "--holdout-top-compute", "0.2", "--compare", "hoffmann-2022", "-o", file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(""); // no Vega-Lite warnings leak out
    expect(r.stdout).toMatch(/wrote .*r\.html \(\d+ KB, 8 figures: loss-compute, isoflop, optimal-allocation, residuals, bootstrap, contours, plan, backtest\)/);
    const html = readFileSync(file, "utf8");
    expect(html).toContain("scalecast report --example --bootstrap 50 --holdout-top-compute 0.2 --compare hoffmann-2022 -o");
    for (const id of ["provenance", "warnings", "fit", "plan", "backtest", "figures"]) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain("default-src 'none'");
    // nothing to fetch: no src/href attributes, no CSS url(), and no address other than JSON-schema ids and the SVG namespace
    const addresses = html.replace(/"\$schema":"https:\/\/vega\.github\.io\/schema\/[^"]+"/g, "").match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(addresses.filter((u) => !u.startsWith("http://www.w3.org/"))).toEqual([]);
    const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "<script></script>"); // the page itself, without the inlined code and specs
    expect(/<(script|img|iframe)[^>]+src=|<link[^>]+href=|url\(/.test(markup)).toBe(false);
    expect(html).toContain("data are SIMULATED");
    expect((html.match(/<figure /g) ?? []).length).toBe(8);
    // the plan section is `plan --fit` at the fit's budget (the same core assemblePlan): N* and the schedule as its JSON says
    const plan = html.slice(html.indexOf('<section id="plan">'), html.indexOf("</section>", html.indexOf('<section id="plan">')));
    const fitFile = join(dir, "r-fit.json");
    expect((await scalecast(["fit", "--example", "--bootstrap", "50", "--out", fitFile])).status).toBe(0);
    const cli = JSON.parse((await scalecast(["plan", "--fit", fitFile, "--budget-flops", "5.76e23", "--json"])).stdout);
    const count = (v: number) => { for (const [s, x] of [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]] as const) if (v >= s) return `${(v / s).toPrecision(3)} ${x}`; return v.toPrecision(3); };
    expect(plan).toContain(`${count(cli.allocation.params)} (total)`);
    expect(plan).toContain(`${count(cli.schedule.steps)} of ${count(cli.schedule.batchTokens)} tokens`);
    for (const row of ["learning rate", "extrapolation", "95% CI"]) expect(plan, row).toContain(row);
    expect(plan).toContain(`${(cli.memory.trainingStateBytesPerGpu / 1e9).toPrecision(3)} GB per GPU`);
  });

  it("--ledger and --actual add a Forecasts section: each registered target with its prediction, 95% PI, the landed value and whether the PI covered it; a broken ledger is refused (exit 1)", async () => {
    const ledger = join(dir, "forecasts.jsonl");
    expect((await scalecast(["forecast", "register", "--example", "--bootstrap", "20", "--at", "params=7e10,tokens=1.4e12", "--note", "before the run", "--ledger", ledger])).status).toBe(0);
    const record = JSON.parse(readFileSync(ledger, "utf8"));
    const p = record.predictions[0];
    const landed = join(dir, "landed.csv");
    writeFileSync(landed, `N,D,loss\n7e10,1.4e12,${p.predicted * 1.005}\n`);
    const file = join(dir, "forecasts.html");
    const r = await scalecast(["report", "--example", "--bootstrap", "20", "--ledger", ledger, "--actual", landed, "-o", file]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(file, "utf8");
    const section = html.slice(html.indexOf('<section id="forecasts">'), html.indexOf("</section>", html.indexOf('<section id="forecasts">')));
    expect(section).toContain(record.id.slice(0, 8));
    expect(section).toContain("before the run");
    expect(section).toContain(`[${p.pi["0.95"][0].toFixed(4).replace(/0+$/, "")}`.replace(/\.$/, ""));
    expect(section).toMatch(/<td>(covered|missed)<\/td>/);
    expect(section).toContain("Scored 1 of 1 targets; mean |relative error| 0.50%");
    // the scored ledger's calibration figure: four symbols (80% and 95% PI and CI), the z-score curve, linked from the section
    expect(section).toContain('href="#fig-forecast-calibration"');
    const fig = html.slice(html.indexOf('id="fig-forecast-calibration"'));
    expect(fig).toMatch(/^id="fig-forecast-calibration" data-figure="forecast-calibration" data-expected-points="4" data-expected-lines="1"/);
    writeFileSync(ledger, readFileSync(ledger, "utf8").replace("before the run", "after the run"));
    const broken = await scalecast(["report", "--example", "--bootstrap", "20", "--ledger", ledger, "-o", file]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/line 1 .*does not match its hash/);
  });

  it("--samples adds a Test-time compute section with the samples command's numbers and the coverage figure", async () => {
    const samples = join(dir, "samples.csv");
    writeFileSync(samples, ["model,problem,n,c", ...Array.from({ length: 30 }, (_, i) => `m,q${i},16,${(i * 5) % 17}`)].join("\n") + "\n");
    const file = join(dir, "samples.html");
    const [r, ref] = await Promise.all([
      scalecast(["report", "--example", "--bootstrap", "20", "--samples", samples, "-o", file]),
      scalecast(["samples", samples, "--k", "1,16", "--bootstrap", "1000", "--seed", "42", "--json"]),
    ]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(file, "utf8");
    const section = html.slice(html.indexOf('<section id="samples">'), html.indexOf("</section>", html.indexOf('<section id="samples">')));
    const m = JSON.parse(ref.stdout).models[0];
    // the same analysis as `samples --seed 42` (the report's seed) with 1,000 resamples: pass@1 and its interval, the forecasts
    expect(section).toContain(`<td>pass@1</td><td>measured (unbiased estimator)</td><td>${m.passAtK[0].value.toFixed(4)} [${m.bootstrap.passAtK[0].ci95.map((v: number) => v.toFixed(4)).join(", ")}]</td>`);
    expect(section).toContain(`${m.forecast[1].beta.toFixed(4)} [${m.bootstrap.forecast[1].ci95.map((v: number) => v.toFixed(4)).join(", ")}]`);
    expect(section).toContain("1000 resamples of the problems (seed 42)");
    expect(section).toContain('href="#fig-coverage"');
    expect(html).toMatch(/id="fig-coverage" data-figure="coverage" data-expected-points="5" data-expected-lines="1"/); // k = 1, 2, 4, 8, 16
  });

  it("without a holdout there is no backtest section or figure", async () => {
    const file = join(dir, "nb.html");
    const r = await scalecast(["report", "--example", "--bootstrap", "20", "-o", file]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(file, "utf8");
    expect(html).not.toContain(`<section id="backtest">`);
    expect(html).not.toContain(`data-figure="backtest"`);
  });

  it("refuses an unknown --compare law and a rule-only one (exit 2), and an unwritable output (exit 1)", async () => {
    const unknown = await scalecast(["report", "--example", "--compare", "nope", "-o", join(dir, "x.html")]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown law "nope" in --compare; published laws: .*hoffmann-2022/);
    const rule = await scalecast(["report", "--example", "--compare", "llama3-2024", "-o", join(dir, "x.html")]);
    expect(rule.status).toBe(2);
    expect(rule.stderr).toMatch(/llama3-2024 publishes an allocation rule only; --compare overlays laws that predict loss/);
    const bad = await scalecast(["report", "--example", "--bootstrap", "20", "-o", join(dir, "no", "such", "dir", "r.html")]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/no[/\\]such[/\\]dir/);
  });
});

describe("scalecast demo", () => {
  it("says what it simulated and writes the report", async () => {
    const file = join(dir, "demo.html");
    const r = await scalecast(["demo", "-o", file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("simulating a pilot sweep of 81 runs (9 IsoFLOP budgets × 9 sizes) from Hoffmann et al. 2022's law (E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28) with 1% log-normal noise, seed 42");
    expect(readFileSync(file, "utf8")).toContain(`<section id="backtest">`);
  });
});

describe("report: markup in file names and headers is escaped (review finding)", () => {
  it("a file named with an <img> tag and a loss column headed <i>loss</i> appear as text", async () => {
    const csv = join(dir, "x<img src=x onerror=alert(1)>.csv"), file = join(dir, "hostile-names.html");
    const rows = ["N,D,<i>loss</i>"];
    for (const N of [1e7, 3e7, 1e8, 3e8, 1e9]) for (const tpp of [5, 20, 80]) rows.push(`${N},${N * tpp},${1.69 + 406.4 / N ** 0.34 + 410.7 / (N * tpp) ** 0.28}`);
    writeFileSync(csv, rows.join("\n") + "\n");
    const r = await scalecast(["report", csv, "--loss-col", "<i>loss</i>", "--bootstrap", "20", "-o", file]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(file, "utf8").replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<i>loss</i>");
    expect(html).toContain("x&lt;img src=x onerror=alert(1)&gt;.csv");
  });
});
