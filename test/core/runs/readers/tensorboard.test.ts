// The TensorBoard reader against a committed event file that
// test/fixtures/tensorboard/make-fixture.mjs wrote (protobufjs encoding, its own
// bit-by-bit CRC), hand-built damaged files, and seeded fuzzing.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { RawTable } from "../../../../src/core/runs/rawTable.js";
import { crc32c, maskedCrc32c } from "../../../../src/core/runs/readers/crc32c.js";
import { readTensorboard, tensorboardReader } from "../../../../src/core/runs/readers/tensorboard.js";
import { RunTableError } from "../../../../src/core/runs/types.js";
import {
  FIXTURE_EVENTS,
  FIXTURE_NAME,
  crc32cBitwise,
  encodeEvent,
  eventFile,
  frameRecord,
  makeFixture,
  type EventObject,
} from "../../../fixtures/tensorboard/make-fixture.mjs";

const SEED = 20_261_201;
const FIXTURE_URL = new URL(`../../../fixtures/tensorboard/${FIXTURE_NAME}`, import.meta.url);
const FIXTURE = new Uint8Array(readFileSync(FIXTURE_URL)); // a plain Uint8Array, not a Buffer, as in a browser
const T0 = 1_700_000_000;
const EVAL = "eval/c4_en-validation/CrossEntropyLoss";
const ascii = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};
const grid = (t: RawTable) => t.rows.map((r) => t.headers.map((_, i) => r.cell(i)));
const column = (t: RawTable, header: string) => t.rows.map((r) => r.cell(t.headers.indexOf(header)));
const scalarEvent = (step: number, value: EventObject): EventObject => ({
  wall_time: T0 + step,
  step,
  summary: { value: [value] },
});
const VERSION: EventObject = { wall_time: T0, file_version: "brain.Event:2" };

function fatal(bytes: Uint8Array, source = "run.tfevents"): RunTableError {
  try {
    readTensorboard(bytes, source);
  } catch (e) {
    expect(e).toBeInstanceOf(RunTableError);
    return e as RunTableError;
  }
  throw new Error("expected readTensorboard to throw");
}

describe("crc32c", () => {
  test('crc32c("123456789") is 0xE3069283, the check value of CRC-32/ISCSI in Cook\'s CRC catalogue', () => {
    expect(crc32c(ascii("123456789"))).toBe(0xe3069283);
  });

  // RFC 3720 (iSCSI), appendix B.4, "CRC Examples"; the RFC prints each CRC's bytes little-endian.
  test.each([
    ["32 zero bytes", new Uint8Array(32), 0x8a9136aa],
    ["32 bytes 0xFF", new Uint8Array(32).fill(0xff), 0x62a8ab43],
    ["bytes 0, 1, …, 31", Uint8Array.from({ length: 32 }, (_, i) => i), 0x46dd794e],
  ])("crc32c(%s) is %i, as in RFC 3720 B.4", (_, bytes, expected) => {
    expect(crc32c(bytes)).toBe(expected);
  });

  // Known answer from another implementation's tests: @roboflow/tfrecords 1.0.4, tensorFlowHelpers.test.ts.
  test("maskedCrc32c(uint64 164865 little-endian) is 3944318725 (unmasked 1310106699)", () => {
    const length = new Uint8Array([1, 132, 2, 0, 0, 0, 0, 0]);
    expect(crc32c(length)).toBe(1_310_106_699);
    expect(maskedCrc32c(length)).toBe(3_944_318_725);
  });

  test("crc32c(bytes) equals the fixture generator's bit-by-bit CRC-32C on random bytes", () => {
    const agree = (b: Uint8Array) => crc32c(b) === crc32cBitwise(b);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), agree), { seed: SEED, numRuns: 300 });
  });
});

describe("readTensorboard: the committed fixture", () => {
  test("makeFixture() regenerates the committed fixture byte for byte", () => {
    expect(Buffer.from(makeFixture()).equals(Buffer.from(FIXTURE))).toBe(true);
    expect(FIXTURE_EVENTS).toHaveLength(14);
  });

  test("readTensorboard(fixture) gives the scalars make-fixture.mjs wrote, one row per step in step order", () => {
    const table = readTensorboard(FIXTURE, FIXTURE_NAME);
    expect(table.headers).toEqual(["step", "wall_time", "train/loss", "train/lr", EVAL, "train/tokens"]);
    expect(table.position).toBe("record");
    // simple_value and DT_FLOAT tensors are float32 on disk: 10.8 is stored as Math.fround(10.8) = 10.800000190734863.
    const f = Math.fround;
    const u = undefined;
    expect(grid(table)).toEqual([
      [0, T0 + 1.5, f(10.8), f(0.0003), u, u],
      [10, T0 + 61.75, f(4.3), f(0.0006), f(4.55), 41_943_040], // eval from float_val, tokens from int64_val
      [15, T0 + 300, f(3.9), u, u, u], // logged after step 30, by the restarted run
      [20, T0 + 330, f(3.55), f(0.0006), f(3.7), u], // loss from record 14 (the later one); wall time the latest
      [30, T0 + 181, f(3.3), f(0.0003), f(3.4), u], // eval from tensor_content
    ]);
    expect(table.rows.map((r) => r.line)).toEqual([2, 3, 13, 8, 11]);
    expect(table.rowsRead).toBe(table.rows.length + table.issues.length);
  });

  test("readTensorboard(fixture) reports the image, the histogram (once, with its count) and the duplicate", () => {
    const { issues } = readTensorboard(FIXTURE, FIXTURE_NAME);
    expect(issues).toEqual([
      { line: 6, column: "samples/generation", reason: "not-scalar: image; 1 value skipped (step 10)" },
      {
        line: 7,
        column: "weights/layer0",
        reason: "not-scalar: histogram; 2 values skipped (first at step 10, last at step 20)",
      },
      {
        line: 14,
        column: "train/loss",
        reason:
          'duplicate: "train/loss" logged again at step 20 (record 14, first at record 8): ' +
          `${Math.fround(3.55)} replaces ${Math.fround(3.6)}; the later value is kept`,
      },
    ]);
  });
});

