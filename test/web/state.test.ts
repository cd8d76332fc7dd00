// URL state of the workbench (web/src/state.ts): what a shared link carries, and what it refuses.
import { describe, expect, it } from "vitest";
import { dataForUrl, decodeState, defaultState, encodeState, HASH_PREFIX, MAX_SELECTION_ENTRIES, MAX_SELECTION_TEXT, MAX_URL_DATA_BYTES, sanitizeState, type WorkbenchState } from "../../web/src/state.js";

const csv = "N,D,loss\n70B,1.4T,1.94\n1B,20B,2.8\n<img src=x onerror=alert(1)>,1,1\n";

function sample(): WorkbenchState {
  return {
    ...defaultState(),
    law: "bnsl",
    lawOptions: { x: "tokens", breaks: 2 },
    method: "grid",
    objective: "huber-likelihood",
    excludeHighest: 5,
    where: ["dataset=rpj", "params<1.25e9"],
    bestOf: ["lr", "bs"],
    lastCheckpoint: true,
    poolGroups: true,
    excluded: [3, 17, 240],
    columns: { loss: "val loss (nats)" },
    paramConvention: "nonEmbedding",
    budget: { mode: "hardware", flops: 1e24, gpus: 256, gpu: "a100", days: 12.5, mfu: 0.35, pricePerGpuHour: 2.1 },
    inferenceTokens: 1e13,
    uniqueTokens: 5e11,
    bootstrapResamples: 4000,
    figure: "contours",
    data: { kind: "text", source: "runs ✓.csv", text: csv },
  };
}

