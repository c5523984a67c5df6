import type { ModelBundle, ModelManager } from "../model/index";
import { BackendMemory, describeDevice } from "../model/index";
import { likelyBackend } from "../scoring/backendHint";
import { BENCHMARKED_LATER, type Capabilities } from "../scoring/chooseBackend";
import { probeWebGpu } from "../scoring/probeCapabilities";
import type { BackendChoice } from "../scoring/protocol";
import { ScoringClient, ScoringError } from "../scoring/ScoringClient";
import { type SpawnedWorker, spawnScoringWorker } from "../scoring/spawnWorker";
import type { TelemetryObserver } from "../telemetry/types";
import type { BackendName } from "../types";
import { deferBenchmark } from "./deferBenchmark";
import type { StatusBoard } from "./StatusBoard";
import { onIdle, yieldToMain } from "./whenIdle";

/** Longest wait for an idle period before the decoded weights are kept anyway, ms. */
const IDLE_TIMEOUT_MS = 2000;

/** Choices that load what an earlier visit started on: a benchmark it left owed is this visit's. */
const RECALLED = new Set<BackendChoice>(["remembered", "kept"]);

/** The loaded model as the recommender sees it. */
export type ModelRuntime = {
  rank: ScoringClient["rank"];
  loseDevice(): Promise<void>;
  dispose(): void;
};

export type LoaderOptions = {
  backend: BackendName | "auto";
  dbName: string;
  board: StatusBoard;
  telemetry: TelemetryObserver;
  /** The scoring worker, if the page started it already (at its load event). */
  worker?: SpawnedWorker;
};

/**
 * The scoring worker and the loads into it, with their reports to the board and telemetry. The worker
 * starts when the loader is made, and it loads the backend this visit most likely uses at once, so both
 * are ready by the time the model bytes arrive.
 * @example const loader = new BundleLoader(options, performance.now()); await loader.load(bundle, manager);
 */
export class BundleLoader {
  crashed: Error | undefined;
  private readonly client: ScoringClient;
  private readonly pageWebGpu = probeWebGpu();
  private memory?: BackendMemory;
  /** Set after a first visit's provisional start: schedules the deferred benchmark (once). */
  private benchmarkDue?: () => void;
  /** Set after each load: keeps the weights the worker decoded, once the next ranking has settled. */
  private preparedDue?: () => void;

