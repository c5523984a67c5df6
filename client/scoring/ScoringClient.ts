import type { ModelBundle } from "../model/types";
import type { BackendName } from "../types";
import type { Capabilities } from "./chooseBackend";
import type { BackendChange, HeldModel, ScoringErrorKind, WorkerRequest, WorkerResponse } from "./protocol";
import { type ScoringChannel, type SpawnedWorker, spawnScoringWorker } from "./spawnWorker";

type Loaded = Extract<WorkerResponse, { type: "loaded" }>;
type Ranked = Extract<WorkerResponse, { type: "ranked" }>;
type Benchmarked = Extract<WorkerResponse, { type: "benchmarked" }>;
type RankRequest = Omit<Extract<WorkerRequest, { type: "rank" }>, "type" | "id">;
type Pending = {
  resolve: (value: WorkerResponse) => void;
  reject: (error: Error) => void;
  /** performance.now() past which the request times out. */
  deadline: number;
  type: WorkerRequest["type"];
  timeoutMs: number;
};

/** Longest a model load (download excluded: choose backend, decode, warm up) may take, in ms. */
const LOAD_TIMEOUT_MS = 120_000;
/** Longest one scoring call may take before the caller falls back to retrieval order, in ms. */
const SCORE_TIMEOUT_MS = 15_000;

/** A fault from the worker, classified for status(). */
export class ScoringError extends Error {
  constructor(
    readonly kind: ScoringErrorKind | "worker-error",
    message: string,
  ) {
    super(message);
    this.name = "ScoringError";
  }
}

/**
 * Main-thread handle on the scoring worker: typed request/response over postMessage. The model's bytes
 * and each candidate answer's body are transferred (not copied) in; the top k
 * items come back with the telemetry arrays transferred out, so the main thread neither parses nor
 * clones the candidates.
 * @example const client = new ScoringClient(onChange, onCrash); await client.load(bundle, "auto", webgpu);
 */
export class ScoringClient {
  private worker?: ScoringChannel;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  /**
   * One timer for every request in flight, armed for the earliest deadline: a timer per request cost the
   * page a setTimeout and a clearTimeout on each recommend() (scoring-floor.md, "Fourth round").
   */
  private timer?: ReturnType<typeof setTimeout>;
  private timerAt = Number.POSITIVE_INFINITY;

  /**
   * `spawned`: a worker started earlier (spawnScoringWorker), adopted at the first request instead of
   * starting one; an error it reported meanwhile counts as a crash.
   */
  constructor(
    private readonly onChange: (change: BackendChange) => void,
    private readonly onCrash: (error: Error) => void,
    private spawned?: SpawnedWorker,
  ) {}

  /**
   * Sends the verified model to the worker; resolves when it is loaded and warm. `remembered` is the
   * backend an earlier visit chose (used with "auto" only). The bundle's prepared weights go with it and
   * leave the bundle.
   */
  async load(
    bundle: ModelBundle,
    backend: BackendName | "auto",
    pageWebGpu: Capabilities["webgpu"],
    remembered?: BackendName,
  ): Promise<Loaded> {
    const { model, transfer } = copyModel(bundle);
    // Handed over, not copied (about 860 KB for the demo model, which the page would hold for nothing):
    // a later load of the same bundle (a failed replacement's way back) decodes its bytes instead.
    const prepared = bundle.prepared;
    bundle.prepared = undefined;
    if (prepared) transfer.push(prepared.values.buffer);
    const request = { type: "load", id: 0, backend, ...model, pageWebGpu, remembered, prepared } as const;
    return (await this.request(request, transfer, LOAD_TIMEOUT_MS)) as Loaded;
  }

  /**
   * Has the worker keep the model it holds (a shared worker an earlier page loaded) when it is `version`
   * on a backend this load accepts: resolves as load() would, choice "kept"; rejects with kind
   * "not-held" when it does not hold it (then send the bytes with load()).
   */
  async keep(
    version: string,
    backend: BackendName | "auto",
    pageWebGpu: Capabilities["webgpu"],
    remembered?: BackendName,
  ): Promise<Loaded> {
    const request = { type: "load", id: 0, backend, version, pageWebGpu, remembered } as const;
    return (await this.request(request, [], LOAD_TIMEOUT_MS)) as Loaded;
  }

  /**
   * The model the worker held when this page connected to it (a shared worker), or null: none, a
   * dedicated worker, or no worker at all.
   */
  held(): Promise<HeldModel | null> {
    try {
      return this.ensureWorker().held;
    } catch {
      return Promise.resolve(null);
    }
  }

  /** Whether this page's worker is a shared one (it may serve other pages and outlive this one). */
  get shared(): boolean {
    return this.worker?.shared ?? false;
  }

  /** Why this page scores in a dedicated worker although the store named its shared worker's file. */
  get storeWorkerFailure(): string | undefined {
    return this.worker?.storeWorkerFailure;
  }

  /**
   * Benchmarks the device's fast backends on `bundle` and resolves the winner (the work a first visit
   * defers). Send it to a client of its own: the benchmark switches that worker's tfjs backend.
   */
  async benchmark(bundle: ModelBundle, pageWebGpu: Capabilities["webgpu"]): Promise<Benchmarked> {
    const { model, transfer } = copyModel(bundle);
    const request = { type: "benchmark", id: 0, ...model, pageWebGpu } as const;
    return (await this.request(request, transfer, LOAD_TIMEOUT_MS)) as Benchmarked;
  }

