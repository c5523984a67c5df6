/**
 * The demo's own product listings: plain reads of `GET /v1/candidates` in the edge's retrieval order
 * (the store's "popular" grid, a product's own details). Personal re-ranking goes through the SDK.
 */

/** A product as the demo shows it (the catalog part of a `/v1/candidates` candidate). */
export type Product = {
  id: number;
  title: string;
  categories: string[];
  brand?: string;
  image?: string;
};

const CACHE_KEY = "pocketrank-demo:products";
/** Enough to open any product the shopper has seen on a listing; the oldest are dropped first. */
const CACHE_MAX = 600;

/**
 * Fetches candidates in retrieval order; answers [] when the edge is down (the page then shows a notice).
 * @example const popular = await fetchProducts({ context: "home", limit: "24" });
 */
export async function fetchProducts(params: Record<string, string>): Promise<Product[]> {
  try {
    const url = new URL("/v1/candidates", location.origin);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const res = await fetch(url);
    if (!res.ok) return [];
    const body = (await res.json()) as { candidates?: Product[] };
    const products = (body.candidates ?? []).map(toProduct);
    rememberProducts(products);
    return products;
  } catch {
    return [];
  }
}

function toProduct(c: Product): Product {
  return { id: c.id, title: c.title, categories: c.categories ?? [], brand: c.brand, image: c.image };
}

/**
 * Keeps the products the shopper has seen, so a product page can show its own title and category.
 * (The candidate API answers neighbours of an item, not the item itself.) Demo-only, in localStorage.
 * @example rememberProducts(await fetchProducts({ context: "home" }));
 */
export function rememberProducts(products: Product[]): void {
  if (products.length === 0) return;
  try {
    const cache = readCache();
    for (const p of products) {
      delete cache[p.id];
      cache[p.id] = toProduct(p);
    }
    const ids = Object.keys(cache);
    for (const id of ids.slice(0, Math.max(0, ids.length - CACHE_MAX))) delete cache[Number(id)];
    localStorage.setItem(CACHE_KEY, JSON.stringify(cache));
  } catch {
    // storage full or blocked: the page simply knows fewer product names
  }
}

/** @example const p = knownProduct(42); // undefined when never listed on this device */
export function knownProduct(id: number): Product | undefined {
  return readCache()[id];
}

function readCache(): Record<number, Product> {
  try {
    const parsed = JSON.parse(localStorage.getItem(CACHE_KEY) ?? "{}");
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch {
    return {};
  }
}
