import type { BackendName } from "../types";
import { scoringWorkerName } from "./backendHint";
import type { WorkerRequest } from "./protocol";
import workerUrl from "./worker.ts?worker&url";

/** A scoring worker started before its client: the error it reported while nobody listened, if any. */
export type SpawnedWorker = { worker: Worker; error?: string };

/**
 * Starts the scoring worker: its script downloads and compiles on its own thread while the page loads
 * the model chunk. A ScoringClient adopts it later; an error until then is kept for that client.
 * `hint`: the backend the page expects to use, which the worker loads and activates at once (see
 * backendHint). Undefined where workers cannot start (no `Worker`, a refused script): the client then
 * tries itself.
 * @example const spawned = spawnScoringWorker("wasm"); new ScoringClient(onChange, onCrash, spawned);
 */
export function spawnScoringWorker(hint?: BackendName): SpawnedWorker | undefined {
  try {
    if (typeof Worker === "undefined") return undefined;
    const url = new URL(workerUrl, import.meta.url).href;
    const spawned: SpawnedWorker = { worker: createWorker(url, scoringWorkerName(hint)) };
    spawned.worker.onerror = (event) => {
      event.preventDefault?.();
      spawned.error ??= event.message || "scoring worker failed to start";
    };
    return spawned;
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
  const message: WorkerRequest = { type: "prefetch", id: 0, url };
  spawned.worker.postMessage(message);
}

/**
 * A module worker from `url`, named `name`. Browsers refuse cross-origin worker scripts, so when the SDK is served from
 * another origin than the page (the usual embed), a same-origin blob module imports the real worker.
 */
function createWorker(url: string, name: string): Worker {
  const sameOrigin = typeof location === "undefined" || new URL(url).origin === location.origin;
  if (sameOrigin) return new Worker(url, { type: "module", name });
  const shim = new Blob([`import ${JSON.stringify(url)};`], { type: "text/javascript" });
  return new Worker(URL.createObjectURL(shim), { type: "module", name });
}
