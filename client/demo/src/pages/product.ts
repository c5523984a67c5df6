/** Product page (?id=N): details, add to cart, and a "similar items" slot ranked on the device. */
import { addToCart } from "../cart";
import { wireHeader } from "../layout";
import { knownProduct, type Product } from "../listing";
import { mountPanel } from "../panel";
import { placeholderImage } from "../placeholder";
import { formatPrice } from "../price";
import { demoRecommender } from "../recommender";
import { fillSlot } from "../slot";

wireHeader();
const rec = demoRecommender();
mountPanel(rec);

const id = Number(new URLSearchParams(location.search).get("id"));
const byId = <T extends HTMLElement>(name: string) => document.getElementById(name) as T;

if (!Number.isInteger(id) || id <= 0) {
  byId("product-title").textContent = "Product not found";
  byId<HTMLButtonElement>("add-to-cart").disabled = true;
} else {
  // A product reached by a direct link, never listed on this device, shows its number only.
  const product: Product = knownProduct(id) ?? { id, title: `Product #${id}`, categories: [] };
  showProduct(product);
  void rec.track({ type: "view", itemId: id, categories: product.categories });
  byId("add-to-cart").addEventListener("click", () => {
    addToCart(id);
    void rec.track({ type: "cart", itemId: id, categories: product.categories });
    byId("add-to-cart").textContent = "Added ✓";
  });
  void fillSlot(rec, byId("rec-similar"), { context: "item", itemId: id, k: 8 }, "item");
}

function showProduct(p: Product): void {
  document.title = `${p.title} — Lumen & Leaf`;
  byId("product-title").textContent = p.title;
  byId("product-brand").textContent = p.brand && p.brand !== "Unknown" ? p.brand : "";
  byId("product-price").textContent = formatPrice(p.id);
  byId("crumbs").textContent = ["Home", ...p.categories].join(" › ");
  const img = byId<HTMLImageElement>("product-image");
  img.src = placeholderImage(p);
  img.alt = p.title;
}
