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
 * Downloads and registers `backend` with tfjs-core (once; later calls reuse the module).
 * @example await loadBackend("wasm"); await tf.setBackend("wasm");
 */
export async function loadBackend(backend: BackendName): Promise<void> {
  await BACKENDS[backend]();
}
