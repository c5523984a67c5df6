import { afterNextPaint, yieldToMain } from "./recommender/whenIdle";
import type { RecommendContext, Recommender, RecommenderOptions, RecommendRequest } from "./types";
import { reserveSlot } from "./widget/index";

/** `data-*` attributes of the embedding script tag, parsed. */
export type ScriptConfig = {
  options: RecommenderOptions;
  slot: string;
  request: RecommendRequest;
  heading: string;
};

/**
 * Pure: reads the script tag's dataset into options + request; undefined when there is no data-slot
 * (the page only wants the ESM API). Unknown contexts fall back to "home".
 * @example parseScriptDataset({ endpoint: "", slot: "#recs", context: "item", item: "42", k: "8" });
 */
export function parseScriptDataset(data: Record<string, string | undefined>): ScriptConfig | undefined {
  if (!data.slot) return undefined;
  const contexts: RecommendContext[] = ["home", "item", "category", "search", "cart"];
  const context = contexts.includes(data.context as RecommendContext)
    ? (data.context as RecommendContext)
    : "home";
  const k = Number.parseInt(data.k ?? "", 10);
  const request: RecommendRequest = { context, k: Number.isInteger(k) && k > 0 && k <= 500 ? k : 8 };
  if (data.item !== undefined) request.itemId = Number(data.item);
  if (data.items) request.items = data.items.split(",").map(Number);
  if (data.category) request.category = data.category;
  if (data.query) request.query = data.query;
  const backend = data.backend as RecommenderOptions["backend"];
  const { sharedWorker } = data;
  return {
    options: {
      endpoint: data.endpoint ?? "",
      ...(backend ? { backend } : {}),
      ...(sharedWorker ? { sharedWorker } : {}),
    },
    slot: data.slot,
    request,
    heading: data.heading ?? "Recommended for you",
  };
}

/**
 * Script-tag embedding: after the page's first paint (so the SDK never delays its FCP or LCP; the page
 * reserves the slot's height in CSS), fill the slot with a skeleton, then fetch, rank and render; renders again
 * with the on-device ranking once the model is ready. Each render dispatches a bubbling
 * `pocketrank:render` event on the slot (`detail: { recommender, items }`). Never throws.
 * @example mountFromScript(document.currentScript, createRecommender);
 */
export function mountFromScript(
  script: HTMLScriptElement,
  create: (options: RecommenderOptions) => Recommender,
): Recommender | undefined {
  try {
    const config = parseScriptDataset({ ...script.dataset });
    if (!config) return undefined;
    const recommender = create(config.options);
    const run = async () => {
      await afterNextPaint();
      const el = document.querySelector(config.slot);
      if (!el) return;
      reserveSlot(el, config.heading);
      await yieldToMain();
      // Telemetry only knows the fixed slot names, so the context names the slot.
      const options = { slot: config.request.context, heading: config.heading };
      const show = async () => {
        const items = await recommender.recommend(config.request);
        // Decoding the answer and building the list are separate tasks, so neither adds up to a long one.
        await yieldToMain();
        recommender.render(el, items, options);
        // Lets the host page (and tests) follow along: detail = { recommender, items }.
        el.dispatchEvent(
          new CustomEvent("pocketrank:render", { bubbles: true, detail: { recommender, items } }),
        );
      };
      await show();
      // Re-rank once the on-device model is ready (the first render used the edge's order).
      if ((await recommender.ready()).model.state === "ready") await show();
    };
    if (document.readyState === "loading")
      document.addEventListener("DOMContentLoaded", () => void run(), { once: true });
    else void run();
    return recommender;
  } catch {
    return undefined;
  }
}
