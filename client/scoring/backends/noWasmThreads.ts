/**
 * Stands in for tfjs-backend-wasm's multithreaded runtime and its worker script in the SDK's build
 * (vite.config.ts aliases both here): threads need cross-origin isolation, which storefronts rarely have,
 * and wasm.ts turns them off, so that runtime never runs; its 32 KB no longer travel in the wasm chunk.
 */
export default function threadedRuntime(): never {
  throw new Error("tfjs-backend-wasm's threads are left out of pocketrank's build");
}

/** The threaded runtime's worker script, which only that runtime starts. */
export const wasmWorkerContents = "";
