import * as tf from "@tensorflow/tfjs-core";
import type { BackendName } from "../types";
import { loadBackend } from "./backends/loadBackend";

/** The part of a GPUDevice the engine uses (kept local: the DOM lib has no WebGPU types). */
export type LosableDevice = { destroy(): void; lost: Promise<{ reason: string; message: string }> };

/**
 * Activations in flight, by backend. A second call while one runs (the worker's start-up hint, then the
 * engine's prepare or load) waits for it: a second `tf.setBackend` during an init would start the init
 * again (a second .wasm) and make tfjs answer the first one `false`.
 */
const inFlight = new Map<BackendName, Promise<LosableDevice | undefined>>();

/**
 * Loads `backend`'s chunk and makes it tfjs' active backend; resolves with its WebGPU device, if any
 * (for the caller to watch `lost`). Throws when the backend cannot initialise.
 * @example const device = await activateBackend("webgpu");
 */
export function activateBackend(backend: BackendName): Promise<LosableDevice | undefined> {
  let activation = inFlight.get(backend);
  if (!activation) {
    activation = activate(backend).finally(() => inFlight.delete(backend));
    inFlight.set(backend, activation);
  }
  return activation;
}

async function activate(backend: BackendName): Promise<LosableDevice | undefined> {
  await loadBackend(backend);
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend("${backend}") failed to initialise`);
  await tf.ready();
  if (backend !== "webgpu") return undefined;
  return (tf.backend() as unknown as { device?: LosableDevice }).device;
}
