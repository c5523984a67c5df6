import type { BackendName } from "../types";
import { scoringWorkerName } from "./backendHint";
import type { HeldModel, WorkerRequest, WorkerResponse } from "./protocol";
import workerUrl from "./worker.ts?worker&url";

/**
 * The page's end of a scoring worker, dedicated or shared, so that the client does not branch on which:
 * requests go out with `post`, answers come to `onmessage`, a failure to start to `onerror`.
 */
export type ScoringChannel = {
  post(message: WorkerRequest, transfer?: Transferable[]): void;
  onmessage: ((response: WorkerResponse) => void) | null;
  onerror: ((message: string) => void) | null;
  /**
   * The model the worker held when this page connected: null for a dedicated worker (it starts empty)
   * and for a shared one that holds none; settles null too when the worker fails before saying.
   */
  readonly held: Promise<HeldModel | null>;
  /** A dedicated worker is ended; a shared one only loses this page (it keeps serving the others). */
  close(): void;
  readonly shared: boolean;
};

/** A scoring worker started before its client: the error it reported while nobody listened, if any. */
export type SpawnedWorker = { worker: ScoringChannel; error?: string };

/**
 * The shared scoring worker's `name`: one per origin, whatever backend a page expects (a page's hint
 * travels in its "prepare" instead; the name is part of a shared worker's identity).
 */
const SHARED_NAME = scoringWorkerName(undefined);

/**
 * Starts the scoring worker: its script downloads and compiles on its own thread while the page loads
 * the model chunk. A ScoringClient adopts it later; an error until then is kept for that client.
 * `hint`: the backend the page expects to use, which the worker loads and activates at once (see
 * backendHint). `share`: connect to the origin's shared scoring worker where the browser has
 * SharedWorker and the script is same-origin (it outlives the page: `extendedLifetime`, so the store's
 * next page finds its model, backend and warm code up); otherwise, and whenever that fails to start, a
 * dedicated worker. Undefined where workers cannot start (no `Worker`, a refused script): the client then
 * tries itself.
 * @example const spawned = spawnScoringWorker("wasm", { share: true }); new ScoringClient(onChange, onCrash, spawned);
 */
export function spawnScoringWorker(
  hint?: BackendName,
  { share = false }: { share?: boolean } = {},
): SpawnedWorker | undefined {
  try {
    const url = new URL(workerUrl, import.meta.url).href;
    const shared = share && sameOrigin(url) ? connectShared(url, hint) : undefined;
    if (shared) return shared;
    if (typeof Worker === "undefined") return undefined;
    return adopt(dedicatedChannel(createWorker(url, scoringWorkerName(hint))));
  } catch {
    return undefined;
  }
}

/**
 * Asks the worker to fetch and decode the candidate answer at `url` now, while the model still loads, so
 * that the first on-device recommend() finds it decoded (the worker answers nothing to this message).
 * @example prefetchCandidates(spawned, "https://edge.example.com/v1/candidates?context=home&limit=200");
 */
export function prefetchCandidates(spawned: SpawnedWorker, url: string): void {
  spawned.worker.post({ type: "prefetch", id: 0, url });
}

/**
 * A channel as spawned: an error before any client listens (an error event, or a shared worker's
 * "crashed") is kept for the client that adopts it.
 */
function adopt(channel: ScoringChannel): SpawnedWorker {
  const spawned: SpawnedWorker = { worker: channel };
  channel.onerror = (message) => {
    spawned.error ??= message;
  };
  channel.onmessage = (response) => {
    if (response.type === "crashed") spawned.error ??= response.message;
  };
  return spawned;
}

function sameOrigin(url: string): boolean {
  return typeof location === "undefined" || new URL(url).origin === location.origin;
}

function dedicatedChannel(worker: Worker): ScoringChannel {
  const channel: ScoringChannel = {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    onmessage: null,
    onerror: null,
    held: Promise.resolve(null),
    close: () => worker.terminate(),
    shared: false,
  };
  worker.onmessage = (event: MessageEvent<WorkerResponse>) => channel.onmessage?.(event.data);
  worker.onerror = (event) => {
    event.preventDefault?.();
    channel.onerror?.(event.message || "scoring worker failed to start");
  };
  return channel;
}

