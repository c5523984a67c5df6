import { rememberedForBrowser } from "../model/keptBackend";
import { likelyBackend } from "../scoring/backendHint";
import { prefetchCandidates, type SpawnedWorker, spawnScoringWorker } from "../scoring/spawnWorker";
import type { BackendName } from "../types";

/** What the start's backend hint is read from: the page's backend option and its storage prefix. */
export type StartHint = { backend: BackendName | "auto"; dbName: string };

/**
 * The scoring worker from the page's load event until the model's runtime owns it: started before the
 * model's chunk loads (the worker's script, tfjs and its backend are the longest start-up chain), and
 * told to fetch the candidate answer that the first on-device recommend() will rank, while the model
 * still loads. A URL asked for before the start is sent at the start. The worker is named with the
 * backend this visit most likely uses (backendHint), so it loads that backend before the model chunk
 * has read the device's backend memory.
 * @example const early = new StartingWorker(true, { backend: "auto", dbName }); startModel({ worker: early.start() });
 */
export class StartingWorker {
  private spawned?: SpawnedWorker;
  private pendingUrl?: string;
  private state: "before" | "starting" | "ended" = "before";

  /**
   * `prefetching`: false where the page has its own fetch (it runs on the page, at rank time).
   * `hint`: read at the start (localStorage, after the load event), not here.
   * `storeWorker`: the store's shared worker file, where the SDK is on another origin (spawnScoringWorker).
   */
  constructor(
    private readonly prefetching: boolean,
    private readonly hint: StartHint,
    private readonly storeWorker?: string,
  ) {}

  /** Starts the worker (undefined where none can start), and sends it the URL asked for before. */
  start(): SpawnedWorker | undefined {
    this.state = "starting";
    // Shared where it can be: the store's next page then finds this one's model up (spawnScoringWorker).
    this.spawned = spawnScoringWorker(startHint(this.hint), { share: true, storeWorker: this.storeWorker });
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
    if (this.spawned) prefetchCandidates(this.spawned, url);
    else if (this.state === "before") this.pendingUrl = url;
  }
}

/**
 * The backend to hint at the start: as BundleLoader's "prepare" will name it, but from the memory of this
 * browser build (its adapter is not known yet) and WebGPU assumed usable where the page has the API.
 */
function startHint({ backend, dbName }: StartHint): BackendName | undefined {
  const browser = typeof navigator === "undefined" ? undefined : navigator;
  const remembered = rememberedForBrowser(dbName, browser?.userAgent ?? "");
  return likelyBackend(backend, remembered, !!browser && "gpu" in browser);
}
