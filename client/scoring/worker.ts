/// <reference lib="webworker" />
/**
 * The dedicated scoring Web Worker's entry (built to /sdk/assets/worker-*.js), kept small so that it
 * runs at once. It asks for the scoring code (serveRequests, with tfjs-core) and, when the page names the
 * backend it will most likely use ("prepare"), for that backend's chunk: both download and compile side
 * by side instead of one after the other. Requests that arrive meanwhile wait in order.
 * The scoring code is a module of its own also because Chromium keeps V8's compiled code for the modules
 * a worker imports, not for the worker's top-level script (test/bench/results/scoring-floor.md).
 */
import { loadBackend } from "./backends/loadBackend";
import type { WorkerRequest } from "./protocol";

const scope = self as unknown as DedicatedWorkerGlobalScope;
const queued: MessageEvent<WorkerRequest>[] = [];

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  // Only fetched and compiled here; serveRequests activates it (the import then resolves at once).
  if (event.data.type === "prepare") loadBackend(event.data.backend).catch(() => {});
  queued.push(event);
};

import("./serveRequests").then(
  ({ serveRequests }) => serveRequests(queued),
  // As an error in the worker's own script would: the page's onerror sees it (and keeps the edge's order).
  (error) => reportError(error),
);
