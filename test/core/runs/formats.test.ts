import { describe, expect, test } from "vitest";
import { detectFormat, parseRunTable } from "../../../src/core/runs/index.js";
import { fatal, lines } from "./helpers.js";

describe("detectFormat", () => {
  test.each([
    ['[{"N": 1e9, "D": 2e10, "loss": 2.9}]', "json"],
    ['  \n [\n {"N": 1}\n]', "json"],
    ['{"runs": [{"N": 1}]}', "json"],
    ['{\n  "runs": []\n}', "json"],
    ['{"N": 1e9}\n{"N": 2e9}', "jsonl"],
    ['{"N": 1e9, "loss": 3}', "jsonl"],
    ["N\tD\tloss\n1e9\t2e10\t2.9", "tsv"],
    ["Model Size\tloss, nats\n1\t2", "csv"],
    ["N,D,loss\n1e9,2e10,2.9", "csv"],
    ["\n\nN;D;loss", "csv"],
  ])("detectFormat(%j) is %j", (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });
});

describe("parseRunTable: CSV line numbers", () => {
  test("parseRunTable(CSV with multi-line quoted fields) gives each row its starting line", () => {
    const text = [
      "N,D,loss,name", //                    1
      '1e9,2e10,3,"first', //                2
      'model"', //                           3
      '2e9,2e10,2.9,"a ""quoted"", name"', // 4
      '3e9,2e10,2.8,"three', //              5
      "",
      'lines"', //                           7
      "bad,2e10,2.7,x", //                   8
      '4e9,"2e10",2.6,', //                  9
    ].join("\n");
    const table = parseRunTable(text);
    expect(table.runs.map((r) => [r.line, r.runId])).toEqual([
      [2, "first\nmodel"],
      [4, 'a "quoted", name'],
      [5, "three\n\nlines"],
      [9, undefined],
    ]);
    expect(table.excluded).toEqual([{ line: 8, column: "N", value: "bad", reason: "not a number" }]);
  });

  test("parseRunTable(CSV with an unterminated quote) excludes that row with its line", () => {
    const table = parseRunTable(lines("N,D,loss,name", "1e9,2e10,3,a", '2e9,2e10,2.9,"oops', "3e9,2e10,2.8,b"));
    expect(table.runs.map((r) => r.line)).toEqual([2]);
    expect(table.excluded).toEqual([{ line: 3, value: '2e9,2e10,2.9,oops\n3e9,2e10,2.8,b\n', reason: "unterminated quoted field" }]);
    expect(table.rowsRead).toBe(2);
  });
});

describe("parseRunTable: TSV", () => {
  test("parseRunTable(TSV) detects tabs and reads the rows", () => {
    const table = parseRunTable(lines("params\ttokens\tloss", "70B\t1.4T\t1.94", "1e9\t\t3"), { source: "runs.tsv" });
    expect(table.format).toBe("tsv");
    expect(table.runs).toEqual([{ params: 7e10, tokens: 1.4e12, flops: 5.88e23, lossNats: 1.94, line: 2 }]);
    expect(table.excluded).toEqual([{ line: 3, column: "tokens", value: "", reason: "empty cell" }]);
  });

  test("parseRunTable(text, {format: 'tsv'}) forces the delimiter", () => {
    const text = lines("N\tD\tloss\tname, family", "1e9\t2e10\t3\tx");
    expect(detectFormat(text)).toBe("csv");
    const table = parseRunTable(text, { format: "tsv" });
    expect(table.format).toBe("tsv");
    expect(table.columns).toEqual({ params: "N", tokens: "D", loss: "loss" });
    expect(table.runs).toHaveLength(1);
  });
});

