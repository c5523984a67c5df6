import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { SCORING_KERNELS } from "./wasmKernels";

describe("the wasm backend chunk", () => {
  it("registers the wasm backend with the kernels scoring runs, and no others", async () => {
    await import("./wasm");
    expect(tf.findBackendFactory("wasm")).toBeDefined();
    const registered = tf.getKernelsForBackend("wasm").map((kernel) => kernel.kernelName);
    expect(registered.sort()).toEqual(SCORING_KERNELS.map((kernel) => kernel.kernelName).sort());
  });
});
