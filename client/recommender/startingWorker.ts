import { prefetchCandidates, type SpawnedWorker, spawnScoringWorker } from "../scoring/spawnWorker";

/**
 * The scoring worker from the page's load event until the model's runtime owns it: started before the
 * model's chunk loads (the worker's script, tfjs and its backend are the longest start-up chain), and
 * told to fetch the candidate answer that the first on-device recommend() will rank, while the model
 * still loads. A URL asked for before the start is sent at the start.
 * @example const early = new StartingWorker(true); early.prefetch(url); startModel({ worker: early.start() });
 */
export class StartingWorker {
  private spawned?: SpawnedWorker;
  private pendingUrl?: string;
  private state: "before" | "starting" | "ended" = "before";

  /** `prefetching`: false where the page has its own fetch (it runs on the page, at rank time). */
  constructor(private readonly prefetching: boolean) {}

  /** Starts the worker (undefined where none can start), and sends it the URL asked for before. */
  start(): SpawnedWorker | undefined {
    this.state = "starting";
    this.spawned = spawnScoringWorker();
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
