/**
 * Public types of the pocketrank storefront SDK. Everything here is stable API: the demo pages,
 * the e2e tests and storefront developers build on it. Change by adding optional fields only.
 */
import type { Candidate } from "../model/catalog/index.ts";
import type { SCORING_BACKENDS } from "../telemetry/schema/scoringBackends.ts";

/** Where a slot sits on the storefront; decides which candidates the edge returns. */
export type RecommendContext = "home" | "item" | "category" | "search" | "cart";

/** tfjs backends, "webgpu" | "webgl" | "wasm" | "cpu", in the order the scorer tries them. */
export type BackendName = (typeof SCORING_BACKENDS)[number];

/** The backend that ordered a result; "none" means the edge's retrieval order (no model yet). */
export type ScoringBackend = BackendName | "none";

/**
 * Options of {@link createRecommender}. Only `endpoint` is required.
 * @example createRecommender({ endpoint: "https://edge.example.com", backend: "webgpu", lazy: false })
 */
export type RecommenderOptions = {
  /** Base URL of the pocketrank edge, e.g. "https://edge.example.com" or "" for the page's origin. */
  endpoint: string;
  /**
   * Backend choice: "auto" (default) picks by capability then by a micro-benchmark of the real model;
   * a backend name forces that backend first (the chain continues after it only if it fails).
   */
  backend?: BackendName | "auto";
  /**
   * true (default): tfjs, the model and the worker load right after the page's load event, in short tasks.
   * false: start loading at once (tests, benchmarks).
   */
  lazy?: boolean;
  /**
   * Where the SDK comes from another origin than the page: the URL of the store's own copy of the one-line
   * module `import "<endpoint>/sdk/scoring-worker.js";` (same origin as the page, e.g.
   * "/pocketrank-worker.js"). The store's pages then share one scoring worker, kept a while after each
   * page, so the next page ranks with the model already up. Default: none (a dedicated worker per page).
   */
  sharedWorker?: string;
  /** false: never load a model; recommend() returns the edge's retrieval order. Default true. */
  model?: boolean;
  /** false: collect and send no telemetry. Default true. */
  telemetry?: boolean;
  /**
   * false: send no fleet-learning contributions (the day's few viewed, clicked and carted item ids
   * and transitions, released by the edge only under differential privacy; PRIVACY.md). Default true.
   */
  contribute?: boolean;
  /** "memory" forces the in-memory behaviour store (and model cache, outbox). Default "indexeddb". */
  storage?: "indexeddb" | "memory";
  /** Prefix of the IndexedDB database names. Default "pocketrank". */
  dbName?: string;
  /** Candidates fetched from the edge per recommend() call (the edge caps at 500). Default 200. */
  candidateLimit?: number;
  /** Length of one telemetry window before it is sealed into a report, in ms. Default 5 minutes. */
  telemetryWindowMs?: number;
  /**
   * Injected fetch (tests, proxies). Default: the global fetch. It is called on every recommend() that needs
   * candidates: the SDK holds no answer of it (the browser's cache still applies beneath it), whereas the
   * default worker fetch is skipped while HTTP says the answer it holds is fresh.
   */
  fetch?: typeof fetch;
};

/**
 * A shopper action kept in the on-device behaviour store. The events never leave the device; only the
 * bounded daily contribution derived from them does (client/learning, PRIVACY.md).
 */
export type TrackEvent =
  | { type: "view"; itemId: number; categories?: string[] }
  | { type: "click"; itemId: number; slot?: string; position?: number; categories?: string[] }
  | { type: "cart"; itemId: number; categories?: string[] }
  | { type: "purchase"; itemId: number; categories?: string[] }
  | { type: "search"; query: string };

/**
 * What a slot asks for. `itemId` for item pages, `items` for cart contents, `category` for category
 * pages, `query` for search. These (and only these) are sent to the edge to fetch candidates.
 */
export type RecommendRequest = {
  context: RecommendContext;
  itemId?: number;
  items?: number[];
  category?: string;
  query?: string;
  /** How many items to return. Default 10. */
  k?: number;
};

/**
 * One ranked product: the edge's candidate (id, SKU, title, categories and the store fields, as the
 * candidate contract in model/catalog defines them) with its place in this list instead of the
 * retrieval-side fields. `available` is left out because an unavailable item never reaches a list;
 * the features stay in the scoring worker. `score` is the model's probability, or the retrieval
 * score for backend "none".
 */
export interface RankedItem extends Omit<Candidate, "available" | "retrievalScore" | "features"> {
  score: number;
  /** 1-based position in the result. */
  rank: number;
  /** Model version that scored the list; null for the edge's retrieval order. */
  modelVersion: string | null;
  backend: ScoringBackend;
}

