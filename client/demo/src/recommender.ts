import { type BackendName, createRecommender, type Recommender, type RecommenderOptions } from "../../index";

const BACKENDS: readonly string[] = ["webgpu", "webgl", "wasm", "cpu", "auto"];

declare global {
  interface Window {
    /** The demo's SDK instance, for the status panel, e2e tests and benchmarks. */
    pocketrank?: Recommender;
  }
}

/**
 * Reads the demo's switches from the page URL, for tests and benchmarks:
 * `?backend=webgpu|webgl|wasm|cpu|auto` forces a backend, `?eager=1` loads the model at once,
 * `?storage=memory` forces the in-memory store, `?telemetry=0` sends no telemetry,
 * `?telemetryWindowMs=N` shortens the telemetry window.
 * @example demoOptions(new URLSearchParams("backend=wasm&eager=1"));
 */
export function demoOptions(params: URLSearchParams): RecommenderOptions {
  const options: RecommenderOptions = { endpoint: location.origin };
  const backend = params.get("backend");
  if (backend && BACKENDS.includes(backend)) options.backend = backend as BackendName | "auto";
  if (params.get("eager") === "1") options.lazy = false;
  if (params.get("storage") === "memory") options.storage = "memory";
  if (params.get("telemetry") === "0") options.telemetry = false;
  const window = Number(params.get("telemetryWindowMs"));
  if (Number.isFinite(window) && window > 0) options.telemetryWindowMs = window;
  return options;
}

let instance: Recommender | undefined;

/**
 * The one SDK instance of a demo page (ESM embedding: `createRecommender`).
 * @example const ranked = await demoRecommender().recommend({ context: "home", k: 12 });
 */
export function demoRecommender(): Recommender {
  if (!instance) {
    instance = createRecommender(demoOptions(new URLSearchParams(location.search)));
    window.pocketrank = instance;
  }
  return instance;
}
