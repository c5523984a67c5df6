import type { BackendName } from "../../types";

/**
 * Each tfjs backend is its own chunk, fetched only when this device tries it: a visit that knows its
 * backend (see backendMemory) downloads one, not four. The chunks sit next to the worker and resolve
 * from its module URL, so they load from the SDK's origin whatever page embeds it. Each is a local module
 * so that its chunk is named after the backend (assets/wasm-*.js, …).
 */
const BACKENDS: Record<BackendName, () => Promise<unknown>> = {
  webgpu: () => import("./webgpu"),
  webgl: () => import("./webgl"),
  wasm: () => import("./wasm"),
  cpu: () => import("./cpu"),
};

/**
 * Each backend's chunk once asked for, so that a later call awaits a settled promise: in Chromium even an
 * evaluated module's `import()` resolves a task later, and the worker's queued work (the page's load, the
 * candidate answer) ran in that task before tfjs' init could ask for the .wasm (4–34 ms, scoring-floor.md).
 */
const loading = new Map<BackendName, Promise<void>>();

/**
 * Downloads and registers `backend` with tfjs-core (once; later calls get the first call's promise, or
 * import again after it failed).
 * @example await loadBackend("wasm"); await tf.setBackend("wasm");
 */
export function loadBackend(backend: BackendName): Promise<void> {
  let chunk = loading.get(backend);
  if (!chunk) {
    chunk = BACKENDS[backend]().then(() => {});
    chunk.catch(() => loading.delete(backend));
    loading.set(backend, chunk);
  }
  return chunk;
}