describe("parseRunTable: JSON", () => {
  const pretty = `[
  {"N": "70B", "D": "1.4T", "loss": 1.94, "group": "chinchilla"},
  {
    "N": 1e9,
    "D": 2e10,
    "loss": 3,
    "C": 1.2e20
  },
  {"N": 2e9, "D": 2e10},
  7,
  {"N": true, "D": 2e10, "loss": 3},
  {"N": 1e9, "D": 1e400, "loss": 3}
]`;

  test("parseRunTable(JSON array) reads records with the line where each starts", () => {
    const table = parseRunTable(pretty, { source: "runs.json" });
    expect(table.format).toBe("json");
    expect(table.runs).toEqual([{ params: 1e9, tokens: 2e10, flops: 1.2e20, lossNats: 3, line: 3 }]);
    expect(table.excluded).toEqual([
      // A key missing from one record, present in another, is an empty cell.
      { line: 2, column: "C", value: "", reason: "empty cell" },
      // Cells are checked in the order params, tokens, flops, loss; the first fault is reported.
      { line: 9, column: "C", value: "", reason: "empty cell" },
      { line: 10, value: "7", reason: "not a JSON object (found a number)" },
      { line: 11, column: "N", value: "true", reason: "not a number" },
      { line: 12, column: "D", value: "Infinity", reason: "non-finite" },
    ]);
    expect(table.rowsRead).toBe(6);
  });

  test("parseRunTable(JSON) takes columns from the union of keys in first-seen order", () => {
    const table = parseRunTable(pretty);
    expect(table.columns).toEqual({ params: "N", tokens: "D", flops: "C", loss: "loss", group: "group" });
    const first = parseRunTable('[{"val_loss": 3, "N": 1e9}, {"loss": 2.9, "D": 2e10}]');
    expect(first.columns).toEqual({ params: "N", tokens: "D", loss: "loss" });
    expect(first.notes).toContain('loss column "loss" chosen; also matching, ignored: "val_loss"');
  });

  test("parseRunTable(JSON with quantities as strings) reads them like CSV cells", () => {
    const table = parseRunTable('[{"N": "70B", "D": "1.4T", "loss": "1.94", "group": "chinchilla"}]');
    expect(table.runs).toEqual([
      { params: 7e10, tokens: 1.4e12, flops: 5.88e23, lossNats: 1.94, group: "chinchilla", line: 1 },
    ]);
  });

  test('parseRunTable({"runs": [...]}) reads the runs array with line numbers', () => {
    const text = '{\n  "meta": {"runs": [1, 2]},\n  "runs": [\n    {"N": 1e9, "D": 2e10, "loss": 3},\n    {"N": 2e9, "D": 2e10, "loss": null}\n  ]\n}';
    const table = parseRunTable(text);
    expect(table.format).toBe("json");
    expect(table.runs).toEqual([{ params: 1e9, tokens: 2e10, flops: 1.2e20, lossNats: 3, line: 4 }]);
    expect(table.excluded).toEqual([{ line: 5, column: "loss", value: "null", reason: "empty cell" }]);
  });

  test('parseRunTable({"runs": []}) throws: no runs', () => {
    expect(fatal('{"runs": []}', { source: "r.json" }).message).toBe("r.json: no runs: the JSON array is empty");
  });

  test("parseRunTable(invalid JSON) throws with the line and column of the fault", () => {
    const e = fatal('[\n  {"N": 1e9, "loss": 3},\n  {"N": , "loss": 3}\n]', { source: "r.json" });
    expect(e.message).toMatch(/^r\.json line 3 column 9: invalid JSON: /);
    expect(e.where).toEqual({ source: "r.json", line: 3, value: ', "loss": 3}\n]' });
  });

  test("parseRunTable(truncated JSON) points at the end of the text", () => {
    const e = fatal('[{"N": 1e9,\n "loss": 3', { source: "r.json" });
    expect(e.message).toMatch(/^r\.json line 2 column 11: invalid JSON: /);
  });

  test.each([
    ["42", "found a number"],
    ['"runs"', "found a string"],
    ['{"data": []}', "found an object"],
    ['{"runs": {"N": 1}}', "found an object"],
    ["null", "found null"],
  ])("parseRunTable(%j, json) throws: not an array of objects", (text, found) => {
    const e = fatal(text, { source: "r.json", format: "json" });
    expect(e.message).toBe(`r.json: expected a JSON array of run objects or {"runs": [...]}, ${found}`);
  });

  test("parseRunTable(JSON array without objects) throws", () => {
    expect(fatal("[1, [2], null]", { source: "r.json" }).message).toBe(
      "r.json: no runs: no element of the JSON array is an object",
    );
  });

  test('parseRunTable(JSON with "__proto__" keys) treats them as plain columns', () => {
    const table = parseRunTable('[{"__proto__": {"loss": 9}, "N": 1e9, "D": 2e10, "loss": 3, "constructor": 1}]');
    expect(table.runs).toEqual([{ params: 1e9, tokens: 2e10, flops: 1.2e20, lossNats: 3, line: 1 }]);
    expect(({} as Record<string, unknown>).loss).toBeUndefined();
    const noLoss = fatal('[{"__proto__": {"loss": 9}, "N": 1e9, "D": 2e10}]');
    expect(noLoss.message).toMatch(/no loss column; headers found: "__proto__", "N", "D"/);
  });

  test("parseRunTable(deeply nested JSON) throws a RunTableError", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect(fatal(deep).message).toBe("<input>: no runs: no element of the JSON array is an object");
    expect(fatal(`[{"N": ${"[".repeat(100_000)}`).message).toMatch(/^<input> line 1 column 100008: invalid JSON/);
  });
});

describe("parseRunTable: JSON Lines", () => {
  test("parseRunTable(JSONL) reads one object per line and excludes bad lines", () => {
    const text = lines(
      '{"N": 1e9, "D": 2e10, "loss": 3}', // 1
      "", //                                 2
      '{"N": 2e9, "D": 2e10, "loss": 2.9', //3 invalid
      "[1, 2]", //                           4 not an object
      '{"N": "3B", "D": "20B", "loss": "2.8", "U": "5B"}', // 5
    );
    const table = parseRunTable(text, { source: "runs.jsonl" });
    expect(table.format).toBe("jsonl");
    expect(table.runs).toEqual([
      { params: 1e9, tokens: 2e10, flops: 1.2e20, lossNats: 3, line: 1 },
      { params: 3e9, tokens: 2e10, flops: 3.6e20, lossNats: 2.8, uniqueTokens: 5e9, line: 5 },
    ]);
    expect(table.excluded).toHaveLength(2);
    expect(table.excluded[0]).toMatchObject({ line: 3, value: '{"N": 2e9, "D": 2e10, "loss": 2.9' });
    expect(table.excluded[0].reason).toMatch(/^invalid JSON: /);
    expect(table.excluded[1]).toEqual({ line: 4, value: "[1,2]", reason: "not a JSON object (found an array)" });
    expect(table.rowsRead).toBe(4);
  });

  test("parseRunTable(JSONL where no line parses) throws, citing the first bad line", () => {
    const e = fatal("{bad\n{worse\n", { source: "r.jsonl", format: "jsonl" });
    expect(e.message).toMatch(/^r\.jsonl: no line is a JSON object \(line 1: invalid JSON: /);
    expect(e.where).toEqual({ source: "r.jsonl", line: 1 });
  });
});
