import * as tf from "@tensorflow/tfjs";
import { type CandidateLike, CONTEXT_FEATURES, type EncodeInput } from "../features";
import { defaultConfig, initParams, mulberry32, type RankerConfig, type RankerParams } from "../ranker";

/**
 * Test fixture (used by tests and the bench, not by the product): model/'s real ranker at a small size,
 * with its weights spread like a trained model's (initParams' near-zero embeddings and zero biases would make
 * every score ~0.5 and hide quantization error), and requests shaped like the edge's candidate lists.
 */
export const TEST_FEATURES = [...CONTEXT_FEATURES, "coocSum", "coocMax", "popularity", "categoryOverlap"];

/**
 * A ranker whose every weight is N(0, spread²), deterministic in `seed`.
 * @example const { config, params } = testRanker(7, { itemBuckets: 2048 });
 */
export function testRanker(
  seed: number,
  overrides: Partial<RankerConfig> = {},
  spread = 0.3,
): { config: RankerConfig; params: RankerParams } {
  const config = defaultConfig(TEST_FEATURES, { itemBuckets: 2048, categoryBuckets: 256, ...overrides });
  const init = initParams(config, seed);
  const params: RankerParams = {};
  let i = 0;
  for (const [name, t] of Object.entries(init)) {
    params[name] = tf.randomNormal(t.shape, 0, spread, "float32", seed * 1000 + i++);
    t.dispose();
  }
  return { config, params };
}

/**
 * One request with `n` candidates: a random history and edge-like features, deterministic in `seed`.
 * @example scoreCandidates(params, config, encodeBatch(testRequest(1, 500), config))
 */
export function testRequest(seed: number, n: number): EncodeInput & { candidates: CandidateLike[] } {
  const r = mulberry32(seed);
  const history = Array.from({ length: 1 + Math.floor(r() * 30) }, () => Math.floor(r() * 12_000));
  const categories = ["Beauty", "Makeup", "Skin Care", "Hair Care", "Fragrance", "Nails"];
  const candidates = Array.from({ length: n }, (_, i) => ({
    id: Math.floor(r() * 12_000),
    categories: [categories[Math.floor(r() * categories.length)]],
    retrievalScore: 1 / (1 + i),
    features: {
      coocSum: r() < 0.5 ? 0 : r() * 3,
      coocMax: r() < 0.5 ? 0 : r() * 0.4,
      popularity: r() * 6,
      categoryOverlap: r(),
    },
  }));
  return { history, historyCategories: history.map(() => [categories[0]]), candidates };
}
