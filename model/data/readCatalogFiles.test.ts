import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { datasetFromArgs } from "./loadData";
import { catalogFilesIn, formatFileErrors, readCatalogFiles } from "./readCatalogFiles";

function shop(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "pocketrank-shop-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const ITEMS = "id,title,category\nSOAP,Soap,Bath\nTOWEL,Towel,Bath\nMUG,Mug,Kitchen\n";
const ORDERS = "key,sku,time\nu1,SOAP,1\nu1,TOWEL,2\nu1,MUG,3\nu2,MUG,1\nu2,SOAP,2\nu2,TOWEL,3\n";

describe("readCatalogFiles", () => {
  it("refuses an oversize file before reading it, naming the file", () => {
    const dir = shop({ "items.csv": ITEMS });
    const got = readCatalogFiles(
      { items: join(dir, "items.csv") },
      { itemsBytes: 20, interactionsBytes: 20 },
    );
    expect(got).toEqual({
      ok: false,
      errors: [{ file: "items.csv", line: 0, message: `${ITEMS.length} bytes is over the limit of 20` }],
    });
  });

  it("names file, line and field of a bad interaction, and loads nothing", () => {
    const dir = shop({ "items.csv": ITEMS, "interactions.csv": "key,sku,time\nu1,SOAP,1\nu1,CUP,2\n" });
    const got = readCatalogFiles(catalogFilesIn(dir)!);
    expect(got.ok).toBe(false);
    if (!got.ok)
      expect(formatFileErrors(got.errors)).toBe(
        'interactions.csv line 3, sku: "CUP" is not an id of the items file',
      );
  });
});

describe("--data DIR in the store catalog format", () => {
  it("numbers SKUs in file order, keeps the ids of a saved skus.csv, and orders each key by time", () => {
    const fresh = datasetFromArgs({ data: shop({ "items.csv": ITEMS, "interactions.csv": ORDERS }) });
    expect(fresh.items.map((i) => [i.sku, i.id])).toEqual([
      ["SOAP", 1],
      ["TOWEL", 2],
      ["MUG", 3],
    ]);
    expect(fresh.sequences).toEqual([
      [1, 2, 3],
      [3, 1, 2],
    ]);
    const saved = shop({
      "items.csv": ITEMS,
      "interactions.csv": ORDERS,
      "skus.csv": "sku,id\nMUG,1\nOLD,7\n",
    });
    const kept = datasetFromArgs({ data: saved });
    expect(kept.items.map((i) => [i.sku, i.id])).toEqual([
      ["SOAP", 8],
      ["TOWEL", 9],
      ["MUG", 1],
    ]);
    expect(kept.protocol).toBe("leave-one-out");
  });
});
