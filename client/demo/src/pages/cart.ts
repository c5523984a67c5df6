/** Cart page: the locally kept cart and a "complete your routine" slot from the cart's items. */
import { readCart, removeFromCart } from "../cart";
import { wireHeader } from "../layout";
import { knownProduct } from "../listing";
import { mountPanel } from "../panel";
import { placeholderImage } from "../placeholder";
import { formatPrice, syntheticPrice } from "../price";
import { productUrl } from "../productCard";
import { demoRecommender } from "../recommender";
import { fillSlot } from "../slot";

wireHeader();
const rec = demoRecommender();
mountPanel(rec);

const list = document.getElementById("cart-lines") as HTMLUListElement;
const total = document.getElementById("cart-total") as HTMLElement;
const slot = document.getElementById("rec-cart") as HTMLElement;

function showCart(): number[] {
  const lines = readCart();
  list.replaceChildren();
  if (lines.length === 0) {
    const li = document.createElement("li");
    li.className = "notice";
    li.textContent = "Your cart is empty. Here are some favourites to start with.";
    list.append(li);
  }
  for (const line of lines) {
    const p = knownProduct(line.id) ?? { id: line.id, title: `Product #${line.id}`, categories: [] };
    const li = document.createElement("li");
    li.className = "cart-line";
    li.dataset.itemId = String(line.id);
    const img = document.createElement("img");
    img.className = "thumb";
    img.src = placeholderImage(p);
    img.alt = p.title;
    const a = document.createElement("a");
    a.href = productUrl(p.id);
    a.textContent = `${p.title} × ${line.qty}`;
    const price = document.createElement("span");
    price.className = "price";
    price.textContent = formatPrice(p.id);
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "Remove";
    remove.addEventListener("click", () => {
      removeFromCart(line.id);
      refresh();
    });
    li.append(img, a, price, remove);
    list.append(li);
  }
  const sum = lines.reduce((s, l) => s + syntheticPrice(l.id) * l.qty, 0);
  total.textContent = `$${sum.toFixed(2)}`;
  return lines.map((l) => l.id);
}

function refresh(): void {
  const ids = showCart();
  const request =
    ids.length > 0
      ? { context: "cart" as const, items: ids.slice(-50), k: 8 }
      : { context: "home" as const, k: 8 };
  void fillSlot(rec, slot, request, "cart");
}

refresh();
