/**
 * The kernels the wasm backend chunk registers: the ones the scoring path runs (model/ranker's forward,
 * with host or tf gather, and foldConstants), not tfjs-backend-wasm's ~150, whose code (with the cpu
 * backend's shared helpers some of them import) made the chunk 245 KB to compile on every start.
 * wasmKernels.test.ts runs that path on wasm and fails when it needs a kernel missing here.
 */

import { _fusedMatMulConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/_FusedMatMul";
import { addConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Add";
import { addNConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/AddN";
import { batchMatMulConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/BatchMatMul";
import { concatConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Concat";
import { gatherV2Config } from "@tensorflow/tfjs-backend-wasm/dist/kernels/GatherV2";
import { multiplyConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Multiply";
import { reluConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Relu";
import { reshapeConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Reshape";
import { softmaxConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/Softmax";
import { splitVConfig } from "@tensorflow/tfjs-backend-wasm/dist/kernels/SplitV";
import type { KernelConfig } from "@tensorflow/tfjs-core";

/**
 * tfjs-backend-wasm's configs of the kernels scoring runs, each for backend "wasm".
 * @example for (const kernel of SCORING_KERNELS) tf.registerKernel(kernel);
 */
export const SCORING_KERNELS: readonly KernelConfig[] = [
  addConfig,
  addNConfig,
  batchMatMulConfig,
  concatConfig,
  _fusedMatMulConfig,
  gatherV2Config,
  multiplyConfig,
  reluConfig,
  reshapeConfig,
  softmaxConfig,
  splitVConfig,
];
