// Generated command lines and run tables for the fuzz harness (scripts/fuzz.mjs) and its short
// run inside `npm test` (test/cli/fuzz.test.ts). fast-check arbitraries: a case is a command with
// options drawn from valid, boundary and hostile values, and a small run table of numbers from
// plausible to absurd (0, negative, 1e308, 1e-300, text, empty cells) in CSV, TSV or JSON.
import fc from "fast-check";

const LAWS = ["chinchilla", "chinchilla", "power", "kaplan-nd", "data-constrained", "overtrain", "downstream-exp", "downstream-sigmoid", "bnsl", "nope"];
const number = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 1e6, max: 1e13, noNaN: true }).map((x) => x.toPrecision(6)) },
  { weight: 1, arbitrary: fc.constantFrom("0", "-1", "1e308", "1e-300", "NaN", "", "abc", "1e999", "Infinity", "7B", "3.2e") },
);
const loss = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 1.5, max: 6, noNaN: true }).map((x) => x.toFixed(4)) },
  { weight: 1, arbitrary: fc.constantFrom("0", "-2", "1e308", "1e-300", "nan", "", "x") },
);
// mostly values a user would give, sometimes boundary or hostile ones (most of those end in exit 2)
const optionValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("0.5", "1", "2", "3", "20", "1e9", "1e21", "1e23", "5.76e23", "1e24", "70B", "1.4T", "1e40") },
  { weight: 1, arbitrary: fc.constantFrom("0", "-1", "1e-5", "1e41", "5e307", "1e308", "NaN", "abc", "20%", "", "9007199254740991") },
);
const small = fc.constantFrom("0", "1", "2", "3", "20", "-1", "x", "1e6", "1e9");

const COLUMNS = ["N", "D", "C", "loss", "budget", "lr", "family", "run", "step"];
/** A run table: a header of some columns (loss usually among them) and 0–30 rows. */
export const table = fc.record({
  columns: fc.subarray(COLUMNS, { minLength: 1 }).map((cs) => (cs.includes("loss") || cs.length > 4 ? cs : [...cs, "loss"])),
  rows: fc.array(fc.tuple(number, number, number, loss, number, fc.constantFrom("1e-3", "3e-4", "x", ""), fc.constantFrom("a", "b", ""), fc.constantFrom("r1", "r2", "r3"), fc.integer({ min: -5, max: 2000 }).map(String)), { maxLength: 30 }),
  format: fc.constantFrom("csv", "csv", "csv", "tsv", "json"),
});

/** The table as file text in its format. */
export function tableText({ columns, rows, format }) {
  const idx = columns.map((c) => COLUMNS.indexOf(c));
  if (format === "json") return JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c, k) => [c, Number.isNaN(Number(r[idx[k]])) ? r[idx[k]] : Number(r[idx[k]])]))));
  const sep = format === "tsv" ? "\t" : ",";
  return [columns.join(sep), ...rows.map((r) => idx.map((i) => r[i]).join(sep))].join("\n") + "\n";
}

const flag = (name, value) => fc.option(value.map((v) => [name, v]), { nil: undefined, freq: 1 }); // given in about half the cases
const boolFlag = (name) => fc.option(fc.constant([name]), { nil: undefined, freq: 1 });
const runOptions = [
  flag("--exclude-highest-loss", small), boolFlag("--last-checkpoint"), boolFlag("--pool-groups"),
  flag("--best-of", fc.constantFrom("lr", "lr,family", "nope")), flag("--group-col", fc.constantFrom("family", "nope")),
  flag("--where", fc.constantFrom("loss<5", "N>=1e8", "family=a", "bogus", "nope>1")), flag("--param-convention", fc.constantFrom("total", "active", "x")),
];
const fitOptions = [
  flag("--law", fc.constantFrom(...LAWS)), flag("--x", fc.constantFrom("params", "tokens", "flops", "loss")), flag("--method", fc.constantFrom("grid", "varpro")),
  flag("--objective", fc.constantFrom("huber", "huber-likelihood", "mse", "nope")), flag("--delta", optionValue), flag("--budget-flops", optionValue),
  flag("--bootstrap", fc.constantFrom("0", "20", "50", "1", "-3", "2e6")), flag("--seed", fc.constantFrom("1", "42", "4294967296", "-1")),
  flag("--fix", fc.constantFrom("E=1.69", "Q=1", "alpha=x")), flag("--breaks", fc.constantFrom("1", "2", "3")), flag("--threads", fc.constantFrom("1", "2", "1000")),
];

/** A target for predict and forecast register, in and out of every law's domain. */
const point = fc.constantFrom("params=7e10,tokens=1.4e12", "flops=1e24", "params=70B,tokens=1.4T", "loss=0.01", "params=-1,tokens=2", "nope=1", "params=1e308,tokens=1e308", "params=1e-300,tokens=1").map((p) => ["--at", p]);

const withFile = (command, options, extra = []) =>
  fc.tuple(table, ...options, ...extra).map(([t, ...opts]) => ({ command, table: t, argv: opts.filter((o) => o !== undefined).flat() }));

