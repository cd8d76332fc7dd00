// TensorBoard event files (events.out.tfevents.*): the scalar summaries, one row per step.
// Framing: TFRecord, tensorflow/core/lib/io/record_writer.cc (uint64 length, masked
// CRC-32C of the length, data, masked CRC-32C of the data; all little-endian).
// Records: tensorflow.Event, tensorflow/core/util/event.proto, with Summary from
// tensorflow/core/framework/summary.proto and TensorProto from tensor.proto.

import protobuf from "protobufjs/light.js";
import type { RawRow, RawTable } from "../rawTable.js";
import { RunTableError, type RowIssue } from "../types.js";
import { maskedCrc32c } from "./crc32c.js";
import type { TableReader } from "./types.js";

/** How a record or value failed to become a cell; every issue's reason starts with one, then ": ". */
export type TensorboardIssueCode = "bad-crc" | "truncated" | "undecodable" | "bad-step" | "not-scalar" | "duplicate";

/** protobufjs JSON fields from `name: [type, id]`, the type "repeated T" for a repeated field. */
function fields(spec: Record<string, [string, number]>) {
  return Object.fromEntries(
    Object.entries(spec).map(([name, [type, id]]) =>
      type.startsWith("repeated ") ? [name, { rule: "repeated", type: type.slice(9), id }] : [name, { type, id }],
    ),
  );
}

// Only the fields read here. Messages that are only skipped are declared as bytes, so never decoded.
const EVENT_KINDS = [
  "file_version", "graph_def", "summary", "log_message", "session_log", "tagged_run_metadata", "meta_graph_def",
];
const VALUE_KINDS = ["simple_value", "obsolete_old_style_histogram", "image", "histo", "audio", "tensor"];
const root = protobuf.Root.fromJSON({
  nested: {
    Event: {
      oneofs: { what: { oneof: EVENT_KINDS } },
      fields: fields({
        wall_time: ["double", 1], step: ["int64", 2], file_version: ["bytes", 3], graph_def: ["bytes", 4],
        summary: ["Summary", 5], log_message: ["bytes", 6], session_log: ["bytes", 7],
        tagged_run_metadata: ["bytes", 8], meta_graph_def: ["bytes", 9],
      }),
    },
    Summary: { fields: fields({ value: ["repeated Value", 1] }) },
    Value: {
      oneofs: { value: { oneof: VALUE_KINDS } },
      fields: fields({
        tag: ["string", 1], simple_value: ["float", 2], obsolete_old_style_histogram: ["bytes", 3], image: ["bytes", 4],
        histo: ["bytes", 5], audio: ["bytes", 6], tensor: ["TensorProto", 8], metadata: ["SummaryMetadata", 9],
      }),
    },
    SummaryMetadata: { fields: fields({ plugin_data: ["PluginData", 1] }) },
    PluginData: { fields: fields({ plugin_name: ["string", 1] }) },
    TensorProto: {
      fields: fields({
        dtype: ["int32", 1], tensor_shape: ["TensorShapeProto", 2], tensor_content: ["bytes", 4],
        float_val: ["repeated float", 5], double_val: ["repeated double", 6], int_val: ["repeated int32", 7],
        int64_val: ["repeated int64", 10],
      }),
    },
    TensorShapeProto: { fields: fields({ dim: ["repeated Dim", 2], unknown_rank: ["bool", 3] }) },
    Dim: { fields: fields({ size: ["int64", 1] }) },
  },
});
const EventType = root.lookupType("Event");

/** protobufjs gives an int64 as a Long when the `long` package is present, else as a number. */
type Int64 = number | { low: number; high: number };
interface TensorMsg {
  dtype?: number; tensor_shape?: { dim?: { size?: Int64 }[]; unknown_rank?: boolean }; tensor_content?: Uint8Array;
  float_val?: number[]; double_val?: number[]; int_val?: number[]; int64_val?: Int64[];
}
// `value` and `what` are the oneofs: the name of the member that is set.
interface ValueMsg {
  tag?: string; value?: string; simple_value?: number; tensor?: TensorMsg;
  metadata?: { plugin_data?: { plugin_name?: string } };
}
interface EventMsg { wall_time?: number; step?: Int64; what?: string; summary?: { value?: ValueMsg[] } }

function int64(x: Int64): number {
  if (typeof x === "number") return x;
  return Number(BigInt.asIntN(64, (BigInt(x.high >>> 0) << 32n) | BigInt(x.low >>> 0)));
}

/** A numeric dtype: its width, how to read it from tensor_content (little-endian), and its typed list. */
interface Dtype { name: string; size: number; raw(v: DataView): number; list(t: TensorMsg): Int64[] | undefined }
/** Keyed by tensorflow.DataType (tensorflow/core/framework/types.proto). */
const DTYPES: Record<number, Dtype> = {
  1: { name: "float", size: 4, raw: (v) => v.getFloat32(0, true), list: (t) => t.float_val },
  2: { name: "double", size: 8, raw: (v) => v.getFloat64(0, true), list: (t) => t.double_val },
  3: { name: "int32", size: 4, raw: (v) => v.getInt32(0, true), list: (t) => t.int_val },
  9: { name: "int64", size: 8, raw: (v) => Number(v.getBigInt64(0, true)), list: (t) => t.int64_val },
};
const KIND_NAMES: Record<string, string> = { histo: "histogram", obsolete_old_style_histogram: "old-style histogram" };

