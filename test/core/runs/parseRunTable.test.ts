import { describe, expect, test } from "vitest";
import { parseRunTable } from "../../../src/core/runs/index.js";
import { fatal, lines } from "./helpers.js";

describe("parseRunTable: rows", () => {
  test("parseRunTable(CSV with 70B, 1.4T) reads quantities and derives C = 6ND", () => {
    const table = parseRunTable(lines("N,D,loss", "70B,1.4T,1.94"), { source: "chinchilla.csv" });
    expect(table).toEqual({
      source: "chinchilla.csv",
      format: "csv",
      runs: [{ params: 7e10, tokens: 1.4e12, flops: 6 * 7e10 * 1.4e12, lossNats: 1.94, line: 2 }],
      excluded: [],
      notes: [
        'parameter convention "total": default (params column "N" names no convention; --param-convention overrides)',
        "flops C derived as 6·N·D for 1 row (no flops column)",
      ],
      columns: { params: "N", tokens: "D", loss: "loss" },
      derived: { tokens: 0, flops: 1 },
      paramConvention: "total",
      rowsRead: 1,
      headers: ["N", "D", "loss"],
    });
  });

  test("parseRunTable(bad rows) excludes each with its line, column, raw value and reason", () => {
    const text = lines(
      "N,D,loss", //          1
      "1e9,2e10,3.0", //      2 kept
      ",2e10,3.0", //         3
      "abc,2e10,3", //        4
      "1e9,NaN,3", //         5
      "1e9,2e10,0", //        6
      "-1e9,2e10,3", //       7
      "1e9,1e400,3", //       8
      "1e9,Infinity,3", //    9
      "1B,20B,3", //          10 same numbers as line 2
      "1e9,2e10", //          11
      "1e9,2e10,3,4", //      12
      "2e9,4e10,2.5", //      13 kept
      "1e9,2e10,-0", //       14
      "1e9,  ,3", //          15
    );
    const table = parseRunTable(text);
    expect(table.runs.map((r) => r.line)).toEqual([2, 13]);
    expect(table.excluded).toEqual([
      { line: 3, column: "N", value: "", reason: "empty cell" },
      { line: 4, column: "N", value: "abc", reason: "not a number" },
      { line: 5, column: "D", value: "NaN", reason: "NaN" },
      { line: 6, column: "loss", value: "0", reason: "must be > 0" },
      { line: 7, column: "N", value: "-1e9", reason: "must be > 0" },
      { line: 8, column: "D", value: "1e400", reason: "non-finite" },
      { line: 9, column: "D", value: "Infinity", reason: "non-finite" },
      { line: 10, reason: "duplicate of line 2" },
      { line: 11, value: "1e9,2e10", reason: "expected 3 fields (as in the header), found 2" },
      { line: 12, value: "1e9,2e10,3,4", reason: "expected 3 fields (as in the header), found 4" },
      { line: 14, column: "loss", value: "-0", reason: "must be > 0" },
      { line: 15, column: "D", value: "  ", reason: "empty cell" },
    ]);
    expect(table.rowsRead).toBe(14);
    expect(table.runs.length + table.excluded.length).toBe(table.rowsRead);
  });

  test("parseRunTable(blank lines) skips them silently and keeps physical line numbers", () => {
    const table = parseRunTable("\n\nN,D,loss\n\n1e9,2e10,3\n   \n\n2e9,2e10,2.9\n\n");
    expect(table.runs.map((r) => r.line)).toEqual([5, 8]);
    expect(table.excluded).toEqual([]);
    expect(table.rowsRead).toBe(2);
  });

  test("parseRunTable(CRLF and a byte-order mark) reads the same lines as LF", () => {
    const table = parseRunTable("\uFEFFN,D,loss\r\n1e9,2e10,3\r\n\r\n2e9,bad,2.9\r\n");
    expect(table.columns.params).toBe("N");
    expect(table.runs).toEqual([{ params: 1e9, tokens: 2e10, flops: 1.2e20, lossNats: 3, line: 2 }]);
    expect(table.excluded).toEqual([{ line: 4, column: "D", value: "bad", reason: "not a number" }]);
  });

  test("parseRunTable(duplicates) keeps the first and names its line; a different loss is not a duplicate", () => {
    const table = parseRunTable(lines("N,D,loss", "1e9,2e10,3", "1e9,2e10,3.1", "1000M,20000M,3", "1e9,2e10,3.1"));
    expect(table.runs.map((r) => r.line)).toEqual([2, 3]);
    expect(table.excluded).toEqual([
      { line: 4, reason: "duplicate of line 2" },
      { line: 5, reason: "duplicate of line 3" },
    ]);
  });

  test("parseRunTable(excluded first row) does not make a later identical row a duplicate", () => {
    const table = parseRunTable(lines("N,D,loss,U", "1e9,2e10,3,bad", "1e9,2e10,3,"));
    expect(table.runs.map((r) => r.line)).toEqual([3]);
    expect(table.excluded).toEqual([{ line: 2, column: "U", value: "bad", reason: "not a number" }]);
  });

  test("parseRunTable(uniqueTokens and group) reads them; empty cells leave them out", () => {
    const table = parseRunTable(lines("N,D,loss,unique_tokens,family", "1e9,2e10,3,1e10, gpt ", "2e9,2e10,2.9,,"));
    expect(table.columns).toEqual({ params: "N", tokens: "D", loss: "loss", uniqueTokens: "unique_tokens", group: "family" });
    expect(table.runs).toEqual([
      { params: 1e9, tokens: 2e10, flops: 1.2e20, lossNats: 3, uniqueTokens: 1e10, group: "gpt", line: 2 },
      { params: 2e9, tokens: 2e10, flops: 2.4e20, lossNats: 2.9, line: 3 },
    ]);
  });

  test("parseRunTable(a zero uniqueTokens cell) excludes the row", () => {
    const table = parseRunTable(lines("N,D,loss,U", "1e9,2e10,3,0"));
    expect(table.excluded).toEqual([{ line: 2, column: "U", value: "0", reason: "must be > 0" }]);
  });

  test("parseRunTable(very long cell) reports the value truncated to 100 characters", () => {
    const long = "x".repeat(500);
    const table = parseRunTable(lines("N,D,loss", `${long},2e10,3`));
    expect(table.excluded[0].value).toBe(`${"x".repeat(99)}…`);
  });
});

