/**
 * Item id → embedding bucket. Ids are folded into `buckets - 1` rows (bucket 0 is padding), so an
 * id never seen in training still lands on a valid row and the category embedding carries it.
 * @example itemBucket(5, 100) // 6
 */
export function itemBucket(id: number, buckets: number): number {
  if (!Number.isFinite(id) || !Number.isInteger(id) || id < 0) return 0;
  return 1 + (id % (buckets - 1));
}

/**
 * Category name → bucket with 32-bit FNV-1a (http://www.isthe.com/chongo/tech/comp/fnv/), 0 = none.
 * @example categoryBucket("Nails", 1024) // a stable number in 1..1023
 */
export function categoryBucket(name: string, buckets: number): number {
  if (name.length === 0) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return 1 + (h % (buckets - 1));
}
