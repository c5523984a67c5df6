import { describe, expect, it } from "vitest";
import {
  extendSkuMap,
  parseCatalogItems,
  parseInteractions,
  readRecords,
  sequencesOf,
  toDense,
} from "./index";

const HEADER = "id,title,category,brand,url,image,price,currency,availability";

/** Reads and checks an items file as import-catalog does. */
function items(name: string, text: string) {
  const read = readRecords(name, text);
  return read.ok ? parseCatalogItems(read.records) : read;
}

describe("items files", () => {
  it("reads a valid CSV store file: quoted commas and quotes, category paths, prices, stock", () => {
    const csv = [
      HEADER,
      'A-1,"Lip gloss, ""cherry""",Makeup > Lips,Acme,https://shop.example/a1,https://cdn.example/a1.jpg,7.99,USD,in_stock',
      "B-2,Shampoo,,,,,,,out_of_stock",
    ].join("\r\n");
    const got = items("items.csv", csv);
    expect(got).toEqual({
      ok: true,
      items: [
        {
          sku: "A-1",
          title: 'Lip gloss, "cherry"',
          categories: ["Makeup", "Lips"],
          brand: "Acme",
          url: "https://shop.example/a1",
          image: "https://cdn.example/a1.jpg",
          price: 7.99,
          currency: "USD",
          availability: "in_stock",
        },
        { sku: "B-2", title: "Shampoo", categories: [], availability: "out_of_stock" },
      ],
    });
  });

  it("reads the same item from JSON Lines, with the category path as an array", () => {
    const line = JSON.stringify({
      id: "A-1",
      title: "Lip gloss",
      category: ["Makeup", "Lips"],
      price: 7.99,
      currency: "USD",
    });
    const got = items("items.jsonl", `${line}\n`);
    expect(got).toMatchObject({
      ok: true,
      items: [{ sku: "A-1", categories: ["Makeup", "Lips"], price: 7.99 }],
    });
  });

  it("refuses a duplicate SKU, naming both lines", () => {
    const got = items("items.csv", `${HEADER}\nA,One,,,,,,,\nB,Two,,,,,,,\nA,Three,,,,,,,`);
    expect(got).toEqual({
      ok: false,
      errors: [{ line: 4, field: "id", message: 'duplicate SKU "A" (first on line 2)' }],
    });
  });

  it("refuses a missing title", () => {
    const got = items("items.csv", `${HEADER}\nA,One,,,,,,,\nB,  ,,,,,,,`);
    expect(got).toEqual({ ok: false, errors: [{ line: 3, field: "title", message: "missing" }] });
  });

  it("refuses a non-numeric price, and a price without a currency", () => {
    const got = items("items.csv", `${HEADER}\nA,One,,,,,$7.99,USD,\nB,Two,,,,,7.99,,`);
    expect(got).toEqual({
      ok: false,
      errors: [
        { line: 2, field: "price", message: '"$7.99" is not a number >= 0 (like 7.99)' },
        { line: 3, field: "currency", message: "missing (required with price)" },
      ],
    });
  });

  it("strips a byte-order mark, so the first column is still id", () => {
    expect(items("items.csv", `\uFEFF${HEADER}\nA,One,,,,,,,`)).toMatchObject({
      ok: true,
      items: [{ sku: "A" }],
    });
  });

  it("refuses stray quotes with line and column: in an unquoted field, after a closing quote, never closed", () => {
    expect(items("items.csv", `${HEADER}\nA,Lip "gloss",,,,,,,`)).toEqual({
      ok: false,
      errors: [{ line: 2, field: "column 2", message: "stray quote" }],
    });
    expect(items("items.csv", `${HEADER}\nA,"Lip" gloss,,,,,,,`)).toMatchObject({
      ok: false,
      errors: [{ line: 2, field: "column 2" }],
    });
    expect(items("items.csv", `${HEADER}\nA,One,,,,,,,\nB,"Two,,,,,,,\nC,Three,,,,,,,`)).toEqual({
      ok: false,
      errors: [{ line: 3, message: "a quoted field is never closed" }],
    });
  });

  it("refuses an unknown column, a wrong field count, a bad URL, an unknown availability", () => {
    const got = items("items.csv", "id,title,colour\nA,One,red\nB,Two");
    expect(got).toMatchObject({
      ok: false,
      errors: [{ line: 3, message: "2 fields where the header has 3" }],
    });
    const bad = items("items.csv", `${HEADER}\nA,One,,,javascript:alert(1),,,,soon`);
    expect(bad).toMatchObject({
      ok: false,
      errors: [
        { line: 2, field: "url" },
        { line: 2, field: "availability" },
      ],
    });
    expect(items("items.jsonl", '{"id":"A","title":"One","colour":"red"}')).toMatchObject({
      ok: false,
      errors: [{ line: 1, field: "colour" }],
    });
  });

  it("counts lines across quoted line breaks", () => {
    const got = items("items.csv", `${HEADER}\nA,"Two\nline title",,,,,,,\nB,One,,,,,x,,`);
    expect(got).toMatchObject({ ok: false, errors: [{ line: 4, field: "price" }] });
  });
});

describe("interactions and the SKU map", () => {
  it("orders each key's interactions by time, keeping file order for ties and rows without time", () => {
    const read = readRecords(
      "i.csv",
      "key,sku,time\nu1,B,2014-11-15T00:00:02Z\nu2,A,\nu1,A,2014-11-15T00:00:01Z\nu2,B,",
    );
    if (!read.ok) throw new Error("unreadable");
    const got = parseInteractions(read.records, new Set(["A", "B"]));
    if (!got.ok) throw new Error(JSON.stringify(got.errors));
    expect(sequencesOf(got.interactions)).toEqual([
      ["A", "B"],
      ["A", "B"],
    ]);
  });

  it("refuses an interaction with a SKU the items file lacks, or an unreadable time", () => {
    const read = readRecords("i.csv", "key,sku,time\nu1,Z,\nu1,A,yesterday");
    if (!read.ok) throw new Error("unreadable");
    expect(parseInteractions(read.records, new Set(["A"]))).toMatchObject({
      ok: false,
      errors: [
        { line: 2, field: "sku" },
        { line: 3, field: "time" },
      ],
    });
  });

  it("keeps every mapped SKU's id and appends new SKUs after the largest id, never reusing one", () => {
    const first = extendSkuMap(new Map(), ["A", "B", "C"]);
    expect([...first]).toEqual([
      ["A", 1],
      ["B", 2],
      ["C", 3],
    ]);
    // B left the catalog: its id stays taken, the newcomer gets 4.
    const second = extendSkuMap(first, ["C", "D", "A"]);
    expect(second.get("A")).toBe(1);
    expect(second.get("C")).toBe(3);
    expect(second.get("D")).toBe(4);
    expect(second.get("B")).toBe(2);
  });

  it("turns items and interactions into dense items and id sequences", () => {
    const ids = new Map([
      ["A", 5],
      ["B", 9],
    ]);
    const dense = toDense(
      [
        { sku: "A", title: "a", categories: [], availability: "out_of_stock" },
        { sku: "B", title: "b", categories: [], availability: "backorder" },
      ],
      [
        { key: "u", sku: "B" },
        { key: "u", sku: "A" },
      ],
      ids,
    );
    expect(dense.items.map((i) => [i.id, i.available])).toEqual([
      [5, false],
      [9, true],
    ]);
    expect(dense.sequences).toEqual([[9, 5]]);
  });
});