describe("parseRunTable: derived columns", () => {
  test("parseRunTable(N, C, loss) derives D = C / (6N) and says so", () => {
    const table = parseRunTable(lines("params,flops,loss", "1e9,1.2e20,3", "2e9,1.2e20,2.9"));
    expect(table.runs.map((r) => r.tokens)).toEqual([1.2e20 / 6e9, 1.2e20 / 12e9]);
    expect(table.derived).toEqual({ tokens: 2, flops: 0 });
    expect(table.notes).toContain("tokens D derived as C / (6·N) for 2 rows (no tokens column)");
  });

  test("parseRunTable(D, C, loss) derives N = C / (6D), assumes total parameters and says so", () => {
    const table = parseRunTable(lines("tokens,compute,val_loss", "2e10,1.2e20,3"));
    expect(table.runs).toEqual([{ params: 1.2e20 / 1.2e11, tokens: 2e10, flops: 1.2e20, lossNats: 3, line: 2 }]);
    expect(table.derived).toEqual({ tokens: 0, flops: 0 });
    expect(table.paramConvention).toBe("total");
    expect(table.notes).toEqual([
      'parameter convention "total": assumed (no params column; N derived as C / (6·D))',
      "params N derived as C / (6·D) for 1 row (no params column)",
    ]);
  });

  test("parseRunTable(text, {flopsPerParamToken: 8}) uses C = 8ND", () => {
    const table = parseRunTable(lines("N,C,loss", "1e9,8e19,3"), { flopsPerParamToken: 8 });
    expect(table.runs[0].tokens).toBe(1e10);
    expect(table.notes).toContain("tokens D derived as C / (8·N) for 1 row (no tokens column)");
  });

  test("parseRunTable(a derived value that overflows or underflows) excludes the row", () => {
    const table = parseRunTable(lines("N,C,loss", "1e-300,1e300,3", "1e300,1e-300,3", "1e9,1.2e20,3"));
    expect(table.excluded).toEqual([
      { line: 2, reason: "non-finite (derived tokens D = C / (6·N))" },
      { line: 3, reason: "must be > 0 (derived tokens D = C / (6·N) underflows to 0)" },
    ]);
    expect(table.derived.tokens).toBe(1);
    expect(table.notes).toContain("tokens D derived as C / (6·N) for 1 row (no tokens column)");
  });

  test("parseRunTable(N, D, C disagreeing with 6ND by > 10%) keeps the rows and adds one note", () => {
    const table = parseRunTable(
      lines("N,D,C,loss", "1e9,2e10,1.2e20,3", "1e9,3e10,1.2e20,2.9", "2e9,2e10,2.4e20,2.8", "2e9,3e10,1e20,2.7", "3e9,1e10,1.9e20,2.6"),
    );
    expect(table.runs).toHaveLength(5);
    expect(table.excluded).toEqual([]);
    expect(table.derived).toEqual({ tokens: 0, flops: 0 });
    // 6·N·D/C: 1, 1.5, 1, 3.6, 0.947 → lines 3 and 5 exceed 10%.
    expect(table.notes.filter((n) => n.startsWith("C differs"))).toEqual([
      'C differs from 6·N·D by more than 10% in 2 rows (first at line 3); rows kept, C read from column "C"',
    ]);
    expect(table.runs[1].flops).toBe(1.2e20);
  });

  test("parseRunTable(header units) scales count columns and says so", () => {
    const table = parseRunTable(lines("Model Size (B),Tokens (B),loss (nats)", "0.07,1.4,3"));
    expect(table.runs[0]).toMatchObject({ params: 0.07 * 1e9, tokens: 1.4 * 1e9 });
    expect(table.notes).toContain('params column "Model Size (B)": values multiplied by 1000000000 (unit "B")');
    expect(table.notes).toContain('tokens column "Tokens (B)": values multiplied by 1000000000 (unit "B")');
  });

  test("parseRunTable(header scale that overflows a value) excludes the row as non-finite", () => {
    const table = parseRunTable(lines("N (B),D,loss", "1e300,2e10,3"));
    expect(table.excluded).toEqual([{ line: 2, column: "N (B)", value: "1e300", reason: "non-finite" }]);
  });

  test("parseRunTable(a loss column in bits) warns that it is read as nats", () => {
    const table = parseRunTable(lines("N,D,loss (bits)", "1e9,2e10,3"));
    expect(table.notes).toContain('loss column "loss (bits)" looks like bits, not nats; values are read unchanged as nats');
    expect(table.runs[0].lossNats).toBe(3);
  });
});

