import { rememberedForBrowser } from "../model/keptBackend";
import { likelyBackend } from "../scoring/backendHint";
import { prefetchCandidates, type SpawnedWorker, spawnScoringWorker } from "../scoring/spawnWorker";
import type { BackendName } from "../types";

/** What the start's backend hint is read from: the page's backend option and its storage prefix. */
export type StartHint = { backend: BackendName | "auto"; dbName: string };

/**
 * The scoring worker until the model's runtime owns it: started before the model's chunk loads (the
 * worker's script, tfjs and its backend are the longest start-up chain), and told to fetch the candidate
 * answer that the first on-device recommend() will rank, while the model still loads. A URL asked for
 * before the model's start is sent at that start. The worker is named with the backend this visit most
 * likely uses (backendHint), so it loads that backend before the model chunk has read the device's
 * backend memory. On a returning visit it starts while the page loads (startEarly).
 * @example const early = new StartingWorker(true, { backend: "auto", dbName }); startModel({ worker: early.start() });
 */
export class StartingWorker {
  private spawned?: SpawnedWorker;
  private pendingUrl?: string;
  private state: "before" | "early" | "starting" | "ended" = "before";

  /**
   * `prefetching`: false where the page has its own fetch (it runs on the page, at rank time).
   * `hint`: read when the worker starts (localStorage), not here.
   */
  constructor(
    private readonly prefetching: boolean,
    private readonly hint: StartHint,
  ) {}

  /**
   * On a returning visit (this browser build has a remembered backend, so the worker's script, tfjs and
   * that backend are most likely in the HTTP cache), starts the worker now, before the page's load
   * event: its thread, its code's compile and its backend's `.wasm` then overlap the page's own load,
   * on another thread, and compete with the page's requests for nothing but the cache. A first visit
   * would download them, so it starts at the load event (start). The model's work, and the candidates'
   * prefetch (a request to the edge), still wait for start(). Whether it started.
   */
  startEarly(): boolean {
    if (this.state !== "before") return false;
    const remembered = rememberedBackend(this.hint.dbName);
    if (!remembered) return false;
    this.spawned = spawnScoringWorker(startHint(this.hint, remembered));
    this.state = "early";
    return !!this.spawned;
  }

  /**
   * The model's start (at the load event): the worker started early, or one started now (undefined where
   * none can start); sends it the URL asked for before.
   */
  start(): SpawnedWorker | undefined {
    if (this.state !== "early")
      this.spawned = spawnScoringWorker(startHint(this.hint, rememberedBackend(this.hint.dbName)));
    this.state = "starting";
    if (this.spawned && this.pendingUrl) prefetchCandidates(this.spawned, this.pendingUrl);
    this.pendingUrl = undefined;
    return this.spawned;
  }

  /** The runtime owns the worker now, or the model failed: nothing more is sent from here. */
  end(): void {
    this.state = "ended";
    this.spawned = undefined;
  }

  /** Has the worker fetch and decode the answer at `url` (a /v1/candidates URL at the model's limit). */
  prefetch(url: string): void {
    if (!this.prefetching || this.state === "ended") return;
    if (this.state === "starting") {
      if (this.spawned) prefetchCandidates(this.spawned, url);
    } else this.pendingUrl = url;
  }
}

/** The backend this browser build remembers (localStorage), as the page's start reads it. */
function rememberedBackend(dbName: string): BackendName | undefined {
  return rememberedForBrowser(dbName, typeof navigator === "undefined" ? "" : navigator.userAgent);
}

/**
 * The backend to hint at the start: as BundleLoader's "prepare" will name it, but from the memory of this
 * browser build (its adapter is not known yet) and WebGPU assumed usable where the page has the API.
 */
function startHint({ backend }: StartHint, remembered: BackendName | undefined): BackendName | undefined {
  const webgpuApi = typeof navigator !== "undefined" && "gpu" in navigator;
  return likelyBackend(backend, remembered, webgpuApi);
}
