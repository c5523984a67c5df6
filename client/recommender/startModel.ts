import type { Fetcher, ModelBundle } from "../model/index";
import { BackendMemory, describeDevice, getBucket, ModelManager, openArtifactCache } from "../model/index";
import { probeWebGpu } from "../scoring/probeCapabilities";
import { ScoringClient, ScoringError } from "../scoring/ScoringClient";
import type { TelemetryObserver } from "../telemetry/types";
import type { BackendName } from "../types";
import type { StatusBoard } from "./StatusBoard";
import { yieldToMain } from "./whenIdle";

/** The loaded model as the recommender sees it. */
export type ModelRuntime = {
  rank: ScoringClient["rank"];
  loseDevice(): Promise<void>;
  dispose(): void;
};

export type StartModelOptions = {
  endpoint: string;
  backend: BackendName | "auto";
  storage: "indexeddb" | "memory";
  dbName: string;
  fetch: Fetcher;
  board: StatusBoard;
  telemetry: TelemetryObserver;
};

/**
 * Lazy chunk: assigned model → verified bytes (network or IndexedDB) → scoring worker on the chosen
 * backend. Falls back to the last good cached version when a version fails to load, and resolves
 * undefined (retrieval order) when nothing works. Never rejects.
 * @example const runtime = await startModel({ endpoint, backend: "auto", storage: "indexeddb", ... });
 */
export async function startModel(options: StartModelOptions): Promise<ModelRuntime | undefined> {
  const { board, telemetry } = options;
  const started = performance.now();
  board.patchModel({ state: "loading" });
  const fallback: ConstructorParameters<typeof ModelManager>[0]["onFallback"] = (kind, error) =>
    board.fallback(kind, error);
  try {
    // Each step below is its own task (yieldToMain), so none of them adds up to a long task.
    const cache = await openArtifactCache(options.dbName, options.storage, (e) =>
      board.fallback("storage-unavailable", e),
    );
    await yieldToMain();
    const bucket = getBucket(); // localStorage: its first read in a page is synchronous disk I/O
    await yieldToMain();
    const manager = new ModelManager({
      endpoint: options.endpoint,
      bucket,
      cache,
      fetch: options.fetch,
      onFallback: fallback,
    });
    let crashed: Error | undefined;
    const client = new ScoringClient(
      (change) => {
        board.setBackend(change.backend, change.reason, change.history);
        board.fallback(/lost/i.test(change.reason) ? "device-lost" : "backend-error", change.reason);
        if (change.backend === "none") board.patchModel({ state: "failed" });
        telemetry.model(board.snapshot().model.version, change.backend);
      },
      (error) => {
        crashed = error;
        board.fallback("worker-error", error);
        board.setBackend("none", `scoring worker crashed: ${error.message}`);
        board.patchModel({ state: "failed" });
      },
    );
    client.start();
    const pageWebGpu = await probeWebGpu();
    const memory = new BackendMemory(
      options.dbName,
      describeDevice(navigatorUserAgent(), pageWebGpu.adapter),
    );
    await yieldToMain();
    const tried = new Set<string>();
    let bundle: ModelBundle | undefined = await manager.acquire();
    while (bundle && !tried.has(bundle.version) && !crashed) {
      tried.add(bundle.version);
      await yieldToMain();
      try {
        const loaded = await client.load(bundle, options.backend, pageWebGpu, memory.recall());
        if (loaded.choice === "probed") memory.remember(loaded.backend);
        const loadMs = performance.now() - started;
        board.setBackend(loaded.backend, loaded.reason, loaded.history);
        board.patchModel({ state: "ready", version: loaded.version, source: bundle.source, loadMs });
        telemetry.model(loaded.version, loaded.backend);
        telemetry.modelLoad(loadMs);
        for (const trial of loaded.history) {
          telemetry.backendSkipped(trial.backend);
          if (trial.backend === "webgpu") board.fallback("webgpu-unavailable", trial.reason);
        }
        await manager.markGood(bundle);
        return {
          rank: (request) => client.rank(request),
          loseDevice: () => client.loseDevice(),
          dispose: () => client.dispose(),
        };
      } catch (error) {
        board.fallback(
          error instanceof ScoringError && error.kind === "worker-error" ? "worker-error" : "model-load",
          error,
        );
        bundle = await manager.lastGood(bundle.version);
      }
    }
    client.dispose();
    return noModel(board, crashed ? "scoring worker unavailable" : "no model could be downloaded or loaded");
  } catch (error) {
    board.fallback("internal", error);
    return noModel(board, "model start failed");
  }
}

function navigatorUserAgent(): string {
  return typeof navigator === "undefined" ? "" : navigator.userAgent;
}

function noModel(board: StatusBoard, reason: string): undefined {
  board.fallback("no-model", reason);
  board.patchModel({ state: "failed" });
  board.setBackend("none", `${reason}; using the edge's retrieval order`);
  return undefined;
}