describe("parseRunTable: columns and conventions", () => {
  test("parseRunTable(train_loss and val_loss) uses val_loss and notes the ignored column", () => {
    const table = parseRunTable(lines("N,D,train_loss,val_loss", "1e9,2e10,2.5,3"));
    expect(table.columns.loss).toBe("val_loss");
    expect(table.runs[0].lossNats).toBe(3);
    expect(table.notes).toContain('loss column "val_loss" chosen; also matching, ignored: "train_loss"');
  });

  test("parseRunTable(text, {columns}) uses explicit names and leaves the rest to aliases", () => {
    const table = parseRunTable(lines("size,D,loss,my_metric", "1e9,2e10,9,3"), {
      columns: { params: "size", loss: "my_metric" },
    });
    expect(table.columns).toEqual({ params: "size", tokens: "D", loss: "my_metric" });
    expect(table.runs[0]).toMatchObject({ params: 1e9, lossNats: 3 });
  });

  test("parseRunTable(text, {columns}) claims a header for one role so no alias reuses it", () => {
    const table = parseRunTable(lines("C,N,D,loss", "1.2e20,1e9,2e10,3"), { columns: { tokens: "C", flops: "D" } });
    expect(table.columns).toEqual({ params: "N", tokens: "C", flops: "D", loss: "loss" });
  });

  test("parseRunTable(text, {columns: misnamed}) throws naming the column and the headers", () => {
    const e = fatal(lines("N,D,loss", "1e9,2e10,3"), { source: "runs.csv", columns: { loss: "val_loss" } });
    expect(e.message).toBe('runs.csv: column "val_loss" given for loss was not found; headers are: "N", "D", "loss"');
    expect(e.where).toEqual({ source: "runs.csv", column: "val_loss" });
  });

  test.each([
    ["non_embedding_params", "nonEmbedding", 'parameter convention "nonEmbedding": params column "non_embedding_params" matches /non.?embed/i'],
    ["nonembedding_params", "nonEmbedding", 'parameter convention "nonEmbedding": params column "nonembedding_params" matches /non.?embed/i'],
    ["active_params", "active", 'parameter convention "active": params column "active_params" matches /active/i'],
    ["Model Size", "total", 'parameter convention "total": default (params column "Model Size" names no convention; --param-convention overrides)'],
  ])("parseRunTable(params column %j) detects paramConvention %j", (header, convention, note) => {
    const table = parseRunTable(lines(`${header},D,loss`, "1e9,2e10,3"));
    expect(table.paramConvention).toBe(convention);
    expect(table.notes).toContain(note);
  });

  test("parseRunTable(text, {paramConvention}) overrides detection and says so", () => {
    const table = parseRunTable(lines("non_embedding_params,D,loss", "1e9,2e10,3"), { paramConvention: "active" });
    expect(table.paramConvention).toBe("active");
    expect(table.notes).toContain('parameter convention "active": set by the caller');
  });
});

