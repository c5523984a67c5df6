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
  /**
   * Why this page runs a dedicated worker although the store named its shared worker's file (`storeWorker`):
   * the file failed to start or refused this SDK build. Undefined otherwise (a browser without
   * SharedWorker is no fault).
   */
  readonly storeWorkerFailure?: string;
};

/** A scoring worker started before its client: the error it reported while nobody listened, if any. */
export type SpawnedWorker = { worker: ScoringChannel; error?: string };

/**
 * The shared scoring worker's `name`: one per origin, whatever backend a page expects (a page's hint
 * travels in its "prepare" instead; the name is part of a shared worker's identity).
 */
const SHARED_NAME = scoringWorkerName(undefined);

/**
 * How long the store's file may stay silent before this page moves to a dedicated worker: a file that is
 * valid JavaScript but not the SDK's one line never speaks (a missing or non-script one fails at once).
 */
const STORE_WORKER_SILENCE_MS = 10_000;

/** Where to start the shared scoring worker: `storeWorker`, the store's copy of the one-line module. */
export type ShareOptions = { share?: boolean; storeWorker?: string };

/**
 * Starts the scoring worker: its script downloads and compiles on its own thread while the page loads
 * the model chunk. A ScoringClient adopts it later; an error until then is kept for that client.
 * `hint`: the backend the page expects to use, which the worker loads and activates at once (see
 * backendHint). `share`: connect to the origin's shared scoring worker where the browser has
 * SharedWorker (it outlives the page: `extendedLifetime`, so the store's next page finds its model,
 * backend and warm code up): from the SDK's worker script where that is same-origin with the page, else
 * from `storeWorker`, the store's own copy of the one-line module that imports the SDK's
 * /sdk/scoring-worker.js (README, "From any origin"). Otherwise, and whenever that fails to start, a
 * dedicated worker. Undefined where workers cannot start (no `Worker`, a refused script): the client then
 * tries itself.
 * @example const spawned = spawnScoringWorker("wasm", { share: true }); new ScoringClient(onChange, onCrash, spawned);
 */
export function spawnScoringWorker(
  hint?: BackendName,
  { share = false, storeWorker }: ShareOptions = {},
): SpawnedWorker | undefined {
  try {
    const url = new URL(workerUrl, import.meta.url).href;
    const shared = share ? connectShared(url, hint, storeWorker) : undefined;
    if (shared) return shared;
    if (typeof Worker === "undefined") return undefined;
    return adopt(dedicatedChannel(createWorker(url, scoringWorkerName(hint))));
  } catch {
    return undefined;
  }
}

/**
 * Pure: the name of a shared scoring worker started from the store's file: it carries the URL of this
 * SDK build's worker script, which the file's module (storeWorker.ts) imports. A shared worker's
 * identity is its script's URL and its name, so pages on different SDK builds never share one worker.
 * @example storeWorkerName("https://edge.example.com/sdk/assets/worker-abc.js"); // "pocketrank-scoring https://…"
 */
