/**
 * The storefront loader, built to /sdk/pocketrank.js (vite `sdk` target, ≤ 15 KB gzip).
 * Embedding without code:
 *   <script async type="module" src="https://edge.example.com/sdk/pocketrank.js"
 *     data-endpoint="https://edge.example.com" data-slot="#recs" data-context="item" data-item="42" data-k="8"></script>
 * It also exports the ESM API (`createRecommender`). tfjs, the model and telemetry load lazily.
 * The page paints before this async script runs: reserve the slot in the page's CSS
 * (`min-height: 270px`, the default widget's fixed height) so CLS stays 0. Each render dispatches a
 * bubbling `pocketrank:render` event on the slot with `detail: { recommender, items }`.
 */
import { createRecommender } from "./index";
import { mountFromScript } from "./mountFromScript";

export * from "./index";

// Module scripts have no document.currentScript: find our own tag by its URL.
if (typeof document !== "undefined") {
  const self = import.meta.url;
  const scripts = Array.from(document.querySelectorAll<HTMLScriptElement>("script[src][data-slot]"));
  for (const script of scripts) {
    if (script.src === self) mountFromScript(script, createRecommender);
  }
}
