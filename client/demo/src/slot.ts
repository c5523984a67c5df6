import type { RankedItem, Recommender, RecommendRequest } from "../../index";
import { rememberProducts } from "./listing";
import { noteRanking, noteScoring } from "./panel";
import { placeholderImage } from "./placeholder";
import { productUrl } from "./productCard";

/**
 * Fills one recommendation slot through the SDK: recommend() on the device, then the SDK's own
 * accessible widget. Until the model is ready the SDK answers in the edge's retrieval order; the slot
 * is filled again once, when the model becomes ready, so the shopper sees the on-device ranking.
 * @example await fillSlot(rec, el, { context: "item", itemId: 42, k: 8 }, "similar");
 */
export async function fillSlot(
  rec: Recommender,
  el: HTMLElement,
  request: RecommendRequest,
  slot: string,
): Promise<RankedItem[]> {
  const ranked = await runSlot(rec, el, request, slot);
  if (ranked.length > 0 && ranked[0]?.backend === "none") {
    void rec.ready().then((status) => {
      if (status.model.state === "ready") void runSlot(rec, el, request, slot);
    });
  }
  return ranked;
}

async function runSlot(
  rec: Recommender,
  el: HTMLElement,
  request: RecommendRequest,
  slot: string,
): Promise<RankedItem[]> {
  const t0 = performance.now();
  const ranked = await rec.recommend(request);
  noteScoring(slot, performance.now() - t0);
  noteRanking(slot, ranked);
  rememberProducts(ranked);
  el.dataset.backend = ranked[0]?.backend ?? "none";
  if (ranked.length === 0) {
    el.replaceChildren();
    const p = document.createElement("p");
    p.className = "notice";
    p.textContent = "No recommendations right now. Browse the shelves below.";
    el.append(p);
    return ranked;
  }
  // Beauty has no images, urls or prices: the demo's tinted placeholders and its own product pages
  // stand in; a catalog imported with them (npm run import-catalog) shows the store's own.
  const shown = ranked.map((item) => ({ ...item, image: item.image || placeholderImage(item) }));
  rec.render(el, shown, { slot, heading: "", href: (item) => item.url ?? productUrl(item.id) });
  el.dataset.filled = String(Date.now());
  return ranked;
}
