import { CandidateSource, checkRequest } from "../candidates/index";
import type { Fetcher } from "../model/downloadVersion";
import { DEFAULT_CAPS, openBehaviourStore, type ResilientStore } from "../store/index";
import type { BehaviourEvent } from "../store/types";
import { TelemetryBuffer } from "../telemetry/TelemetryBuffer";
import type { Recommender, RecommenderOptions, RecommendRequest, RenderOptions, TrackEvent } from "../types";
import { renderWidget } from "../widget/index";
import { historyChannel } from "./historyChannel";
import { RecentHistory } from "./RecentHistory";
import { rankRequest } from "./rankRequest";
import { StatusBoard } from "./StatusBoard";
import { StartingWorker } from "./startingWorker";
import type { ModelRuntime } from "./startModel";
import { checkEvent } from "./trackEvents";
import { afterLoad, whenIdleAfterLoad } from "./whenIdle";

/** History items sent to the scorer (the model keeps its own `maxHistory` most recent of them). */
const HISTORY_LIMIT = 50;

/**
 * Creates the storefront SDK. Never throws: bad options give an instance that renders nothing and
 * reports why in status().errors.
 * @example
 * const pr = createRecommender({ endpoint: "https://edge.example.com" });
 * await pr.track({ type: "view", itemId: 42 });
 * pr.render(document.querySelector("#recs")!, await pr.recommend({ context: "home", k: 8 }), { slot: "home" });
 */
