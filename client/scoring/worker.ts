/// <reference lib="webworker" />
/**
 * The scoring worker's entry (built to /sdk/assets/worker-*.js), dedicated or shared, kept small so that
 * it runs at once. It asks for the scoring code (serveRequests, with tfjs-core) and for the backend the
 * page will most likely use: named in a dedicated worker's `name` at `new Worker` (backendHint), or in
 * the first "prepare" a page posts to a shared worker still starting, that backend is also activated at
 * once, so its .wasm (or GPU device) comes up while the scoring code still compiles; named later by
 * "prepare", its chunk is fetched. Requests that arrive meanwhile wait in order.
 * A shared worker (spawnScoringWorker's `share`) serves every page of the origin that connects: each page
 * first hears which model it holds (none, while it starts). Where the SDK is on another origin, the
 * store's own file starts it through storeWorker.ts, which hands on the pages that connected meanwhile.
 * The scoring code is a module of its own also because Chromium keeps V8's compiled code for the modules
 * a worker imports, not for the worker's top-level script (test/bench/results/scoring-floor.md).
 * A "prefetch" that arrives meanwhile starts its request here: on a cold visit the scoring code takes
 * hundreds of ms to arrive and run, and the first rank would wait for the candidates asked for after it.
 */
import { requestCandidates, WORKER_ACCEPT } from "../candidates/fetchCandidates";
import type { BackendName } from "../types";
import { hintedBackend } from "./backendHint";
import { loadBackend } from "./backends/loadBackend";
import type { WorkerRequest, WorkerResponse } from "./protocol";
import type { PagePort } from "./ScoringServer";
import type { Queued } from "./serveRequests";

const scope = self as unknown as DedicatedWorkerGlobalScope | SharedWorkerGlobalScope;
const shared = "onconnect" in scope ? (scope as SharedWorkerGlobalScope) : undefined;
const queued: Queued[] = [];
const ports: PagePort[] = [];
/** Candidate requests started here, by URL; serveRequests reads their answers (see its "prefetch"). */
const started = new Map<string, Promise<Response | Error>>();
let activating: BackendName | undefined;

/** Keeps `port`'s requests until the scoring code has loaded; starts what can start now. */
function listen(port: PagePort): void {
  ports.push(port);
  port.onmessage = (event: MessageEvent<WorkerRequest>) => {
    const request = event.data;
    // A shared worker's first hint is activated as a dedicated worker's named one is.
    if (request.type === "prepare" && shared && !activating) activate(request.backend);
    // Only fetched and compiled here; serveRequests activates it (the import then resolves at once).
    else if (request.type === "prepare") loadBackend(request.backend).catch(() => {});
    if (request.type === "prefetch" && !started.has(request.url))
      started.set(request.url, requestCandidates(request.url, WORKER_ACCEPT));
    queued.push({ request, port });
  };
}

/**
 * Loads and activates `backend` now. tfjs waits for this initialisation when the engine activates the
 * backend again (prepare or load), and meets an error of it there again: nothing is reported from here.
 */
function activate(backend: BackendName): void {
  activating = backend;
  Promise.all([import("./activateBackend"), loadBackend(backend)])
    .then(([{ activateBackend }]) => activateBackend(backend))
    .catch(() => {});
}

if (shared) {
  shared.onconnect = (event) => {
    const port = event.ports[0];
    listen(port);
    port.postMessage({ type: "held", id: 0, held: null } satisfies WorkerResponse);
  };
} else {
  listen(scope as DedicatedWorkerGlobalScope);
  const hint = hintedBackend(scope.name);
  if (hint) activate(hint);
}

import("./serveRequests").then(
  ({ serveRequests }) => serveRequests(queued, started, ports, shared),
  (error) => {
    // As an error in the worker's own script would: a dedicated worker's page sees it (onerror). A shared
    // worker's errors reach no page: each is told, and the worker ends, so the next page starts afresh.
    if (!shared) return reportError(error);
    const message = `scoring code failed to load: ${error instanceof Error ? error.message : String(error)}`;
    for (const port of ports)
      port.postMessage({ type: "crashed", id: 0, message } satisfies WorkerResponse, []);
    shared.close();
  },
);
