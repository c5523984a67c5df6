/// <reference lib="webworker" />
/**
 * The entry of a store's shared scoring worker where the SDK comes from another origin, built to
 * /sdk/scoring-worker.js under that stable name. A shared worker's script must be same-origin with the
 * page, so the store hosts one line of its own (README, "From any origin"):
 *   import "https://edge.example.com/sdk/scoring-worker.js";
 * and names it in `data-shared-worker`; every page of the store then connects to one scoring worker
 * (spawnWorker's connectShared), which runs on the store's origin (its storage is the store's) with the
 * SDK's code. The file fixes where the code comes from: this module imports only a worker script of its
 * own /sdk/assets/, the one of the page's SDK build that the worker's name carries (spawnWorker's
 * storeWorkerName), so pages of different builds get different workers. It imports nothing at load:
 * the loader's build must not share a chunk with it.
 */
import type { WorkerResponse } from "./protocol";

/** spawnWorker's storeWorkerName: the scoring worker's name, a space, the build's worker script URL. */
const NAMED = /^pocketrank-scoring (\S+)$/;

/**
 * Pure: the worker script a store worker's `name` carries, when it is one of `assets` (this module's
 * /sdk/assets/ folder); undefined for any other name or place.
 * @example workerScriptFromName("pocketrank-scoring https://e.example/sdk/assets/worker-Ab1.js", "https://e.example/sdk/assets/");
 */
export function workerScriptFromName(name: string, assets: string): string | undefined {
  const named = NAMED.exec(name)?.[1];
  if (!named || !URL.canParse(named)) return undefined;
  const script = new URL(named).href;
  const file = script.startsWith(assets) ? script.slice(assets.length) : "";
  return /^worker-[\w-]+\.js$/.test(file) ? script : undefined;
}

/**
 * Imports the build's worker script; the pages that connected meanwhile are handed to it once its own
 * `onconnect` is set. A name this module refuses, or a script that fails to load, is told to each page as
 * "crashed" (its page then scores in a dedicated worker) and this worker ends.
 */
function serveStore(scope: SharedWorkerGlobalScope): void {
  const waiting: MessagePort[] = [];
  scope.onconnect = (event) => void waiting.push(event.ports[0]);
  const script = workerScriptFromName(scope.name, new URL("assets/", import.meta.url).href);
  const loading = script
    ? import(/* @vite-ignore */ script)
    : Promise.reject(new Error(`refused the worker name "${scope.name}": not this SDK's worker script`));
  loading.then(
    () => {
      for (const port of waiting.splice(0))
        scope.dispatchEvent(new MessageEvent("connect", { ports: [port] }));
    },
    (error) => {
      const message = error instanceof Error ? error.message : String(error);
      const crashed: WorkerResponse = { type: "crashed", id: 0, message };
      for (const port of waiting.splice(0)) port.postMessage(crashed);
      scope.onconnect = (event) => event.ports[0].postMessage(crashed);
      scope.close();
    },
  );
}

if (typeof SharedWorkerGlobalScope !== "undefined" && self instanceof SharedWorkerGlobalScope)
  serveStore(self);