describe("readTensorboard: value kinds", () => {
  test("readTensorboard(rank-0 double and int32 tensors) reads them exactly; wall_time is the step's latest", () => {
    const content = new Uint8Array(8);
    new DataView(content.buffer).setFloat64(0, 0.1, true);
    const table = readTensorboard(
      eventFile([
        VERSION,
        scalarEvent(1, { tag: "d", tensor: { dtype: 2, tensor_shape: {}, tensor_content: content } }),
        scalarEvent(1, { tag: "dv", tensor: { dtype: 2, tensor_shape: {}, double_val: [0.1] } }),
        scalarEvent(1, { tag: "i", tensor: { dtype: 3, tensor_shape: {}, int_val: [-7] } }),
        { wall_time: T0, step: 1, summary: { value: [{ tag: "clock", simple_value: 2 }] } }, // written before, read after
      ]),
      "kinds",
    );
    expect(grid(table)).toEqual([[1, T0 + 1, 0.1, 0.1, -7, 2]]);
  });

  test("readTensorboard(non-scalar tensors and events) skips each with its reason", () => {
    const HPARAMS = { plugin_data: { plugin_name: "hparams" } };
    const VECTOR3 = { dim: [{ size: 3 }] };
    const table = readTensorboard(
      eventFile([
        VERSION,
        { wall_time: T0, graph_def: new Uint8Array([1, 2, 3]) },
        scalarEvent(1, { tag: "ok", simple_value: 1 }),
        scalarEvent(1, { tag: "vec", tensor: { dtype: 1, tensor_shape: VECTOR3, float_val: [1, 2, 3] } }),
        scalarEvent(1, { tag: "text", tensor: { dtype: 7, tensor_shape: {}, string_val: [ascii("hi")] } }),
        scalarEvent(1, { tag: "hp", metadata: HPARAMS, tensor: { dtype: 1, float_val: [0] } }),
        scalarEvent(1, { tag: "two", tensor: { dtype: 1, tensor_shape: {}, float_val: [1, 2] } }),
      ]),
      "kinds",
    );
    expect(table.headers).toEqual(["step", "wall_time", "ok"]);
    expect(table.issues.map((i) => [i.line, i.column, i.reason])).toEqual([
      [2, undefined, "not-scalar: graph_def; 1 event skipped (step 0)"],
      [4, "vec", "not-scalar: tensor of shape [3]; 1 value skipped (step 1)"],
      [5, "text", "not-scalar: string tensor; 1 value skipped (step 1)"],
      [6, "hp", 'not-scalar: tensor of plugin "hparams"; 1 value skipped (step 1)'],
      [7, "two", "not-scalar: rank-0 float tensor with 2 listed values and 0 content bytes; 1 value skipped (step 1)"],
    ]);
  });
});

