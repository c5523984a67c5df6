import type { RecommenderOptions } from "../types";

/**
 * Pure: the problem with createRecommender's options, or undefined when they are usable.
 * @example checkOptions({ endpoint: "edge.example.com" }); // 'options.endpoint must be an http(s) URL or ""'
 */
export function checkOptions(options: RecommenderOptions): string | undefined {
  if (!options || typeof options !== "object") return "createRecommender needs an options object";
  if (typeof options.endpoint !== "string") return 'options.endpoint must be a string ("" for this origin)';
  if (options.endpoint && !/^https?:\/\//.test(options.endpoint))
    return 'options.endpoint must be an http(s) URL or ""';
  const backends = ["auto", "webgpu", "webgl", "wasm", "cpu"];
  if (options.backend !== undefined && !backends.includes(options.backend))
    return `unknown backend ${options.backend}`;
  if (options.sharedWorker !== undefined && typeof options.sharedWorker !== "string")
    return "options.sharedWorker must be the URL of the store's scoring worker file";
  return undefined;
}
