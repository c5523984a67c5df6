/// <reference lib="webworker" />
/**
 * The dedicated scoring Web Worker (built to /sdk/assets/worker-*.js). It owns tfjs, the model and the
 * candidates: it fetches and decodes them itself, so the storefront's main thread only posts a URL and
 * the history and receives the top k ranked items plus typed arrays for telemetry (transferred).
 */
import "@tensorflow/tfjs-backend-webgpu";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import wasmPlain from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url&no-inline";
import wasmSimd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url&no-inline";
import { CandidateSource } from "../candidates/CandidateSource";
import type { Capabilities } from "./chooseBackend";
import { fixWebGpuCast } from "./fixWebGpuCast";
import { probeCapabilities } from "./probeCapabilities";
import type { ScoringErrorKind, WorkerRequest, WorkerResponse } from "./protocol";
import { rankInWorker } from "./rankInWorker";
import { ScoringEngine } from "./ScoringEngine";

const scope = self as unknown as DedicatedWorkerGlobalScope;

// The wasm binaries are emitted next to this worker (vite `?url&no-inline`), so wasm works offline
// from /sdk/ without a CDN. Threads need cross-origin isolation, which storefronts rarely have.
tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
fixWebGpuCast();
const wasmFile = (url: string) => new URL(url, import.meta.url).href;
setWasmPaths({
  "tfjs-backend-wasm.wasm": wasmFile(wasmPlain),
  "tfjs-backend-wasm-simd.wasm": wasmFile(wasmSimd),
  "tfjs-backend-wasm-threaded-simd.wasm": wasmFile(wasmSimd),
});

let pageWebGpu: Capabilities["webgpu"] | undefined;

/** The worker's own probe, narrowed by what the page saw (a page without WebGPU gets none here). */
async function probe(): Promise<Capabilities> {
  const own = await probeCapabilities();
  if (pageWebGpu && !pageWebGpu.adapter) return { ...own, webgpu: pageWebGpu };
  return own;
}

const post = (message: WorkerResponse, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const candidates = new CandidateSource((url, init) => fetch(url, init));
const engine = new ScoringEngine(probe, (change) => post({ type: "backend-changed", id: 0, change }));

scope.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  try {
    if (request.type === "load") {
      pageWebGpu = request.pageWebGpu;
      const result = await engine.load(request);
      post({ type: "loaded", id: request.id, version: request.version, ...result });
    } else if (request.type === "rank") {
      const { response, transfer } = await rankInWorker(engine, candidates, request);
      post(response, transfer);
    } else if (request.type === "simulate-loss") {
      await engine.loseDevice();
      post({ type: "done", id: request.id });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const kind: ScoringErrorKind =
      (error as { kind?: ScoringErrorKind }).kind ??
      (request.type === "load" ? "model-load" : "backend-error");
    post({ type: "error", id: request.id, message, kind });
  }
};