/** One fuzz case: { command, table?, argv } — argv without the file, which the runner inserts after the command. */
export const fuzzCase = fc.oneof(
  { weight: 6, arbitrary: withFile("fit", [...fitOptions, ...runOptions], [boolFlag("--json")]) },
  { weight: 2, arbitrary: withFile("isoflop", [flag("--budget-flops", optionValue), flag("--budget-tolerance", optionValue), flag("--by", fc.constantFrom("params", "tokens", "x")), ...runOptions], [boolFlag("--json")]) },
  { weight: 2, arbitrary: withFile("envelope", [flag("--budget-flops", optionValue), flag("--tokens-per-step", optionValue), flag("--grid-points", fc.constantFrom("2", "10", "1e8", "100000000", "1")), boolFlag("--keep-edges"), ...runOptions], [boolFlag("--json")]) },
  { weight: 1, arbitrary: withFile("backtest", [flag("--law", fc.constantFrom("chinchilla", "chinchilla,power", "nope")), flag("--holdout-top-compute", fc.constantFrom("0.2", "20%", "1.5", "0")), flag("--holdout-group", fc.constantFrom("a", "zz")), fc.constant(["--bootstrap", "20"]), ...runOptions], [boolFlag("--json")]) },
  { weight: 1, arbitrary: withFile("plot", [flag("--figure", fc.constantFrom("loss-compute", "isoflop", "residuals", "plan", "contours", "nope")), flag("--budget-flops", optionValue), flag("--scale", fc.constantFrom("1", "2", "1e6", "0.0001"))], [fc.constantFrom(["-o", "@OUT.svg"], ["-o", "@OUT.png"])]) },
  { weight: 1, arbitrary: withFile("report", [flag("--budget-flops", optionValue), flag("--holdout-top-compute", fc.constantFrom("0.2", "2")), fc.constant(["--bootstrap", "20"])], [fc.constant(["-o", "@OUT.html"])]) },
  {
    weight: 3, arbitrary: fc.tuple(flag("--budget-flops", optionValue), flag("--gpus", optionValue), flag("--gpu", fc.constantFrom("h100", "a100", "v100")), flag("--days", optionValue), flag("--mfu", optionValue),
      flag("--published", fc.constantFrom("hoffmann-2022", "besiroglu-2024", "llama3-2024", "muennighoff-2023", "kaplan-2020-nd", "nope")), flag("--target-loss", optionValue), flag("--params", optionValue), flag("--tokens", optionValue),
      flag("--inference-tokens", optionValue), flag("--unique-tokens", optionValue), flag("--price-per-gpu-hour", optionValue), boolFlag("--shapes"), boolFlag("--json"))
      .map((opts) => ({ command: "plan", argv: opts.filter((o) => o !== undefined).flat() })),
  },
  {
    weight: 1, arbitrary: fc.tuple(flag("--layers", small), flag("--d-model", fc.constantFrom("64", "100", "4096", "0")), flag("--heads", small), flag("--vocab", fc.constantFrom("100", "32000", "0")), flag("--seq-len", fc.constantFrom("16", "2048")), boolFlag("--swiglu"), flag("--experts", small), flag("--top-k", small), flag("--tokens", optionValue), boolFlag("--json"))
      .map((opts) => ({ command: "flops", argv: opts.filter((o) => o !== undefined).flat() })),
  },
  { weight: 1, arbitrary: fc.constantFrom("hoffmann-2022", "nope", "").map((id) => ({ command: "laws", argv: ["show", id, "--json"] })) },
  // forecast register: a fit of the generated table, targets in and out of the law's domain, a fresh ledger per case
  { weight: 1, arbitrary: withFile("forecast register", [flag("--law", fc.constantFrom("chinchilla", "power", "nope")), flag("--fix", fc.constantFrom("E=1.69", "Q=1")), fc.constant(["--bootstrap", "20"]), ...runOptions], [fc.constant(["--ledger", "@OUT.jsonl"]), point, fc.option(point, { nil: undefined }), boolFlag("--json")]) },
  // predict: the generated table is not a fit document, so this walks the refusals of the reader and of --at
  { weight: 1, arbitrary: withFile("predict", [], [point, boolFlag("--json")]) },
);

/** The argv of a case, with its table written by `writeTable(text, ext)` (returns the path) and `@OUT` replaced by `out`. */
export function argvOf(c, writeTable, out) {
  const file = c.table ? [writeTable(tableText(c.table), c.table.format)] : [];
  return [...c.command.split(" "), ...file, ...c.argv.map((a) => a.replace("@OUT", out))];
}

/** What a case's result violates, or null: an internal error, an exit code outside the contract, NaN/Infinity in exit-0 output. */
export function violation({ status, stdout, stderr }) {
  if (status === 70 || /internal error/.test(stderr)) return `internal error: ${stderr.split("\n").slice(0, 3).join(" | ")}`;
  if (![0, 1, 2, 3].includes(status)) return `exit ${status} outside the contract`;
  // an input value echoed back ("value \"NaN\"", the reason label NaN after it) is not a computed NaN
  const computed = stdout.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/value\s*""\s*:\s*NaN\b/g, "");
  if (status === 0 && /\bNaN\b|-?Infinity\b/.test(computed)) return `NaN or Infinity in exit-0 output: ${(/.{0,60}(NaN|Infinity).{0,40}/.exec(computed) ?? [""])[0]}`;
  return null;
}
