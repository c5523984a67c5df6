import { cartCount } from "./cart";
import { testParams } from "./productCard";

/**
 * Wires the static header shared by every page: search form keeps test switches, cart badge stays live.
 * @example wireHeader();
 */
export function wireHeader(): void {
  const badge = document.querySelector<HTMLElement>(".cart-count");
  const update = () => {
    if (badge) badge.textContent = String(cartCount());
  };
  update();
  document.addEventListener("demo-cart-change", update);
  window.addEventListener("storage", update);
  const extra = new URLSearchParams(testParams().replace(/^&/, ""));
  for (const form of document.querySelectorAll<HTMLFormElement>(".search form")) {
    for (const [k, v] of extra) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = k;
      input.value = v;
      form.append(input);
    }
  }
  for (const a of document.querySelectorAll<HTMLAnchorElement>("a[data-keep-params]")) {
    a.href += (a.href.includes("?") ? "&" : "?") + testParams().replace(/^&/, "");
  }
}