/** A value's number, or why it is not a scalar ("histogram", "tensor of shape [3]"). */
function scalarOf(v: ValueMsg, plugin: string | undefined): number | string {
  if (v.value === "simple_value") return v.simple_value ?? 0;
  if (v.value !== "tensor" || !v.tensor) return v.value ? KIND_NAMES[v.value] ?? v.value : "no value";
  const t = v.tensor;
  if (plugin !== undefined && plugin !== "scalars") return `tensor of plugin "${plugin}"`;
  if (t.tensor_shape?.unknown_rank) return "tensor of unknown rank";
  const dims = t.tensor_shape?.dim ?? [];
  if (dims.length > 0) return `tensor of shape [${dims.map((d) => int64(d.size ?? 0)).join(", ")}]`;
  const dtype = DTYPES[t.dtype ?? 0];
  if (!dtype) return t.dtype === 7 ? "string tensor" : `tensor of dtype ${t.dtype ?? 0}`;
  const list = dtype.list(t) ?? [];
  const content = t.tensor_content ?? new Uint8Array(0);
  if (list.length === 1 && content.length === 0) return int64(list[0]);
  if (list.length === 0 && content.length === dtype.size) {
    return dtype.raw(new DataView(content.buffer, content.byteOffset, dtype.size));
  }
  return `rank-0 ${dtype.name} tensor with ${list.length} listed values and ${content.length} content bytes`;
}

function issue(code: TensorboardIssueCode, record: number, text: string, column?: string): RowIssue {
  return { line: record, ...(column === undefined ? {} : { column }), reason: `${code}: ${text}` };
}

const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

/** Whether the 12 bytes at `at` are a TFRecord header whose length CRC checks. */
function headerChecks(b: Uint8Array, at: number): boolean {
  return b.length - at >= 12 && maskedCrc32c(b.subarray(at, at + 8)) === u32(b, at + 8);
}

interface Framed { record: number; data: Uint8Array }

/** Splits the TFRecord framing into records numbered from 1; damaged ones become issues. */
function splitRecords(b: Uint8Array, source: string): { records: Framed[]; issues: RowIssue[] } {
  if (b.length === 0) throw new RunTableError(`${source}: empty input, not a TensorBoard event file`, { source });
  if (!headerChecks(b, 0)) {
    const what = `the first ${Math.min(12, b.length)} bytes are not a TFRecord header (its length CRC does not check)`;
    throw new RunTableError(`${source}: not a TensorBoard event file: ${what}`, { source, line: 1 });
  }
  const records: Framed[] = [];
  const issues: RowIssue[] = [];
  for (let at = 0, record = 1; at < b.length; record++) {
    const left = b.length - at;
    if (!headerChecks(b, at)) {
      issues.push(
        left < 12
          ? issue("truncated", record, `${left} bytes at the end, too few for a 12-byte record header`)
          : issue("bad-crc", record, `length CRC does not check; framing is lost; the last ${left} bytes are not read`),
      );
      break;
    }
    const length = u32(b, at) + u32(b, at + 4) * 2 ** 32;
    if (length + 16 > left) {
      const text = `record declares ${length} data bytes, only ${Math.max(0, left - 16)} follow with their CRC`;
      issues.push(issue("truncated", record, text));
      break;
    }
    const data = b.subarray(at + 12, at + 12 + length);
    if (maskedCrc32c(data) === u32(b, at + 12 + length)) records.push({ record, data });
    else issues.push(issue("bad-crc", record, `data CRC does not check; the record's ${length} bytes are skipped`));
    at += 16 + length;
  }
  return { records, issues };
}

interface StepRow { line: number; wallTime: number; cells: (number | undefined)[]; from: number[] }
interface Skipped { issue: RowIssue; what: string; count: number; firstStep: number; lastStep: number }

/**
 * Reads the scalar summaries of a TensorBoard event file: PyTorch's
 * `simple_value` and TF2's rank-0 tensors (float_val, tensor_content; double,
 * int32 and int64 too) whose tag's plugin is "scalars" or unnamed. Headers are
 * "step", "wall_time", then the tags in order of first appearance; one row per
 * step in increasing step order, its `line` the first record that logged a
 * scalar at that step, its wall_time the latest of those records'. Issues carry
 * the record number and a reason that starts with a {@link TensorboardIssueCode}:
 * damaged records (bad-crc, truncated, undecodable), steps past 2^53 (bad-step),
 * one per tag or event kind that is not a scalar, with its count (not-scalar),
 * and each tag logged again at a step, the later value kept (duplicate).
 * Throws RunTableError when the input is empty, its first record header does
 * not check, or it holds no scalar at all.
 *
 * Cost: O(bytes.length) for the CRCs and decoding, O(steps · tags) for the
 * table and O(steps · log steps) to sort it.
 *
 * @example
 * const table = readTensorboard(bytes, "events.out.tfevents.1700000000.host");
 * table.headers;         // ["step", "wall_time", "train/loss", "train/lr", …]
 * table.rows[0].cell(2); // 10.800000190734863: simple_value is a float32, Math.fround(10.8)
 */
