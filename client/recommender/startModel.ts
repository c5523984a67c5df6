import type { Fetcher } from "../model/index";
import { getBucket, ModelManager, openArtifactCache, requestAssignment } from "../model/index";
import type { SpawnedWorker } from "../scoring/spawnWorker";
import type { TelemetryObserver } from "../telemetry/types";
import type { BackendName } from "../types";
import { BundleLoader, type ModelRuntime } from "./BundleLoader";
import type { StatusBoard } from "./StatusBoard";
import { yieldToMain } from "./whenIdle";

export type { ModelRuntime } from "./BundleLoader";

export type StartModelOptions = {
  endpoint: string;
  backend: BackendName | "auto";
  storage: "indexeddb" | "memory";
  dbName: string;
  fetch: Fetcher;
  board: StatusBoard;
  telemetry: TelemetryObserver;
  /** The scoring worker, started by the page before this chunk loaded (spawnScoringWorker). */
  worker?: SpawnedWorker;
};

/**
 * Lazy chunk: model bytes → scoring worker on the chosen backend. The worker starts first, so its script
 * and its backend load while the model is read. A shared worker that already holds the device's newest
 * good version (an earlier page of the store loaded it) keeps it: no bytes wait. Cache first: the version this device scored with last
 * loads from IndexedDB at once, while the assignment (asked for before the cache opens) is checked on the
 * network; a newly assigned version then replaces it. Without a cached version: assigned version (verified
 * by sha256) → last good cached version → undefined (retrieval order). Never rejects.
 * @example const runtime = await startModel({ endpoint, backend: "auto", storage: "indexeddb", ... });
 */
export async function startModel(options: StartModelOptions): Promise<ModelRuntime | undefined> {
  const { board } = options;
  const started = performance.now();
  board.patchModel({ state: "loading" });
  try {
    const loader = new BundleLoader(options, started);
    // Each step below is its own task (yieldToMain), so none of them adds up to a long task.
    await yieldToMain();
    const bucket = getBucket(); // localStorage: its first read in a page is synchronous disk I/O
    const { endpoint, fetch } = options;
    // The network check starts now, while the cache opens and its newest version is read.
    const assigning = requestAssignment({ endpoint, fetch, bucket });
    const cache = await openArtifactCache(options.dbName, options.storage, (e) =>
      board.fallback("storage-unavailable", e),
    );
    await yieldToMain();
    const manager = new ModelManager({
      endpoint,
      bucket,
      cache,
      fetch,
      onAssignment: (cohort) => options.telemetry.assigned(cohort),
      onFallback: (kind, error) => board.fallback(kind, error),
    });
    const assigned = manager.acquire(assigning);
    // The bytes' read starts at once, as before; the newest version's name is read beside it. A shared
    // scoring worker that an earlier page of the store brought up may hold that version: it is kept, and
    // the bytes are not waited for (their read goes on, for a deferred benchmark or a rollback).
    const reading = manager.newestGood();
    const read = () => reading;
    const newest = await manager.newestGoodVersion();
    const held = newest ? await Promise.race([loader.held(), reading.then(() => undefined)]) : undefined;
    if (newest && held === newest && (await loader.keep(newest, read))) {
      const current = { version: newest, read };
      void assigned.then((bundle) => bundle && loader.replace(bundle, current, manager)).catch(() => {});
      return loader.runtime();
    }
    const cached = await read();
    if (cached && (await loader.load(cached, manager))) {
      const current = { version: cached.version, read: async () => cached };
      void assigned.then((bundle) => bundle && loader.replace(bundle, current, manager)).catch(() => {});
      return loader.runtime();
    }
    const tried = new Set<string>(cached ? [cached.version] : []);
    let bundle = await assigned;
    while (bundle && !tried.has(bundle.version) && !loader.crashed) {
      tried.add(bundle.version);
      if (await loader.load(bundle, manager)) return loader.runtime();
      bundle = await manager.lastGood(bundle.version);
    }
    loader.dispose();
    return noModel(
      board,
      loader.crashed ? "scoring worker unavailable" : "no model could be downloaded or loaded",
    );
  } catch (error) {
    board.fallback("internal", error);
    return noModel(board, "model start failed");
  }
}

function noModel(board: StatusBoard, reason: string): undefined {
  board.fallback("no-model", reason);
  board.patchModel({ state: "failed" });
  board.setBackend("none", `${reason}; using the edge's retrieval order`);
  return undefined;
}
