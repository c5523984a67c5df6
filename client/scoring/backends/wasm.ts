/**
 * The wasm backend chunk: tfjs-backend-wasm's backend with only the kernels scoring runs (wasmKernels),
 * registered as the package's entry registers it (whose import would also register all ~150 kernels). Its
 * binaries are emitted next to this module (vite `?url&no-inline`), so wasm works offline from /sdk/
 * without a CDN and from any embedding origin. Threads need cross-origin isolation, which storefronts
 * rarely have.
 */
import { BackendWasm, init, setWasmPaths } from "@tensorflow/tfjs-backend-wasm/dist/backend_wasm";
import wasmPlain from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url&no-inline";
import wasmSimd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url&no-inline";
import * as tf from "@tensorflow/tfjs-core";
import { SCORING_KERNELS } from "./wasmKernels";

/** tfjs-backend-wasm's own priority for the backend (its dist/base.js). */
const WASM_PRIORITY = 2;

tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
const wasmFile = (url: string) => new URL(url, import.meta.url).href;
setWasmPaths({
  "tfjs-backend-wasm.wasm": wasmFile(wasmPlain),
  "tfjs-backend-wasm-simd.wasm": wasmFile(wasmSimd),
  "tfjs-backend-wasm-threaded-simd.wasm": wasmFile(wasmSimd),
});
for (const kernel of SCORING_KERNELS) tf.registerKernel(kernel);
tf.registerBackend("wasm", async () => new BackendWasm((await init()).wasm), WASM_PRIORITY);