export function readTensorboard(bytes: Uint8Array, source: string): RawTable {
  const { records, issues } = splitRecords(bytes, source);
  const tags = new Map<string, number>();
  const plugins = new Map<string, string>(); // writers attach metadata to a tag's first value only
  const steps = new Map<number, StepRow>();
  const skipped = new Map<string, Skipped>();
  const skip = (key: string, record: number, what: string, step: number, column?: string) => {
    const s = skipped.get(key) ?? { issue: issue("not-scalar", record, what, column), what, count: 0, firstStep: step };
    skipped.set(key, { ...s, count: s.count + 1, lastStep: step });
  };
  for (const { record, data } of records) {
    let event: EventMsg;
    try {
      event = EventType.decode(data) as unknown as EventMsg;
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      issues.push(issue("undecodable", record, `not a tensorflow.Event: ${why}`));
      continue;
    }
    const step = int64(event.step ?? 0);
    if (event.what === "file_version") continue; // the file's first record, no data
    if (event.what !== "summary") {
      skip(`event ${event.what}`, record, event.what ?? "no summary", step);
      continue;
    }
    if (!Number.isSafeInteger(step)) {
      issues.push(issue("bad-step", record, `step ${step} is past 2^53, not kept exactly; the record is skipped`));
      continue;
    }
    for (const v of event.summary?.value ?? []) {
      const tag = v.tag ?? "";
      const plugin = v.metadata?.plugin_data?.plugin_name;
      if (plugin !== undefined && !plugins.has(tag)) plugins.set(tag, plugin);
      const x = tag === "" ? "value without a tag" : scalarOf(v, plugins.get(tag));
      if (typeof x === "string") {
        skip(`tag ${tag}`, record, x, step, tag);
        continue;
      }
      if (!tags.has(tag)) tags.set(tag, tags.size);
      const column = tags.get(tag) ?? 0;
      const wall = event.wall_time ?? 0;
      let row = steps.get(step);
      if (!row) steps.set(step, (row = { line: record, wallTime: wall, cells: [], from: [] }));
      row.wallTime = Math.max(row.wallTime, wall);
      const before = row.cells[column];
      if (before !== undefined) {
        const where = `at step ${step} (record ${record}, first at record ${row.from[column]})`;
        const text = `"${tag}" logged again ${where}: ${x} replaces ${before}; the later value is kept`;
        issues.push(issue("duplicate", record, text, tag));
      }
      row.cells[column] = x;
      row.from[column] = record;
    }
  }
  for (const s of skipped.values()) {
    const span = s.count === 1 ? `step ${s.firstStep}` : `first at step ${s.firstStep}, last at step ${s.lastStep}`;
    const unit = s.issue.column === undefined ? "event" : "value"; // a whole event, or a tag's value
    s.issue.reason = `not-scalar: ${s.what}; ${s.count} ${unit}${s.count === 1 ? "" : "s"} skipped (${span})`;
    issues.push(s.issue);
  }
  if (tags.size === 0) {
    const tagged = (s: Skipped) => (s.issue.column === undefined ? "" : ` ("${s.issue.column}")`);
    const found = [...skipped.values()].map((s) => `${s.count} × ${s.what}${tagged(s)}`);
    if (issues.length > skipped.size) found.push(`${issues.length - skipped.size} damaged records`);
    const what = `${records.length} readable records (found ${found.length > 0 ? found.join(", ") : "nothing else"})`;
    throw new RunTableError(`${source}: no scalar summaries in ${what}`, { source });
  }
  const rows: RawRow[] = [...steps.entries()]
    .sort(([a], [b]) => a - b)
    .map(([step, row]) => {
      const values = [step, row.wallTime, ...row.cells];
      return { line: row.line, cell: (i: number) => values[i] };
    });
  issues.sort((a, b) => a.line - b.line);
  const headers = ["step", "wall_time", ...tags.keys()];
  return { headers, rows, issues, rowsRead: rows.length + issues.length, position: "record" };
}

/** The registry's TensorBoard reader: sniffs the file name, or the first record header's length CRC. */
export const tensorboardReader: TableReader = {
  format: "tensorboard",
  title: "TensorBoard event file (scalar summaries)",
  sniff: ({ bytes, name }) => /tfevents/.test(name) || headerChecks(bytes, 0),
  read: readTensorboard,
};