describe("readTensorboard: damaged files", () => {
  const events = FIXTURE_EVENTS.slice(0, 4); // version; step 0 loss, lr; step 10 loss, lr; step 10 eval
  const offsets = [0]; // offsets[k]: where record k + 1 starts (16 framing bytes per record)
  for (const e of events) offsets.push(offsets[offsets.length - 1] + 16 + encodeEvent(e).length);

  test("readTensorboard(a data byte flipped in record 3) skips that record and reads the rest", () => {
    const bytes = eventFile(events);
    bytes[offsets[2] + 14] ^= 0x40;
    const table = readTensorboard(bytes, "flip");
    expect(table.issues).toEqual([{ line: 3, reason: expect.stringMatching(/^bad-crc: data CRC does not check/) }]);
    expect(column(table, "step")).toEqual([0, 10]);
    expect(column(table, "train/loss")).toEqual([Math.fround(10.8), undefined]);
    expect(table.rows[1].line).toBe(4);
  });

  test("readTensorboard(a length byte changed in record 3) stops there: framing is lost", () => {
    const bytes = eventFile(events);
    bytes[offsets[2]] ^= 0x01;
    const table = readTensorboard(bytes, "length");
    expect(table.issues).toEqual([
      {
        line: 3,
        reason: `bad-crc: length CRC does not check; framing is lost; the last ${offsets[4] - offsets[2]} bytes are not read`,
      },
    ]);
    expect(column(table, "step")).toEqual([0]);
  });

  test("readTensorboard(file cut inside record 4) reports the truncated record", () => {
    const table = readTensorboard(eventFile(events).subarray(0, offsets[4] - 3), "cut");
    const declared = offsets[4] - offsets[3] - 16;
    expect(table.issues).toEqual([
      { line: 4, reason: `truncated: record declares ${declared} data bytes, only ${declared - 3} follow with their CRC` },
    ]);
    expect(column(table, "step")).toEqual([0, 10]);
  });

  test("readTensorboard(a well-framed record that is not an Event, a step past 2^53) reports both", () => {
    const notAnEvent = frameRecord(new Uint8Array([0x0f])); // field 1 with wire type 7, which does not exist
    const farStep = eventFile([scalarEvent(2 ** 60, { tag: "x", simple_value: 1 })]);
    const bytes = concat(eventFile(events), notAnEvent, farStep);
    const table = readTensorboard(bytes, "garbage");
    expect(table.issues.map((i) => i.reason)).toEqual([
      "undecodable: not a tensorflow.Event: invalid wire type 7 at offset 1",
      `bad-step: step ${2 ** 60} is past 2^53, not kept exactly; the record is skipped`,
    ]);
    expect(table.issues.map((i) => i.line)).toEqual([5, 6]);
  });

  test("readTensorboard(empty, CSV text, only histograms) throws a RunTableError naming source and findings", () => {
    expect(fatal(new Uint8Array(0)).message).toBe("run.tfevents: empty input, not a TensorBoard event file");
    expect(fatal(ascii("step,loss\n1,2\n")).message).toBe(
      "run.tfevents: not a TensorBoard event file: the first 12 bytes are not a TFRecord header (its length CRC does not check)",
    );
    const histograms = eventFile([VERSION, FIXTURE_EVENTS[6], FIXTURE_EVENTS[9]]);
    expect(fatal(histograms).message).toBe(
      'run.tfevents: no scalar summaries in 3 readable records (found 2 × histogram ("weights/layer0"))',
    );
    expect(fatal(histograms).where).toEqual({ source: "run.tfevents" });
  });
});

describe("tensorboardReader.sniff", () => {
  test.each([
    ["events.out.tfevents.1700000000.host", new Uint8Array(0), true],
    ["run0", FIXTURE, true],
    ["runs.csv", ascii("step,loss\n1,2\n"), false],
    ["empty", new Uint8Array(0), false],
  ])("sniff(%s) is %s", (name, bytes, expected) => {
    expect(tensorboardReader.sniff({ bytes, name, firstLine: "" })).toBe(expected);
  });
});

describe("readTensorboard: properties (fast-check, seed 20261201)", () => {
  const CODES = /^(bad-crc|truncated|undecodable|bad-step|not-scalar|duplicate): /;

  /** True when readTensorboard returned a consistent table or threw a RunTableError; any other exception fails. */
  function outcomeIsSound(bytes: Uint8Array): boolean {
    let table: RawTable;
    try {
      table = readTensorboard(bytes, "<fuzz>");
    } catch (e) {
      if (!(e instanceof RunTableError)) throw e;
      expect(e.where.source).toBe("<fuzz>");
      return true;
    }
    expect(table.rowsRead).toBe(table.rows.length + table.issues.length);
    const steps = column(table, "step") as number[];
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    for (const i of table.issues) expect(Number.isInteger(i.line) && i.line >= 1 && CODES.test(i.reason)).toBe(true);
    return true;
  }
  const options = { seed: SEED, numRuns: 300 };

  test("readTensorboard(arbitrary bytes) returns a consistent table or throws RunTableError", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), outcomeIsSound), options);
  });

  test("readTensorboard(fixture, bytes flipped, then truncated) returns a consistent table or throws RunTableError", () => {
    const flip = fc.tuple(fc.nat({ max: FIXTURE.length - 1 }), fc.integer({ min: 1, max: 255 }));
    const flips = fc.array(flip, { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(flips, fc.nat({ max: FIXTURE.length }), (changes, keep) => {
        const bytes = FIXTURE.slice(0, keep === 0 ? FIXTURE.length : keep);
        for (const [at, xor] of changes) if (at < bytes.length) bytes[at] ^= xor;
        return outcomeIsSound(bytes);
      }),
      options,
    );
  });

  test("readTensorboard(fixture events, bytes flipped, re-framed with valid CRCs) gives a table or RunTableError", () => {
    const encoded = FIXTURE_EVENTS.map((e) => encodeEvent(e));
    const change = fc.tuple(fc.nat({ max: encoded.length - 1 }), fc.nat(), fc.integer({ min: 1, max: 255 }));
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 6 }), (changes) => {
        const events = encoded.map((e) => new Uint8Array(e)); // a copy: the mutations stay in this run
        for (const [which, at, xor] of changes) events[which][at % events[which].length] ^= xor;
        return outcomeIsSound(concat(...events.map(frameRecord)));
      }),
      options,
    );
  });
});
