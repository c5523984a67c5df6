/** Search page (?q=...): catalog search at the edge, results re-ranked on the device. */
import { wireHeader } from "../layout";
import { mountPanel } from "../panel";
import { demoRecommender } from "../recommender";
import { fillSlot } from "../slot";

wireHeader();
const rec = demoRecommender();
mountPanel(rec);

const query = (new URLSearchParams(location.search).get("q") ?? "").trim().slice(0, 200);
const input = document.querySelector<HTMLInputElement>(".search input[name=q]");
if (input) input.value = query;
const heading = document.getElementById("results-h") as HTMLElement;
const slot = document.getElementById("rec-search") as HTMLElement;

if (query === "") {
  heading.textContent = "Search";
  slot.innerHTML = `<p class="notice">Type a product, brand or category in the search box above.</p>`;
} else {
  heading.textContent = `Results for “${query}”`;
  void rec.track({ type: "search", query });
  void fillSlot(rec, slot, { context: "search", query, k: 24 }, "search").then((ranked) => {
    const sub = document.getElementById("results-sub") as HTMLElement;
    sub.textContent =
      ranked.length === 0
        ? "No matching products."
        : `${ranked.length} results from our catalog search, re-ranked on your device.`;
  });
}