  /**
   * Ranks the candidates at `request.url` for a history (oldest first); the worker fetches them unless
   * `request.answer` holds the page's own answer, whose body is then transferred (unusable here after).
   */
  async rank(request: RankRequest): Promise<Ranked> {
    const message = { type: "rank", id: 0, ...request } as const;
    const transfer = request.answer && "body" in request.answer ? [request.answer.body] : [];
    return (await this.request(message, transfer, SCORE_TIMEOUT_MS)) as Ranked;
  }

  /**
   * The weights the worker decoded from the loaded model's bytes, with its version (both null when it
   * has none to give: they came from a prepared record, or were asked for already).
   */
  async preparedWeights(): Promise<Extract<WorkerResponse, { type: "prepared-weights" }>> {
    const request = { type: "prepared-weights", id: 0 } as const;
    return (await this.request(request, [], SCORE_TIMEOUT_MS)) as Extract<
      WorkerResponse,
      { type: "prepared-weights" }
    >;
  }

  /** Starts the worker (its script downloads and compiles) before there is a model to send. */
  start(): void {
    this.ensureWorker();
  }

  /** Has the worker load and initialise `backend` while the model is read, so the load finds it ready. */
  prepare(backend: BackendName): void {
    this.request({ type: "prepare", id: 0, backend }, [], LOAD_TIMEOUT_MS).catch(() => {});
  }

  /** Test hook: destroys the worker's WebGPU device; the worker moves to the next backend. */
  async loseDevice(): Promise<void> {
    await this.request({ type: "simulate-loss", id: 0 }, [], LOAD_TIMEOUT_MS);
  }

  dispose(): void {
    this.forget();
    this.failAll(new ScoringError("worker-error", "scoring worker disposed"));
  }

  private request(
    message: WorkerRequest,
    transfer: Transferable[],
    timeoutMs: number,
  ): Promise<WorkerResponse> {
    const worker = this.ensureWorker();
    message.id = this.nextId++; // the caller's own new object: no copy to set its id
    return new Promise<WorkerResponse>((resolve, reject) => {
      const deadline = performance.now() + timeoutMs;
      this.pending.set(message.id, { resolve, reject, deadline, type: message.type, timeoutMs });
      this.armTimer(deadline);
      worker.post(message, transfer);
    });
  }

  /** Makes sure the timer fires by `deadline`; a timer already due by then is kept as it is. */
  private armTimer(deadline: number): void {
    if (this.timerAt <= deadline) return;
    clearTimeout(this.timer);
    this.timerAt = deadline;
    this.timer = setTimeout(this.expire, Math.max(0, deadline - performance.now()));
  }

  /** Fails the requests past their deadline and arms the timer for the earliest one left. */
  private readonly expire = () => {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [id, waiting] of this.pending) {
      if (waiting.deadline > now) next = Math.min(next, waiting.deadline);
      else {
        this.pending.delete(id);
        const timeout = `${waiting.type} timed out after ${waiting.timeoutMs} ms`;
        waiting.reject(new ScoringError("backend-error", timeout));
      }
    }
    if (next < Number.POSITIVE_INFINITY) this.armTimer(next);
  };

  private ensureWorker(): ScoringChannel {
    if (this.worker) return this.worker;
    const spawned = this.spawned ?? spawnScoringWorker();
    this.spawned = undefined;
    if (!spawned) throw new ScoringError("worker-error", "this browser cannot start the scoring worker");
    const { worker } = spawned;
    worker.onmessage = (response) => this.receive(response);
    worker.onerror = (message) => this.crash(message);
    this.worker = worker;
    if (typeof document !== "undefined") {
      document.addEventListener("visibilitychange", this.onVisibility);
      this.onVisibility(); // a page that starts hidden
    }
    // It failed before this client listened: crash once the caller's request is pending.
    const early = spawned.error;
    if (early) queueMicrotask(() => this.worker === worker && this.crash(early));
    return worker;
  }

  /** A hidden page stops the worker's idle warm-up: no CPU for a page nobody looks at. */
  private readonly onVisibility = () => {
    if (document.visibilityState === "hidden") this.worker?.post({ type: "hidden", id: 0 });
  };

  private forget(): void {
    this.worker?.close();
    this.worker = undefined;
    if (typeof document !== "undefined") document.removeEventListener("visibilitychange", this.onVisibility);
  }

  private crash(message: string): void {
    const error = new ScoringError("worker-error", message);
    this.forget();
    this.failAll(error);
    this.onCrash(error);
  }

  private receive(response: WorkerResponse): void {
    if (response.type === "backend-changed") {
      this.onChange(response.change);
      return;
    }
    if (response.type === "crashed") {
      this.crash(response.message);
      return;
    }
    const waiting = this.pending.get(response.id);
    if (!waiting) return;
    this.pending.delete(response.id);
    if (response.type === "error") waiting.reject(new ScoringError(response.kind, response.message));
    else waiting.resolve(response);
  }

  private failAll(error: Error): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    for (const [id, waiting] of this.pending) {
      waiting.reject(error);
      this.pending.delete(id);
    }
  }
}

/**
 * The model's bytes ready to post: copies, so the caller's bundle (kept for markGood, retries and the
 * deferred benchmark) stays usable after the transfer.
 */
function copyModel(bundle: ModelBundle) {
  const manifest = bundle.manifest.slice(0);
  const files = Object.fromEntries(Object.entries(bundle.files).map(([path, data]) => [path, data.slice(0)]));
  const transfer: Transferable[] = [manifest, ...Object.values(files)];
  return { model: { version: bundle.version, manifest, files }, transfer };
}
