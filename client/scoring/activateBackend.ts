import * as tf from "@tensorflow/tfjs-core";
import type { BackendName } from "../types";
import { loadBackend } from "./backends/loadBackend";

/** The part of a GPUDevice the engine uses (kept local: the DOM lib has no WebGPU types). */
export type LosableDevice = { destroy(): void; lost: Promise<{ reason: string; message: string }> };

/**
 * Loads `backend`'s chunk and makes it tfjs' active backend; resolves with its WebGPU device, if any
 * (for the caller to watch `lost`). Throws when the backend cannot initialise.
 * @example const device = await activateBackend("webgpu");
 */
export async function activateBackend(backend: BackendName): Promise<LosableDevice | undefined> {
  await loadBackend(backend);
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend("${backend}") failed to initialise`);
  await tf.ready();
  if (backend !== "webgpu") return undefined;
  return (tf.backend() as unknown as { device?: LosableDevice }).device;
}
