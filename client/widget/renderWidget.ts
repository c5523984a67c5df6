import type { RankedItem, RenderOptions } from "../types";
import { ensureStyles, PLACEHOLDER_IMAGE } from "./styles";

/** Where the widget reports what the shopper saw and clicked (slot, 1-based position, model version). */
export type WidgetHooks = {
  onImpression(item: RankedItem, slot: string, position: number): void;
  onClick(item: RankedItem, slot: string, position: number, event: MouseEvent): void;
};

/** Cards drawn while waiting, so the slot has its final height before any data arrives. */
const DEFAULT_SKELETON = 6;

let headingIds = 0;

/**
 * Draws grey cards with the widget's exact geometry into `el` (call it as soon as the slot exists),
 * so the real render later shifts nothing.
 * @example reserveSlot(document.querySelector("#recs")!, "Recommended for you");
 */
export function reserveSlot(el: Element, heading: string, cards = DEFAULT_SKELETON): void {
  const doc = el.ownerDocument;
  ensureStyles(doc);
  const { section, list } = frame(doc, heading);
  section.setAttribute("aria-busy", "true");
  for (let i = 0; i < cards; i++) {
    const li = doc.createElement("li");
    li.className = "pocketrank__item pocketrank__skeleton";
    li.setAttribute("aria-hidden", "true");
    li.innerHTML = '<span class="pocketrank__media"></span><span class="pocketrank__title"></span>';
    list.append(li);
  }
  el.replaceChildren(section);
}

/**
 * Renders ranked items as an accessible list of links (alt text, keyboard focus, visible focus ring),
 * and wires impressions (IntersectionObserver, half visible, once per render) and clicks to `hooks`.
 * Returns a cleanup function that disconnects the observer.
 * @example const stop = renderWidget(el, ranked, { slot: "home" }, hooks);
 */
export function renderWidget(
  el: Element,
  ranked: RankedItem[],
  options: RenderOptions,
  hooks: WidgetHooks,
): () => void {
  const doc = el.ownerDocument;
  ensureStyles(doc);
  const slot = options.slot ?? "default";
  const { section, list } = frame(doc, options.heading ?? "Recommended for you");
  // Only an http(s) url becomes a link: a javascript: URL in a catalog must never run in the store's page.
  const storeUrl = (item: RankedItem) => (item.url && /^https?:\/\//i.test(item.url) ? item.url : undefined);
  const href = options.href ?? ((item: RankedItem) => storeUrl(item) ?? `#pocketrank-item-${item.id}`);
  const byElement = new Map<Element, { item: RankedItem; position: number }>();
  ranked.forEach((item, index) => {
    const position = index + 1;
    const li = doc.createElement("li");
    li.className = "pocketrank__item";
    li.dataset.itemId = String(item.id);
    li.dataset.position = String(position);
    li.dataset.score = String(item.score);
    const link = doc.createElement("a");
    link.className = "pocketrank__link";
    link.href = href(item);
    const media = doc.createElement("span");
    media.className = "pocketrank__media";
    const img = doc.createElement("img");
    img.alt = item.title;
    img.width = 160;
    img.height = 160;
    img.loading = "lazy";
    img.decoding = "async";
    img.addEventListener("error", () => {
      if (img.src !== PLACEHOLDER_IMAGE) img.src = PLACEHOLDER_IMAGE;
    });
    img.src = item.image || PLACEHOLDER_IMAGE;
    media.append(img);
    const title = doc.createElement("span");
    title.className = "pocketrank__title";
    title.textContent = item.title;
    // The image's alt already names the product; hiding the caption avoids reading it twice.
    title.setAttribute("aria-hidden", "true");
    const price = formatPrice(item, doc);
    if (price) {
      const tag = doc.createElement("span");
      tag.className = "pocketrank__price";
      tag.textContent = price;
      media.append(tag);
    }
    link.append(media, title);
    link.addEventListener("click", (event) => hooks.onClick(item, slot, position, event));
    li.append(link);
    list.append(li);
    byElement.set(li, { item, position });
  });
  if (ranked.length === 0) {
    const empty = doc.createElement("li");
    empty.className = "pocketrank__empty";
    empty.textContent = "No recommendations right now";
    list.append(empty);
  }
  el.replaceChildren(section);
  return observeImpressions(byElement, slot, hooks);
}

/**
 * The item's price in the page's language (`<html lang>`), or "" without one. An unknown currency
 * code would make Intl throw; the widget then shows the number and the code as given.
 */
export function formatPrice(item: Pick<RankedItem, "price" | "currency">, doc: Document): string {
  if (item.price === undefined || !item.currency) return "";
  try {
    const locale = doc.documentElement.lang || undefined;
    return new Intl.NumberFormat(locale, { style: "currency", currency: item.currency }).format(item.price);
  } catch {
    return `${item.price} ${item.currency}`;
  }
}

function frame(doc: Document, heading: string): { section: HTMLElement; list: HTMLOListElement } {
  const section = doc.createElement("section");
  section.className = "pocketrank";
  if (heading) {
    const h = doc.createElement("h2");
    h.className = "pocketrank__heading";
    h.id = `pocketrank-heading-${++headingIds}`;
    h.textContent = heading;
    section.setAttribute("aria-labelledby", h.id);
    section.append(h);
  } else {
    section.setAttribute("aria-label", "Recommendations");
  }
  const list = doc.createElement("ol");
  list.className = "pocketrank__list";
  // list-style:none drops list semantics in Safari/VoiceOver unless the role is explicit.
  list.setAttribute("role", "list");
  section.append(list);
  return { section, list };
}

function observeImpressions(
  items: Map<Element, { item: RankedItem; position: number }>,
  slot: string,
  hooks: WidgetHooks,
): () => void {
  if (typeof IntersectionObserver === "undefined" || items.size === 0) return () => {};
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const seen = items.get(entry.target);
        if (!entry.isIntersecting || !seen) continue;
        items.delete(entry.target);
        observer.unobserve(entry.target);
        hooks.onImpression(seen.item, slot, seen.position);
      }
      if (items.size === 0) observer.disconnect();
    },
    { threshold: 0.5 },
  );
  for (const element of items.keys()) observer.observe(element);
  return () => observer.disconnect();
}
