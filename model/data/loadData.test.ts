import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { publishedRows } from "../eval/published";
import { datasetFromArgs } from "./loadData";

describe("datasetFromArgs --data DIR", () => {
  it("names a third dataset after its directory, with no published rows", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "pocketrank-data-")), "corner-shop");
    mkdirSync(dir);
    writeFileSync(join(dir, "Beauty.txt"), "1 1 2 3\n2 2 3 1\n");
    writeFileSync(
      join(dir, "items.tsv"),
      "item_id\tasin\ttitle\tattr_ids\tattr_names\tn_interactions\n1\tA1\tSoap\t1\tBath\t2\n2\tA2\tTowel\t1\tBath\t2\n3\tA3\tMug\t2\tKitchen\t2\n",
    );
    const spec = datasetFromArgs({ data: dir });
    expect(spec.name).toBe("corner-shop");
    expect(spec.protocol).toBe("leave-one-out");
    expect(spec.sequences).toEqual([
      [1, 2, 3],
      [2, 3, 1],
    ]);
    expect(publishedRows(spec.name)).toEqual({});
  });
  it("keeps the published rows for the named datasets only", () => {
    expect(Object.keys(publishedRows("beauty"))).toContain("SASRec");
    expect(Object.keys(publishedRows("diginetica"))).toContain("SR-GNN");
    expect(publishedRows("constructor")).toEqual({});
  });
  it("refuses --dataset and --data together, and a directory without a dataset", () => {
    expect(() => datasetFromArgs({ dataset: "beauty", data: "x" })).toThrow(/not both/);
    expect(() => datasetFromArgs({ data: mkdtempSync(join(tmpdir(), "pocketrank-empty-")) })).toThrow(
      /no dataset/,
    );
  });
});
