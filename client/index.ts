/**
 * pocketrank storefront SDK: public API.
 * @example
 * import { createRecommender } from "pocketrank"; // or from "/sdk/pocketrank.js"
 * const pr = createRecommender({ endpoint: "" });
 * pr.render(slot, await pr.recommend({ context: "item", itemId: 42, k: 8 }), { slot: "similar" });
 */
export { createRecommender } from "./recommender/createRecommender";
export type {
  BackendName,
  FallbackKind,
  RankedItem,
  RecommendContext,
  Recommender,
  RecommenderOptions,
  RecommenderStatus,
  RecommendRequest,
  RenderOptions,
  ScoringBackend,
  TrackEvent,
} from "./types";
