import { describe, expect, it } from "vitest";
import { decodeEntities, parseItemsTsv } from "./parseItemsTsv";
import { parsePairs, parseSequences } from "./parseSequences";

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
      sku: "A",
      title: "OPI Nail Lacquer",
      categories: ["Makeup", "Nails"],
      brand: "OPI",
    });
    expect(items[2]).toEqual({ id: 3, sku: "C", title: "Concealer", categories: ["Makeup", "Face"] });
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
