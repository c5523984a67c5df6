/// <reference lib="webworker" />
/**
 * The scoring worker's work, imported by its entry (worker.ts): a ScoringServer for the pages that
 * connected while this code loaded and for those that connect later (a shared worker's). It imports
 * tfjs-core only; each backend is a chunk loaded when tried (backends/loadBackend).
 */
import { probeCapabilities } from "./probeCapabilities";
import type { WorkerRequest } from "./protocol";
import { type PagePort, ScoringServer } from "./ScoringServer";

/** A request that arrived while this module loaded, with the port of the page that sent it. */
export type Queued = { request: WorkerRequest; port: PagePort };

/**
 * Serves `ports` from now on, after the requests that arrived while this module loaded (in their order),
 * with the candidate requests the entry started for them. `shared`: the worker's SharedWorkerGlobalScope,
 * whose later connections are served too (each first hears the model held).
 */
export function serveRequests(
  queued: Queued[],
  startedByEntry: Map<string, Promise<Response | Error>>,
  ports: PagePort[],
  shared?: SharedWorkerGlobalScope,
): void {
  const server = new ScoringServer(probeCapabilities, (url, init) => fetch(url, init), startedByEntry);
  // Ports that connected while this module loaded heard "held: null" from the entry already.
  for (const port of ports) server.connect(port, false);
  if (shared) shared.onconnect = (event) => server.connect(event.ports[0], true);
  for (const { request, port } of queued) void server.handle(request, port);
}
