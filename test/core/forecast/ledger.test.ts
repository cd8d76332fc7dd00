// The forecast ledger's hashes (src/core/forecast/ledger.ts): the data hash ignores row order and file format and sees
// any changed value; the record chain catches any edit, deletion, insertion or reordering (property tests over generated
// ledgers, fast-check). Reference: SHA-256 of "abc" (FIPS 180-2 test vector).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, canonicalRows, checkLedger, findHead, LEDGER_FORMAT, sealRecord, sha256, type LedgerRecord } from "../../../src/core/forecast/ledger.js";
import { parseRunTable } from "../../../src/core/runs/parseRunTable.js";

const CSV = "N,D,loss\n1e8,2e9,3.1\n2e8,4e9,2.9\n4e8,8e9,2.7\n";

async function ledgerOf(n: number, seedText = "x"): Promise<LedgerRecord[]> {
  const out: LedgerRecord[] = [];
  for (let i = 0; i < n; i++) {
    out.push(await sealRecord({
      format: LEDGER_FORMAT, id: `r${i}`, createdAt: `2026-12-02T00:00:0${i % 10}Z`, tool: { name: "scalecast", version: "test" },
      previous: i === 0 ? null : out[i - 1].hash, data: { source: seedText, rows: i, sha256: "0".repeat(64), canonical: "" },
      assumptions: { law: { id: "chinchilla", options: {} }, i }, targets: [{ params: 1e9 + i, tokens: 2e10 }], predictions: [{ predicted: 2 + i / 10 }], fit: { n: i },
    }));
  }
  return out;
}
const text = (records: readonly unknown[]) => records.map((r) => JSON.stringify(r)).join("\n") + (records.length ? "\n" : "");

describe("hashes", () => {
  it("sha256('abc') is the FIPS 180-2 vector", async () => {
    expect(await sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
  it("canonicalJson sorts keys at every level and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: undefined } })).toBe('{"a":{"d":[1,{"e":3,"f":2}]},"b":1}');
  });
  it("the data hash is the same for reordered rows and for the same rows as JSON (70B and 7e10 alike); one changed value changes it", async () => {
    const a = parseRunTable(CSV, { source: "a.csv" }).runs;
    const b = parseRunTable("N,D,loss\n4e8,8e9,2.7\n1e8,2e9,3.1\n2e8,4e9,2.9\n", { source: "b.csv" }).runs;
    const c = parseRunTable(JSON.stringify([{ N: "200M", D: 4e9, loss: 2.9 }, { N: 1e8, D: "2B", loss: 3.1 }, { N: 4e8, D: 8e9, loss: 2.7 }]), { source: "c.json" }).runs;
    const d = parseRunTable("N,D,loss\n1e8,2e9,3.1\n2e8,4e9,2.9\n4e8,8e9,2.71\n", { source: "d.csv" }).runs;
    const h = async (runs: typeof a) => sha256(canonicalRows(runs));
    expect(await h(b)).toBe(await h(a));
    expect(await h(c)).toBe(await h(a));
    expect(await h(d)).not.toBe(await h(a));
  });
});

describe("checkLedger", () => {
  it("an empty ledger and a sealed chain of 5 are intact", async () => {
    expect((await checkLedger("")).problem).toBeUndefined();
    const check = await checkLedger(text(await ledgerOf(5)));
    expect(check.problem).toBeUndefined();
    expect(check.records).toHaveLength(5);
  });

  it("property: any edit of a value, deletion, duplication or swap of records is found, at the first bad line", async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 2, max: 6 }), fc.nat(), fc.nat(), fc.constantFrom("edit", "delete", "swap", "duplicate", "garble"),
      async (n, i0, j0, kind) => {
        const records: Array<Record<string, unknown>> = (await ledgerOf(n)).map((r) => ({ ...r }));
        const i = i0 % n, j = (i + 1 + (j0 % (n - 1))) % n;
        let expectedLine: number;
        if (kind === "edit") { records[i] = { ...records[i], targets: [{ params: 42, tokens: 42 }] }; expectedLine = i + 1; }
        else if (kind === "delete") { records.splice(i, 1); expectedLine = i + 1; if (i === n - 1) return; } // deleting the last record leaves a valid, shorter chain
        else if (kind === "swap") { [records[i], records[j]] = [records[j], records[i]]; expectedLine = Math.min(i, j) + 1; }
        else if (kind === "duplicate") { records.splice(i + 1, 0, records[i]); expectedLine = i + 2; }
        else { const t = text(records).split("\n"); t[i] = t[i].slice(0, 20); const check = await checkLedger(t.join("\n")); expect(check.problem?.line).toBe(i + 1); return; }
        const check = await checkLedger(text(records));
        expect(check.problem, `${kind} ${i} ${j}`).toBeDefined();
        expect(check.problem!.line).toBe(expectedLine);
      }), { numRuns: 150, seed: 12 });
  });
});

describe("findHead(records, head)", () => {
  // hashes made up so that two share their first 12 digits (a real SHA-256 collision on 48 bits is not to be had)
  const rec = (hash: string, id: string) => ({ hash, id }) as unknown as LedgerRecord;
  const records = [rec("aaaaaaaaaaaa" + "1".repeat(52), "r1"), rec("aaaaaaaaaaaa" + "2".repeat(52), "r2"), rec("b".repeat(64), "r3")];
  it("finds a whole hash or a unique prefix (case-insensitive), 1-based", () => {
    expect(findHead(records, "B".repeat(12))).toEqual({ record: 3, id: "r3", hash: "b".repeat(64) });
    expect(findHead(records, "aaaaaaaaaaaa2")).toMatchObject({ record: 2, id: "r2" });
  });
  it("says a prefix two records share is ambiguous, and a hash no record has is absent, naming the last record's", () => {
    expect(findHead(records, "aaaaaaaaaaaa")).toMatchObject({ problem: "ambiguous", message: "2 records (1, 2) have hashes starting aaaaaaaaaaaa: give more of the hash" });
    expect(findHead(records, "c".repeat(12))).toMatchObject({ problem: "absent", message: expect.stringContaining("(the ledger holds 3 records; the last has bbbbbbbbbbbb…)") });
    expect(findHead([], "c".repeat(12))).toMatchObject({ problem: "absent", message: expect.stringContaining("(the ledger is empty)") });
  });
});
