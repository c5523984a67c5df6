/**
 * The store catalog format: one row of a store's items file and of its interactions file, as
 * `npm run import-catalog` reads them and as model/'s `--data DIR` loads them (README.md here).
 * Dependency-free, so the edge, model/ and client/ can all import it.
 */

/** Where a store says an item stands; anything but "out_of_stock" may be recommended. */
export type Availability = "in_stock" | "out_of_stock" | "preorder" | "backorder";

/** Every availability value the format accepts, in a stable order (for messages and checks). */
export const AVAILABILITIES: readonly Availability[] = ["in_stock", "out_of_stock", "preorder", "backorder"];

/**
 * One product of a store's catalog. `sku` is the store's own id; the dense integer the model uses
 * comes from the append-only SKU map, never from the file.
 * @example const item: CatalogItem = { sku: "B004756YJA", title: "OPI Nail Lacquer", categories: ["Makeup", "Nails"], availability: "in_stock" };
 */
export type CatalogItem = {
  sku: string;
  title: string;
  /** Category path, broad to narrow; empty when unknown. */
  categories: string[];
  brand?: string;
  /** The product page on the store (absolute http(s) URL). */
  url?: string;
  /** Product image (absolute http(s) URL). */
  image?: string;
  price?: number;
  /** ISO 4217 code, required with `price`. */
  currency?: string;
  availability: Availability;
};

/**
 * One interaction of an order or browsing log: who (a user or session key, opaque to pocketrank),
 * which SKU, and when. Without `time`, the file's order is the order.
 * @example const row: Interaction = { key: "u1", sku: "B004756YJA", time: 1416000000 };
 */
export type Interaction = {
  key: string;
  sku: string;
  /** Unix seconds; absent where the log has only an order. */
  time?: number;
};

/**
 * What a candidate may carry from the store, beside its title and categories (absent where unknown).
 * @example const offer: StoreOffer = { sku: "B004756YJA", price: 7.99, currency: "USD", available: true };
 */
export type StoreOffer = {
  sku?: string;
  url?: string;
  price?: number;
  currency?: string;
  available?: boolean;
};
