/**
 * The wasm backend chunk. Its binaries are emitted next to this module (vite `?url&no-inline`), so wasm
 * works offline from /sdk/ without a CDN and from any embedding origin. Threads need cross-origin
 * isolation, which storefronts rarely have.
 */
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import wasmPlain from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url&no-inline";
import wasmSimd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url&no-inline";
import * as tf from "@tensorflow/tfjs-core";

tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
const wasmFile = (url: string) => new URL(url, import.meta.url).href;
setWasmPaths({
  "tfjs-backend-wasm.wasm": wasmFile(wasmPlain),
  "tfjs-backend-wasm-simd.wasm": wasmFile(wasmSimd),
  "tfjs-backend-wasm-threaded-simd.wasm": wasmFile(wasmSimd),
});