  constructor(
    private readonly options: LoaderOptions,
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
      // Shared where it can be (spawnScoringWorker), as the page's own start would have made it.
      options.worker ?? spawnScoringWorker(undefined, { share: true }),
    );
    this.client.start();
    // A store's shared worker file that failed is its set-up's fault: the board says so (held settles then).
    void this.client.held().then(() => {
      const failure = this.client.storeWorkerFailure;
      if (failure) board.fallback("worker-error", failure);
    });
    void this.device().then(({ memory, pageWebGpu }) => {
      const likely = likelyBackend(options.backend, memory.recall(), pageWebGpu.adapter !== null);
      if (likely) this.client.prepare(likely);
    });
  }

  /** The page's WebGPU probe and this device's backend memory (made once). */
  private async device(): Promise<{ pageWebGpu: Capabilities["webgpu"]; memory: BackendMemory }> {
    const pageWebGpu = await this.pageWebGpu;
    this.memory ??= new BackendMemory(this.options.dbName, describeDevice(userAgent(), pageWebGpu.adapter));
    return { pageWebGpu, memory: this.memory };
  }

  /**
   * The version a shared worker held when this page connected (an earlier page of the store loaded it),
   * or undefined (none held, a dedicated worker).
   */
  async held(): Promise<string | undefined> {
    return (await this.client.held())?.version;
  }

  /** Loads `bundle` into the worker; true when it is loaded, warm and recorded as good by `manager`. */
  async load(bundle: ModelBundle, manager: ModelManager): Promise<boolean> {
    if (this.crashed) return false;
    const device = await this.device();
    await yieldToMain();
    try {
      const { pageWebGpu, memory } = device;
      const owed = memory.benchmarkOwed();
      const loaded = await this.client.load(bundle, this.options.backend, pageWebGpu, memory.recall());
      this.report(loaded, { ...device, owed }, bundle.source, async () => bundle);
      await manager.markGood(bundle);
      this.preparedDue = () => {
        this.preparedDue = undefined;
        onIdle(() => void this.keepPrepared(bundle, manager), IDLE_TIMEOUT_MS);
      };
      return true;
    } catch (error) {
      this.reportFailure(error);
      return false;
    }
  }

  /**
   * Keeps the model the shared worker holds when it is `version` on a backend this page accepts: no
   * bytes read or posted. `read`: the version's bytes, read only if this page needs them (its deferred
   * benchmark). False when the worker does not hold it (nothing reported: the caller loads the bytes).
   * `version` is the head of the device's good versions (ModelManager.newestGoodVersion): recorded.
   */
  async keep(version: string, read: () => Promise<ModelBundle | undefined>): Promise<boolean> {
    if (this.crashed) return false;
    const device = await this.device();
    try {
      const { pageWebGpu, memory } = device;
      const owed = memory.benchmarkOwed();
      const loaded = await this.client.keep(version, this.options.backend, pageWebGpu, memory.recall());
      this.report(loaded, { ...device, owed }, "cache", read);
      return true;
    } catch (error) {
      if (!(error instanceof ScoringError && error.kind === "not-held")) this.reportFailure(error);
      return false;
    }
  }

  /**
   * Moves the worker to a newly assigned version; back to `current` (read when needed) if the new one
   * fails to load.
   */
  async replace(
    bundle: ModelBundle,
    current: { version: string; read: () => Promise<ModelBundle | undefined> },
    manager: ModelManager,
  ): Promise<void> {
    if (bundle.version === current.version) return;
    if (await this.load(bundle, manager)) return;
    const previous = await current.read();
    if (previous) await this.load(previous, manager);
  }

  /**
   * A load's outcome to the device's memory, the board and telemetry; the deferred benchmark if owed
   * (`owed`: as the memory said before the load).
   */
  private report(
    loaded: Awaited<ReturnType<ScoringClient["load"]>>,
    {
      pageWebGpu,
      memory,
      owed,
    }: { pageWebGpu: Capabilities["webgpu"]; memory: BackendMemory; owed: boolean },
    source: ModelBundle["source"],
    bundle: () => Promise<ModelBundle | undefined>,
  ): void {
    const { board, telemetry } = this.options;
    if (loaded.choice === "probed") memory.remember(loaded.backend);
    if (loaded.choice === "provisional") memory.rememberStart(loaded.backend);
    // A provisional start remembered by a visit that left before its benchmark: this visit owes it (also
    // when it keeps the model that visit's shared worker brought up).
    const startOwed = RECALLED.has(loaded.choice) && owed;
    if (loaded.choice === "provisional" || startOwed)
      this.benchmarkDue ??= deferBenchmark({ bundle, pageWebGpu, memory, board });
    const reason = startOwed
      ? `${loaded.reason}, a start before any benchmark; the backends${BENCHMARKED_LATER}`
      : loaded.reason;
    const loadMs = performance.now() - this.started;
    board.setBackend(loaded.backend, reason, loaded.history);
    board.patchModel({ state: "ready", version: loaded.version, source, loadMs });
    telemetry.model(loaded.version, loaded.backend);
    telemetry.modelLoad(loadMs);
    for (const trial of loaded.history) {
      telemetry.backendSkipped(trial.backend);
      if (trial.backend === "webgpu") board.fallback("webgpu-unavailable", trial.reason);
    }
  }

  private reportFailure(error: unknown): void {
    const kind =
      error instanceof ScoringError && error.kind === "worker-error" ? "worker-error" : "model-load";
    this.options.board.fallback(kind, error);
  }

  /** The runtime; a first visit's deferred benchmark becomes due once its first ranking has settled. */
  runtime(): ModelRuntime {
    return {
      rank: (request) => {
        const ranked = this.client.rank(request);
        void ranked
          .finally(() => {
            this.preparedDue?.();
            this.benchmarkDue?.();
          })
          .catch(() => {});
        return ranked;
      },
      loseDevice: () => this.client.loseDevice(),
      dispose: () => this.client.dispose(),
    };
  }

  dispose(): void {
    this.client.dispose();
  }

  /**
   * Stores the weights the worker decoded from `bundle`'s bytes (none when it took them from a prepared
   * record), so that the next visit's load skips the decode. Off the first list's path: after it, at idle.
   */
  private async keepPrepared(bundle: ModelBundle, manager: ModelManager): Promise<void> {
    try {
      const { version, weights } = await this.client.preparedWeights();
      if (weights && version === bundle.version) await manager.keepPrepared(bundle, weights);
    } catch {
      // the worker is gone or busy past its timeout: the next visit decodes the bytes, as before
    }
  }
}

function userAgent(): string {
  return typeof navigator === "undefined" ? "" : navigator.userAgent;
}
