import { describe, expect, it } from "vitest";
import { chunkRows } from "./catalogPayload";
import { decodeEntities, parseItemsTsv } from "./parseItemsTsv";
import { parsePairs, parseSequences } from "./parseSequences";
import { ftsMatch, parseCandidateQuery } from "./store";

const TSV = [
  "item_id\tasin\ttitle\tattr_ids\tattr_names\tn_interactions",
  "1\tA\tOPI Nail Lacquer\t1|2|3\tOPI|Makeup|Nails\t11",
  "2\tB\tL&#39;Oreal Shampoo\t4|5\tL&#39;Oreal Paris|Hair Care\t5",
  "3\tC\tConcealer\t2|6\tMakeup|Face\t8",
  "4\tD\tBB Cream\t7|8\tUnknown|Skin Care\t3",
  "5\tE\tMoisturizer\t8|9\tOlay|Skin Care\t3",
].join("\n");

describe("parseItemsTsv", () => {
  const items = parseItemsTsv(TSV);

  it("splits brand from category path, using the data to tell top-level categories from brands", () => {
    expect(items[0]).toEqual({
      id: 1,
      title: "OPI Nail Lacquer",
      categories: ["Makeup", "Nails"],
      brand: "OPI",
    });
    expect(items[2]).toEqual({ id: 3, title: "Concealer", categories: ["Makeup", "Face"] });
  });

  it("decodes HTML entities and drops the placeholder brand Unknown", () => {
    expect(items[1]).toMatchObject({
      title: "L'Oreal Shampoo",
      brand: "L'Oreal Paris",
      categories: ["Hair Care"],
    });
    expect(items[3].brand).toBeUndefined();
    expect(decodeEntities("a &amp; b &quot;c&quot; &#x41;")).toBe('a & b "c" A');
  });

  it("throws on a missing column or a bad id", () => {
    expect(() => parseItemsTsv("item_id\ttitle\n1\tx")).toThrow(/attr_names/);
    expect(() => parseItemsTsv(TSV.replace("\n1\t", "\nx\t"))).toThrow(/item_id/);
  });
});

describe("parseSequences / parsePairs", () => {
  it("drops the leading user id when asked and skips blank lines", () => {
    expect(parseSequences("1 5 6\n\n2 7 5\n", { leadingId: true })).toEqual([
      [5, 6],
      [7, 5],
    ]);
    expect(parseSequences("3 4 5")).toEqual([[3, 4, 5]]);
  });
  it("rejects non-integer ids", () => {
    expect(() => parseSequences("1 2 x")).toThrow(/line 1/);
  });
  it("parses prefix/target pairs after the header", () => {
    expect(parsePairs("prefix\ttarget\n1 2\t3\n4\t4\n")).toEqual([
      { prefix: [1, 2], target: 3 },
      { prefix: [4], target: 4 },
    ]);
  });
});

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