describe("parseRunTable: fatal problems", () => {
  test.each(["", "   ", "\n\n\t\n", "\uFEFF"])("parseRunTable(%j) throws empty input", (text) => {
    const e = fatal(text, { source: "a.csv" });
    expect(e.message).toBe("a.csv: empty input");
    expect(e.where).toEqual({ source: "a.csv" });
  });

  test("parseRunTable(header of empty names) throws no header", () => {
    const e = fatal(",,\n1,2,3\n", { source: "a.csv" });
    expect(e.message).toBe("a.csv: no header: the first non-blank line names no columns");
    expect(e.where).toEqual({ source: "a.csv", line: 1 });
  });

  test("parseRunTable(no loss column) lists the headers found and the accepted names", () => {
    const e = fatal(lines("N,D,perplexity", "1e9,2e10,20"), { source: "a.csv" });
    expect(e.message).toBe(
      'a.csv: no loss column; headers found: "N", "D", "perplexity"; accepted loss names: loss, val_loss, validation_loss, ' +
        'eval_loss, loss_nats, val_loss_nats, final_loss, L, train_loss (matching ignores case, spaces, "_", "-", "/", "." and a unit ' +
        'in parentheses); or name the column explicitly (columns.loss, --loss-col); headers that look like one: "perplexity"',
    );
    expect(e.where).toEqual({ source: "a.csv", line: 1 });
  });

  test("parseRunTable(loss and only params) throws, naming what was found", () => {
    const e = fatal(lines("N,loss", "1e9,3"), { source: "a.csv" });
    expect(e.message).toMatch(/^a\.csv: need at least two of params \(N\), tokens \(D\) and flops \(C\) to derive the third, found only params \("N"\); headers found: "N", "loss"; accepted names: params: N, params, /);
  });

  test("parseRunTable(loss only) throws, naming none found", () => {
    expect(fatal(lines("loss", "3")).message).toMatch(/found none of them/);
  });

  test("parseRunTable(header with no data rows) returns an empty table", () => {
    const table = parseRunTable("N,D,loss\n");
    expect(table.runs).toEqual([]);
    expect(table.rowsRead).toBe(0);
    expect(table.notes).toContain("flops C derived as 6·N·D for 0 rows (no flops column)");
  });

  test.each([
    [{ flopsPerParamToken: 0 }, "flopsPerParamToken must be a finite number > 0, got 0"],
    [{ flopsPerParamToken: Number.NaN }, "flopsPerParamToken must be a finite number > 0, got NaN"],
    [{ format: "xlsx" }, "format must be one of csv, tsv, json, jsonl, got xlsx"],
    [{ paramConvention: "embedding" }, "paramConvention must be one of total, nonEmbedding, active, got embedding"],
    [{ columns: { loss: 3 } }, "columns.loss must be a string, got 3"],
  ])("parseRunTable(text, %j) throws a RunTableError for the bad option", (options, message) => {
    const e = fatal(lines("N,D,loss", "1,2,3"), options as never);
    expect(e.message).toBe(`<input>: option ${message}`);
  });

  test("parseRunTable(non-string input) throws a RunTableError", () => {
    expect(fatal(undefined as never).message).toBe("<input>: input is not text (got undefined)");
    expect(fatal(42 as never).message).toBe("<input>: input is not text (got number)");
  });
});
