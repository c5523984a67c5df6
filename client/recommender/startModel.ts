import type { Fetcher, ModelBundle } from "../model/index";
import { BackendMemory, describeDevice, getBucket, ModelManager, openArtifactCache } from "../model/index";
import type { Capabilities } from "../scoring/chooseBackend";
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
 * Lazy chunk: model bytes → scoring worker on the chosen backend. Cache first: the version this device
 * scored with last loads from IndexedDB at once, while the assignment is checked on the network; a newly
 * assigned version then replaces it. Without a cached version: assigned version (verified by sha256) →
 * last good cached version → undefined (retrieval order). Never rejects.
 * @example const runtime = await startModel({ endpoint, backend: "auto", storage: "indexeddb", ... });
 */
export async function startModel(options: StartModelOptions): Promise<ModelRuntime | undefined> {
  const { board } = options;
  const started = performance.now();
  board.patchModel({ state: "loading" });
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
      onAssignment: (cohort) => options.telemetry.assigned(cohort),
      onFallback: (kind, error) => board.fallback(kind, error),
    });
    const loader = new BundleLoader(options, manager, started);
    const assigned = manager.acquire(); // the network check starts now, in parallel with the cache read
    const cached = await manager.newestGood();
    if (cached && (await loader.load(cached))) {
      void assigned.then((bundle) => bundle && loader.replace(bundle, cached)).catch(() => {});
      return loader.runtime();
    }
    const tried = new Set<string>(cached ? [cached.version] : []);
    let bundle = await assigned;
    while (bundle && !tried.has(bundle.version) && !loader.crashed) {
      tried.add(bundle.version);
      if (await loader.load(bundle)) return loader.runtime();
      bundle = await manager.lastGood(bundle.version);
    }
    loader.dispose();
    return noModel(
      board,
      loader.crashed ? "scoring worker unavailable" : "no model could be downloaded or loaded",
    );
  } catch (error) {
    board.fallback("internal", error);
    return noModel(board, "model start failed");
  }
}

/** The scoring worker and the loads into it, with their reports to the board and telemetry. */
class BundleLoader {
  crashed: Error | undefined;
  private readonly client: ScoringClient;
  private readonly pageWebGpu = probeWebGpu();
  private memory?: BackendMemory;

  constructor(
    private readonly options: StartModelOptions,
    private readonly manager: ModelManager,
    private readonly started: number,
  ) {
    const { board, telemetry } = options;
    this.client = new ScoringClient(
      (change) => {
        board.setBackend(change.backend, change.reason, change.history);
        board.fallback(/lost/i.test(change.reason) ? "device-lost" : "backend-error", change.reason);
        if (change.backend === "none") board.patchModel({ state: "failed" });
        telemetry.model(board.snapshot().model.version, change.backend);
      },
      (error) => {
        this.crashed = error;
        board.fallback("worker-error", error);
        board.setBackend("none", `scoring worker crashed: ${error.message}`);
        board.patchModel({ state: "failed" });
      },
    );
    // The worker's script downloads and compiles while the model bytes are read; so does the backend
    // this device remembers from an earlier visit.
    this.client.start();
    void this.device().then(({ memory, pageWebGpu }) => {
      const remembered = options.backend === "auto" ? memory.recall() : undefined;
      if (remembered && (remembered !== "webgpu" || pageWebGpu.adapter)) this.client.prepare(remembered);
    });
  }

  /** The page's WebGPU probe and this device's backend memory (made once). */
  private async device(): Promise<{ pageWebGpu: Capabilities["webgpu"]; memory: BackendMemory }> {
    const pageWebGpu = await this.pageWebGpu;
    this.memory ??= new BackendMemory(this.options.dbName, describeDevice(userAgent(), pageWebGpu.adapter));
    return { pageWebGpu, memory: this.memory };
  }

  /** Loads `bundle` into the worker; true when it is loaded, warm and recorded as good. */
  async load(bundle: ModelBundle): Promise<boolean> {
    const { board, telemetry } = this.options;
    if (this.crashed) return false;
    const { pageWebGpu, memory } = await this.device();
    await yieldToMain();
    try {
      const loaded = await this.client.load(bundle, this.options.backend, pageWebGpu, memory.recall());
      if (loaded.choice === "probed") memory.remember(loaded.backend);
      const loadMs = performance.now() - this.started;
      board.setBackend(loaded.backend, loaded.reason, loaded.history);
      board.patchModel({ state: "ready", version: loaded.version, source: bundle.source, loadMs });
      telemetry.model(loaded.version, loaded.backend);
      telemetry.modelLoad(loadMs);
      for (const trial of loaded.history) {
        telemetry.backendSkipped(trial.backend);
        if (trial.backend === "webgpu") board.fallback("webgpu-unavailable", trial.reason);
      }
      await this.manager.markGood(bundle);
      return true;
    } catch (error) {
      const kind =
        error instanceof ScoringError && error.kind === "worker-error" ? "worker-error" : "model-load";
      board.fallback(kind, error);
      return false;
    }
  }

  /** Moves the worker to a newly assigned version; back to `current` if the new one fails to load. */
  async replace(bundle: ModelBundle, current: ModelBundle): Promise<void> {
    if (bundle.version === current.version) return;
    if (!(await this.load(bundle))) await this.load(current);
  }

  runtime(): ModelRuntime {
    return {
      rank: (request) => this.client.rank(request),
      loseDevice: () => this.client.loseDevice(),
      dispose: () => this.client.dispose(),
    };
  }

  dispose(): void {
    this.client.dispose();
  }
}

function userAgent(): string {
  return typeof navigator === "undefined" ? "" : navigator.userAgent;
}

function noModel(board: StatusBoard, reason: string): undefined {
  board.fallback("no-model", reason);
  board.patchModel({ state: "failed" });
  board.setBackend("none", `${reason}; using the edge's retrieval order`);
  return undefined;
}