export function createRecommender(options: RecommenderOptions): Recommender {
  const board = new StatusBoard();
  const telemetry = new TelemetryBuffer();
  board.onFallback((kind) => telemetry.fallback(kind));
  const guard = async <T>(fallbackValue: T, task: () => Promise<T>): Promise<T> => {
    try {
      return await task();
    } catch (error) {
      board.fallback("internal", error);
      return fallbackValue;
    }
  };

  const problem = checkOptions(options);
  if (problem) {
    board.fallback("bad-request", problem);
    telemetry.disable();
  }
  const endpoint = problem ? "" : options.endpoint;
  const fetcher: Fetcher = options?.fetch ?? ((url, init) => fetch(url, init));
  const storage = options?.storage === "memory" ? "memory" : "indexeddb";
  const dbName = options?.dbName ?? "pocketrank";
  const limit = Math.min(500, Math.max(1, Math.floor(options?.candidateLimit ?? 200)));
  const candidates = new CandidateSource(fetcher);
  const cleanups = new WeakMap<Element, () => void>();

  // The store is read once here; afterwards recommend() takes the history from page memory.
  const recent = new RecentHistory(HISTORY_LIMIT, DEFAULT_CAPS.maxAgeMs);
  const siblings = historyChannel(dbName, recent);
  // Opened after the page's load event (or at the first call that needs it), never during page load.
  let opening: Promise<ResilientStore> | undefined;
  const store = (): Promise<ResilientStore> => {
    opening ??= openBehaviourStore({
      prefix: dbName,
      storage,
      onFallback: (kind, error) => board.fallback(kind, error),
    }).then(async (opened) => {
      const [events, count] = await Promise.all([
        opened.recent(HISTORY_LIMIT).catch(() => []),
        opened.count().catch(() => 0),
      ]);
      recent.replace(events);
      board.patchStore({ kind: opened.kind, reason: opened.reason, events: count });
      return opened;
    });
    return opening;
  };
  whenIdleAfterLoad(() => void store());

  let runtime: ModelRuntime | undefined;
  const worker = new StartingWorker(!options?.fetch);
  let modelStart: Promise<void> | undefined;
  const startModel = (): Promise<void> => {
    modelStart ??= guard(undefined, async () => {
      if (problem || options.model === false) {
        board.patchModel({ state: "disabled" });
        board.setBackend("none", "on-device model disabled by option");
        worker.end();
        return;
      }
      // The worker starts before the model's chunk loads (see StartingWorker).
      const spawned = worker.start();
      const { startModel } = await import("./startModel").catch((error) => {
        worker.end();
        spawned?.worker.terminate();
        throw error;
      });
      runtime = await startModel({
        endpoint,
        backend: options.backend ?? "auto",
        storage,
        dbName,
        fetch: fetcher,
        board,
        telemetry,
        worker: spawned,
      }).finally(() => worker.end());
    });
    return modelStart;
  };
  // The model starts at the load event, not at idle time: its steps are short tasks, off the critical
  // path, and a recommend() before it is ready falls back to the edge's order.
  if (options?.lazy === false) startModel();
  else afterLoad(() => startModel());

  if (!problem && options.telemetry !== false) {
    board.patchTelemetry({ enabled: true });
    whenIdleAfterLoad(() => {
      import("../telemetry/startTelemetry")
        .then(({ startTelemetry }) =>
          startTelemetry({
            endpoint,
            fetch: fetcher,
            storage,
            dbName,
            board,
            windowMs: options.telemetryWindowMs,
          }),
        )
        .then((session) => telemetry.attach(session))
        .catch((error) => {
          board.fallback("telemetry-send", error);
          telemetry.disable();
        });
    });
  } else telemetry.disable();
  if (!problem && options.contribute !== false) {
    whenIdleAfterLoad(() => {
      import("../learning/startContributions")
        .then(({ startContributions }) => startContributions({ endpoint, fetch: fetcher, store, dbName }))
        .catch(() => {}); // learning is optional: a failed chunk load changes nothing for the page
    });
  }
  if (typeof document !== "undefined") {
    // Histograms deferred to idle time must land in the window the telemetry session seals on hide
    // (registered first, so this runs before the session's own handler).
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") telemetry.drain();
    });
  }

  let firstDone = false;
  const recommend = (request: RecommendRequest) =>
    guard([], async () => {
      if (problem) return [];
      const invalid = checkRequest(request);
      if (invalid) {
        board.fallback("bad-request", invalid);
        return [];
      }
      const ranked = await rankRequest(request, {
        endpoint,
        limit,
        runtime,
        historyLoaded: store,
        recent,
        candidates,
        pageFetch: options.fetch,
        board,
        telemetry,
        prefetch: (url) => worker.prefetch(url),
      });
      if (!firstDone && ranked.length > 0) {
        firstDone = true;
        const ttfr = performance.now();
        board.patch({ timeToFirstRecommendationMs: ttfr });
        telemetry.firstRecommendation(ttfr);
      }
      return ranked;
    });

  const track = (event: TrackEvent) =>
    guard(undefined, async () => {
      const invalid = checkEvent(event);
      if (invalid) return board.fallback("bad-request", invalid);
      const stamped: BehaviourEvent = structuredClone({ ...event, at: Date.now() });
      const opened = await store();
      // Memory first, so a recommend() right after track() sees the event; then the durable copy.
      recent.add(stamped);
      if (opened.kind === "indexeddb") siblings.add(stamped);
      await opened.add(stamped);
      board.patchStore({ kind: opened.kind, reason: opened.reason, events: await opened.count() });
    });

  const render = (
    el: Element,
    ranked: Parameters<Recommender["render"]>[1],
    renderOptions: RenderOptions = {},
  ) => {
    try {
      cleanups.get(el)?.();
      const stop = renderWidget(el, Array.isArray(ranked) ? ranked : [], renderOptions, {
        onImpression: (_item, slot, position) => telemetry.impression(slot, position),
        onClick: (item, slot, position, event) => {
          telemetry.click(slot, position);
          track({ type: "click", itemId: item.id, slot, position, categories: item.categories });
          renderOptions.onClick?.(item, event);
        },
      });
      cleanups.set(el, stop);
    } catch (error) {
      board.fallback("internal", error);
    }
  };

  return {
    track,
    recommend,
    render,
    forget: () =>
      guard(undefined, async () => {
        const opened = await store();
        recent.clear();
        if (opened.kind === "indexeddb") siblings.clear();
        await opened.clear();
        board.patchStore({ kind: opened.kind, reason: opened.reason, events: 0 });
      }),
    status: () => board.snapshot(),
    ready: () =>
      guard(board.snapshot(), async () => {
        await startModel();
        await store();
        return board.snapshot();
      }),
    flush: () =>
      guard(undefined, async () => {
        telemetry.drain();
        const { flushTelemetry } = await import("../telemetry/startTelemetry");
        await flushTelemetry();
      }),
    dispose: () => {
      siblings.close();
      runtime?.dispose();
      runtime = undefined;
    },
    simulateDeviceLoss: () =>
      guard(board.snapshot(), async () => {
        await startModel();
        await runtime?.loseDevice();
        return board.snapshot();
      }),
  };
}

function checkOptions(options: RecommenderOptions): string | undefined {
  if (!options || typeof options !== "object") return "createRecommender needs an options object";
  if (typeof options.endpoint !== "string") return 'options.endpoint must be a string ("" for this origin)';
  if (options.endpoint && !/^https?:\/\//.test(options.endpoint))
    return 'options.endpoint must be an http(s) URL or ""';
  const backends = ["auto", "webgpu", "webgl", "wasm", "cpu"];
  if (options.backend !== undefined && !backends.includes(options.backend))
    return `unknown backend ${options.backend}`;
  return undefined;
}