/** Options of `render()`. */
export type RenderOptions = {
  /** Slot name used to attribute impressions and clicks (e.g. "home", "similar"). Default: the context. */
  slot?: string;
  /** Visible heading of the widget; "" for none. Default "Recommended for you". */
  heading?: string;
  /** Link target for an item. Default: the item's store `url`, else `#pocketrank-item-<id>`. */
  href?: (item: RankedItem) => string;
  /** Called on click (after the click is tracked); the default link navigation still happens. */
  onClick?: (item: RankedItem, event: MouseEvent) => void;
};

/** A fault the SDK absorbed instead of throwing into the page. */
export type FallbackKind =
  | "storage-unavailable"
  | "storage-quota"
  | "model-download"
  | "model-hash"
  | "model-load"
  | "model-cached"
  | "no-model"
  | "webgpu-unavailable"
  | "backend-error"
  | "device-lost"
  | "worker-error"
  | "edge-unreachable"
  | "candidates-cached"
  | "telemetry-send"
  | "bad-request"
  | "internal";

/** Snapshot of the SDK's state; e2e tests and the demo's status panel read it. */
export type RecommenderStatus = {
  /** Backend that scores now ("none" until the model is ready or when it failed everywhere). */
  backend: ScoringBackend;
  /** Why this backend: capability, benchmark figures, override, or the fault that moved us on. */
  backendReason: string;
  /** Backends tried and abandoned, in order, with their reason. */
  backendHistory: { backend: BackendName; reason: string }[];
  /**
   * The backend benchmark that a first visit defers: the visit ranks on wasm at once, and after its first
   * on-device ranking, in idle time, a worker of its own times the device's fast backends; the winner is
   * remembered for the next visits. "none": nothing to benchmark (a remembered, forced or single backend).
   */
  backendBenchmark: {
    state: "none" | "pending" | "running" | "done" | "failed";
    winner: BackendName | null;
    reason: string | null;
    /** performance.now() of its start and end on the page, ms. */
    startedAt: number | null;
    endedAt: number | null;
  };
  model: {
    state: "idle" | "loading" | "ready" | "failed" | "disabled";
    version: string | null;
    /** Where the weights came from: the network, the IndexedDB cache, or nowhere yet. */
    source: "network" | "cache" | "none";
    loadMs: number | null;
  };
  store: { kind: "indexeddb" | "memory"; reason: string | null; events: number };
  /** Count of each absorbed fault since start. */
  fallbacks: Partial<Record<FallbackKind, number>>;
  /** The last few absorbed faults, newest last. */
  errors: { kind: FallbackKind; message: string; at: number }[];
  /** Worker-side encode + forward + read-back time of the last on-device ranking, ms. */
  lastInferenceMs: number | null;
  /** Worker-side time of the last ranking once its candidates arrived: decode, inference, top k, ms. */
  lastWorkerMs: number | null;
  /** The decode of the last ranking's candidate answer in the worker, part of lastWorkerMs (0: reused by its ETag), ms. */
  lastDecodeMs: number | null;
  /** Time the last ranking's candidates took to fetch, headers and body (the worker's fetch, or the page's own), ms. */
  lastFetchMs: number | null;
  timeToFirstRecommendationMs: number | null;
  /**
   * The scoring worker's idle warm-up as of the last on-device ranking: the scoring calls it ran between
   * requests so that V8 optimises the path, and their time in ms. It starts after the first list and stops
   * at its budget (client/scoring/IdleWarmUp.ts) or when the page is hidden.
   */
  idleWarmUp: { calls: number; ms: number };
  telemetry: { enabled: boolean; pending: number; sent: number };
};

/** The SDK instance. No method throws: faults are absorbed, counted in status(), and reported. */
export type Recommender = {
  /** Records a shopper action on the device. */
  track(event: TrackEvent): Promise<void>;
  /** Candidates from the edge, re-ranked on the device when the model is ready. Never rejects. */
  recommend(request: RecommendRequest): Promise<RankedItem[]>;
  /** Renders an accessible list into `el`, with impressions and clicks attributed to the slot. */
  render(el: Element, ranked: RankedItem[], options?: RenderOptions): void;
  /** Clears the behaviour store ("forget me"). Model cache and telemetry outbox stay. */
  forget(): Promise<void>;
  /** Current state: backend and reason, model version, store kind, fallback counts. */
  status(): RecommenderStatus;
  /** Resolves once the model is ready, failed or disabled (starts loading now if lazy). */
  ready(): Promise<RecommenderStatus>;
  /** Seals the current telemetry window and tries to send the outbox now. */
  flush(): Promise<void>;
  /** Stops the worker and listeners. */
  dispose(): void;
  /**
   * Test hook: destroys the scoring worker's WebGPU device (a real `device.lost`); the worker rebuilds
   * on the next backend of the chain. Resolves with the status afterwards; a no-op off WebGPU.
   */
  simulateDeviceLoss(): Promise<RecommenderStatus>;
};
