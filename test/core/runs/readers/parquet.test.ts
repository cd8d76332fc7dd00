// The Parquet reader against test/fixtures/parquet/runs.parquet, written by
// make-fixture.mjs with hyparquet-writer: the committed bytes must equal a fresh
// write (no drift), and each cell read back must equal the value written (the
// fixture's columns are the provenance). Damaged files and seeded fuzzing check
// that only RunTableError ever escapes.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { parquetMetadata } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { describe, expect, test } from "vitest";
import type { RawTable } from "../../../../src/core/runs/rawTable.js";
import { parquetReader, readParquet } from "../../../../src/core/runs/readers/parquet.js";
import { RunTableError } from "../../../../src/core/runs/types.js";

interface FixtureModule {
  parquetFixture(): Uint8Array;
  fixtureColumns: { name: string; data: unknown[] }[];
}
// make-fixture.mjs is plain JavaScript without declarations; its shape is stated here.
const MAKE_FIXTURE = new URL("../../../fixtures/parquet/make-fixture.mjs", import.meta.url).href;
const { parquetFixture, fixtureColumns } = (await import(MAKE_FIXTURE)) as FixtureModule;

const SEED = 20_261_201;
const FIXTURE = new Uint8Array(readFileSync(new URL("../../../fixtures/parquet/runs.parquet", import.meta.url)));
const grid = (t: RawTable) => t.rows.map((r) => t.headers.map((_, i) => r.cell(i)));
const column = (t: RawTable, header: string) => t.rows.map((r) => r.cell(t.headers.indexOf(header)));
const written = (name: string) => fixtureColumns.find((c) => c.name === name)!.data;

async function fatal(bytes: Uint8Array, source = "runs.parquet"): Promise<RunTableError> {
  try {
    await readParquet(bytes, source);
  } catch (e) {
    expect(e).toBeInstanceOf(RunTableError);
    return e as RunTableError;
  }
  throw new Error("expected readParquet to reject");
}

/** Where the first page of a column's chunk starts, and where its data starts (after the page header). */
function firstPage(bytes: Uint8Array, name: string): { header: number; data: number } {
  const chunk = parquetMetadata(bytes).row_groups[0].columns.find((c) => c.meta_data?.path_in_schema.join(".") === name)!;
  const header = Number(chunk.meta_data!.data_page_offset);
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset + header), offset: 0 };
  parquetHeader(reader);
  return { header, data: header + reader.offset };
}

