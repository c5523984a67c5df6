import type { CatalogItemInput } from "../../edge/candidates";

/** The HTML entities that occur in the Amazon titles and attribute names (e.g. "L&#39;Oreal"). */
export function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * Parses the Beauty `items.tsv` (item_id, asin, title, attr_ids, attr_names, n_interactions): the
 * ASIN is the store SKU, item_id its dense id (model/catalog/README.md).
 * attr_names is "brand|category path" or just the path. A first name is a brand unless it is a
 * top-level category, which we detect from the data itself: top-level categories also appear right
 * after a brand, brands never do. The placeholder brand "Unknown" is dropped.
 * @example parseItemsTsv(readFileSync("data/amazon-beauty/items.tsv", "utf8"))[0].brand // "OPI"
 */
export function parseItemsTsv(text: string): CatalogItemInput[] {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const header = lines.shift()?.split("\t") ?? [];
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`items.tsv: missing column ${name}`);
    return i;
  };
  const [idCol, titleCol, namesCol] = [col("item_id"), col("title"), col("attr_names")];
  const skuCol = header.indexOf("asin"); // optional: without it the id is the SKU
  const rows = lines.map((line, n) => {
    const f = line.split("\t");
    const id = Number(f[idCol]);
    if (!Number.isInteger(id) || id < 0) throw new Error(`items.tsv line ${n + 2}: bad item_id`);
    const names = (f[namesCol] ?? "").split("|").filter(Boolean).map(decodeEntities);
    const sku = (skuCol >= 0 ? f[skuCol] : "")?.trim() || String(id);
    return { id, sku, title: decodeEntities(f[titleCol] ?? "").trim() || `Item ${id}`, names };
  });
  const second = new Set(rows.map((r) => r.names[1]).filter((x) => x !== undefined));
  const first = new Set(rows.map((r) => r.names[0]));
  const topLevel = new Set([...first].filter((x) => x !== undefined && second.has(x)));
  return rows.map(({ id, sku, title, names }) => {
    const hasBrand = names.length > 0 && !topLevel.has(names[0]);
    const item: CatalogItemInput = { id, sku, title, categories: hasBrand ? names.slice(1) : names };
    if (hasBrand && names[0] !== "Unknown") item.brand = names[0];
    return item;
  });
}
