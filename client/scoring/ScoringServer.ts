import { BINARY_OR_JSON } from "../candidates/binaryOrJson";
import { CandidateSource } from "../candidates/CandidateSource";
import type { CandidateList } from "../candidates/candidateList";
import type { Fetcher } from "../model/downloadVersion";
import type { Capabilities } from "./chooseBackend";
import { IdleWarmUp } from "./IdleWarmUp";
import type { ScoringErrorKind, WorkerRequest, WorkerResponse } from "./protocol";
import { rankInWorker } from "./rankInWorker";
import { ScoringEngine } from "./ScoringEngine";

/**
 * One page's end of the worker: a dedicated worker's own scope, or a page's MessagePort of a shared
 * worker. Each page's requests are answered on its own port.
 */
export type PagePort = {
  postMessage(message: WorkerResponse, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  close?(): void;
};

/**
 * The scoring worker's work for every page connected to it: one engine (the model, its backend, their
 * warm code), one candidate source and one idle warm-up, shared by the pages; each page's requests are
 * answered on its port, a backend change is told to all of them. It owns tfjs, the model and the
 * candidates: it fetches and decodes them itself, so the storefront's main thread only posts a URL and
 * the history and receives the top k ranked items plus typed arrays for telemetry (transferred).
 * @example const server = new ScoringServer(probeCapabilities, fetch); server.connect(self, false);
 */
export class ScoringServer {
  private readonly ports = new Set<PagePort>();
  private pageWebGpu: Capabilities["webgpu"] | undefined;
  // The worker asks for the binary answer and still decodes JSON (an older edge, a page's own fetch).
  private readonly candidates: CandidateSource<CandidateList>;
  /**
   * Candidate answers fetched ahead of their first rank (see "prefetch"), by URL, until that rank, which
   * waits for one in flight; the source then holds it for as long as HTTP says it is fresh (httpFreshness).
   * A failed prefetch settles too: the rank fetches and reports the failure itself.
   */
  private readonly prefetched = new Map<string, Promise<unknown>>();
  private readonly engine: ScoringEngine;
  /** The scoring path run again while idle, after the first list was delivered (never before it). */
  private readonly idleWarmUp: IdleWarmUp;

  /**
   * `probeOwn`: the worker's own capability probe (narrowed by what the last page saw). `started`: the
   * candidate requests the worker's entry started for the prefetches that arrived while this code loaded
   * (worker.ts), by URL: each prefetch reads its answer here, as it would its own request's.
   */
  constructor(
    private readonly probeOwn: () => Promise<Capabilities>,
    fetcher: Fetcher,
    private readonly started = new Map<string, Promise<Response | Error>>(),
  ) {
    this.candidates = new CandidateSource(fetcher, BINARY_OR_JSON);
    this.engine = new ScoringEngine(
      () => this.probe(),
      (change) => this.broadcast({ type: "backend-changed", id: 0, change }),
    );
    this.idleWarmUp = new IdleWarmUp((input) => this.engine.rehearse(input));
  }

  /**
   * Answers `port`'s requests from now on. `announce`: a shared worker's new page first hears which model
   * the worker holds (a page whose newest version it is then sends no bytes).
   */
  connect(port: PagePort, announce: boolean): void {
    this.ports.add(port);
    port.onmessage = (event) => void this.handle(event.data, port);
    if (announce) port.postMessage({ type: "held", id: 0, held: this.engine.held() ?? null }, []);
  }

  /** Handles one request of `port` (a request that arrived before this code ran, in its order). */
  async handle(request: WorkerRequest, port: PagePort): Promise<void> {
    if (request.type === "hidden") {
      this.idleWarmUp.stop();
      return;
    }
    if (request.type === "leave") {
      this.ports.delete(port);
      port.onmessage = null;
      port.close?.();
      return;
    }
    this.idleWarmUp.begin();
    let scored: Awaited<ReturnType<typeof rankInWorker>>["scored"];
    const post = (message: WorkerResponse, transfer: Transferable[] = []) =>
      port.postMessage(message, transfer);
    try {
      if (request.type === "load") {
        this.pageWebGpu = request.pageWebGpu;
        const result = await this.engine.load(request);
        post({ type: "loaded", id: request.id, version: request.version, ...result });
      } else if (request.type === "prefetch") {
        if (!this.prefetched.has(request.url)) this.prefetched.set(request.url, this.prefetch(request.url));
      } else if (request.type === "rank") {
        // A prefetch in flight is waited for: while fresh, its answer is ranked without a second trip.
        const early = this.prefetched.get(request.url);
        this.prefetched.delete(request.url);
        await early;
        const ranked = await rankInWorker(this.engine, this.candidates, request);
        post({ ...ranked.response, warmUp: this.idleWarmUp.spent }, ranked.transfer);
        scored = ranked.scored;
      } else if (request.type === "benchmark") {
        this.pageWebGpu = request.pageWebGpu;
        post({ type: "benchmarked", id: request.id, ...(await this.engine.benchmark(request)) });
      } else if (request.type === "prepare") {
        await this.engine.prepare(request.backend);
        post({ type: "done", id: request.id });
      } else if (request.type === "prepared-weights") {
        const { version, weights } = await this.engine.takePrepared();
        post(
          { type: "prepared-weights", id: request.id, version, weights },
          weights ? [weights.values.buffer] : [],
        );
      } else if (request.type === "simulate-loss") {
        await this.engine.loseDevice();
        post({ type: "done", id: request.id });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const kind: ScoringErrorKind =
        (error as { kind?: ScoringErrorKind }).kind ??
        (request.type === "load" ? "model-load" : "backend-error");
      post({ type: "error", id: request.id, message, kind });
    } finally {
      this.idleWarmUp.end(scored);
    }
  }

  /** The pages connected now (a page that left without saying stays until its port closes). */
  get connected(): number {
    return this.ports.size;
  }

  private broadcast(message: WorkerResponse): void {
    for (const port of this.ports) port.postMessage(message, []);
  }

  /** The worker's own probe, narrowed by what the page saw (a page without WebGPU gets none here). */
  private async probe(): Promise<Capabilities> {
    const own = await this.probeOwn();
    if (this.pageWebGpu && !this.pageWebGpu.adapter) return { ...own, webgpu: this.pageWebGpu };
    return own;
  }

  /** The prefetch of `url`: the answer to the request the entry started for it, or to this source's own. */
  private async prefetch(url: string): Promise<void> {
    const early = this.started.get(url);
    this.started.delete(url);
    await this.candidates.get(url, early && (await early)).catch(() => {});
  }
}
