import type { CatalogItem, Interaction } from "./catalogItem";
import { sequencesOf } from "./parseInteractions";

/** A catalog item with its dense id: what the candidate index is built from. */
export type DenseItem = Omit<CatalogItem, "availability"> & { id: number; available: boolean };

/**
 * Extends an append-only SKU map: every SKU already mapped keeps its id, each new SKU gets the next
 * id after the largest so far (1 on an empty map), in the order given. Ids are never reused, so a
 * trained model and a device's history keep meaning the same items across imports.
 * @example extendSkuMap(new Map([["A", 1]]), ["B", "A", "C"]) // Map { A → 1, B → 2, C → 3 }
 */
export function extendSkuMap(
  existing: ReadonlyMap<string, number>,
  skus: readonly string[],
): Map<string, number> {
  const map = new Map(existing);
  let next = 1;
  for (const id of map.values()) next = Math.max(next, id + 1); // a loop: spreading 1M ids would overflow the stack
  for (const sku of skus) if (!map.has(sku)) map.set(sku, next++);
  return map;
}

/**
 * The catalog in dense ids: items with their id and availability, and one id sequence per key of
 * the interactions. Throws when a SKU is missing from the map (a caller bug: map every item first).
 * @example toDense(items, interactions, extendSkuMap(new Map(), items.map((i) => i.sku)))
 */
export function toDense(
  items: readonly CatalogItem[],
  interactions: readonly Interaction[],
  ids: ReadonlyMap<string, number>,
): { items: DenseItem[]; sequences: number[][] } {
  const idOf = (sku: string) => {
    const id = ids.get(sku);
    if (id === undefined) throw new Error(`SKU "${sku}" has no dense id`);
    return id;
  };
  return {
    items: items.map(({ availability, ...rest }) => ({
      ...rest,
      id: idOf(rest.sku),
      available: availability !== "out_of_stock",
    })),
    sequences: sequencesOf(interactions).map((seq) => seq.map(idOf)),
  };
}