describe("parquetReader", () => {
  test("parquetFixture() rewrites runs.parquet byte for byte (the committed fixture has not drifted)", () => {
    expect(parquetFixture()).toEqual(FIXTURE);
  });

  test("readParquet(runs.parquet) gives one header per leaf, struct fields joined with '.'", async () => {
    const t = await readParquet(FIXTURE, "runs.parquet");
    expect(t.headers).toEqual(["run", "params", "tokens", "loss", "group", "seed", "created", "finished", "eval.c4_en", "eval.pile"]);
    expect([t.position, t.rowsRead, t.issues, t.headerLine]).toEqual(["row", 4, [], undefined]);
    expect(t.rows.map((r) => r.line)).toEqual([1, 2, 3, 4]); // 1-based row numbers
  });

  test("readParquet(runs.parquet) reads back the values make-fixture.mjs wrote", async () => {
    const t = await readParquet(FIXTURE, "runs.parquet");
    expect(column(t, "run")).toEqual(written("run"));
    // INT64 below 2^53 becomes a number: 44000000n → 44000000.
    expect(column(t, "params")).toEqual(written("params").map(Number));
    expect(column(t, "params")).toEqual([44e6, 90e6, 196e6, 400e6]);
    expect(column(t, "tokens")).toEqual([8.8e8, 1.8e9, 3.92e9, 8e9]);
    expect(column(t, "loss")).toEqual([3.94, 3.58, 3.31, 3.07]); // DOUBLE: exact round trip
    expect(column(t, "group")).toEqual(["small", "small", undefined, "medium"]); // null → undefined
    // INT64 9007199254740993 = 2^53 + 1 has no exact double: kept as its decimal string.
    expect(column(t, "seed")).toEqual([1, 2, "9007199254740993", -3]);
    expect(column(t, "created")).toEqual(["2026-01-05T12:00:00.000Z", "2026-01-06T00:00:00.000Z", "2026-01-07T00:00:00.000Z", undefined]);
    expect(column(t, "finished")).toEqual([true, true, false, true]);
    // A null struct (row 2) leaves both of its fields undefined.
    expect(column(t, "eval.c4_en")).toEqual([3.99, undefined, 3.35, 3.12]);
    expect(column(t, "eval.pile")).toEqual([3.71, undefined, undefined, 2.9]);
    expect(grid(t)[0]).toEqual(["s-44M", 44e6, 8.8e8, 3.94, "small", 1, "2026-01-05T12:00:00.000Z", true, 3.99, 3.71]);
  });

  test("readParquet(bytes of a view into a larger buffer) reads only the view", async () => {
    const padded = new Uint8Array(FIXTURE.length + 20);
    padded.set(FIXTURE, 10);
    const t = await readParquet(padded.subarray(10, 10 + FIXTURE.length), "view.parquet");
    expect(column(t, "loss")).toEqual([3.94, 3.58, 3.31, 3.07]);
  });

  test("parquetReader.sniff(bytes) needs 'PAR1' at both ends", () => {
    const sniff = (bytes: Uint8Array) => parquetReader.sniff({ bytes, firstLine: "", name: "x" });
    expect(sniff(FIXTURE)).toBe(true);
    expect(sniff(new TextEncoder().encode("N,D,loss\n1,2,3\n"))).toBe(false);
    expect(sniff(FIXTURE.subarray(0, FIXTURE.length - 1))).toBe(false); // magic only at the start
    expect(sniff(FIXTURE.subarray(1))).toBe(false); // magic only at the end
    expect(sniff(new TextEncoder().encode("PAR1PAR1"))).toBe(false); // too short to hold a footer length
  });

  test("readParquet(a CSV file) rejects with a RunTableError naming the source and the missing magic", async () => {
    const e = await fatal(new TextEncoder().encode("N,D,loss\n1,2,3\n"), "runs.csv");
    expect(e.message).toBe('runs.csv: not a Parquet file: "PAR1" missing at the start or end (15 bytes)');
    expect(e.where).toEqual({ source: "runs.csv" });
  });

  test("readParquet(a footer length past the start of the file) rejects, hyparquet's error as the cause", async () => {
    const bytes = FIXTURE.slice();
    new DataView(bytes.buffer).setUint32(bytes.length - 8, 0xffffff, true);
    const e = await fatal(bytes);
    expect(e.message).toMatch(/^runs\.parquet: damaged Parquet footer: parquet metadata length 16777215 exceeds/);
    expect(e.cause).toBeInstanceOf(Error);
  });

  test("readParquet(a page claiming more values than its column chunk) rejects before decoding", async () => {
    // The "loss" page header: DataPageHeaderV2 (struct field 8, byte 0x5c), then num_values (i32 0x15, zigzag 0x08 = 4).
    const bytes = FIXTURE.slice();
    const at = bytes.indexOf(0x5c, firstPage(bytes, "loss").header) + 2;
    expect(bytes[at]).toBe(0x08);
    bytes[at] = 0x0a; // 5 values
    expect((await fatal(bytes)).message).toBe(
      'runs.parquet: damaged Parquet file: the pages of column "loss" hold more values than its metadata says (4)',
    );
  });

  test("readParquet(a zeroed page header) rejects naming the column", async () => {
    const bytes = FIXTURE.slice();
    const { header, data } = firstPage(bytes, "run");
    bytes.fill(0, header, data);
    expect((await fatal(bytes)).message).toBe('runs.parquet: damaged Parquet file: a page of column "run" runs past its column chunk');
  });

  test("readParquet(a Snappy stream that copies from before its start) wraps hyparquet's error", async () => {
    // Page data: the Snappy preamble (uncompressed length, one byte here), then the first tag;
    // tag 0x01 is a copy with a 1-byte offset, impossible before any literal.
    const bytes = FIXTURE.slice();
    bytes[firstPage(bytes, "loss").data + 1] = 0x01;
    const e = await fatal(bytes);
    expect(e.message).toBe("runs.parquet: damaged Parquet data: cannot copy from before start of buffer");
    expect(e.cause).toBeInstanceOf(Error);
  });
});

describe("parquetReader on damaged input (fast-check, seeded)", () => {
  /** A RawTable with rowsRead = rows + issues, or a RunTableError; anything else (or a hang) fails. */
  async function sound(bytes: Uint8Array): Promise<boolean> {
    let t: RawTable;
    try {
      t = await readParquet(bytes, "fuzz.parquet");
    } catch (e) {
      expect(e).toBeInstanceOf(RunTableError);
      return true;
    }
    expect(t.rowsRead).toBe(t.rows.length + t.issues.length);
    for (const r of t.rows) t.headers.forEach((_, i) => r.cell(i));
    return true;
  }
  const magic = [0x50, 0x41, 0x52, 0x31];
  const flips = fc.array(fc.tuple(fc.nat(FIXTURE.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 });

  test("readParquet(random bytes, with and without 'PAR1' at both ends) resolves soundly or rejects with RunTableError", async () => {
    const arbitrary = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      fc.uint8Array({ minLength: 4, maxLength: 600 }).map((b) => new Uint8Array([...magic, ...b, ...magic])),
    );
    await fc.assert(fc.asyncProperty(arbitrary, sound), { seed: SEED, numRuns: 200 });
  });

  test("readParquet(runs.parquet with byte flips) resolves soundly or rejects with RunTableError", async () => {
    const damaged = flips.map((list) => {
      const b = FIXTURE.slice();
      for (const [at, value] of list) b[at] = value;
      return b;
    });
    await fc.assert(fc.asyncProperty(damaged, sound), { seed: SEED, numRuns: 200 });
  });

  test("readParquet(runs.parquet truncated, or with a middle cut out) resolves soundly or rejects with RunTableError", async () => {
    const cut = fc.oneof(
      fc.nat(FIXTURE.length).map((n) => FIXTURE.slice(0, n)),
      fc.tuple(fc.nat(FIXTURE.length - 8), fc.nat(FIXTURE.length - 8)).map(([a, b]) => {
        const [from, to] = [4 + Math.min(a, b), 4 + Math.max(a, b)];
        return new Uint8Array([...FIXTURE.subarray(0, from), ...FIXTURE.subarray(to)]);
      }),
    );
    await fc.assert(fc.asyncProperty(cut, sound), { seed: SEED, numRuns: 200 });
  });
});
