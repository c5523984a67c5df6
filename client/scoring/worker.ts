/// <reference lib="webworker" />
/**
 * The dedicated scoring Web Worker's entry (built to /sdk/assets/worker-*.js), kept small so that it
 * runs at once. It asks for the scoring code (serveRequests, with tfjs-core) and for the backend the page
 * will most likely use: named in the worker's `name` at `new Worker` (backendHint), that backend is also
 * activated at once, so its .wasm (or GPU device) comes up while the scoring code still compiles; named
 * later by "prepare", its chunk is fetched. Requests that arrive meanwhile wait in order.
 * The scoring code is a module of its own also because Chromium keeps V8's compiled code for the modules
 * a worker imports, not for the worker's top-level script (test/bench/results/scoring-floor.md).
 * A "prefetch" that arrives meanwhile starts its request here: on a cold visit the scoring code takes
 * hundreds of ms to arrive and run, and the first rank would wait for the candidates asked for after it.
 */
import { requestCandidates, WORKER_ACCEPT } from "../candidates/fetchCandidates";
import { hintedBackend } from "./backendHint";
import { loadBackend } from "./backends/loadBackend";
import type { WorkerRequest } from "./protocol";

const scope = self as unknown as DedicatedWorkerGlobalScope;
const queued: MessageEvent<WorkerRequest>[] = [];
/** Candidate requests started here, by URL; serveRequests reads their answers (see its "prefetch"). */
const started = new Map<string, Promise<Response | Error>>();

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  // Only fetched and compiled here; serveRequests activates it (the import then resolves at once).
  if (request.type === "prepare") loadBackend(request.backend).catch(() => {});
  if (request.type === "prefetch" && !started.has(request.url))
    started.set(request.url, requestCandidates(request.url, WORKER_ACCEPT));
  queued.push(event);
};

const hint = hintedBackend(scope.name);
if (hint) {
  // tfjs waits for this initialisation when the engine activates the backend again (prepare or load), and
  // meets an error of it there again: nothing is reported from here.
  Promise.all([import("./activateBackend"), loadBackend(hint)])
    .then(([{ activateBackend }]) => activateBackend(hint))
    .catch(() => {});
}

import("./serveRequests").then(
  ({ serveRequests }) => serveRequests(queued, started),
  // As an error in the worker's own script would: the page's onerror sees it (and keeps the edge's order).
  (error) => reportError(error),
);
