import { describe, expect, it } from "vitest";
import { CANDIDATE_FEATURE_NAMES, type CandidateFeatures, type CandidatesResponse } from "../candidate";
import { decodeAnswer, encodeAnswer, MalformedAnswerError } from "./index";
import { CANDIDATE_COLUMNS, DIRECTORY_ENTRY_BYTES, HEADER_BYTES } from "./layout";

const features = Object.fromEntries(
  CANDIDATE_FEATURE_NAMES.map((name, f) => [name, f / 3]),
) as CandidateFeatures;
const answer: CandidatesResponse = {
  catalogVersion: "cat-9",
  context: "item",
  candidates: Array.from({ length: 12 }, (_, i) => ({
    id: 100 + i,
    sku: `SKU-${i}`,
    title: `Lip balm ${i} ✨`,
    categories: i % 3 ? ["Beauty", "Lips"] : [],
    ...(i % 2 ? { brand: "Burt's", price: 4.5 + i, currency: "USD", available: i % 4 === 1 } : {}),
    retrievalScore: 1 / (i + 1),
    features: { ...features, rank: i },
  })),
};
const good = encodeAnswer(answer);

/** xorshift32: a fixed seed, so a failing case can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** Decodes `bytes`: a valid answer, or a MalformedAnswerError; any other throw fails the test. */
function decodeOrRefuse(bytes: Uint8Array): CandidatesResponse | MalformedAnswerError {
  try {
    return decodeAnswer(bytes);
  } catch (error) {
    if (error instanceof MalformedAnswerError) return error;
    throw new Error(`decoder crashed instead of refusing: ${error}`);
  }
}

const patched = (edit: (view: DataView) => void) => {
  const copy = good.slice();
  edit(new DataView(copy.buffer));
  return copy;
};
/** The directory entry of a column: the encoder writes them in CANDIDATE_COLUMNS order. */
const entryOf = (column: keyof typeof CANDIDATE_COLUMNS) =>
  HEADER_BYTES + Object.keys(CANDIDATE_COLUMNS).indexOf(column) * DIRECTORY_ENTRY_BYTES;
/** Where a column's values start. */
const columnAt = (column: keyof typeof CANDIDATE_COLUMNS) =>
  new DataView(good.buffer).getUint32(entryOf(column) + 8, true);

describe("decodeAnswer on hostile bytes", () => {
  it("refuses every truncation of a good answer with a clear error", () => {
    for (let length = 0; length < good.byteLength; length++) {
      const result = decodeOrRefuse(good.subarray(0, length));
      expect(result, `truncated to ${length}`).toBeInstanceOf(MalformedAnswerError);
      expect((result as Error).message).toMatch(/^candidates: malformed binary answer \(.+\)$/);
    }
  });

  it("never crashes on random bit flips: each flip is refused or decodes to a well-formed answer", () => {
    const next = random(15);
    let refused = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const bytes = good.slice();
      for (let flips = 1 + Math.floor(next() * 3); flips > 0; flips--) {
        bytes[Math.floor(next() * bytes.length)] ^= 1 << Math.floor(next() * 8);
      }
      const result = decodeOrRefuse(bytes);
      if (result instanceof MalformedAnswerError) refused++;
      else
        for (const c of result.candidates) {
          expect(Number.isInteger(c.id)).toBe(true);
          expect(typeof c.title).toBe("string");
          expect(Object.values(c.features).every(Number.isFinite)).toBe(true);
        }
    }
    expect(refused).toBeGreaterThan(300); // flips in the header, directory and offsets are caught
  });

  it.each([
    ["candidates", 8, 0xffffffff, /column id has/],
    ["features", 12, 0xffffffff, /column features has|fewer strings/],
    ["strings", 16, 0xffffffff, /string offsets ends past/],
    ["string bytes", 20, 0xffffffff, /string block ends past/],
    ["columns", 6, 0xffff, /directory ends past/],
  ])("refuses a huge declared count of %s fast, without allocating it", (_, offset, value, message) => {
    const bytes = patched((view) =>
      offset === 6 ? view.setUint16(offset, value, true) : view.setUint32(offset, value, true),
    );
    const started = performance.now();
    expect(() => decodeAnswer(bytes)).toThrow(message);
    // Allocating and filling even one declared gigabyte takes seconds; 1 s leaves room for a loaded 2-core CI.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("refuses a column whose declared length or offset runs past the end", () => {
    expect(() => decodeAnswer(patched((v) => v.setUint32(entryOf("id") + 12, 0xfffffff0, true)))).toThrow(
      /ends past/,
    );
    expect(() => decodeAnswer(patched((v) => v.setUint32(entryOf("id") + 8, 0xfffffff0, true)))).toThrow(
      /ends past/,
    );
    expect(() => decodeAnswer(patched((v) => v.setUint32(entryOf("id") + 8, 12, true)))).toThrow(
      /not aligned/,
    );
  });

  it("refuses a wrong magic number, an unknown version and an unknown column kind", () => {
    expect(() => decodeAnswer(new TextEncoder().encode(JSON.stringify(answer)))).toThrow(/no magic number/);
    expect(() => decodeAnswer(patched((v) => v.setUint16(4, 2, true)))).toThrow(/version 2, expected 1/);
    expect(() => decodeAnswer(patched((v) => v.setUint8(entryOf("id") + 4, 99)))).toThrow(/unknown kind 99/);
  });

  it("refuses NaN and infinite features and scores", () => {
    const featuresAt = columnAt("features");
    expect(() => decodeAnswer(patched((v) => v.setFloat64(featuresAt + 8 * 5, Number.NaN, true)))).toThrow(
      /features: NaN is not a finite number/,
    );
    const scoreAt = columnAt("retrievalScore");
    expect(() => decodeAnswer(patched((v) => v.setFloat64(scoreAt, Number.NEGATIVE_INFINITY, true)))).toThrow(
      /retrievalScore: -Infinity/,
    );
  });

  it("refuses a string index past the table and list starts that do not add up", () => {
    const titlesAt = columnAt("title");
    expect(() => decodeAnswer(patched((v) => v.setUint32(titlesAt, 1e6, true)))).toThrow(
      /title: string 1000000/,
    );
    const listsAt = columnAt("categories");
    expect(() => decodeAnswer(patched((v) => v.setUint32(listsAt + 4, 1e6, true)))).toThrow(/list starts/);
  });

  it("refuses a flag that is neither absent, false nor true", () => {
    expect(() => decodeAnswer(patched((v) => v.setUint8(columnAt("available") + 1, 3)))).toThrow(
      /available: flag 3/,
    );
  });

  it("refuses a string block that is not UTF-8", () => {
    // The string block starts with the catalog version.
    const at = good.findIndex((_, i) => new TextDecoder().decode(good.subarray(i, i + 5)) === "cat-9");
    expect(at).toBeGreaterThan(0);
    expect(() => decodeAnswer(patched((v) => v.setUint8(at, 0xff)))).toThrow(/not UTF-8/);
  });
});
