import { describe, expect, it } from "vitest";
import { tableSizes } from "./tableSizes";

const item = (id: number, categories: string[]) => ({ id, title: `item ${id}`, categories });

describe("tableSizes", () => {
  it("gives the category table more rows than the catalog has categories (3,000 names → 16,384 rows)", () => {
    const items = Array.from({ length: 3000 }, (_, i) => item(i, [`cat ${i}`]));
    const sizes = tableSizes({ sequences: [[1, 2999]], items });
    expect(sizes.categoryBuckets).toBe(16384);
    expect(sizes.itemBuckets).toBe(3000);
  });
  it("keeps the tuned 1,024 rows for a small catalog (Beauty's 202 categories)", () => {
    const items = Array.from({ length: 202 }, (_, i) => item(i, [`cat ${i}`, "shared"]));
    expect(tableSizes({ sequences: [[5]], items }).categoryBuckets).toBe(1024);
  });
});