export function storeWorkerName(workerScript: string): string {
  return `${SHARED_NAME} ${workerScript}`;
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

function dedicatedChannel(worker: Worker, storeWorkerFailure?: string): ScoringChannel {
  const channel: ScoringChannel = {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    onmessage: null,
    onerror: null,
    held: Promise.resolve(null),
    close: () => worker.terminate(),
    shared: false,
    storeWorkerFailure,
  };
  worker.onmessage = (event: MessageEvent<WorkerResponse>) => channel.onmessage?.(event.data);
  worker.onerror = (event) => {
    event.preventDefault?.();
    channel.onerror?.(event.message || "scoring worker failed to start");
  };
  return channel;
}

/**
 * The origin's shared scoring worker, or undefined where SharedWorker is missing, its constructor throws,
 * or there is no same-origin script to start it from (`url`, the SDK's worker script, or `storeWorker`).
 * Until the worker's first message ("held") arrives, a start failure (an error event, a "crashed", or
 * the store's file silent for STORE_WORKER_SILENCE_MS) moves this page to a dedicated worker: what was
 * posted is posted there again. A message that transfers buffers waits for that first message (a
 * transferred buffer cannot be posted twice), and so do the messages after it (the worker serves them
 * in order).
 */
function connectShared(
  url: string,
  hint: BackendName | undefined,
  storeWorker: string | undefined,
): SpawnedWorker | undefined {
  if (typeof SharedWorker === "undefined") return undefined;
  const fromStore = !sameOrigin(url);
  if (fromStore && !storeWorker) return undefined;
  let worker: SharedWorker;
  try {
    // extendedLifetime (Chromium 146+): the worker outlives its last page for a while, so the next page
    // of the store connects to it. Browsers without it end it with the page: a fresh start, as dedicated.
    const name = fromStore ? storeWorkerName(url) : SHARED_NAME;
    const options = { type: "module", name, extendedLifetime: true } as WorkerOptions;
    worker = new SharedWorker(fromStore ? (storeWorker as string) : url, options);
  } catch (error) {
    if (!fromStore) return undefined;
    // The store named a file that cannot start a worker here (another origin, a bad URL): a fault of its set-up.
    const reason = storeFailure(storeWorker, `cannot start (${describe(error)})`);
    return adopt(dedicatedChannel(createWorker(url, scoringWorkerName(hint)), reason));
  }
  const { port } = worker;
  let settleHeld: (held: HeldModel | null) => void = () => {};
  const held = new Promise<HeldModel | null>((resolve) => {
    settleHeld = resolve;
  });
  /** Posted before the worker spoke: replayed on a dedicated worker if this one fails to start. */
  let unconfirmed: { message: WorkerRequest; transfer: Transferable[]; sent: boolean }[] | undefined = [];
  let fallback: ScoringChannel | undefined;
  let storeWorkerFailure: string | undefined;
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
      clearTimeout(silence);
      if (fallback) return fallback.close();
      port.postMessage({ type: "leave", id: 0 } satisfies WorkerRequest);
      port.close();
    },
    get shared() {
      return !fallback;
    },
    get storeWorkerFailure() {
      return storeWorkerFailure;
    },
  };
  /** This page moves to a dedicated worker, with what it posted so far; `why`: the shared start's failure. */
  const moveToDedicated = (why: string) => {
    const posted = unconfirmed ?? [];
    unconfirmed = undefined;
    clearTimeout(silence);
    port.onmessage = null;
    port.close();
    if (fromStore) storeWorkerFailure = storeFailure(storeWorker, why);
    settleHeld(null);
    try {
      fallback = dedicatedChannel(createWorker(url, scoringWorkerName(hint)));
    } catch (error) {
      return channel.onerror?.(describe(error));
    }
    fallback.onmessage = (response) => channel.onmessage?.(response);
    fallback.onerror = (message) => channel.onerror?.(message);
    for (const { message, transfer } of posted) fallback.post(message, transfer);
  };
  const silence = fromStore
    ? setTimeout(
        () => moveToDedicated(`said nothing in ${STORE_WORKER_SILENCE_MS} ms`),
        STORE_WORKER_SILENCE_MS,
      )
    : undefined;
  port.onmessage = (event: MessageEvent<WorkerResponse>) => {
    const response = event.data;
    // A worker that fails before it speaks (the store's file refused this build, or its import failed).
    if (unconfirmed && response.type === "crashed") return moveToDedicated(`failed: ${response.message}`);
    if (unconfirmed) {
      // The worker runs: what waited for it goes now, in order.
      clearTimeout(silence);
      for (const { message, transfer, sent } of unconfirmed) if (!sent) port.postMessage(message, transfer);
      unconfirmed = undefined;
    }
    if (response.type === "held") settleHeld(response.held);
    else channel.onmessage?.(response);
  };
  worker.onerror = (event) => {
    event.preventDefault?.();
    if (!unconfirmed) return channel.onerror?.("scoring worker failed");
    moveToDedicated("failed to load");
  };
  port.start();
  // The hint a dedicated worker reads from its name: a shared worker's name is fixed, so it comes first.
  if (hint) channel.post({ type: "prepare", id: 0, backend: hint });
  return adopt(channel);
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What the board says when the store's shared worker file failed: `why`, and where the page scores. */
const storeFailure = (file: string | undefined, why: string) =>
  `the store's shared worker ${file} ${why}: a dedicated worker scores`;

/**
 * A module worker from `url`, named `name`. Browsers refuse cross-origin worker scripts, so when the SDK is served from
 * another origin than the page (the usual embed), a same-origin blob module imports the real worker.
 */
function createWorker(url: string, name: string): Worker {
  if (sameOrigin(url)) return new Worker(url, { type: "module", name });
  const shim = new Blob([`import ${JSON.stringify(url)};`], { type: "text/javascript" });
  return new Worker(URL.createObjectURL(shim), { type: "module", name });
}
