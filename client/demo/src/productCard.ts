import type { Product } from "./listing";
import { placeholderImage } from "./placeholder";
import { formatPrice } from "./price";

/** Link to a product page of the demo. @example productUrl(42); // "/demo/product.html?id=42" */
export function productUrl(id: number): string {
  return `${import.meta.env.BASE_URL}product.html?id=${id}${testParams()}`;
}

/**
 * Keeps the test/bench switches (?backend=, ?eager=, ?storage=, ?telemetry=) when a shopper navigates inside the demo.
 * @example testParams(); // "&backend=wasm"
 */
export function testParams(): string {
  const here = new URLSearchParams(location.search);
  const kept = ["backend", "eager", "storage", "telemetry"]
    .filter((k) => here.has(k))
    .map((k) => `&${k}=${here.get(k)}`);
  return kept.join("");
}

/**
 * One product tile of the demo's own grids (the SDK widget renders the recommendation slots).
 * @example grid.append(productCard(product));
 */
export function productCard(p: Product): HTMLLIElement {
  const li = document.createElement("li");
  li.className = "card";
  li.dataset.itemId = String(p.id);
  const a = document.createElement("a");
  a.className = "body";
  a.href = productUrl(p.id);
  const img = document.createElement("img");
  img.className = "thumb";
  img.src = placeholderImage(p);
  img.alt = p.title;
  img.width = 200;
  img.height = 200;
  const info = document.createElement("div");
  info.className = "info";
  const brand = document.createElement("span");
  brand.className = "brand";
  brand.textContent = p.brand && p.brand !== "Unknown" ? p.brand : (p.categories.at(-1) ?? "");
  const title = document.createElement("span");
  title.className = "title";
  title.textContent = p.title;
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.innerHTML = `<span class="price"></span><span class="synthetic">synthetic price</span>`;
  (meta.firstElementChild as HTMLElement).textContent = formatPrice(p.id);
  info.append(brand, title, meta);
  a.append(img, info);
  li.append(a);
  return li;
}

/**
 * Fills a grid, or shows a notice when there is nothing to show (e.g. the edge is unreachable).
 * @example fillGrid(el, products, "The catalog is unreachable right now.");
 */
export function fillGrid(el: HTMLElement, products: Product[], emptyText: string): void {
  el.replaceChildren();
  if (products.length === 0) {
    const p = document.createElement("p");
    p.className = "notice";
    p.textContent = emptyText;
    el.replaceWith(p);
    p.id = el.id;
    return;
  }
  for (const product of products) el.append(productCard(product));
}