/**
 * The origin's shared scoring worker, or undefined where SharedWorker is missing or its constructor
 * throws. Until the worker's first message ("held") arrives, a start failure (an error event) moves
 * this page to a dedicated worker: what was posted is posted there again. A message that transfers
 * buffers waits for that first message (a transferred buffer cannot be posted twice), and so do the
 * messages after it (the worker serves them in order).
 */
function connectShared(url: string, hint: BackendName | undefined): SpawnedWorker | undefined {
  if (typeof SharedWorker === "undefined") return undefined;
  let worker: SharedWorker;
  try {
    // extendedLifetime (Chromium 146+): the worker outlives its last page for a while, so the next page
    // of the store connects to it. Browsers without it end it with the page: a fresh start, as dedicated.
    const options = { type: "module", name: SHARED_NAME, extendedLifetime: true } as WorkerOptions;
    worker = new SharedWorker(url, options);
  } catch {
    return undefined;
  }
  const { port } = worker;
  let settleHeld: (held: HeldModel | null) => void = () => {};
  const held = new Promise<HeldModel | null>((resolve) => {
    settleHeld = resolve;
  });
  /** Posted before the worker spoke: replayed on a dedicated worker if this one fails to start. */
  let unconfirmed: { message: WorkerRequest; transfer: Transferable[]; sent: boolean }[] | undefined = [];
  let fallback: ScoringChannel | undefined;
  const channel: ScoringChannel = {
    post: (message, transfer = []) => {
      if (fallback) return fallback.post(message, transfer);
      if (!unconfirmed) return port.postMessage(message, transfer);
      // Once one message waits, the ones after it wait too: the worker serves them in order.
      const waiting = unconfirmed.some((posted) => !posted.sent);
      const sent = !waiting && transfer.length === 0;
      if (sent) port.postMessage(message, transfer);
      unconfirmed.push({ message, transfer, sent });
    },
    onmessage: null,
    onerror: null,
    held,
    close: () => {
      if (fallback) return fallback.close();
      port.postMessage({ type: "leave", id: 0 } satisfies WorkerRequest);
      port.close();
    },
    get shared() {
      return !fallback;
    },
  };
  port.onmessage = (event: MessageEvent<WorkerResponse>) => {
    const response = event.data;
    if (unconfirmed) {
      // The worker runs: what waited for it goes now, in order.
      for (const { message, transfer, sent } of unconfirmed) if (!sent) port.postMessage(message, transfer);
      unconfirmed = undefined;
    }
    if (response.type === "held") settleHeld(response.held);
    else channel.onmessage?.(response);
  };
  worker.onerror = (event) => {
    event.preventDefault?.();
    if (!unconfirmed) return channel.onerror?.("scoring worker failed");
    port.close();
    settleHeld(null);
    try {
      fallback = dedicatedChannel(createWorker(url, scoringWorkerName(hint)));
    } catch (error) {
      return channel.onerror?.(error instanceof Error ? error.message : String(error));
    }
    fallback.onmessage = (response) => channel.onmessage?.(response);
    fallback.onerror = (message) => channel.onerror?.(message);
    for (const { message, transfer } of unconfirmed) fallback.post(message, transfer);
    unconfirmed = undefined;
  };
  port.start();
  // The hint a dedicated worker reads from its name: a shared worker's name is fixed, so it comes first.
  if (hint) channel.post({ type: "prepare", id: 0, backend: hint });
  return adopt(channel);
}

/**
 * A module worker from `url`, named `name`. Browsers refuse cross-origin worker scripts, so when the SDK is served from
 * another origin than the page (the usual embed), a same-origin blob module imports the real worker.
 */
function createWorker(url: string, name: string): Worker {
  if (sameOrigin(url)) return new Worker(url, { type: "module", name });
  const shim = new Blob([`import ${JSON.stringify(url)};`], { type: "text/javascript" });
  return new Worker(URL.createObjectURL(shim), { type: "module", name });
}