describe("encodeState / decodeState", () => {
  it("encodeState(state) → decodeState round trip keeps every setting, the exclusions and the data text", async () => {
    const state = sample();
    const hash = await encodeState(state);
    expect(hash.startsWith(HASH_PREFIX)).toBe(true);
    expect(hash).toMatch(/^#s1\.[A-Za-z0-9_-]+$/); // base64url: safe in a URL fragment unescaped
    const back = await decodeState(hash);
    expect(back).toEqual({ state, problems: [] });
  });

  it("encodeState(example) carries the seed, not the text", async () => {
    const state = { ...defaultState(), data: { kind: "example" as const, seed: 42 } };
    const back = await decodeState(await encodeState(state));
    expect(back!.state.data).toEqual({ kind: "example", seed: 42 });
  });

  it("decodeState(foreign or damaged hash) is null", async () => {
    expect(await decodeState("")).toBeNull();
    expect(await decodeState("#section-2")).toBeNull();
    expect(await decodeState(HASH_PREFIX + "not-deflate")).toBeNull();
  });

  it("compresses: the 245-row Chinchilla-sized table (≈ 30 KB of CSV) fits in a link of a fraction of its size", async () => {
    const rows = Array.from({ length: 245 }, (_, i) => `${150 + i * 0.37},${140 + i},#f47a54,${(1e8 * (1 + i)).toString()},${(9.99e18 * (1 + i / 7)).toString()},#f47a54,${(3 - i / 200).toFixed(12)}`);
    const text = ["x,y,color,Model Size,Training FLOP,hex_color,loss", ...rows].join("\n");
    const hash = await encodeState({ ...defaultState(), data: { kind: "text", source: "svg_extracted_data.csv", text } });
    expect(hash.length).toBeLessThan(text.length * 0.75);
  });
});

describe("dataForUrl", () => {
  it("dataForUrl(text ≤ 100 KB) keeps the text; larger gives a note of the size", () => {
    expect(dataForUrl("a.csv", csv)).toEqual({ kind: "text", source: "a.csv", text: csv });
    const big = "x".repeat(MAX_URL_DATA_BYTES + 1);
    expect(dataForUrl("big.csv", big)).toEqual({ kind: "omitted", source: "big.csv", bytes: MAX_URL_DATA_BYTES + 1 });
  });

  it("dataForUrl measures UTF-8 bytes, not characters", () => {
    const text = "é".repeat(MAX_URL_DATA_BYTES / 2 + 1); // 2 bytes each
    expect(dataForUrl("u.csv", text).kind).toBe("omitted");
  });
});

describe("sanitizeState", () => {
  it("sanitizeState(bad values) resets each to its default and names it", () => {
    const { state, problems } = sanitizeState({
      law: "no-such-law", method: "magic", objective: "l2", excludeHighest: -1, excluded: [1, "2"],
      budget: { mode: "compute", flops: -5, gpu: "tpu-v99", mfu: 1.5 }, figure: "pie", bootstrapResamples: 1e6, columns: { nonsense: "x" },
    });
    expect(state).toEqual(defaultState());
    expect(problems).toHaveLength(11);
    expect(problems[0]).toMatch(/^law: "no-such-law" ignored/);
  });

  it("sanitizeState(bad selection values) resets each to its default and names it", () => {
    const { state, problems } = sanitizeState({
      where: ["params"], bestOf: ["lr,bs"], lastCheckpoint: "yes", poolGroups: 1,
    });
    expect(state).toEqual(defaultState());
    expect(problems.map((p) => p.split(":")[0])).toEqual(["where filters", "best-of columns", "last checkpoint", "pool groups"]);
  });

  it("sanitizeState bounds the selection lists: at most MAX_SELECTION_ENTRIES entries of MAX_SELECTION_TEXT characters, none blank or multi-line", () => {
    const ok = Array.from({ length: MAX_SELECTION_ENTRIES }, (_, i) => `params>${i + 1}`);
    expect(sanitizeState({ where: ok }).state.where).toEqual(ok);
    for (const where of [[...ok, "params>99"], [`run=${"x".repeat(MAX_SELECTION_TEXT)}`], ["dataset=rpj\nparams<1"], [" "], "dataset=rpj"]) {
      const r = sanitizeState({ where });
      expect(r.state.where, JSON.stringify(where).slice(0, 40)).toEqual([]);
      expect(r.problems).toHaveLength(1);
    }
    expect(sanitizeState({ bestOf: [""] }).state.bestOf).toEqual([]);
    expect(sanitizeState({ bestOf: ["lr", "bs"] }).state.bestOf).toEqual(["lr", "bs"]);
  });

  it("sanitizeState(a link from before selection) keeps the defaults: no filters, groups refused", () => {
    const { state, problems } = sanitizeState({ law: "chinchilla", excludeHighest: 5 });
    expect(state).toMatchObject({ where: [], bestOf: [], lastCheckpoint: false, poolGroups: false, excludeHighest: 5 });
    expect(problems).toEqual([]);
  });

  it("sanitizeState keeps law options only for laws that read them", () => {
    expect(sanitizeState({ law: "chinchilla", lawOptions: { x: "tokens" } }).state.lawOptions).toEqual({});
    expect(sanitizeState({ law: "power", lawOptions: { x: "tokens" } }).state.lawOptions).toEqual({ x: "tokens" });
  });

  it("sanitizeState deduplicates and sorts excluded lines", () => {
    expect(sanitizeState({ excluded: [9, 3, 9] }).state.excluded).toEqual([3, 9]);
  });

  it("sanitizeState(not an object) is the default state", () => {
    expect(sanitizeState([1, 2]).state).toEqual(defaultState());
    expect(sanitizeState(null).problems).toEqual(["the link holds no settings"]);
  });
});

describe("links that are too large are refused, not inflated (review finding)", () => {
  async function hashOf(json: string): Promise<string> {
    const { base64url } = await import("../../web/src/state.js");
    const out = new Response(new Blob([new TextEncoder().encode(json)]).stream().pipeThrough(new CompressionStream("deflate-raw")));
    return HASH_PREFIX + base64url(new Uint8Array(await out.arrayBuffer()));
  }

  it("a hash that inflates past the state limit (a 5 MB run of one byte, ~5 KB compressed) decodes to null", async () => {
    const hash = await hashOf(JSON.stringify({ v: 1, pad: "x".repeat(5 * 1024 * 1024) }));
    expect(hash.length).toBeLessThan(20_000);
    expect(await decodeState(hash)).toBeNull();
  });

  it("data text above MAX_URL_DATA_BYTES inside a (small enough) state is dropped with a problem reported", () => {
    const big = "N,D,loss\n" + "1,1,1\n".repeat(Math.ceil(MAX_URL_DATA_BYTES / 6) + 10);
    const r = sanitizeState({ ...defaultState(), data: { kind: "text", source: "big.csv", text: big } });
    expect(r.state.data).not.toEqual(expect.objectContaining({ kind: "text" }));
    expect(r.problems.join("\n")).toMatch(/data/);
  });
});
