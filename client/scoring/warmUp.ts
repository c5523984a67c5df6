import * as tf from "@tensorflow/tfjs-core";
import { encodeBatch } from "../../model/features/index.ts";
import {
  forward,
  type GatherFn,
  type RankerConfig,
  scoreCandidatesAsync,
  toTensors,
} from "../../model/ranker/index.ts";
import type { BackendName } from "../types";
import { dummyBatch } from "./dummyBatch";

/**
 * Compiles and exercises the model's kernels on `backend` before the first real request, so the
 * shopper never waits on shader compilation. On WebGPU it first compiles every pipeline in parallel
 * with `WEBGPU_ENGINE_COMPILE_ONLY` (tfjs ≥ 4.10, see tfjs-backend-webgpu backend_webgpu.ts
 * `checkCompileCompletionAsync`), then runs one real batch; elsewhere one real batch does both.
 * @example await warmUp("webgpu", params, config, 200);
 */
export async function warmUp(
  backend: BackendName,
  params: Record<string, tf.Tensor>,
  config: RankerConfig,
  candidates: number,
  gather?: GatherFn,
): Promise<void> {
  const encoded = encodeBatch(dummyBatch(candidates), config);
  if (backend === "webgpu") await compileOnly(params, config, encoded);
  assertFinite(await scoreCandidatesAsync(params, config, encoded, gather), backend);
}

/** Throws when `backend` produced a NaN or infinite score (a broken backend: the engine fails over). */
export function assertFinite(scores: Float32Array, backend: BackendName): void {
  if (scores.some((s) => !Number.isFinite(s))) throw new Error(`${backend} produced non-finite scores`);
}

async function compileOnly(
  params: Record<string, tf.Tensor>,
  config: RankerConfig,
  encoded: ReturnType<typeof encodeBatch>,
): Promise<void> {
  const webgpu = tf.backend() as unknown as { checkCompileCompletionAsync?: () => Promise<void> };
  if (typeof webgpu.checkCompileCompletionAsync !== "function") return;
  tf.env().set("WEBGPU_ENGINE_COMPILE_ONLY", true);
  try {
    // Outputs are garbage in compile-only mode; only the compiled pipelines matter.
    tf.tidy(() => {
      forward(params, toTensors(encoded), config);
    });
    await webgpu.checkCompileCompletionAsync();
  } finally {
    tf.env().set("WEBGPU_ENGINE_COMPILE_ONLY", false);
  }
}
