import { CandidateSource, checkRequest } from "../candidates/index";
import type { Fetcher } from "../model/downloadVersion";
import { TelemetryBuffer } from "../telemetry/TelemetryBuffer";
import type { Recommender, RecommenderOptions, RecommendRequest, TrackEvent } from "../types";
import { checkOptions } from "./checkOptions";
import { rankRequest } from "./rankRequest";
import { ShopperHistory } from "./ShopperHistory";
import { StatusBoard } from "./StatusBoard";
import { slotRenderer } from "./slotRenderer";
import { startIdleChunks } from "./startIdleChunks";
import { StartingWorker } from "./startingWorker";
import type { ModelRuntime } from "./startModel";
import { checkEvent } from "./trackEvents";
import { afterLoad, whenIdleAfterLoad } from "./whenIdle";

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

  // The store is read once, after the page's load event; afterwards recommend() takes the history from
  // page memory.
  const history = new ShopperHistory(dbName, storage, board);
  const store = history.store;
  whenIdleAfterLoad(() => void store());

  let runtime: ModelRuntime | undefined;
  const worker = new StartingWorker(
    !options?.fetch,
    { backend: options?.backend ?? "auto", dbName },
    problem ? undefined : options.sharedWorker,
  );
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
        spawned?.worker.close();
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

  const idleChunks = startIdleChunks({
    endpoint,
    fetch: fetcher,
    storage,
    dbName,
    board,
    telemetry,
    store,
    sendTelemetry: !problem && options.telemetry !== false,
    contribute: !problem && options.contribute !== false,
    telemetryWindowMs: options?.telemetryWindowMs,
  });

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
        recent: history.recent,
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
      await history.track(event);
    });

  const render = slotRenderer(board, telemetry, track);

  return {
    track,
    recommend,
    render,
    forget: () => guard(undefined, () => history.forget()),
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
        // Before idle time there is no session yet, and a flush would send nothing the outbox holds.
        await idleChunks.telemetryStarted();
        const { flushTelemetry } = await import("../telemetry/startTelemetry");
        await flushTelemetry();
      }),
    dispose: () => {
      history.close();
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
