/// <reference lib="webworker" />
/**
 * Benchmark helper: a Web Worker that runs one trivial tf op per message on a chosen backend. Its round
 * trip (postMessage → op → read-back → postMessage) is the backend's floor, the least any scoring call
 * through a worker can cost; recommend() latency is compared with it (issue 4, Measure).
 */
import "@tensorflow/tfjs-backend-webgpu";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import wasmPlain from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url&no-inline";
import wasmSimd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url&no-inline";

export type FloorRequest = { type: "init"; backend: string } | { type: "ping"; value: number };
export type FloorResponse = { ok: true; backend: string; value?: number } | { ok: false; error: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
// Same wasm setup as the SDK's scoring worker: no threads (no cross-origin isolation on storefronts).
tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
const wasmFile = (url: string) => new URL(url, import.meta.url).href;
setWasmPaths({
  "tfjs-backend-wasm.wasm": wasmFile(wasmPlain),
  "tfjs-backend-wasm-simd.wasm": wasmFile(wasmSimd),
  "tfjs-backend-wasm-threaded-simd.wasm": wasmFile(wasmSimd),
});

scope.onmessage = async (event: MessageEvent<FloorRequest>) => {
  const request = event.data;
  try {
    if (request.type === "init") {
      if (!(await tf.setBackend(request.backend))) throw new Error(`setBackend(${request.backend}) failed`);
      await tf.ready();
      // tfjs runs tiny ops of GPU backends on the CPU unless told not to (WEBGPU_CPU_FORWARD /
      // WEBGL_CPU_FORWARD, both default true); the floor must include the upload, dispatch and read-back.
      tf.env().set("WEBGPU_CPU_FORWARD", false);
      tf.env().set("WEBGL_CPU_FORWARD", false);
      scope.postMessage({ ok: true, backend: tf.getBackend() } satisfies FloorResponse);
      return;
    }
    const out = tf.tidy(() => tf.add(tf.scalar(request.value), tf.scalar(1)));
    const [value] = await out.data();
    out.dispose();
    scope.postMessage({ ok: true, backend: tf.getBackend(), value } satisfies FloorResponse);
  } catch (error) {
    scope.postMessage({
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    } satisfies FloorResponse);
  }
};
