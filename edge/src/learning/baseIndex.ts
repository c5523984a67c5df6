import { type BaseIndex, pairKey, type Scored } from "../../../telemetry/learning";

/** Candidate pairs per item from each public source (imported and content neighbours): the pair domain. */
export const PAIR_DOMAIN_PER_ITEM = 20;

/**
 * The imported index of a catalog version as the fold reads it, and the public domains of the
 * release: every catalog item, and as candidate pairs each item's first PAIR_DOMAIN_PER_ITEM
 * imported neighbours and first PAIR_DOMAIN_PER_ITEM content neighbours (title, brand, category;
 * migration 0010). All come from the catalog, not from any contribution, so releasing over them
 * needs no threshold.
 */
export async function readBaseIndex(
  db: D1Database,
  version: string,
): Promise<{ base: BaseIndex; domain: { items: number[]; pairs: string[] } }> {
  const [items, popular] = await db.batch([
    db
      .prepare(
        "SELECT id, count, trend, neighbours, content FROM catalog_items WHERE version = ? ORDER BY id",
      )
      .bind(version),
    db
      .prepare(
        "SELECT json_array_length(entries) AS n FROM catalog_lists WHERE version = ? AND name = 'popular'",
      )
      .bind(version),
  ]);
  const rows = items.results as {
    id: number;
    count: number;
    trend: number;
    neighbours: string;
    content: string;
  }[];
  const base: BaseIndex = {
    items: new Map(rows.map((r) => [r.id, { count: r.count, trend: r.trend }])),
    neighbours: new Map(rows.map((r) => [r.id, toScored(r.neighbours)])),
    listSize: (popular.results[0] as { n: number } | undefined)?.n || 500,
  };
  const pairs = new Set<string>();
  for (const r of rows) {
    for (const source of [r.neighbours, r.content]) {
      for (const e of toScored(source).slice(0, PAIR_DOMAIN_PER_ITEM)) pairs.add(pairKey(r.id, e.id));
    }
  }
  return { base, domain: { items: rows.map((r) => r.id), pairs: [...pairs] } };
}

function toScored(json: string): Scored[] {
  return (JSON.parse(json) as [number, number][]).map(([id, score]) => ({ id, score }));
}
