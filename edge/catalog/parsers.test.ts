import { describe, expect, it } from "vitest";
import { chunkRows } from "./catalogPayload";
import { ftsMatch, parseCandidateQuery } from "./store";

describe("chunkRows", () => {
  it("keeps every row, in order, within the row and byte limits", () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ id: i, pad: "x".repeat(i * 10) }));
    const chunks = chunkRows(rows, 7, 600);
    expect(chunks.flat()).toEqual(rows);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(7);
      if (c.length > 1) expect(JSON.stringify(c).length).toBeLessThanOrEqual(600);
    }
  });
});

describe("ftsMatch", () => {
  it("quotes each letter/digit run so FTS and SQL syntax is plain text", () => {
    expect(ftsMatch('") OR 1=1 --', "AND")).toBe('"or" "1" "1"');
    expect(ftsMatch('NEAR("a" b)*', "OR")).toBe('"near" OR "a" OR "b"');
    expect(ftsMatch("L'Oréal shampoo", "AND")).toBe('"l" "oréal" "shampoo"');
    expect(ftsMatch("-- ;", "AND")).toBe("");
  });
});

describe("parseCandidateQuery", () => {
  const parse = (q: string) => parseCandidateQuery(new URLSearchParams(q));
  it("normalises a valid query and ignores parameters the context does not use", () => {
    expect(parse("context=cart&items=3,%204&limit=20&q=x")).toEqual({
      request: { context: "cart", items: [3, 4], limit: 20 },
      canonical: "context=cart&limit=20&items=3,4",
    });
    expect(parse("context=search&q=%20Shampoo%20")).toMatchObject({
      canonical: "context=search&limit=100&q=shampoo",
    });
  });
  it("names the bad parameter", () => {
    expect(parse("context=home&limit=1e3")).toMatchObject({ status: 400, code: "bad_limit" });
    expect(parse("context=home&items=1,-2")).toMatchObject({ status: 400, code: "bad_items" });
  });
});
